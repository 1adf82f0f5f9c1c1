import type { CommandModule } from 'yargs';
import { UserError } from '../../model/errors.js';
import { openStore } from '../../store/database.js';
import { backupStore, checkStore, storeInfo } from '../../store/maintenance.js';
import { DEFAULT_RETENTION, parseRetention, retentionCutoff } from '../../model/retention.js';
import { purgeStore } from '../../store/retention.js';
import { erasePersonalMatches, findPersonalMatches, personalDataInventory } from '../../store/personal.js';
import { withDb } from '../common-options.js';
import { formatTable, printJson } from '../output.js';

interface Args {
  db: string;
  action: 'info' | 'check' | 'backup' | 'migrate' | 'purge' | 'find-personal';
  match?: string;
  erase: boolean;
  target?: string;
  json: boolean;
  'artifacts-older-than'?: string;
  'measurements-older-than'?: string;
  'dry-run': boolean;
}

const PURGE_OPTIONS = ['artifacts-older-than', 'measurements-older-than', 'dry-run'] as const;

function findPersonal(db: Parameters<typeof purgeStore>[0], a: Args): void {
  if (a.erase) {
    if (!a.match?.trim()) throw new UserError('--erase needs --match TEXT: the name or login to erase');
    const r = erasePersonalMatches(db, a.match);
    if (a.json) return printJson({ match: a.match, ...r });
    for (const m of r.erased) console.log(`erased ${m.table}.${m.column} in ${m.rowIds.length} row(s)`);
    for (const m of r.kept) console.log(`kept ${m.table}.${m.column} in ${m.rowIds.length} row(s): ${m.why}`);
    if (!r.erased.length && !r.kept.length) console.log(`"${a.match}": found nowhere in ${a.db}, nothing erased`);
    else console.log('also correct the source (inventory tool) and replace older backups; check with find-personal --match');
    return;
  }
  if (a.match !== undefined) {
    const matches = findPersonalMatches(db, a.match);
    if (a.json) return printJson({ match: a.match, matches });
    if (!matches.length) return console.log(`"${a.match}": found nowhere in ${a.db} (nor as a user pseudonym)`);
    console.log(formatTable(['table', 'column', 'rows', 'row ids'], matches.map((m) => [m.table, m.column, m.rowIds.length, m.rowIds.slice(0, 20).join(' ') + (m.rowIds.length > 20 ? ' …' : '')])));
    return;
  }
  const inventory = personalDataInventory(db);
  if (a.json) return printJson(inventory);
  console.log(formatTable(['table', 'column', 'kind', 'rows', 'why'], inventory.map((c) => [c.table, c.column, c.kind, c.rows, c.why])));
  console.log('find one person: numresp store find-personal --match "NAME or LOGIN" (see docs/privacy.md)');
}

function purge(db: Parameters<typeof purgeStore>[0], a: Args): void {
  const both = a['artifacts-older-than'] === undefined && a['measurements-older-than'] === undefined;
  const artifacts = both ? DEFAULT_RETENTION.artifacts : a['artifacts-older-than'];
  const measurements = both ? DEFAULT_RETENTION.measurements : a['measurements-older-than'];
  const now = new Date();
  const artifactsBefore = artifacts === undefined ? undefined : retentionCutoff(parseRetention(artifacts, '--artifacts-older-than'), now);
  const measurementsBefore =
    measurements === undefined ? undefined : retentionCutoff(parseRetention(measurements, '--measurements-older-than'), now);
  const counts = purgeStore(db, { artifactsBefore, measurementsBefore, dryRun: a['dry-run'] });
  if (a.json) return printJson({ dryRun: a['dry-run'], artifactsBefore: artifactsBefore ?? null, measurementsBefore: measurementsBefore ?? null, counts });
  const verb = a['dry-run'] ? 'would remove' : 'removed';
  if (artifactsBefore) console.log(`artifacts of pages measured before ${artifactsBefore.slice(0, 10)} (${artifacts}):`);
  if (measurementsBefore) console.log(`measurement detail before ${measurementsBefore.slice(0, 10)} (${measurements}):`);
  console.log(`  ${verb} ${counts.artifacts} page artifact set(s), ${counts.lighthouseReports} Lighthouse report(s), ` +
    `${counts.checkResults} check result(s), ${counts.pageDetails} page title/metrics set(s), ${counts.supersededAssessments} superseded assessment(s)`);
  console.log('  kept: per-page EcoIndex figures, failures, latest assessments, inventory (every figure of the report and trends)');
}

