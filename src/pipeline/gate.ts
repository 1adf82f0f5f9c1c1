import { readFileSync } from 'node:fs';
import { checks } from '../../rules/index.js';
import { formatZodIssue, UserError } from '../model/errors.js';
import { BudgetSchema, GATE_GRADES, type Budget, type BudgetLine, type GateGrade } from '../model/gate.js';
import { comparePageLists, comparisonKey, SIGNIFICANT_SCORE_POINTS } from './compare.js';
import type { GateConfig } from '../model/gate.js';
import type { Db } from '../store/database.js';
import { listRuns } from '../store/runs.js';
import { budgetUrl, resultLabel, runDocument, type PageResultDocument } from './results.js';

/**
 * The CI gate of issue 13.4: `--fail-under GRADE|SCORE` and `--budget budget.json` turn a run's stored results into
 * pass/fail lines, plain data that the CLI turns into an exit code and `--junit` into JUnit XML.
 */

type Grade = GateGrade;
const GRADES = GATE_GRADES;

/** A minimum EcoIndex: a grade (the page's grade must be this or better) or a score 0…100. */
export type Minimum = { grade: Grade } | { score: number };

export function parseFailUnder(value: string, name = '--fail-under'): Minimum {
  const text = value.trim().toUpperCase();
  if ((GRADES as readonly string[]).includes(text)) return { grade: text as Grade };
  if (/^\d{1,3}(\.\d+)?$/.test(text) && Number(text) <= 100) return { score: Number(text) };
  throw new UserError(`${name} must be a grade A…G or a score 0…100, got ${value}`);
}

export { BudgetSchema, type Budget, type BudgetLine };

/** Levenshtein distance, for "did you mean" lists. */
function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let previous = row[0];
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const kept = row[j];
      row[j] = Math.min(row[j] + 1, row[j - 1] + 1, previous + (a[i - 1] === b[j - 1] ? 0 : 1));
      previous = kept;
    }
  }
  return row[b.length];
}

/**
 * Parses and validates a budget (field paths in errors; unknown check ids refused with the closest ones).
 * `where` names the input in errors ("budget b.json", "config c.json"), `path` the budget's place in it ("gate.budget.").
 */
export function parseBudget(value: unknown, file: string, { where = `budget ${file}`, path = '' } = {}): Budget {
  const parsed = BudgetSchema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new UserError(`${where}: ${formatZodIssue({ issues: [{ ...issue, path: [...(path ? path.replace(/\.$/, '').split('.') : []), ...issue.path] }, ...parsed.error.issues.slice(1)] })}`);
  }
  const known = checks.map((c) => c.id);
  parsed.data.budgets.forEach((line, i) =>
    line.checks.forEach((id, k) => {
      if (known.includes(id)) return;
      const closest = [...known].sort((x, y) => editDistance(id, x) - editDistance(id, y)).slice(0, 3);
      throw new UserError(`${where}: ${path}budgets.${i}.checks.${k}: unknown check "${id}"; closest: ${closest.join(', ')} (see numresp practices list)`);
    }),
  );
  return parsed.data;
}

export function loadBudget(file: string): Budget {
  let value: unknown;
  try {
    value = JSON.parse(readFileSync(file, 'utf8').replace(/^\uFEFF/, ''));
  } catch (err) {
    throw new UserError(`budget ${file}: ${(err as Error).message}; give a JSON file {"budgets": [...]} (see docs/ci.md)`);
  }
  return parseBudget(value, file);
}

/** The gate options as given on the command line. */
export interface GateFlags {
  failUnder?: string;
  budget?: string;
  junit?: string;
  baseline?: string;
}

/** `--baseline`: a run id, or `last` (the newest finished run in the store before this one). */
export function parseBaseline(value: string): number | 'last' {
  const text = value.trim().toLowerCase();
  if (text === 'last') return 'last';
  if (/^\d+$/.test(text) && Number(text) >= 1) return Number(text);
  throw new UserError(`--baseline must be a run id (see numresp runs) or last, got ${value}`);
}

/** What the audit gates on: validated before anything runs; the baseline run is read from the store once it is open. */
export interface GateRequest {
  gate: Omit<GateInput, 'baseline'>;
  junit?: string;
  baselineRun?: number | 'last';
}

/**
 * Flags over the config's `gate` (each option separately); undefined when nothing is gated. Budgets are checked here
 * (unknown check ids refused with the closest ones), before the browser starts.
 */
