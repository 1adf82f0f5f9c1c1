import { mkdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { CommandModule } from 'yargs';
import { buildReport } from '../../../reports/build.js';
import { writeReport } from '../../../reports/write.js';
import { loadInventorySample } from '../../inventory/sample.js';
import { resolveSites } from '../../pipeline/plan.js';
import { importAssessments } from '../../practices/csv.js';
import { openStore } from '../../store/database.js';
import { startStaticServer, type Route } from '../../util/static-server.js';
import { projectRoot } from '../../util/project-root.js';
import { checkBrowserAvailable } from '../../pipeline/audit.js';
import { auditInTerminal, settingsFromArgs, withAuditOptions, type AuditArgs } from './audit.js';
import { parseFormats } from './report.js';

/** The sample sitemap names this origin; the server rewrites it to the port it really got. */
export const SAMPLE_SITEMAP_ORIGIN = 'http://sample.numresp.invalid';

function rewritten(file: string, type: string, origin: () => string): Route {
  return (_req, res) => {
    res.writeHead(200, { 'content-type': `${type}; charset=utf-8` });
    res.end(readFileSync(file, 'utf8').split(SAMPLE_SITEMAP_ORIGIN).join(origin()));
  };
}

const SAMPLE_SITE_CODE = 'lycee-exemple';
const SAMPLE_PORT = 8739;

type SampleArgs = AuditArgs & { out: string; 'report-format': string };

export const sampleCommand: CommandModule<object, SampleArgs> = {
  command: 'sample',
  describe:
    'The whole job on bundled sample data: audit the sample website (served on 127.0.0.1), load the sample fleet, ' +
    'energy readings and auditor assessments, and write the report',
  builder: (y) =>
    withAuditOptions(y)
      .option('db', { type: 'string', default: 'numresp-sample.db', describe: 'SQLite store file' })
      .option('out', { type: 'string', default: 'numresp-sample-report', describe: 'report folder' })
      .option('report-format', { type: 'string', default: 'html,pdf,csv,json', describe: 'report formats' })
      .example('$0 sample', 'store in ./numresp-sample.db, report in ./numresp-sample-report/') as never,
  handler: async (a) => {
    const root = join(projectRoot(), 'samples', 'site');
    let origin = '';
    const options = {
      root,
      // sitemap.xml and robots.txt name a placeholder origin, rewritten to the port the server got.
      routes: {
        '/sitemap.xml': rewritten(join(root, 'sitemap.xml'), 'application/xml', () => origin),
        '/robots.txt': rewritten(join(root, 'robots.txt'), 'text/plain', () => origin),
      },
    };
    // A fixed port keeps the sample's URLs the same from run to run, so the report shows a trend per page; any free
    // port if it is taken.
    const live = await startStaticServer({ ...options, port: SAMPLE_PORT }).catch(() => startStaticServer(options));
    origin = live.origin;
    try {
      console.error(`numresp: sample site served at ${live.origin}/ (Ctrl-C to stop)`);
      const warn = (m: string) => console.error(`numresp: warning: ${m}`);
      const sites = await resolveSites(
        [{ code: SAMPLE_SITE_CODE, name: 'Lycée Exemple (site d’exemple)', urls: [], sitemap: `${live.origin}/sitemap.xml` }],
        warn,
      );
      checkBrowserAvailable();
      const db = openStore(a.db);
      try {
        process.exitCode = await auditInTerminal(db, { label: a.label ?? 'sample site', sites, settings: settingsFromArgs(a) }, a.json);
      } finally {
        db.close();
      }
    } finally {
      await live.close();
    }
    const files = await loadRestOfSample(a);
    console.log(`\nStore: ${resolve(a.db)}`);
    console.log(`  numresp results --db ${a.db}   numresp practices status ${SAMPLE_SITE_CODE} --db ${a.db}   numresp inventory summary --db ${a.db}`);
    console.log(`  numresp dashboard --db ${a.db}`);
    const tables = files.filter((f) => f.endsWith('.csv'));
    console.log(`Report: ${files.filter((f) => !f.endsWith('.csv')).map((f) => resolve(f)).join('\n        ')}`);
    if (tables.length) console.log(`        ${tables.length} CSV tables in ${resolve(a.out, 'csv')}`);
  },
};

/** The non-web half of the demo: fleet, energy and VMs, the auditor's spreadsheet, then the report. */
async function loadRestOfSample(a: SampleArgs): Promise<string[]> {
  const db = openStore(a.db);
  try {
    const inventory = loadInventorySample(db);
    console.error(
      `numresp: sample fleet: ${inventory.fleet.read + inventory.glpi.read} devices read ` +
        `(${inventory.fleet.imported + inventory.glpi.imported} new), ${inventory.vms} VMs, ${inventory.energy.read} energy readings`,
    );
    const file = join(projectRoot(), 'samples', 'practices', `${SAMPLE_SITE_CODE}-evaluation.csv`);
    const assessed = importAssessments(db, SAMPLE_SITE_CODE, 'samples/practices/lycee-exemple-evaluation.csv', readFileSync(file));
    console.error(`numresp: sample assessments: ${assessed.recorded} recorded, ${assessed.unchanged} unchanged`);
  } finally {
    db.close();
  }
  const reader = openStore(a.db, { readonly: true });
  try {
    const report = buildReport(reader, { lang: 'fr', period: null, compare: null, dbFile: a.db });
    const out = resolve(a.out);
    mkdirSync(out, { recursive: true });
    return await writeReport(report, out, parseFormats([a['report-format']]));
  } finally {
    reader.close();
  }
}
