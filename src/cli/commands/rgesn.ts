import type { Argv, CommandModule } from 'yargs';
import { UserError } from '../../model/errors.js';
import { acceptAllProposals, acceptProposal, recordRgesnAssessment } from '../../rgesn/assess.js';
import { proposeForService } from '../../pipeline/rgesn-propose.js';
import { findCriterion, loadCriteria, RGESN_ATTRIBUTION, RGESN_THEMES } from '../../rgesn/catalogue.js';
import { exportRgesn, importRgesn } from '../../rgesn/csv.js';
import { buildDeclaration, recordDeclarationFacts } from '../../rgesn/declaration.js';
import { requireService, rgesnStatus } from '../../rgesn/status.js';
import { openStore } from '../../store/database.js';
import { DECLARATION_FORMATS, type DeclarationFormat, writeDeclaration } from '../../../reports/rgesn/declaration.js';
import { RGESN_STATUSES, rgesnHistory } from '../../store/rgesn.js';
import { withDb } from '../common-options.js';
import { formatTable, printJson } from '../output.js';
import { printImportReport, readInputFile, safeUser, withStore, writeOutput } from './practices.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type A = any;

const authorOption = { type: 'string', default: process.env.NUMRESP_AUTHOR ?? safeUser(), describe: 'who assesses (env NUMRESP_AUTHOR)' } as const;

function percent(share: number | null): string {
  return share === null ? '—' : `${(share * 100).toFixed(1)} %`;
}

function resolve(ref: string) {
  const r = findCriterion(ref);
  if (!r.ok) throw new UserError(r.reason);
  return r.criterion;
}

const list: CommandModule<object, A> = {
  command: 'list',
  describe: 'List the 78 RGESN 2024 criteria (question verbatim, priority, difficulty, applicability, test method)',
  builder: (y: Argv) => withDb(y).option('theme', { choices: RGESN_THEMES, describe: 'one theme' }).option('json', { type: 'boolean', default: false }),
  handler: (a: A) => {
    const rows = loadCriteria().filter((c) => !a.theme || c.theme === a.theme);
    if (a.json) return printJson({ attribution: RGESN_ATTRIBUTION, criteria: rows });
    console.log(formatTable(['id', 'theme', 'priority', 'difficulty', 'question'], rows.map((c) => [c.id, c.theme, c.priority, c.difficulty, c.question])));
    console.log(`\n${rows.length} criteria. Source: ${RGESN_ATTRIBUTION}. Applicability and test method: numresp rgesn show ID or --json.`);
  },
};

const show: CommandModule<object, A> = {
  command: 'show <criterion>',
  describe: 'Show one criterion: question, applicability, objective, test method (verbatim)',
  builder: (y: Argv) => withDb(y).positional('criterion', { type: 'string', demandOption: true }).option('json', { type: 'boolean', default: false }),
  handler: (a: A) => {
    const c = resolve(String(a.criterion));
    if (a.json) return printJson({ ...c, attribution: RGESN_ATTRIBUTION });
    console.log(`${c.id} (${c.theme}, ${c.priority}, difficulty ${c.difficulty}): ${c.question}`);
    console.log(`  applies: ${c.applicability}\n  roles: ${c.roles}\n  objective: ${c.objective}\n  test method: ${c.testMethod}`);
    console.log(`Source: ${RGESN_ATTRIBUTION}.`);
  },
};

const set: CommandModule<object, A> = {
  command: 'set <service> <criterion>',
  describe: "Record the auditor's decision on a criterion for a service (appended to its history)",
  builder: (y: Argv) =>
    withDb(y)
      .positional('service', { type: 'string', demandOption: true, describe: 'site code of the digital service' })
      .positional('criterion', { type: 'string', demandOption: true, describe: 'criterion id, e.g. 2.5' })
      .option('status', { choices: RGESN_STATUSES, describe: 'decision (required unless --accept-proposal)' })
      .option('justification', { type: 'string', describe: 'why (required for non-applicable)' })
      .option('evidence', { type: 'string', describe: 'what shows it' })
      .option('author', authorOption)
      .option('date', { type: 'string', describe: 'ISO date-time of the assessment (default now)' })
      .option('accept-proposal', { type: 'boolean', describe: "record numresp's latest proposal as the decision" })
      .option('json', { type: 'boolean', default: false, describe: 'print the recorded decision as JSON' })
      .example('$0 rgesn set PORTAIL 2.5 --accept-proposal', '')
      .example('$0 rgesn set PORTAIL 1.3 --status conforme --justification "référente : A. Martin (DSI)"', ''),
  handler: (a: A) =>
    withStore(a.db, (db) => {
      if (a.acceptProposal && a.status) throw new UserError('--accept-proposal takes the proposal\'s status: drop --status');
      if (!a.status && !a.acceptProposal) throw new UserError('--status is required (conforme, non-conforme, non-applicable, a-evaluer), or --accept-proposal');
      const r = a.acceptProposal
        ? acceptProposal(db, String(a.service), String(a.criterion), { author: a.author, justification: a.justification, assessedAt: a.date })
        : recordRgesnAssessment(db, {
        service: String(a.service),
        criterion: String(a.criterion),
        status: a.status,
        justification: a.justification,
        evidence: a.evidence,
        author: a.author,
        assessedAt: a.date,
      });
      if (a.json) return printJson(r);
      console.log(r.unchanged ? `${r.service} ${r.criterionId}: already ${r.status}, nothing appended` : `${r.service} ${r.criterionId}: ${r.status} (assessment #${r.id})`);
    }),
};

