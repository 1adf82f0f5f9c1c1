import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { checks } from '../../rules/index.js';
import { formatZodIssue } from '../config/audit-config.js';
import { UserError } from '../model/errors.js';
import type { PageResultDocument } from './results.js';

/**
 * The CI gate of issue 13.4: `--fail-under GRADE|SCORE` and `--budget budget.json` turn a run's stored results into
 * pass/fail lines, plain data that the CLI turns into an exit code and `--junit` into JUnit XML.
 */

const GRADES = ['A', 'B', 'C', 'D', 'E', 'F', 'G'] as const;
type Grade = (typeof GRADES)[number];

/** A minimum EcoIndex: a grade (the page's grade must be this or better) or a score 0…100. */
export type Minimum = { grade: Grade } | { score: number };

export function parseFailUnder(value: string): Minimum {
  const text = value.trim().toUpperCase();
  if ((GRADES as readonly string[]).includes(text)) return { grade: text as Grade };
  if (/^\d{1,3}(\.\d+)?$/.test(text) && Number(text) <= 100) return { score: Number(text) };
  throw new UserError(`--fail-under must be a grade A…G or a score 0…100, got ${value}`);
}

const BudgetLineSchema = z
  .object({
    /** Which pages: "*" for all; "/path/*" matches the URL's path (and query); anything else the whole URL. */
    match: z.string().min(1).default('*'),
    minScore: z.number().min(0).max(100).optional(),
    minGrade: z.enum(GRADES).optional(),
    maxRequests: z.number().int().nonnegative().optional(),
    maxSizeKb: z.number().nonnegative().optional(),
    maxDom: z.number().int().nonnegative().optional(),
    /** Practice check ids (see numresp practices list) that must pass on the page. */
    checks: z.array(z.string().min(1)).default([]),
  })
  .strict();
export const BudgetSchema = z.object({ budgets: z.array(BudgetLineSchema).min(1) }).strict();
export type Budget = z.infer<typeof BudgetSchema>;
export type BudgetLine = z.infer<typeof BudgetLineSchema>;

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

/** Parses and validates a budget (field paths in errors; unknown check ids refused with the closest ones). */
export function parseBudget(value: unknown, file: string): Budget {
  const parsed = BudgetSchema.safeParse(value);
  if (!parsed.success) throw new UserError(`budget ${file}: ${formatZodIssue(parsed.error)}`);
  const known = checks.map((c) => c.id);
  parsed.data.budgets.forEach((line, i) =>
    line.checks.forEach((id, k) => {
      if (known.includes(id)) return;
      const closest = [...known].sort((x, y) => editDistance(id, x) - editDistance(id, y)).slice(0, 3);
      throw new UserError(`budget ${file}: budgets.${i}.checks.${k}: unknown check "${id}"; closest: ${closest.join(', ')} (see numresp practices list)`);
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

function matches(pattern: string, url: string): boolean {
  if (pattern === '*') return true;
  const u = new URL(url);
  const subject = pattern.startsWith('/') ? u.pathname + u.search : url;
  const regex = new RegExp(`^${pattern.split('*').map((s) => s.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`);
  return regex.test(subject);
}

/** One gate verdict: a page against one requirement (JUnit: one testcase). */
export interface GateLine {
  url: string;
  /** What was required, e.g. "EcoIndex ≥ C", "requests ≤ 60", "check dom-size passes". */
  requirement: string;
  passed: boolean;
  /** What was measured, e.g. "grade D (score 45)". */
  measured: string;
}

export interface GateInput {
  failUnder?: Minimum;
  budget?: Budget;
}

const gradeRank = (g: string) => GRADES.indexOf(g as Grade);

function minimumLine(url: string, page: PageResultDocument, min: Minimum, what: string): GateLine {
  const eco = page.ecoindex!;
  const measured = `grade ${eco.grade} (score ${eco.score})`;
  if ('grade' in min) return { url, requirement: `${what}EcoIndex grade ${min.grade} or better`, passed: gradeRank(eco.grade) <= gradeRank(min.grade), measured };
  return { url, requirement: `${what}EcoIndex score ≥ ${min.score}`, passed: eco.score >= min.score, measured };
}

/** Every requirement applied to every measured page. Failed pages (not measured) fail each requirement that applies. */
export function evaluateGate(pages: readonly PageResultDocument[], gate: GateInput): GateLine[] {
  const lines: GateLine[] = [];
  for (const page of pages) {
    if (page.status !== 'ok' || !page.ecoindex) {
      if (gate.failUnder || gate.budget?.budgets.some((b) => matches(b.match, page.url))) {
        lines.push({ url: page.url, requirement: 'page measured', passed: false, measured: page.error ?? page.status });
      }
      continue;
    }
    if (gate.failUnder) lines.push(minimumLine(page.url, page, gate.failUnder, ''));
    for (const b of gate.budget?.budgets ?? []) {
      if (!matches(b.match, page.url)) continue;
      const at = `budget "${b.match}": `;
      const m = page.metrics as { dom: number; requests: number; sizeKb: number };
      if (b.minGrade) lines.push(minimumLine(page.url, page, { grade: b.minGrade }, at));
      if (b.minScore !== undefined) lines.push(minimumLine(page.url, page, { score: b.minScore }, at));
      if (b.maxRequests !== undefined) lines.push({ url: page.url, requirement: `${at}requests ≤ ${b.maxRequests}`, passed: m.requests <= b.maxRequests, measured: `${m.requests} requests` });
      if (b.maxSizeKb !== undefined) lines.push({ url: page.url, requirement: `${at}size ≤ ${b.maxSizeKb} KB`, passed: m.sizeKb <= b.maxSizeKb, measured: `${m.sizeKb.toFixed(1)} KB` });
      if (b.maxDom !== undefined) lines.push({ url: page.url, requirement: `${at}DOM ≤ ${b.maxDom} elements`, passed: m.dom <= b.maxDom, measured: `${m.dom} elements` });
      for (const id of b.checks) {
        const r = page.rules.find((x) => x.id === id);
        lines.push({ url: page.url, requirement: `${at}check ${id} passes`, passed: r?.status === 'pass', measured: r ? `${r.status}${r.value !== null ? ` (${String(r.value)})` : ''}` : 'not judged' });
      }
    }
  }
  return lines;
}

const xml = (s: string) =>
  // Control characters are not allowed in XML 1.0; page data is untrusted.
  s.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, '').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** JUnit XML as GitLab and GitHub test reporters read it: one testsuite per run, one testcase per gate line. */
export function junitXml(runId: number, lines: readonly GateLine[]): string {
  const failures = lines.filter((l) => !l.passed).length;
  const cases = lines.map((l) => {
    const head = `    <testcase classname="${xml(l.url)}" name="${xml(l.requirement)}">`;
    return l.passed
      ? `${head}</testcase>`
      : `${head}\n      <failure message="${xml(`${l.requirement}: measured ${l.measured}`)}" type="budget">${xml(`${l.url}\nrequired: ${l.requirement}\nmeasured: ${l.measured}`)}</failure>\n    </testcase>`;
  });
  return (
    `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="numresp" tests="${lines.length}" failures="${failures}">\n` +
    `  <testsuite name="numresp audit run ${runId}" tests="${lines.length}" failures="${failures}">\n${cases.join('\n')}\n  </testsuite>\n</testsuites>\n`
  );
}
