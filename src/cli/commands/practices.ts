import { readFileSync, writeFileSync } from 'node:fs';
import { userInfo } from 'node:os';
import type { Argv, CommandModule } from 'yargs';
import { type Edition, findPractice, LIFECYCLE_PHASES, loadCatalogue, TIERS } from '../../../rules/catalogue/index.js';
import { checks } from '../../../rules/index.js';
import { ExitCode, UserError } from '../../model/errors.js';
import { actionPlan } from '../../practices/action-plan.js';
import { recordAssessment } from '../../practices/assess.js';
import { exportAssessments, importAssessments } from '../../practices/csv.js';
import type { ImportReport } from '../../practices/decision-sheet.js';
import { rerunRun } from '../../practices/rerun.js';
import { practiceStatus } from '../../practices/status.js';
import { openStore } from '../../store/database.js';
import { ASSESSMENT_STATUSES, assessmentHistory } from '../../store/practices.js';
import { getSiteByCode } from '../../store/sites.js';
import { withDb } from '../common-options.js';
import { formatTable, printJson } from '../output.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type A = any;

const editionOption = {
  choices: ['v4', 'v5'] as const,
  default: 'v4' as const,
  describe: 'edition a practice NUMBER refers to (v4: the 115 of 2022; v5: 119 of 2025)',
};

function resolve(ref: string, edition: Edition) {
  const r = findPractice(ref, edition);
  if (!r.ok) throw new UserError(`${r.reason}; see numresp practices list`);
  return r.practice;
}

function percent(share: number | null): string {
  return share === null ? '—' : `${(share * 100).toFixed(1)} %`;
}

function checksFor(id: string) {
  return checks.filter((c) => c.practices.includes(id));
}

export function withStore<T>(file: string, fn: (db: ReturnType<typeof openStore>) => T): T {
  const db = openStore(file);
  try {
    return fn(db);
  } finally {
    db.close();
  }
}

const list: CommandModule<object, A> = {
  command: 'list',
  describe: 'List the RWEB practices (titles verbatim, © GreenIT.fr CC BY-NC-ND 4.0)',
  // --db is accepted like everywhere (scripts pass the same options to every command); the catalogue ships with numresp.
  builder: (y: Argv) =>
    withDb(y)
      .option('phase', { choices: LIFECYCLE_PHASES, describe: 'lifecycle phase' })
      .option('tier', { choices: TIERS, describe: 'tier' })
      .option('automated', { type: 'boolean', describe: 'only practices an automated check evidences (--no-automated: the others)' })
      .option('edition', { choices: ['v4', 'v5'] as const, default: 'v5', describe: 'v4: the 115 numbered in 2022; v5: all 119' })
      .option('json', { type: 'boolean', default: false }),
  handler: (a: A) => {
    const catalogue = loadCatalogue();
    const automated = new Set(checks.flatMap((c) => c.practices));
    const rows = catalogue.practices.filter(
      (p) =>
        (a.edition === 'v5' || p.numberV4 !== null) &&
        (!a.phase || p.phase === a.phase) &&
        (!a.tier || p.tier === a.tier) &&
        (a.automated === undefined || automated.has(p.id) === a.automated),
    );
    if (a.json) return printJson({ attribution: catalogue.attribution, practices: rows.map((p) => ({ ...p, checks: checksFor(p.id).map((c) => c.id) })) });
    console.log(
      formatTable(
        ['id', 'v4', 'v5', 'phase', 'tier', 'prio', 'impact', 'ease', 'checks', 'title'],
        rows.map((p) => [p.id, p.numberV4, p.numberV5, p.phase, p.tier, p.priority, p.environmentalImpact, p.ease, checksFor(p.id).length || '', p.titleFr]),
      ),
    );
    console.log(`\n${rows.length} practices. Titles: ${catalogue.attribution}.`);
  },
};