export function resolveGate(flags: GateFlags, config?: { gate?: GateConfig; file: string }): GateRequest | undefined {
  const fromConfig = config?.gate ?? {};
  const where = `config ${config?.file}`;
  let failUnder: Minimum | undefined;
  if (flags.failUnder !== undefined) failUnder = parseFailUnder(flags.failUnder);
  else if (typeof fromConfig.failUnder === 'number') failUnder = { score: fromConfig.failUnder };
  else if (fromConfig.failUnder !== undefined) failUnder = { grade: fromConfig.failUnder };
  let budget: Budget | undefined;
  if (flags.budget !== undefined) budget = loadBudget(flags.budget);
  else if (typeof fromConfig.budget === 'string') budget = loadBudget(fromConfig.budget);
  else if (fromConfig.budget) budget = parseBudget(fromConfig.budget, config!.file, { where, path: 'gate.budget.' });
  const baselineRun = flags.baseline !== undefined ? parseBaseline(flags.baseline) : fromConfig.baseline;
  const junit = flags.junit ?? fromConfig.junit;
  if (!failUnder && !budget && baselineRun === undefined && !junit) return undefined;
  return { gate: { failUnder, budget }, junit, baselineRun };
}

/**
 * The baseline run's pages, read from the store; a run id that does not exist (or is the audited one) is refused.
 * `last` is the newest finished audit run other than the audited one; undefined when the store has none (a first run).
 */
export function loadBaseline(db: Db, run: number | 'last', auditedRun?: number): GateBaseline | undefined {
  if (run === 'last') {
    const last = listRuns(db).find((r) => r.status === 'finished' && r.id !== auditedRun);
    return last && loadBaseline(db, last.id, auditedRun);
  }
  if (run === auditedRun) throw new UserError(`--baseline ${run} is the run being audited; name an earlier run (see numresp runs)`);
  const doc = runDocument(db, run);
  if (!doc) throw new UserError(`--baseline ${run}: no such run in the store; see numresp runs`);
  return { runId: run, pages: doc.pages, thresholdPoints: SIGNIFICANT_SCORE_POINTS };
}

function matches(pattern: string, url: string): boolean {
  if (pattern === '*') return true;
  const u = new URL(url);
  const subject = pattern.startsWith('/') ? u.pathname + u.search : url;
  const regex = new RegExp(`^${pattern.split('*').map((s) => s.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`);
  return regex.test(subject);
}

/** One gate verdict: a page against one requirement (JUnit: one testcase). */
export interface GateLine {
  /** The page's URL; for a journey's step, followed by the journey and step (several steps may share a URL). */
  url: string;
  /** What was required, e.g. "EcoIndex ≥ C", "requests ≤ 60", "check dom-size passes". */
  requirement: string;
  passed: boolean;
  /** Reported, not judged (a page absent from the baseline run): passed, and a skipped testcase in JUnit. */
  skipped?: boolean;
  /** What was measured, e.g. "grade D (score 45)". */
  measured: string;
}

/** `--baseline RUN`: the earlier run's pages, and the score change that counts when a run has no spread. */
export interface GateBaseline {
  runId: number;
  pages: readonly PageResultDocument[];
  thresholdPoints: number;
}

export interface GateInput {
  failUnder?: Minimum;
  budget?: Budget;
  baseline?: GateBaseline;
}

const gradeRank = (g: string) => GRADES.indexOf(g as Grade);

/** How a gate line names what it judged: the URL, and for a journey's step its journey and step. */
function subjectOf(page: PageResultDocument): string {
  return resultLabel(page.url, page.journey && page.step ? { journey: page.journey, ...page.step } : null);
}

function minimumLine(url: string, page: PageResultDocument, min: Minimum, what: string): GateLine {
  const eco = page.ecoindex!;
  const measured = `grade ${eco.grade} (score ${eco.score})`;
  if ('grade' in min) return { url, requirement: `${what}EcoIndex grade ${min.grade} or better`, passed: gradeRank(eco.grade) <= gradeRank(min.grade), measured };
  return { url, requirement: `${what}EcoIndex score ≥ ${min.score}`, passed: eco.score >= min.score, measured };
}

const signed = (x: number) => (x > 0 ? `+${x}` : String(x));

/**
 * One line per page of the run against the baseline, with compare's significance (src/pipeline/compare.ts): only a
 * significant score fall fails; a change within the noise or an improvement passes; a page the baseline did not
 * measure is reported (skipped), not failed; a page the baseline measured and this run could not measure fails.
 */
