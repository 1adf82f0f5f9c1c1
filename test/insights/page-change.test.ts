import { mkdtempSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startDashboard } from '../../dashboard/server.js';
import { buildReport } from '../../reports/build.js';
import { pageChanges, pageEcoIndex, allMeasurements } from '../../src/insights/index.js';
import { computeEcoIndex } from '../../src/scoring/ecoindex.js';
import { openStore, type Db } from '../../src/store/database.js';
import { seedPage, seedRun, seedSite } from './seed.js';

/**
 * Issue 13.2: where the report and the dashboard set a page's latest EcoIndex against an earlier one, they mark the
 * change significant or within the noise with the rule `numresp compare` uses (src/scoring/significance.ts).
 */

/** Sets a page's score (and its measurements' scores, as `audit --repeat` stores them) by hand. */
function setScores(db: Db, pageId: number, score: number, repeats: number[] = []): void {
  db.prepare('UPDATE pages SET score = ? WHERE id = ?').run(score, pageId);
  repeats.forEach((s, i) =>
    db.prepare(`INSERT INTO page_measurements (page_id, repeat_index, status, dom, requests, size_kb, score, measured_at) VALUES (?, ?, 'ok', 1, 1, 1, ?, '2026-01-01T00:00:00Z')`).run(pageId, i, s),
  );
}

function seeded(file: string): Db {
  const db = openStore(file);
  const site = seedSite(db, 'web-a');
  const t1 = seedRun(db, { label: 'T1', startedAt: '2026-01-10T08:00:00Z' });
  const t2 = seedRun(db, { label: 'T2', startedAt: '2026-03-10T08:00:00Z' });
  const at1 = '2026-01-10T09:00:00Z';
  const at2 = '2026-03-10T09:00:00Z';
  const page = (runId: number, url: string, at: string, dom: number) => seedPage(db, { runId, siteId: site, url, at, dom, requests: 10, sizeKb: 200 });
  // heavy: 100 → 2,000 elements, a fall of many points (DOM quantiles 75–159 vs 1,801–2,479): significant.
  page(t1, 'https://a.fr/heavy', at1, 100);
  page(t2, 'https://a.fr/heavy', at2, 2000);
  // nudged: 100 → 110 elements, under 1 point (3 × 0.12 quantile × 5/6): within the 3-point threshold.
  page(t1, 'https://a.fr/nudged', at1, 100);
  page(t2, 'https://a.fr/nudged', at2, 110);
  // wide: 4 points down but both repeated with wide ranges that hold each other's score: within noise (spread).
  setScores(db, page(t1, 'https://a.fr/wide', at1, 100), 70, [66, 70, 73]);
  setScores(db, page(t2, 'https://a.fr/wide', at2, 100), 66, [64, 66, 71]);
  // tight: 2 points down, under the threshold, but both repeated with tight ranges apart: significant (spread).
  setScores(db, page(t1, 'https://a.fr/tight', at1, 100), 70, [70, 70, 71]);
  setScores(db, page(t2, 'https://a.fr/tight', at2, 100), 68, [68, 68, 69]);
  // fresh: only in T2, nothing to compare.
  page(t2, 'https://a.fr/fresh', at2, 100);
  return db;
}

const dir = mkdtempSync(join(tmpdir(), 'numresp-page-change-'));