const show: CommandModule<object, A> = {
  command: 'show <practice>',
  describe: 'Show one practice: RWEB_0009, 46 or #0046 (number in --edition, v4 by default)',
  builder: (y: Argv) => withDb(y).positional('practice', { type: 'string', demandOption: true }).option('edition', editionOption).option('json', { type: 'boolean', default: false }),
  handler: (a: A) => {
    const p = resolve(String(a.practice), a.edition);
    const linked = checksFor(p.id);
    if (a.json) return printJson({ ...p, checks: linked.map(({ judge: _j, ...meta }) => meta), attribution: loadCatalogue().attribution });
    const asked = /^#?\d+$/.test(String(a.practice).trim()) ? ` (number ${String(a.practice).trim()} read in the ${a.edition} edition)` : '';
    console.log(`${p.id}${asked}: #${p.numberV4 ?? '—'} in v4 (2022), #${p.numberV5} in v5 (2025)`);
    console.log(`  ${p.titleFr}${p.titleEn ? `\n  ${p.titleEn}` : ''}`);
    console.log(`  phase ${p.phase}, tier ${p.tier}, priority ${p.priority}/5, impact ${p.environmentalImpact}/5, ease ${p.ease}/5`);
    console.log(`  saves: ${p.savedResources.join(', ') || '—'}; RGESN: ${p.rgesn ?? '—'}`);
    for (const v of p.validation) console.log(`  validation (verbatim): le nombre ${v.rule} ≤ ${v.maxValue}`);
    console.log(`  official sheet: ${p.url}`);
    if (linked.length === 0) console.log('  automated checks: none (assess it with numresp practices set)');
    for (const c of linked) console.log(`  check ${c.id} v${c.version}: ${c.description}\n    thresholds: ${c.source}`);
    console.log(`Source: ${loadCatalogue().attribution}.`);
  },
};

const set: CommandModule<object, A> = {
  command: 'set <site> <practice>',
  describe: "Record the auditor's assessment of a practice for a site (appended to its history)",
  builder: (y: Argv) =>
    withDb(y)
      .positional('site', { type: 'string', demandOption: true })
      .positional('practice', { type: 'string', demandOption: true })
      .option('status', { choices: ASSESSMENT_STATUSES, demandOption: true })
      .option('evidence', { type: 'string', describe: 'what shows it (required for compliant / non-compliant unless --file)' })
      .option('file', { type: 'string', describe: 'reference of an evidence document' })
      .option('justification', { type: 'string', describe: 'why (required for not-applicable and --override)' })
      .option('author', { type: 'string', default: process.env.NUMRESP_AUTHOR ?? safeUser(), describe: 'who assesses (env NUMRESP_AUTHOR)' })
      .option('override', { type: 'string', describe: 'id of the automated check whose result this assessment overrides' })
      .option('date', { type: 'string', describe: 'ISO date-time of the assessment (default now)' })
      .option('edition', editionOption)
      .option('create-site', { type: 'boolean', default: false, describe: 'create the site when no site has this code (else refused, with the closest codes)' })
      .option('json', { type: 'boolean', default: false })
      .example('$0 practices set PORTAIL 46 --status compliant --evidence "bundle: 18 requests on home"', '')
      .example('$0 practices set PORTAIL RWEB_0018 --status compliant --override domains-number --justification "fonts CDN is ours"', ''),
  handler: (a: A) =>
    withStore(a.db, (db) => {
      const r = recordAssessment(db, {
        site: String(a.site),
        practice: String(a.practice),
        status: a.status,
        evidence: a.evidence,
        file: a.file,
        justification: a.justification,
        author: a.author,
        override: a.override,
        assessedAt: a.date,
        edition: a.edition,
      }, 'cli', { createSite: a['create-site'] });
      if (a.json) return printJson(r);
      console.log(r.unchanged ? `${r.siteCode} ${r.practiceId}: already ${r.status}, nothing appended` : `${r.siteCode} ${r.practiceId}: ${r.status} (assessment #${r.id})`);
    }),
};

