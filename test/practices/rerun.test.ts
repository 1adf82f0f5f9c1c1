import { deflateSync } from 'node:zlib';
import { checks, judgePage, type Check } from '../../rules/index.js';
import { verdict } from '../../rules/check.js';
import { openStore, type Db } from '../../src/store/database.js';
import { listRuleResults } from '../../src/store/rule-results.js';
import { rerunRun } from '../../src/practices/rerun.js';
import { practiceStatus } from '../../src/practices/status.js';
import { UserError } from '../../src/model/errors.js';
import { doc, many, page, req } from '../rules/factory.js';
import { addPage, addRun } from './helpers.js';

describe('practices rerun', () => {
  let db: Db;
  beforeEach(() => (db = openStore(':memory:')));
  afterEach(() => db.close());

  test('a rule change plus rerun changes stored results without re-auditing', () => {
    // A page with 10 requests: http-requests grade A under the published thresholds (A ≤ 26).
    const artifacts = page({ requests: [doc(), ...many(9, (i) => req({ url: `https://www.example.test/r${i}` }))] });
    const run = addRun(db);
    const pageId = addPage(db, run, 'PORTAIL', artifacts.url, { artifacts, results: judgePage(artifacts) });
    const before = listRuleResults(db, pageId).find((r) => r.id === 'http-requests')!;
    expect(before).toMatchObject({ grade: 'A', status: 'pass', version: '1.0.0', value: 10 });
    expect(practiceStatus(db, 'PORTAIL').practices.find((p) => p.practice.id === 'RWEB_0009')!.status).toBe('compliant');

    // The rule changes: a stricter budget (A ≤ 5, C above) in a new version.
    const original = checks.find((c) => c.id === 'http-requests')!;
    const stricter: Check = {
      ...original,
      version: '2.0.0',
      judge(a) {
        const n = a.requests.length;
        return verdict(stricter, 'A ≤ 5, C > 5', { grade: n <= 5 ? 'A' : 'C', value: n });
      },
    };
    const report = rerunRun(db, run, checks.map((c) => (c.id === stricter.id ? stricter : c)));
    expect(report).toEqual({ runId: run, judged: 1, skipped: [], changed: 1 });
    const after = listRuleResults(db, pageId);
    expect(after).toHaveLength(checks.length);
    expect(after.find((r) => r.id === 'http-requests')).toMatchObject({ grade: 'C', status: 'fail', version: '2.0.0', value: 10 });
    expect(practiceStatus(db, 'PORTAIL').practices.find((p) => p.practice.id === 'RWEB_0009')!.status).toBe('non-compliant');

    // Rerunning with the published checks restores the first verdict.
    expect(rerunRun(db, run).changed).toBe(1);
    expect(listRuleResults(db, pageId).find((r) => r.id === 'http-requests')).toMatchObject({ grade: 'A', version: '1.0.0' });
  });

  test('pages with unreadable or invalid artifacts are skipped and keep their results', () => {
    const run = addRun(db);
    const good = page();
    addPage(db, run, 'S', good.url, { artifacts: good });
    const badId = addPage(db, run, 'S', 'https://www.example.test/bad', { results: judgePage(good) });
    db.prepare('INSERT INTO page_artifacts (page_id, schema_version, artifacts) VALUES (?, 1, ?)').run(badId, deflateSync('{"url": 3}'));
    const r = rerunRun(db, run);
    expect(r.judged).toBe(1);
    expect(r.skipped).toEqual([{ pageId: badId, url: 'https://www.example.test/bad', reason: expect.stringMatching(/^artifacts invalid at /) }]);
    expect(listRuleResults(db, badId)).toHaveLength(checks.length);
  });

  test('an unknown run is a user error', () => {
    expect(() => rerunRun(db, 42)).toThrow(UserError);
  });
});
