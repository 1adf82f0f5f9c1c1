import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deflateSync } from 'node:zlib';
import { buildReport } from '../../reports/build.js';
import type { Report } from '../../reports/model.js';
import { parseRetention, retentionCutoff } from '../../src/model/retention.js';
import { UserError } from '../../src/model/errors.js';
import { openStore, type Db } from '../../src/store/database.js';
import { insertAssessment } from '../../src/store/practices.js';
import { replaceRuleResults } from '../../src/store/rule-results.js';
import { seedPage, seedRun, seedSite } from '../insights/seed.js';
import { numresp } from '../reports/cli.js';
import { numrespJson as json } from './cli-json.js';

// Retention: a store with campaigns 7 years, 2 years and 10 days old. After `store purge` with the default retention
// (90 days of artifacts, 5 years of detail) the report's web figures, trend and per-site tables are the same, the
// artifacts and detail are gone, and the purged text is no longer anywhere in the SQLite file.

const DAY = 86_400_000;
const ago = (days: number) => new Date(Date.now() - days * DAY).toISOString();
const OLD_TITLE = 'Titre-ancien-Q7X';
const OLD_AUTHOR = 'Auditeur-Ancien-W3Z';
let work: string;
let dbFile: string;

function seed(db: Db): void {
  const site = seedSite(db, 'portail', 'web');
  const campaigns = [7 * 365, 2 * 365, 10].map((d, i) => ({ at: ago(d), run: seedRun(db, { label: `C${i}`, startedAt: ago(d) }) }));
  campaigns.forEach((c, i) => {
    for (const [j, url] of ['https://p.example/', 'https://p.example/a', 'https://p.example/b'].entries()) {
      const id = seedPage(db, { runId: c.run, siteId: site, url, at: c.at, dom: 100 + 300 * j + 50 * i, requests: 20 + 10 * j, sizeKb: 300 + 400 * j, title: i === 0 ? OLD_TITLE : 'T' });
      db.prepare('INSERT INTO page_artifacts (page_id, schema_version, artifacts) VALUES (?, 1, ?)').run(id, deflateSync(JSON.stringify({ n: id })));
      db.prepare("UPDATE pages SET lighthouse_json = '{}', metrics_json = '{}' WHERE id = ?").run(id);
      replaceRuleResults(db, id, [{ id: 'dom-size', version: '1', practices: ['4005-dom'], status: 'fail', grade: 'C', value: 1, threshold: 't', evidence: [{ url, detail: i === 0 ? OLD_TITLE : 'recent' }] }]);
    }
  });
  // Assessment history: an old superseded one (by a named auditor) and the current one.
  insertAssessment(db, { siteId: site, practiceId: '4046-bundle', status: 'non-compliant', author: OLD_AUTHOR, assessedAt: ago(6 * 365) });
  insertAssessment(db, { siteId: site, practiceId: '4046-bundle', status: 'compliant', author: 'auditrice', assessedAt: ago(30) });
}


const count = (db: Db, sql: string) => (db.prepare(sql).pluck().get() as number);
const webFigures = (r: Report) => {
  const web = r.sections.find((s) => s.id === 'web')!;
  const tables = Object.fromEntries(web.tables.filter((t) => ['web-trend', 'web-sites', 'web-grades'].includes(t.id)).map((t) => [t.id, t.rows]));
  return { figures: web.figures, charts: web.charts, tables, headline: r.sections.find((s) => s.id === 'summary')!.figures };
};

beforeEach(() => {
  work = mkdtempSync(join(tmpdir(), 'numresp-purge-'));
  dbFile = join(work, 'store.db');
  const db = openStore(dbFile);
  seed(db);
  db.close();
});
afterEach(() => rmSync(work, { recursive: true, force: true }));