const history: CommandModule<object, A> = {
  command: 'history <site> <practice>',
  describe: 'Every assessment of a practice for a site, oldest first',
  builder: (y: Argv) => withDb(y).positional('site', { type: 'string' }).positional('practice', { type: 'string' }).option('edition', editionOption).option('json', { type: 'boolean', default: false }),
  handler: (a: A) =>
    withStore(a.db, (db) => {
      const p = resolve(String(a.practice), a.edition);
      const site = getSiteByCode(db, String(a.site));
      if (!site) throw new UserError(`unknown site "${a.site}"; check the code`);
      const rows = assessmentHistory(db, site.id, p.id);
      if (a.json) return printJson(rows);
      if (!rows.length) return console.log(`${site.code} ${p.id}: never assessed by hand`);
      console.log(
        formatTable(
          ['#', 'date', 'status', 'author', 'override', 'evidence / file', 'justification', 'source'],
          rows.map((r) => [r.id, r.assessedAt.slice(0, 16).replace('T', ' '), r.status, r.author, r.overridesRule, [r.evidence, r.evidenceFile].filter(Boolean).join(' | '), r.justification, r.source]),
        ),
      );
    }),
};

const status: CommandModule<object, A> = {
  command: 'status <site>',
  describe: 'Status of every practice for a site: automated + manual, coverage per phase and tier, compliance share',
  builder: (y: Argv) =>
    withDb(y).positional('site', { type: 'string' }).option('edition', { choices: ['v4', 'v5'] as const, default: 'v5', describe: 'v4: the 115 of 2022; v5: all 119' }).option('json', { type: 'boolean', default: false }),
  handler: (a: A) =>
    withStore(a.db, (db) => {
      const s = practiceStatus(db, String(a.site), { edition: a.edition });
      if (a.json) return printJson(s);
      console.log(`${s.site.code} — ${s.site.name}: ${s.practices.length} practices (${s.edition}); automated results from ${s.run ? `run ${s.run.runId} (${s.run.label})` : 'no run yet'}`);
      const group = (g: (typeof s.byPhase)[number]) => [g.key, g.total, g.assessed, g.bySource.automated, g.bySource.manual + g.bySource.override, g.byStatus.compliant, g.byStatus['non-compliant'], g.byStatus['in-progress'], g.byStatus['not-applicable'], g.byStatus.unassessed, percent(g.complianceShare), percent(g.weightedComplianceShare)];
      const cols = ['group', 'total', 'assessed', 'auto', 'manual', 'ok', 'not ok', 'in prog.', 'n/a', 'never', 'compliant', 'weighted'];
      console.log('\n' + formatTable(cols, [...s.byPhase.map(group), ...s.byTier.map(group), group(s.totals)]));
      const overrides = s.practices.filter((r) => r.source === 'override');
      for (const r of overrides) console.log(`override ${r.practice.id}: ${r.manual!.status} by ${r.manual!.author} over ${r.manual!.overridesRule} (automated: ${r.automated?.verdict ?? '—'}) — ${r.manual!.justification}`);
      const failing = s.practices.filter((r) => r.status === 'non-compliant');
      if (failing.length) console.log(`\nnon-compliant: ${failing.map((r) => `${r.practice.id}${r.source === 'automated' ? ` (${r.automated!.pagesFailing}/${r.automated!.pagesJudged} pages)` : ''}`).join(', ')}`);
      console.log(`never assessed (${s.neverAssessed.length}): ${s.neverAssessed.join(', ') || '—'}`);
      console.log(`compliance share: ${percent(s.totals.complianceShare)} of applicable practices, ${percent(s.totals.weightedComplianceShare)} weighted by priority (never-assessed count as not compliant)`);
    }),
};

const importCmd: CommandModule<object, A> = {
  command: 'import <site> <file>',
  describe: 'Import assessments from a CSV (French or English headers, ; or ,); bad rows are listed, the rest recorded',
  builder: (y: Argv) =>
    withDb(y)
      .positional('site', { type: 'string' })
      .positional('file', { type: 'string' })
      .option('author', { type: 'string', default: process.env.NUMRESP_AUTHOR ?? safeUser(), describe: 'author for rows without one' })
      .option('edition', editionOption)
      .option('json', { type: 'boolean', default: false }),
  handler: (a: A) =>
    withStore(a.db, (db) => {
      const bytes = readInputFile(String(a.file));
      const r = importAssessments(db, String(a.site), String(a.file), bytes, { author: a.author, edition: a.edition });
      printImportReport(r, a.json);
    }),
};

