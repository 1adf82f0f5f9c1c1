import { interleave } from '../../src/pipeline/audit.js';
import { comparePages, compareRuns, SIGNIFICANT_SCORE_POINTS } from '../../src/pipeline/compare.js';
import type { RunResultDocument } from '../../src/pipeline/results.js';
import { median, medianIndex, parseRepeat, spreadOf } from '../../src/pipeline/spread.js';

test('median: middle value, or the mean of the two middle ones', () => {
  expect(median([3])).toBe(3);
  expect(median([5, 1, 3])).toBe(3);
  expect(median([4, 1, 3, 2])).toBe(2.5);
});

test('the page stands by its median-score measurement (lower middle for an even count, ties in measurement order)', () => {
  expect(medianIndex([70, 60, 65])).toBe(2);
  expect(medianIndex([70, 60, 65, 62])).toBe(3); // sorted 60 62 65 70: lower middle 62
  expect(medianIndex([50, 50, 50])).toBe(1); // ties keep the measurement order
});

test('spread: n and min/median/max of each figure; none for a single measurement', () => {
  expect(spreadOf([{ score: 60, dom: 100, requests: 10, sizeKb: 500 }])).toBeNull();
  expect(
    spreadOf([
      { score: 62, dom: 100, requests: 10, sizeKb: 500 },
      { score: 58, dom: 104, requests: 12, sizeKb: 520.5 },
      { score: 60, dom: 101, requests: 11, sizeKb: 510 },
    ]),
  ).toEqual({
    n: 3,
    score: { min: 58, median: 60, max: 62 },
    dom: { min: 100, median: 101, max: 104 },
    requests: { min: 10, median: 11, max: 12 },
    sizeKb: { min: 500, median: 510, max: 520.5 },
  });
});

test('--repeat is 1…20; 0 and 1000 are refused with the range', () => {
  expect(parseRepeat('5')).toBe(5);
  expect(() => parseRepeat('0')).toThrow('--repeat must be a whole number from 1 to 20, got 0');
  expect(() => parseRepeat('1000')).toThrow('--repeat must be a whole number from 1 to 20, got 1000');
});

test('repeats are interleaved: every page of a window once, then again', () => {
  expect(interleave(['a', 'b', 'c'], 2).map((u) => `${u.page}${u.repeat}`)).toEqual(['a0', 'b0', 'c0', 'a1', 'b1', 'c1']);
  const many = interleave(Array.from({ length: 20 }, (_, i) => i), 2);
  // Windows of 16 pages: pages 16–19 start after the first window's two rounds.
  expect(many.slice(30, 34).map((u) => [u.page, u.repeat])).toEqual([[14, 1], [15, 1], [16, 0], [17, 0]]);
});

const side = (score: number, range?: [number, number]) => ({
  score, grade: 'C', dom: 500, requests: 50, sizeKb: 1000, scoreSpread: range ? { min: range[0], median: score, max: range[1] } : null,
});

test('significant: outside both spreads when both runs have one, else beyond the threshold', () => {
  // 52 lies in A's 50–56: noise, even though the medians differ by 3.
  expect(comparePages(side(55, [50, 56]), side(52, [49, 53]), 3)).toMatchObject({ significant: false, basis: 'spread' });
  // Each median outside the other's range.
  expect(comparePages(side(55, [54, 56]), side(52, [51, 53]), 3)).toMatchObject({ significant: true, basis: 'spread', change: { score: -3 } });
  expect(comparePages(side(55), side(53), SIGNIFICANT_SCORE_POINTS)).toMatchObject({ significant: false, basis: 'threshold' });
  expect(comparePages(side(55), side(52), SIGNIFICANT_SCORE_POINTS)).toMatchObject({ significant: true, basis: 'threshold' });
  expect(comparePages(side(55, [54, 56]), side(52), 3).basis).toBe('threshold');
});

test('compareRuns matches pages by URL and lists pages measured in one run only', () => {
  const page = (url: string, score: number | null) => ({
    url, site: 's', status: score === null ? 'failed' : 'ok', error: null, errorCode: null, finalUrl: url, title: 't', httpStatus: 200,
    metrics: score === null ? null : { dom: 100, requests: 10, sizeKb: 100 },
    ecoindex: score === null ? null : { score, scoreRaw: score, grade: 'B', ghg: 1, water: 1, methodVersion: 'ecoindex-5.0' },
    rules: [], lighthouse: null, measuredAt: null, attempts: 1, spread: null,
  });
  const run = (id: number, pages: ReturnType<typeof page>[]) => ({ run: { id }, pages }) as unknown as RunResultDocument;
  const c = compareRuns(run(1, [page('u1', 70), page('u2', 60), page('u4', null)]), run(2, [page('u2', 50), page('u3', 40), page('u1', 71)]));
  expect(c.pages.map((p) => [p.url, p.presence, p.change?.score ?? null, p.significant])).toEqual([
    ['u1', 'both', 1, false],
    ['u2', 'both', -10, true],
    ['u3', 'only-b', null, false],
  ]);
});