test('purge with the default retention keeps the report’s web figures and trend, and removes the rest', async () => {
  let db = openStore(dbFile, { readonly: true });
  const report = buildReport(db, { lang: 'en', dbFile: ':memory:', generatedAt: '2026-01-01T00:00:00Z' });
  // The report states the default retention in its method section.
  expect(report.sections.find((s) => s.id === 'method')!.items!.join('\n')).toMatch(/raw page artifacts 90d, measurement detail .* 5y/);
  const before = webFigures(buildReport(db, { lang: 'fr', dbFile: ':memory:', generatedAt: '2026-01-01T00:00:00Z' }));
  expect(before.tables['web-trend']).toHaveLength(3);
  db.close();

  const out = await json<{ counts: Record<string, number> }>('store', 'purge', '--json', '--db', dbFile);
  // 90 days: artifacts of the 7- and 2-year-old campaigns (6 pages); 5 years: detail of the 7-year-old one (3 pages).
  expect(out.counts).toEqual({ artifacts: 6, lighthouseReports: 6, checkResults: 3, pageDetails: 3, supersededAssessments: 1 });

  db = openStore(dbFile, { readonly: true });
  try {
    expect(webFigures(buildReport(db, { lang: 'fr', dbFile: ':memory:', generatedAt: '2026-01-01T00:00:00Z' }))).toEqual(before);
    expect(count(db, 'SELECT COUNT(*) FROM page_artifacts')).toBe(3);
    expect(count(db, 'SELECT COUNT(*) FROM pages WHERE lighthouse_json IS NOT NULL')).toBe(3);
    expect(count(db, 'SELECT COUNT(*) FROM rule_results')).toBe(6);
    expect(count(db, `SELECT COUNT(*) FROM pages WHERE title = '${OLD_TITLE}'`)).toBe(0);
    expect(count(db, 'SELECT COUNT(*) FROM pages WHERE score IS NOT NULL')).toBe(9);
    expect(count(db, 'SELECT COUNT(*) FROM practice_assessments')).toBe(1);
  } finally {
    db.close();
  }
  // Overwritten, not just unlinked: the purged texts are nowhere in the file (the WAL was checkpointed and truncated).
  const bytes = readFileSync(dbFile);
  expect(bytes.includes(OLD_TITLE)).toBe(false);
  expect(bytes.includes(OLD_AUTHOR)).toBe(false);
});

test('--dry-run counts and changes nothing; one option purges only its part', async () => {
  const snapshot = () => {
    const db = openStore(dbFile, { readonly: true });
    try {
      return ['page_artifacts', 'rule_results', 'practice_assessments'].map((t) => count(db, `SELECT COUNT(*) FROM ${t}`))
        .concat(count(db, 'SELECT COUNT(*) FROM pages WHERE title IS NOT NULL'));
    } finally {
      db.close();
    }
  };
  const initial = snapshot();
  const dry = await json<{ counts: Record<string, number> }>('store', 'purge', '--artifacts-older-than', '1y', '--dry-run', '--json', '--db', dbFile);
  expect(dry.counts.artifacts).toBe(6);
  expect(snapshot()).toEqual(initial);
  await numresp('store', 'purge', '--artifacts-older-than', '1y', '--db', dbFile);
  expect(snapshot()).toEqual([initial[0] - 6, initial[1], initial[2], initial[3]]);
});

test('retention grammar and misplaced options are one-line errors', async () => {
  expect(retentionCutoff(parseRetention('90d', 'x'), new Date('2026-06-30T12:00:00Z'))).toBe('2026-04-01T12:00:00.000Z');
  expect(retentionCutoff(parseRetention('5y', 'x'), new Date('2026-06-30T12:00:00Z'))).toBe('2021-06-30T12:00:00.000Z');
  expect(retentionCutoff(parseRetention('18m', 'x'), new Date('2026-06-30T12:00:00Z'))).toBe('2024-12-30T12:00:00.000Z');
  await expect(numresp('store', 'purge', '--artifacts-older-than', '90', '--db', dbFile)).rejects.toThrow(/--artifacts-older-than "90": use a positive number and d, w, m or y/);
  await expect(numresp('store', 'purge', '--measurements-older-than', '0y', '--db', dbFile)).rejects.toThrow(UserError);
  await expect(numresp('store', 'info', '--dry-run', '--db', dbFile)).rejects.toThrow(/--dry-run: only for "numresp store purge"/);
});