const history: CommandModule<object, A> = {
  command: 'history <service> <criterion>',
  describe: 'Every decision on a criterion for a service, oldest first',
  builder: (y: Argv) => withDb(y).positional('service', { type: 'string' }).positional('criterion', { type: 'string' }).option('json', { type: 'boolean', default: false }),
  handler: (a: A) =>
    withStore(a.db, (db) => {
      const c = resolve(String(a.criterion));
      const site = requireService(db, String(a.service));
      const rows = rgesnHistory(db, site.id, c.id);
      if (a.json) return printJson(rows);
      if (!rows.length) return console.log(`${site.code} ${c.id}: never assessed`);
      console.log(formatTable(['#', 'date', 'status', 'author', 'justification', 'evidence', 'source'], rows.map((r) => [r.id, r.assessedAt.slice(0, 16).replace('T', ' '), r.status, r.author, r.justification, r.evidence, r.source])));
    }),
};

const status: CommandModule<object, A> = {
  command: 'status <service>',
  describe: 'Status of the 78 criteria for a service, counts and progress score',
  builder: (y: Argv) => withDb(y).positional('service', { type: 'string' }).option('json', { type: 'boolean', default: false }),
  handler: (a: A) =>
    withStore(a.db, (db) => {
      const s = rgesnStatus(db, String(a.service));
      if (a.json) return printJson(s);
      console.log(formatTable(['id', 'theme', 'status', 'source', 'proposal', 'justification'], s.criteria.map((c) => [c.id, c.theme, c.status, c.source, c.proposal?.status, c.justification])));
      const n = s.counts;
      console.log(`\n${s.service}: ${n.conforme} conforme, ${n.nonConforme} non conforme, ${n.nonApplicable} non applicable, ${n.aEvaluer} à évaluer`);
      console.log(`score ${percent(s.score)} of applicable criteria conformant (weighted by priority, our choice: ${percent(s.weightedScore)})${s.at ? `, as of ${s.at}` : ''}`);
    }),
};

const importCmd: CommandModule<object, A> = {
  command: 'import <service> <file>',
  describe: 'Import decisions from a CSV (French headers Critère;Statut;Justification;Preuves;Auteur;Date); bad rows are listed, the rest recorded',
  builder: (y: Argv) => withDb(y).positional('service', { type: 'string' }).positional('file', { type: 'string' }).option('author', { ...authorOption, describe: 'author for rows without one' }).option('json', { type: 'boolean', default: false }),
  handler: (a: A) =>
    withStore(a.db, (db) => {
      const bytes = readInputFile(String(a.file));
      const r = importRgesn(db, String(a.service), String(a.file), bytes, { author: a.author });
      printImportReport(r, a.json);
    }),
};

const exportCmd: CommandModule<object, A> = {
  command: 'export <service> <file>',
  describe: 'Export the 78 criteria with the latest decisions and proposals to CSV ("-" for stdout), to fill in and import',
  builder: (y: Argv) => withDb(y).positional('service', { type: 'string' }).positional('file', { type: 'string' }),
  handler: (a: A) =>
    withStore(a.db, (db) => {
      writeOutput(String(a.file), exportRgesn(db, String(a.service)));
    }),
};

const describe: CommandModule<object, A> = {
  command: 'describe <service>',
  describe: "Record the declaration's facts: objective, eco-design contact, review frequency, samples, action plan, target",
  builder: (y: Argv) =>
    withDb(y)
      .positional('service', { type: 'string', demandOption: true })
      .option('objective', { type: 'string', describe: "the service's objective" })
      .option('contact', { type: 'string', describe: 'eco-design contact (criterion 1.3): name, role, address' })
      .option('review-frequency', { type: 'string', describe: 'how often reviews or audits happen' })
      .option('samples', { type: 'string', describe: 'samples assessed: critical user paths, functional units' })
      .option('action-plan', { type: 'string', describe: 'action plan text' })
      .option('target', { type: 'string', describe: 'target score two years later (80 %, 0.8)' })
      .option('author', authorOption)
      .option('json', { type: 'boolean', default: false, describe: 'print the recorded facts as JSON' }),
  handler: (a: A) =>
    withStore(a.db, (db) => {
      const site = requireService(db, String(a.service));
      const facts = recordDeclarationFacts(db, site, { objective: a.objective, contact: a.contact, reviewFrequency: a.reviewFrequency, samples: a.samples, actionPlan: a.actionPlan, target: a.target, author: a.author });
      if (a.json) return printJson({ service: site.code, ...facts });
      console.log(`${site.code}: declaration facts recorded`);
    }),
};

