import { AutoConcurrency, CONCURRENCY_MAX, parseConcurrency } from '../../src/pipeline/concurrency.js';

const idle = { cpuBusy: 0.2, availableBytes: 8e9, ownBytes: 300e6 };

test('--concurrency is auto or 1…32; anything else is refused with the allowed range', () => {
  expect(parseConcurrency('auto')).toBe('auto');
  expect(parseConcurrency('4')).toBe(4);
  expect(parseConcurrency(32)).toBe(32);
  for (const bad of ['0', 0, '33', '2.5', 'four', '', -1]) {
    expect(() => parseConcurrency(bad)).toThrow(`--concurrency must be auto or a whole number from 1 to ${CONCURRENCY_MAX}, got ${bad}`);
  }
});

test('adds one tab per sample while CPU and memory allow and every tab is busy, up to the maximum', () => {
  const c = new AutoConcurrency({ start: 2, max: 5 });
  expect(c.limit).toBe(2);
  expect(c.onSample(idle, 1)).toBeNull(); // a tab is free: nothing to gain
  for (let tabs = 3; tabs <= 5; tabs++) expect(c.onSample(idle, c.limit)?.tabs).toBe(tabs);
  expect(c.onSample(idle, 5)).toBeNull();
  expect(c.limit).toBe(5);
});

test('backs off multiplicatively on a loaded CPU, low memory or its own memory ceiling, then waits before growing', () => {
  const c = new AutoConcurrency({ start: 10, max: 16 });
  // Smoothed CPU: one busy sample after idle ones is not enough; a sustained one is.
  c.onSample(idle, 10);
  expect(c.onSample({ ...idle, cpuBusy: 1 }, 10)).toBeNull();
  // 0.2 → 0.52 → 0.71 → 0.83 → 0.90 → 0.94 (weights 0.6 / 0.4): above 0.9 at the fifth busy sample, 2.5 s.
  const changes = [2, 3, 4].map(() => c.onSample({ ...idle, cpuBusy: 1 }, 10));
  expect(changes).toEqual([null, null, null]);
  const change = c.onSample({ ...idle, cpuBusy: 1 }, 10);
  expect(change).toEqual({ tabs: 7, reason: expect.stringMatching(/CPU \d+ % busy/) });
  // Cool-down: idle samples do not add a tab at once.
  const d = new AutoConcurrency({ start: 10 });
  expect(d.onSample({ ...idle, availableBytes: 100e6 }, 10)).toEqual({ tabs: 7, reason: 'memory low (100 MB available)' });
  for (let i = 0; i < 4; i++) expect(d.onSample(idle, 7)).toBeNull();
  expect(d.onSample(idle, 7)?.tabs).toBe(8);
  const e = new AutoConcurrency({ start: 4, ownLimitBytes: 1e9 });
  expect(e.onSample({ ...idle, ownBytes: 1.2e9 }, 4)).toEqual({ tabs: 2, reason: 'numresp and its browser use 1200 MB' });
  // Never below one tab.
  const f = new AutoConcurrency({ start: 1 });
  expect(f.onSample({ ...idle, availableBytes: 1 }, 1)).toBeNull();
  expect(f.limit).toBe(1);
});

test('backs off when pages slow down against the first pages, or when one times out', () => {
  const c = new AutoConcurrency({ start: 10 });
  for (const ms of [400, 500, 600]) expect(c.onPageDone(ms, false)).toBeNull(); // reference: median 500 ms
  // One heavy page among normal ones is not a slowdown (median of the last four).
  for (const ms of [500, 5000, 450, 520]) expect(c.onPageDone(ms, false)).toBeNull();
  // 2.5 × 500 + 500 = 1750 ms: four pages beyond it are.
  expect(c.onPageDone(1800, false)).toBeNull();
  expect(c.onPageDone(1900, false)).toBeNull();
  expect(c.onPageDone(2000, false)?.tabs).toBe(7);
  expect(c.onPageDone(100, true)).toEqual({ tabs: 4, reason: 'a page timed out' });
});