export const storeCommand: CommandModule<object, Args> = {
  command: 'store <action> [target]',
  describe: 'Maintain the SQLite store: info, check (integrity), backup FILE (online), migrate (upgrade schema), purge (retention), find-personal',
  builder: (y) =>
    withDb(y)
      .positional('action', { choices: ['info', 'check', 'backup', 'migrate', 'purge', 'find-personal'] as const, demandOption: true })
      .positional('target', { type: 'string', describe: 'backup file to create' })
      .option('json', { type: 'boolean', default: false })
      .option('artifacts-older-than', { type: 'string', describe: `purge: raw page artifacts older than this (default ${DEFAULT_RETENTION.artifacts} when neither is given)` })
      .option('measurements-older-than', { type: 'string', describe: `purge: measurement detail older than this (default ${DEFAULT_RETENTION.measurements})` })
      .option('dry-run', { type: 'boolean', default: false, describe: 'purge: count what would be removed, change nothing' })
      .option('match', { type: 'string', describe: 'find-personal: rows that mention this name or login (or hold its user pseudonym)' })
      .option('erase', { type: 'boolean', default: false, describe: 'find-personal --match: erase what is found (erasure request), then compact the file' })
      .example('$0 store purge --artifacts-older-than 90d --dry-run', 'what the 90-day artifact retention would remove')
      .example('$0 store backup backups/numresp-2026-11-28.db', 'consistent copy, safe during a running audit') as never,
  handler: async (a) => {
    if (a.action !== 'purge') {
      const misplaced = PURGE_OPTIONS.filter((o) => a[o] !== undefined && a[o] !== false);
      if (misplaced.length) throw new UserError(`--${misplaced.join(', --')}: only for "numresp store purge"`);
    }
    if ((a.match !== undefined || a.erase) && a.action !== 'find-personal') throw new UserError('--match, --erase: only for "numresp store find-personal"');
    // info, check and backup only read: they open the store read-only (so they work on a read-only or damaged store,
    // whatever its schema version); opening for migrate or purge applies pending migrations.
    const reading = a.action === 'info' || a.action === 'check' || a.action === 'backup';
    const db = openStore(a.db, reading ? { readonly: true, anySchema: true } : {});
    try {
      if (a.action === 'purge') purge(db, a);
      else if (a.action === 'find-personal') findPersonal(db, a);
      else if (a.action === 'info' || a.action === 'migrate') {
        const info = storeInfo(db);
        if (a.json) return printJson(info);
        console.log(`${a.db}: schema v${info.schemaVersion} (latest v${info.latestSchemaVersion}), ${info.journalMode}, ${(info.sizeBytes / 1e6).toFixed(1)} MB`);
        for (const [t, n] of Object.entries(info.tables)) console.log(`  ${t.padEnd(24)} ${n}`);
      } else if (a.action === 'check') {
        const problems = checkStore(db);
        const advice = 'the store is damaged: stop writing to it, copy it aside, and restore the last copy made by numresp store backup';
        if (a.json) printJson({ ok: problems.length === 0, problems, ...(problems.length ? { advice } : {}) });
        else console.log(problems.length ? [...problems.slice(0, 20), ...(problems.length > 20 ? [`… and ${problems.length - 20} more`] : []), advice].join('\n') : `${a.db}: ok`);
        if (problems.length) process.exitCode = 1;
      } else {
        if (!a.target) throw new UserError('store backup needs a target file, e.g. numresp store backup backup.db');
        try {
          const { totalPages } = await backupStore(db, a.target);
          console.log(`backed up ${a.db} to ${a.target} (${totalPages} pages)`);
        } catch (err) {
          throw new UserError(`cannot back up to ${a.target}: ${(err as Error).message}`);
        }
      }
    } finally {
      db.close();
    }
  },
};
