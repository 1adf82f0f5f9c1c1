import type { CommandModule } from 'yargs';
import { ExitCode, UserError } from '../../model/errors.js';
import { isSiteCode, SITE_CODE_RULE } from '../../model/site-code.js';
import { openStore } from '../../store/database.js';
import { cleanName } from '../../model/text.js';
import { getSiteByCode, listSitePue, listSites, setSitePue, SITE_KINDS, upsertSite, type SiteKind } from '../../store/sites.js';
import { withDb } from '../common-options.js';
import { formatTable, printJson } from '../output.js';

function checkCode(code: string): string {
  if (!isSiteCode(code)) throw new UserError(`site code "${code}" must be ${SITE_CODE_RULE}`);
  return code;
}

const add: CommandModule<object, { code: string; name?: string; kind: SiteKind; db: string; json: boolean }> = {
  command: 'add <code>',
  describe: 'Create a site (or rename it / change its kind)',
  builder: (y) =>
    withDb(y)
      .positional('code', { type: 'string', demandOption: true, describe: 'short unique code, e.g. LYC-001' })
      .option('name', { type: 'string', describe: 'display name (default: the code)' })
      .option('kind', { choices: SITE_KINDS, default: 'other' as SiteKind, describe: 'lycee, college, office, datacenter, web or other' })
      .option('json', { type: 'boolean', default: false, describe: 'print the stored site as JSON' })
      .example('$0 sites add DC-01 --name "Data centre" --kind datacenter', '') as never,
  handler: (a) => {
    const db = openStore(a.db);
    try {
      const name = cleanName(a.name ?? a.code);
      if (!name || name.length > 200) throw new UserError('--name must be 1–200 characters');
      const s = upsertSite(db, { code: checkCode(a.code), name, kind: a.kind });
      if (a.json) return printJson(s);
      console.log(`site ${s.code} (${s.kind}): ${s.name}`);
    } finally {
      db.close();
    }
  },
};

const pue: CommandModule<object, { code: string; year: number; pue: number; source?: string; json: boolean; db: string }> = {
  command: 'pue <code>',
  describe: "Record a data centre's PUE for a year",
  builder: (y) =>
    withDb(y)
      .positional('code', { type: 'string', demandOption: true })
      .option('year', { type: 'number', demandOption: true, describe: 'calendar year the PUE was measured over' })
      .option('pue', { type: 'number', demandOption: true, describe: 'power usage effectiveness, ≥ 1' })
      .option('source', { type: 'string', describe: 'where the figure comes from (meter report, supplier…)' })
      .option('json', { type: 'boolean', default: false, describe: 'print the recorded PUE as JSON' })
      .check((a) => {
        if (!Number.isInteger(a.year) || a.year < 1990 || a.year > 2100) throw new UserError(`--year must be a year such as 2025, got ${a.year}`);
        if (!Number.isFinite(a.pue) || a.pue < 1 || a.pue > 5) throw new UserError(`--pue must be between 1 and 5, got ${a.pue}`);
        return true;
      }) as never,
  handler: (a) => {
    const db = openStore(a.db);
    try {
      const site = getSiteByCode(db, a.code);
      if (!site) throw new UserError(`unknown site ${a.code}; add it with numresp sites add ${a.code} --kind datacenter`);
      if (site.kind !== 'datacenter') throw new UserError(`site ${a.code} is a ${site.kind}; PUE applies to data centres (sites add ${a.code} --kind datacenter)`);
      setSitePue(db, site.id, a.year, a.pue, a.source ?? null);
      if (a.json) printJson({ site: site.code, year: a.year, pue: a.pue, source: a.source ?? null });
      else console.log(`site ${site.code}: PUE ${a.pue} for ${a.year}`);
    } finally {
      db.close();
    }
  },
};

const list: CommandModule<object, { json: boolean; db: string }> = {
  command: 'list',
  describe: 'List sites with their kind and PUE by year',
  builder: (y) => withDb(y).option('json', { type: 'boolean', default: false }) as never,
  handler: (a) => {
    const db = openStore(a.db);
    try {
      const pues = listSitePue(db);
      const sites = listSites(db).map((s) => ({ ...s, pue: pues.filter((p) => p.siteId === s.id).map((p) => ({ year: p.year, pue: p.pue, source: p.source })) }));
      if (a.json) return printJson(sites);
      console.log(formatTable(['code', 'kind', 'name', 'PUE'], sites.map((s) => [s.code, s.kind, s.name, s.pue.map((p) => `${p.year}: ${p.pue}`).join(', ')])));
    } finally {
      db.close();
    }
  },
};

const importCmd: CommandModule<object, { file: string; json: boolean; db: string }> = {
  command: 'import <file>',
  describe: "Create or update sites from a CSV (code,name,kind,uai,commune) or the Annuaire de l'éducation export (schools by UAI)",
  builder: (y) =>
    withDb(y)
      .positional('file', { type: 'string', demandOption: true })
      .option('json', { type: 'boolean', default: false })
      .example('$0 sites import fr-en-annuaire-education.csv', '') as never,
  handler: async (a) => {
    const { readImportFile } = await import('../../inventory/import/read-file.js');
    const { importSites } = await import('../../inventory/import/sites-import.js');
    const bytes = readImportFile(a.file);
    const db = openStore(a.db);
    let r;
    try {
      r = importSites(db, bytes, a.file);
    } finally {
      db.close();
    }
    if (a.json) printJson(r);
    else {
      console.log(`${r.file} (${r.format}): ${r.read} read, ${r.imported} imported, ${r.updated} updated, ${r.unchanged} unchanged, ${r.rejections.length} rejected`);
      for (const g of r.rejectionGroups) console.error(`  rejected ${g.count} × ${g.reason} (line${g.count > 1 ? 's' : ''} ${g.lines.join(', ')}${g.count > g.lines.length ? ', …' : ''})`);
    }
    if (r.rejections.length) process.exitCode = ExitCode.PartialFailure;
  },
};

export const sitesCommand: CommandModule = {
  command: 'sites <command>',
  describe: 'Sites of the organisation: lycées, offices, data centres (with PUE), web services',
  builder: (y) => y.command(add).command(pue).command(list).command(importCmd).demandCommand(1),
  handler: () => undefined,
};