const exportCmd: CommandModule<object, A> = {
  command: 'export <site> <file>',
  describe: 'Export every practice of a site with its latest assessment to CSV ("-" for stdout), to fill in and import',
  builder: (y: Argv) => withDb(y).positional('site', { type: 'string' }).positional('file', { type: 'string' }),
  handler: (a: A) =>
    withStore(a.db, (db) => {
      writeOutput(String(a.file), exportAssessments(db, String(a.site)));
    }),
};

const rerun: CommandModule<object, A> = {
  command: 'rerun <run>',
  describe: "Re-judge a run's stored artifacts with the current checks (no browser) and replace its rule results",
  builder: (y: Argv) => withDb(y).positional('run', { type: 'number' }).option('json', { type: 'boolean', default: false }),
  handler: (a: A) =>
    withStore(a.db, (db) => {
      const r = rerunRun(db, Number(a.run));
      if (a.json) printJson(r);
      else {
        console.log(`run ${r.runId}: ${r.judged} page(s) re-judged, ${r.changed} result(s) changed, ${r.skipped.length} skipped`);
        for (const s of r.skipped) console.log(`  ${s.url}: ${s.reason}`);
      }
      if (r.skipped.length) process.exitCode = ExitCode.PartialFailure;
    }),
};

const plan: CommandModule<object, A> = {
  command: 'plan [sites..]',
  describe: 'Action plan: failing and unassessed practices ranked by impact × ease × pages affected',
  builder: (y: Argv) => withDb(y).positional('sites', { type: 'string', array: true }).option('limit', { type: 'number', default: 20 }).option('json', { type: 'boolean', default: false }),
  handler: (a: A) =>
    withStore(a.db, (db) => {
      const sites: string[] | undefined = a.sites?.length ? a.sites.map(String) : undefined;
      for (const code of sites ?? []) if (!getSiteByCode(db, code)) throw new UserError(`unknown site "${code}"; check the code`);
      const p = actionPlan(db, { siteCodes: sites });
      if (a.json) return printJson(p);
      console.log(
        formatTable(
          ['#', 'score', 'kind', 'practice', 'v4', 'sites', 'what to do'],
          p.items.slice(0, a.limit).map((i) => [i.rank, i.score, i.kind, i.practice.id, i.practice.numberV4, i.sites.map((s) => s.code).join(' '), i.whatToDo[0]]),
        ),
      );
      console.log(`\n${p.method}`);
    }),
};

export function safeUser(): string {
  try {
    return userInfo().username;
  } catch {
    return 'unknown';
  }
}

export const practicesCommand: CommandModule<object, A> = {
  command: 'practices <command>',
  describe: 'The 115 (119) RWEB good practices: catalogue, automated results, auditor assessments, action plan',
  builder: (y: Argv) => y.command([list, show, set, history, status, importCmd, exportCmd, rerun, plan]).demandCommand(1, 'name a practices command'),
  handler: () => undefined,
};

/** "-" means stdout (yargs hands a lone "-" positional over as an empty string). */
function toStdout(file: string): boolean {
  return file === '-' || file === '';
}

/** The bytes of an assessment spreadsheet; a missing or unreadable file is one line for the user. */
export function readInputFile(file: string): Buffer {
  try {
    return readFileSync(file);
  } catch (err) {
    throw new UserError(`cannot read ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}; check the path`);
  }
}

/** Writes an export to `file`, or to stdout for "-". */
export function writeOutput(file: string, text: string): void {
  if (toStdout(file)) return void process.stdout.write(text);
  try {
    writeFileSync(file, text);
  } catch (err) {
    throw new UserError(`cannot write ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
  console.log(`wrote ${file}`);
}

/** One line per import plus one per rejected row; exit code 1 when a row was rejected (the others are recorded). */
export function printImportReport(r: ImportReport, json: boolean): void {
  if (json) printJson(r);
  else {
    console.log(`${r.file}: ${r.recorded} recorded, ${r.unchanged} unchanged, ${r.skipped} without status, ${r.rejected.length} rejected`);
    for (const x of r.rejected) console.log(`  line ${x.line}: ${x.reason}`);
  }
  if (r.rejected.length) process.exitCode = ExitCode.PartialFailure;
}
