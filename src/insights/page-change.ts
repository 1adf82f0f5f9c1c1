import type { Db } from '../store/database.js';
import { scoreRangesOfPages } from '../store/pages.js';
import { scoreChangeVerdict, SIGNIFICANT_SCORE_POINTS } from '../scoring/significance.js';
import type { PageEcoIndex } from './types.js';

/**
 * A page's latest EcoIndex against its earlier measurement, marked significant or within the noise by the same rule
 * as `numresp compare` (src/scoring/significance.ts), so that the report and the dashboard do not call noise a change.
 */
export interface PageChange {
  /** The latest measurement's page id. */
  pageId: number;
  previousPageId: number;
  previousRunLabel: string;
  previousScore: number;
  /** Latest score minus previous score, in points. */
  scoreChange: number;
  significant: boolean;
  basis: 'spread' | 'threshold';
}

/**
 * For each latest measurement, the newest of `earlier` with the same URL and site from another campaign measured
 * before it (the URL's previous measurement, or its measurement in the compared period); pages with none are left out.
 */
export function pageChanges(db: Db, latest: readonly PageEcoIndex[], earlier: readonly PageEcoIndex[]): Map<number, PageChange> {
  const key = (p: PageEcoIndex) => `${p.siteCode ?? ''}\u0000${p.url}`;
  const byUrl = new Map<string, PageEcoIndex[]>();
  for (const p of earlier) {
    const list = byUrl.get(key(p)) ?? [];
    list.push(p);
    byUrl.set(key(p), list);
  }
  const pairs: Array<[PageEcoIndex, PageEcoIndex]> = [];
  for (const page of latest) {
    const before = (byUrl.get(key(page)) ?? [])
      .filter((p) => p.runId !== page.runId && p.measuredAt < page.measuredAt)
      .reduce<PageEcoIndex | null>((best, p) => (!best || p.measuredAt > best.measuredAt ? p : best), null);
    if (before) pairs.push([page, before]);
  }
  const ranges = scoreRangesOfPages(db, pairs.flatMap(([a, b]) => [a.pageId, b.pageId]));
  const measured = (p: PageEcoIndex) => ({ score: p.score, scoreSpread: ranges.get(p.pageId) ?? null });
  return new Map(
    pairs.map(([page, before]) => [
      page.pageId,
      {
        pageId: page.pageId,
        previousPageId: before.pageId,
        previousRunLabel: before.runLabel,
        previousScore: before.score,
        scoreChange: page.score - before.score,
        ...scoreChangeVerdict(measured(before), measured(page), SIGNIFICANT_SCORE_POINTS),
      },
    ]),
  );
}