const declaration: CommandModule<object, A> = {
  command: 'declaration <service>',
  describe: 'Write the eco-design declaration (HTML, PDF, JSON, Markdown) from the assessment and the recorded facts',
  builder: (y: Argv) =>
    withDb(y)
      .positional('service', { type: 'string', demandOption: true })
      .option('format', { type: 'string', default: 'html,pdf,json,md', describe: `comma-separated: ${DECLARATION_FORMATS.join(', ')}` })
      .option('out', { type: 'string', default: '.', describe: 'output directory' })
      .option('lang', { choices: ['fr', 'en'] as const, default: 'fr' as const }),
  handler: async (a: A) => {
    const formats = String(a.format).split(',').map((f) => f.trim()).filter(Boolean);
    const bad = formats.filter((f) => !(DECLARATION_FORMATS as readonly string[]).includes(f));
    if (bad.length || !formats.length) throw new UserError(`--format ${bad.join(',') || '(empty)'}: choose among ${DECLARATION_FORMATS.join(', ')}`);
    const db = openStore(a.db);
    let model;
    try {
      model = buildDeclaration(db, requireService(db, String(a.service)));
    } finally {
      db.close();
    }
    for (const file of await writeDeclaration(model, formats as DeclarationFormat[], String(a.out), a.lang)) console.log(`wrote ${file}`);
  },
};

const propose: CommandModule<object, A> = {
  command: 'propose <service>',
  describe: 'Propose statuses from evidence (store + pages measured in Chromium); the auditor accepts them or not',
  builder: (y: Argv) =>
    withDb(y)
      .positional('service', { type: 'string', demandOption: true })
      .option('url', { type: 'string', array: true, describe: "pages to measure (default: the service's pages from its latest audit)" })
      .option('pages', { type: 'number', default: 5, describe: 'at most this many pages from the latest audit' })
      .option('evidence-dir', { type: 'string', default: 'rgesn-evidence', describe: 'where screenshots are written' })
      .option('measure', { type: 'boolean', default: true, describe: '--no-measure: only the evidence already in the store' })
      .option('json', { type: 'boolean', default: false }),
  handler: async (a: A) => {
    const db = openStore(a.db);
    try {
      const r = await proposeForService(db, String(a.service), { urls: a.url?.map(String), maxPages: a.pages, evidenceDir: a.evidenceDir, measure: a.measure });
      if (a.json) return printJson(r);
      console.log(formatTable(['criterion', 'proposal', 'rests on', 'evidence'], r.proposals.map((p) => [p.criterionId, p.status, p.restsOn, p.evidence.length > 140 ? `${p.evidence.slice(0, 139)}…` : p.evidence])));
      console.log(`\n${r.proposals.length} proposal(s) for ${r.service}; ${r.pagesMeasured.length} page(s) measured. Accept with numresp rgesn set ${r.service} ID --accept-proposal or rgesn accept ${r.service} --all-proposals.`);
    } finally {
      db.close();
    }
  },
};

const accept: CommandModule<object, A> = {
  command: 'accept <service>',
  describe: 'Accept every proposal with a verdict, except where the auditor decided after it',
  builder: (y: Argv) =>
    withDb(y)
      .positional('service', { type: 'string', demandOption: true })
      .option('all-proposals', { type: 'boolean', demandOption: true, describe: 'required: say that every proposal is accepted' })
      .option('author', authorOption)
      .option('json', { type: 'boolean', default: false }),
  handler: (a: A) =>
    withStore(a.db, (db) => {
      if (!a.allProposals) throw new UserError('say --all-proposals to accept every proposal (or accept one with rgesn set … --accept-proposal)');
      const r = acceptAllProposals(db, String(a.service), { author: a.author });
      if (a.json) return printJson(r);
      for (const x of r.accepted) console.log(`${x.criterionId}: ${x.status}${x.unchanged ? ' (unchanged)' : ''}`);
      for (const x of r.skipped) console.log(`${x.criterionId}: skipped, ${x.reason}`);
      console.log(`${r.accepted.length} accepted, ${r.skipped.length} skipped`);
    }),
};

export const rgesnCommand: CommandModule<object, A> = {
  command: 'rgesn <command>',
  describe: 'RGESN 2024 (78 criteria): assessments of a digital service, proposals from evidence, eco-design declaration',
  builder: (y: Argv) => y.command([list, show, set, history, status, importCmd, exportCmd, describe, declaration, propose, accept]).demandCommand(1, 'name an rgesn command'),
  handler: () => undefined,
};
