import type { PageResultDocument, RunResultDocument } from './results.js';
import { scoreChangeVerdict, SIGNIFICANT_SCORE_POINTS } from '../scoring/significance.js';
import type { Range } from './spread.js';

/**
 * `numresp compare RUN_A RUN_B` (issue 13.2): per URL, what changed from run A to run B and whether the change is
 * more than noise, as src/scoring/significance.ts decides.
 */

export { SIGNIFICANT_SCORE_POINTS };

export interface PageSide {
  score: number;
  grade: string;
  dom: number;
  requests: number;
  sizeKb: number;
  scoreSpread: Range | null;
}

export interface PageComparison {
  url: string;
  site: string | null;
  /** A journey's step (`audit --journey`), matched by journey name and step; null for a page, matched by URL. */
  journey: string | null;
  step: { index: number; name: string } | null;
  /** 'both' when measured in both runs; otherwise the page was measured (status ok) only in one of them. */
  presence: 'both' | 'only-a' | 'only-b';
  a: PageSide | null;
  b: PageSide | null;
  change: { score: number; dom: number; requests: number; sizeKb: number } | null;
  grade: string | null;
  significant: boolean;
  /** How `significant` was decided. */
  basis: 'spread' | 'threshold' | null;
}

export interface RunComparison {
  runA: number;
  runB: number;
  thresholdPoints: number;
  pages: PageComparison[];
}

function side(p: PageResultDocument | undefined): PageSide | null {
  if (!p || p.status !== 'ok' || !p.ecoindex || !p.metrics) return null;
  return {
    score: p.ecoindex.score,
    grade: p.ecoindex.grade,
    dom: p.metrics.dom as number,
    requests: p.metrics.requests as number,
    sizeKb: p.metrics.sizeKb as number,
    scoreSpread: p.spread?.score ?? null,
  };
}

const round1 = (x: number) => Math.round(x * 10) / 10;

export function comparePages(a: PageSide, b: PageSide, thresholdPoints: number): Pick<PageComparison, 'change' | 'grade' | 'significant' | 'basis'> {
  const change = { score: b.score - a.score, dom: b.dom - a.dom, requests: b.requests - a.requests, sizeKb: round1(b.sizeKb - a.sizeKb) };
  const grade = a.grade === b.grade ? a.grade : `${a.grade}→${b.grade}`;
  return { change, grade, ...scoreChangeVerdict(a, b, thresholdPoints) };
}

/**
 * What identifies a page across runs: its URL; a journey's step by journey name, step position and name (its URL may
 * be the same for several steps of a single-page app).
 */
export function comparisonKey(p: Pick<PageResultDocument, 'url'> & Partial<Pick<PageResultDocument, 'journey' | 'step'>>): string {
  return p.journey ? `journey\u0000${p.journey}\u0000${p.step?.index}\u0000${p.step?.name}` : p.url;
}

/** Pages matched by URL (journey steps by journey and step), in list A's order then the pages new in list B. */
export function comparePageLists(a: readonly PageResultDocument[], b: readonly PageResultDocument[], thresholdPoints = SIGNIFICANT_SCORE_POINTS): PageComparison[] {
  const inB = new Map(b.map((p) => [comparisonKey(p), p]));
  const inA = new Map(a.map((p) => [comparisonKey(p), p]));
  const keys = [...inA.keys(), ...[...inB.keys()].filter((k) => !inA.has(k))];
  const pages = keys.map((key): PageComparison => {
    const docA = inA.get(key);
    const docB = inB.get(key);
    const pa = side(docA);
    const pb = side(docB);
    const doc = (docB ?? docA)!;
    const id = { url: doc.url, site: docA?.site ?? docB?.site ?? null, journey: doc.journey ?? null, step: doc.step ?? null };
    if (pa && pb) return { ...id, presence: 'both', a: pa, b: pb, ...comparePages(pa, pb, thresholdPoints) };
    return { ...id, presence: pa ? 'only-a' : 'only-b', a: pa, b: pb, change: null, grade: null, significant: false, basis: null };
  });
  return pages.filter((p) => p.a || p.b);
}

export function compareRuns(a: RunResultDocument, b: RunResultDocument, thresholdPoints = SIGNIFICANT_SCORE_POINTS): RunComparison {
  return { runA: a.run.id, runB: b.run.id, thresholdPoints, pages: comparePageLists(a.pages, b.pages, thresholdPoints) };
}

export const COMPARE_CSV_COLUMNS = [
  'url', 'site', 'journey', 'step_index', 'step_name', 'presence', 'score_a', 'score_b', 'score_change', 'grade_a', 'grade_b', 'dom_a', 'dom_b', 'dom_change',
  'requests_a', 'requests_b', 'requests_change', 'size_kb_a', 'size_kb_b', 'size_kb_change', 'significant', 'basis',
] as const;

export function compareCsvRows(c: RunComparison): Array<Record<string, unknown>> {
  return c.pages.map((p) => ({
    url: p.url,
    site: p.site,
    journey: p.journey,
    step_index: p.step?.index,
    step_name: p.step?.name,
    presence: p.presence,
    score_a: p.a?.score,
    score_b: p.b?.score,
    score_change: p.change?.score,
    grade_a: p.a?.grade,
    grade_b: p.b?.grade,
    dom_a: p.a?.dom,
    dom_b: p.b?.dom,
    dom_change: p.change?.dom,
    requests_a: p.a?.requests,
    requests_b: p.b?.requests,
    requests_change: p.change?.requests,
    size_kb_a: p.a?.sizeKb,
    size_kb_b: p.b?.sizeKb,
    size_kb_change: p.change?.sizeKb,
    significant: p.significant,
    basis: p.basis,
  }));
}
