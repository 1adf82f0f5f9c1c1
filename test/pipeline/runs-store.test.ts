import { openStore, type Db } from '../../src/store/database.js';
import {
  getPageArtifacts,
  listPages,
  listPendingPages,
  markPageStarted,
  planPages,
  recordPageResult,
  countFailuresByCode,
  countRunPages,
  listRunSiteIds,
  savePageFailure,
  savePageResult,
} from '../../src/store/pages.js';
import { listRuleResults } from '../../src/store/rule-results.js';
import { createRun, createRunWithPages, endRun, getRunSummary, latestRunId, listRuns } from '../../src/store/runs.js';
import { ensureSite } from '../../src/store/sites.js';
import { ARTIFACTS_SCHEMA_VERSION, type PageArtifacts } from '../../src/model/artifacts.js';
import type { RuleResult } from '../../src/model/rules.js';

let db: Db;
beforeEach(() => {
  db = openStore(':memory:');
});
afterEach(() => db.close());

const artifacts: PageArtifacts = {
  schemaVersion: ARTIFACTS_SCHEMA_VERSION,
  url: 'https://e.fr/',
  finalUrl: 'https://e.fr/',
  requestCountBeforeScroll: 1,
  requests: [],
  requestsOmitted: 0,
  dom: {
    elementCount: 10, elementCountBeforeScroll: 10, title: 't', lang: 'fr', viewportWidth: 1920, viewportHeight: 1080,
    documentHeight: 1080, images: [], imagesOmitted: 0, emptySrcElements: [], inlineStyleCount: 0, inlineScriptCount: 0,
    pluginCount: 0, printStylesheetCount: 0, iframes: [], media: [], carousels: [],
  },
  coverage: null,
  cookies: [],
  console: [],
};
const rule: RuleResult = { id: 'x', version: '1', practices: ['RWEB_0001'], status: 'pass', grade: 'A', value: 1, threshold: null, evidence: [] };
const measured = {
  finalUrl: 'https://e.fr/', httpStatus: 200, title: 't', dom: 10, requests: 1, sizeKb: 1.5, failedRequests: 0, metrics: { dom: 10 },
  score: 90, scoreRaw: 90.2, grade: 'A', ghg: 1.2, water: 1.8, methodVersion: 'ecoindex-5.0', browserVersion: 'Chrome/1',
};

test('plans pages once per URL, then stores results and failures with their reasons', () => {
  const site = ensureSite(db, 'e', { kind: 'web' });
  const runId = createRun(db, { label: 'c1', settings: { a: 1 }, toolVersion: '0', methodVersion: 'ecoindex-5.0' });
  expect(planPages(db, runId, [{ url: 'https://e.fr/', siteId: site.id }, { url: 'https://e.fr/b', siteId: site.id }, { url: 'https://e.fr/', siteId: site.id }])).toBe(2);
  const [a, b] = listPendingPages(db, runId);
  markPageStarted(db, a.id);
  savePageResult(db, a.id, measured, artifacts, [rule]);
  savePageFailure(db, b.id, { error: 'the page answered HTTP 404', errorCode: 'http-status', httpStatus: 404, finalUrl: null, browserVersion: null });
  expect(listPendingPages(db, runId)).toEqual([]);
  expect(getPageArtifacts(db, a.id)).toEqual(artifacts);
  expect(listRuleResults(db, a.id)).toEqual([rule]);
  const pages = listPages(db, runId);
  expect(pages.map((p) => [p.url, p.status, p.siteCode, p.attempts, p.error])).toEqual([
    ['https://e.fr/', 'ok', 'e', 1, null],
    ['https://e.fr/b', 'failed', 'e', 0, 'the page answered HTTP 404'],
  ]);
  endRun(db, runId, 'finished');
  expect(getRunSummary(db, runId)).toMatchObject({ status: 'finished', pages: 2, ok: 1, failed: 1, pending: 0, averageScore: 90 });
  expect(listRuns(db).map((r) => r.id)).toEqual([runId]);
  expect(latestRunId(db)).toBe(runId);
});

test('a failing write leaves the page pending, with no half-saved artifacts', () => {
  const runId = createRun(db, { label: 'c', settings: {}, toolVersion: '0', methodVersion: 'm' });
  planPages(db, runId, [{ url: 'https://e.fr/', siteId: null }]);
  const [p] = listPendingPages(db, runId);
  // An invalid rule status violates a CHECK constraint inside the page's transaction.
  expect(() => savePageResult(db, p.id, measured, artifacts, [{ ...rule, status: 'bogus' as never }])).toThrow();
  expect(listPendingPages(db, runId)).toHaveLength(1);
  expect(getPageArtifacts(db, p.id)).toBeUndefined();
});

test('a coordinator stores a page measured elsewhere in one call, with its attempt count', () => {
  const runId = createRunWithPages(db, { label: 'q', settings: {}, toolVersion: '0', methodVersion: 'm' }, [
    { code: 'e', name: 'E', urls: ['https://e.fr/', 'https://e.fr/b'] },
    { code: 'f', name: 'F', urls: ['https://f.fr/'] },
  ]);
  expect(countRunPages(db, runId)).toBe(3);
  expect(listRunSiteIds(db, runId)).toHaveLength(2);
  const [a, b, c] = listPendingPages(db, runId);
  recordPageResult(db, a.id, { status: 'ok', page: measured, artifacts, ruleResults: [rule], attempts: 2 });
  recordPageResult(db, b.id, { status: 'failed', error: 'the page did not load in time', errorCode: 'timeout', httpStatus: null, finalUrl: null, browserVersion: null, attempts: 3 });
  expect(listPages(db, runId).map((p) => [p.status, p.attempts])).toEqual([['ok', 2], ['failed', 3], ['pending', 0]]);
  expect(countFailuresByCode(db, runId)).toEqual({ timeout: 1 });
  // One transaction: a bad rule result leaves the page pending, attempts unchanged.
  expect(() => recordPageResult(db, c.id, { status: 'ok', page: measured, artifacts, ruleResults: [{ ...rule, status: 'bogus' as never }], attempts: 1 })).toThrow();
  expect(listPages(db, runId)[2]).toMatchObject({ status: 'pending', attempts: 0 });
});