function baselineLines(pages: readonly PageResultDocument[], baseline: GateBaseline): GateLine[] {
  const requirement = `no significant regression against run ${baseline.runId}`;
  const compared = new Map(comparePageLists(baseline.pages, pages, baseline.thresholdPoints).map((c) => [comparisonKey(c), c]));
  return pages.map((page): GateLine => {
    const c = compared.get(comparisonKey(page));
    if (page.status !== 'ok' || !page.ecoindex) {
      const measured = page.error ?? page.status;
      return c?.a ? { url: subjectOf(page), requirement, passed: false, measured: `not measured (${measured}); run ${baseline.runId}: score ${c.a.score}` } : { url: subjectOf(page), requirement, passed: true, skipped: true, measured: `not measured (${measured}), nor in run ${baseline.runId}` };
    }
    if (!c || c.presence !== 'both') return { url: subjectOf(page), requirement, passed: true, skipped: true, measured: `score ${page.ecoindex.score}; not measured in run ${baseline.runId}` };
    const a = c.a!;
    const b = c.b!;
    const why =
      c.basis === 'spread'
        ? `run ${baseline.runId} ${a.scoreSpread!.min}–${a.scoreSpread!.max}, this run ${b.scoreSpread!.min}–${b.scoreSpread!.max}`
        : `threshold ${baseline.thresholdPoints} points`;
    const verdict = c.significant ? 'significant' : 'within noise';
    return {
      url: subjectOf(page),
      requirement,
      passed: !(c.significant && c.change!.score < 0),
      measured: `score ${a.score} → ${b.score} (${signed(c.change!.score)}, ${verdict}: ${why}); grade ${c.grade}`,
    };
  });
}

/** Every requirement applied to every measured page. Failed pages (not measured) fail each requirement that applies. */
export function evaluateGate(pages: readonly PageResultDocument[], gate: GateInput): GateLine[] {
  const lines: GateLine[] = [];
  for (const page of pages) {
    if (page.status !== 'ok' || !page.ecoindex) {
      if (gate.failUnder || gate.budget?.budgets.some((b) => matches(b.match, budgetUrl(page)))) {
        lines.push({ url: subjectOf(page), requirement: 'page measured', passed: false, measured: page.error ?? page.status });
      }
      continue;
    }
    if (gate.failUnder) lines.push(minimumLine(subjectOf(page), page, gate.failUnder, ''));
    for (const b of gate.budget?.budgets ?? []) {
      if (!matches(b.match, budgetUrl(page))) continue;
      const at = `budget "${b.match}": `;
      const m = page.metrics as { dom: number; requests: number; sizeKb: number };
      if (b.minGrade) lines.push(minimumLine(subjectOf(page), page, { grade: b.minGrade }, at));
      if (b.minScore !== undefined) lines.push(minimumLine(subjectOf(page), page, { score: b.minScore }, at));
      if (b.maxRequests !== undefined) lines.push({ url: subjectOf(page), requirement: `${at}requests ≤ ${b.maxRequests}`, passed: m.requests <= b.maxRequests, measured: `${m.requests} requests` });
      if (b.maxSizeKb !== undefined) lines.push({ url: subjectOf(page), requirement: `${at}size ≤ ${b.maxSizeKb} KB`, passed: m.sizeKb <= b.maxSizeKb, measured: `${m.sizeKb.toFixed(1)} KB` });
      if (b.maxDom !== undefined) lines.push({ url: subjectOf(page), requirement: `${at}DOM ≤ ${b.maxDom} elements`, passed: m.dom <= b.maxDom, measured: `${m.dom} elements` });
      for (const id of b.checks) {
        const r = page.rules.find((x) => x.id === id);
        lines.push({ url: subjectOf(page), requirement: `${at}check ${id} passes`, passed: r?.status === 'pass', measured: r ? `${r.status}${r.value !== null ? ` (${String(r.value)})` : ''}` : 'not judged' });
      }
    }
  }
  if (gate.baseline) lines.push(...baselineLines(pages, gate.baseline));
  return lines;
}

export { SIGNIFICANT_SCORE_POINTS };

const xml = (s: string) =>
  // Control characters are not allowed in XML 1.0; page data is untrusted.
  s.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, '').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** JUnit XML as GitLab and GitHub test reporters read it: one testsuite per run, one testcase per gate line. */
export function junitXml(runId: number, lines: readonly GateLine[]): string {
  const failures = lines.filter((l) => !l.passed).length;
  const skipped = lines.filter((l) => l.skipped).length;
  const cases = lines.map((l) => {
    const head = `    <testcase classname="${xml(l.url)}" name="${xml(l.requirement)}">`;
    if (l.skipped) return `${head}\n      <skipped message="${xml(l.measured)}"/>\n    </testcase>`;
    return l.passed
      ? `${head}<system-out>${xml(`measured: ${l.measured}`)}</system-out></testcase>`
      : `${head}\n      <failure message="${xml(`${l.requirement}: measured ${l.measured}`)}" type="budget">${xml(`${l.url}\nrequired: ${l.requirement}\nmeasured: ${l.measured}`)}</failure>\n    </testcase>`;
  });
  return (
    `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="numresp" tests="${lines.length}" failures="${failures}" skipped="${skipped}">\n` +
    `  <testsuite name="numresp audit run ${runId}" tests="${lines.length}" failures="${failures}" skipped="${skipped}">\n${cases.join('\n')}\n  </testsuite>\n</testsuites>\n`
  );
}