test('each latest page against the URL\'s previous measurement: threshold without spreads, spreads when both repeated', () => {
  const db = seeded(join(dir, 'unit.db'));
  const latest = pageEcoIndex(db);
  const changes = pageChanges(db, latest, allMeasurements(db));
  const byUrl = Object.fromEntries(latest.map((p) => [p.url.slice(13), changes.get(p.pageId) ?? null]));
  const heavyFall = computeEcoIndex({ dom: 2000, requests: 10, sizeKb: 200 }).score - computeEcoIndex({ dom: 100, requests: 10, sizeKb: 200 }).score;
  expect(heavyFall).toBeLessThan(-3);
  expect(byUrl.heavy).toMatchObject({ previousRunLabel: 'T1', scoreChange: heavyFall, significant: true, basis: 'threshold' });
  expect(Math.abs(byUrl.nudged!.scoreChange)).toBeLessThan(3);
  expect(byUrl.nudged).toMatchObject({ significant: false, basis: 'threshold' });
  expect(byUrl.wide).toMatchObject({ previousScore: 70, scoreChange: -4, significant: false, basis: 'spread' });
  expect(byUrl.tight).toMatchObject({ previousScore: 70, scoreChange: -2, significant: true, basis: 'spread' });
  expect(byUrl.fresh).toBeNull();
  db.close();
});

test('the report\'s page table marks each change significant or within noise, against the compared period with --compare', () => {
  const file = join(dir, 'report.db');
  seeded(file).close();
  const db = openStore(file);
  const rows = (compare: { from: string; to: string } | null, period: { from: string; to: string } | null) => {
    const report = buildReport(db, { lang: 'en', dbFile: ':memory:', generatedAt: '2026-04-01T00:00:00Z', compare, period });
    const web = report.sections.find((s) => s.id === 'web')!;
    const table = web.tables.find((t) => t.id === 'web-pages')!;
    return { marks: Object.fromEntries(table.rows.map((r) => [String(r.url).slice(13), [r.scoreChange, r.changeMark]])), notices: web.notices };
  };
  const plain = rows(null, null);
  expect(plain.marks.nudged[1]).toBe('within noise (vs T1)');
  expect(plain.marks.heavy[1]).toBe('significant (vs T1)');
  expect(plain.marks.wide).toEqual([-4, 'within noise (vs T1)']);
  expect(plain.marks.tight).toEqual([-2, 'significant (vs T1)']);
  expect(plain.marks.fresh).toEqual([null, null]);
  expect(plain.notices.join(' ')).toContain('by 3 points or more; otherwise "within noise"');
  // Period = March with --compare January: the same pairs; period = March alone: nothing before it in scope.
  const march = { from: '2026-03-01', to: '2026-03-31' };
  expect(rows({ from: '2026-01-01', to: '2026-01-31' }, march).marks.tight).toEqual([-2, 'significant (vs T1)']);
  expect(rows(null, march).marks.heavy).toEqual([null, null]);
  db.close();
});

function get(base: string, path: string): Promise<string> {
  return new Promise((resolve, reject) => {
    request(new URL(path, base), { headers: { 'accept-encoding': 'identity' } }, (res) => {
      let text = '';
      res.on('data', (c) => (text += c));
      res.on('end', () => resolve(text));
    })
      .on('error', reject)
      .end();
  });
}

test('the dashboard\'s page table (and its CSV) marks each change significant or within noise', async () => {
  const file = join(dir, 'dashboard.db');
  seeded(file).close();
  const dash = await startDashboard({ dbFile: file, port: 0 });
  try {
    const page = await get(dash.url, '/web/pages');
    expect(page).toMatch(/<span class="d bad" title="vs T1 \(score 70\): outside both measurements&#39; min–max \(--repeat\)">significant<\/span>/);
    expect(page).toMatch(/<span class="d flat" title="vs T1 \(score 70\): outside both measurements&#39; min–max \(--repeat\)">within noise<\/span>/);
    expect(page).toMatch(/<span class="d flat" title="vs T1 \(score \d+\): under 3 points">within noise<\/span>/);
    const csv = await get(dash.url, '/csv/web-pages');
    const lines = csv.trim().split(/\r?\n/);
    expect(lines[0]).toContain('Δ EcoIndex,Change');
    expect(lines.find((l) => l.includes('/tight'))).toContain(',-2,significant (vs T1),');
    expect(lines.find((l) => l.includes('/wide'))).toContain(',-4,within noise (vs T1),');
    expect(lines.find((l) => l.includes('/fresh'))).toMatch(/,,,/);
  } finally {
    await dash.close();
  }
});
