import type { CommandModule } from 'yargs';
import { UserError } from '../../model/errors.js';
import { computeEcoIndex } from '../../scoring/ecoindex.js';
import { formatTable, printJson } from '../output.js';

interface Args {
  dom: number;
  requests: number;
  'size-kb': number;
  json: boolean;
}

export const ecoindexCommand: CommandModule<object, Args> = {
  command: 'ecoindex',
  describe: 'Compute EcoIndex (score, grade, GHG, water) from given DOM, requests and size figures',
  builder: (y) =>
    y
      .option('dom', { type: 'number', demandOption: true, describe: 'DOM elements (outside <svg>)' })
      .option('requests', { type: 'number', demandOption: true, describe: 'HTTP requests' })
      .option('size-kb', { type: 'number', demandOption: true, describe: 'transferred size in KB (bytes ÷ 1000)' })
      .option('json', { type: 'boolean', default: false, describe: 'print JSON' })
      .check((a) => {
        for (const k of ['dom', 'requests', 'size-kb'] as const) {
          if (!Number.isFinite(a[k]) || a[k] < 0) throw new UserError(`--${k} must be a number ≥ 0, got ${a[k]}`);
        }
        return true;
      })
      .example('$0 ecoindex --dom 100 --requests 100 --size-kb 100', 'score 72, grade B') as never,
  handler: (a) => {
    const r = computeEcoIndex({ dom: a.dom, requests: a.requests, sizeKb: a['size-kb'] });
    if (a.json) return printJson(r);
    console.log(
      formatTable(
        ['score', 'grade', 'gCO2e/view', 'cl water/view', 'method'],
        [[r.score, r.grade, r.ghg, r.water, r.methodVersion]],
      ),
    );
  },
};
