import { evaluateGate, junitXml, parseBaseline, parseBudget, parseFailUnder, resolveGate } from '../../src/pipeline/gate.js';
import type { PageResultDocument } from '../../src/pipeline/results.js';

const page = (url: string, score: number, grade: string, m: { dom: number; requests: number; sizeKb: number }, rules: Array<{ id: string; status: string }> = []) =>
  ({
    url, site: 's', status: 'ok', error: null, errorCode: null, finalUrl: url, title: 't', httpStatus: 200, metrics: m,
    ecoindex: { score, scoreRaw: score, grade, ghg: 1, water: 1, methodVersion: 'ecoindex-5.0' },
    rules: rules.map((r) => ({ ...r, version: '1', practices: [], grade: null, value: null, threshold: null, evidence: [] })),
    lighthouse: null, measuredAt: null, attempts: 1, spread: null,
  }) as unknown as PageResultDocument;

test('--fail-under takes a grade or a score; anything else is refused', () => {
  expect(parseFailUnder('c')).toEqual({ grade: 'C' });
  expect(parseFailUnder('55')).toEqual({ score: 55 });
  expect(() => parseFailUnder('H')).toThrow('--fail-under must be a grade A…G or a score 0…100, got H');
  expect(() => parseFailUnder('101')).toThrow(/got 101/);
});

test('a budget naming an unknown check id is refused with the closest ids; other mistakes with their field path', () => {
  expect(() => parseBudget({ budgets: [{ match: '*', checks: ['dom-sise'] }] }, 'b.json')).toThrow(
    /^budget b\.json: budgets\.0\.checks\.0: unknown check "dom-sise"; closest: dom-size, /,
  );
  expect(() => parseBudget({ budgets: [{ maxRequests: 'ten' }] }, 'b.json')).toThrow(/^budget b\.json: budgets\.0\.maxRequests: /);
  expect(() => parseBudget({ budgets: [{ minGrade: 'C', colour: 1 }] }, 'b.json')).toThrow('budget b.json: budgets.0: unknown key "colour"');
});

test('every requirement is a line; patterns starting with / match the path', () => {
  const pages = [
    page('https://e.fr/', 72, 'B', { dom: 400, requests: 30, sizeKb: 900 }, [{ id: 'dom-size', status: 'pass' }]),
    page('https://e.fr/actus/1?x=1', 41, 'D', { dom: 1200, requests: 90, sizeKb: 2500 }, [{ id: 'dom-size', status: 'fail' }]),
  ];
  const budget = parseBudget({ budgets: [{ match: '/actus/*', maxRequests: 60, maxDom: 1500, checks: ['dom-size'] }] }, 'b.json');
  const lines = evaluateGate(pages, { failUnder: { grade: 'C' }, budget });
  expect(lines.map((l) => [l.url, l.requirement, l.passed, l.measured])).toEqual([
    ['https://e.fr/', 'EcoIndex grade C or better', true, 'grade B (score 72)'],
    ['https://e.fr/actus/1?x=1', 'EcoIndex grade C or better', false, 'grade D (score 41)'],
    ['https://e.fr/actus/1?x=1', 'budget "/actus/*": requests ≤ 60', false, '90 requests'],
    ['https://e.fr/actus/1?x=1', 'budget "/actus/*": DOM ≤ 1500 elements', true, '1200 elements'],
    ['https://e.fr/actus/1?x=1', 'budget "/actus/*": check dom-size passes', false, 'fail'],
  ]);
  expect(evaluateGate(pages, { failUnder: { score: 41 } }).every((l) => l.passed)).toBe(true);
});

test('JUnit XML: one testcase per line, failures carry the figures, page text escaped', () => {
  const lines = [
    { url: 'https://e.fr/?q=<a>&b', requirement: 'EcoIndex score ≥ 50', passed: false, measured: 'grade D (score 41)' },
    { url: 'https://e.fr/', requirement: 'EcoIndex score ≥ 50', passed: true, measured: 'grade B (score 72)' },
  ];
  const xml = junitXml(7, lines);
  expect(xml).toContain('<testsuites name="numresp" tests="2" failures="1" skipped="0">');
  expect(xml).toContain('<testcase classname="https://e.fr/?q=&lt;a&gt;&amp;b" name="EcoIndex score ≥ 50">');
  expect(xml).toContain('<failure message="EcoIndex score ≥ 50: measured grade D (score 41)" type="budget">');
  expect(xml.match(/<testcase /g)).toHaveLength(2);
  expect(xml.match(/<failure /g)).toHaveLength(1);
});

describe('--baseline: only a significant score fall fails (compare.ts significance)', () => {
  const m = { dom: 100, requests: 10, sizeKb: 100 };
  const spread = (min: number, max: number) => ({ n: 3, score: { min, median: (min + max) / 2, max }, dom: { min: 1, median: 1, max: 1 }, requests: { min: 1, median: 1, max: 1 }, sizeKb: { min: 1, median: 1, max: 1 } });
  const withSpread = (p: PageResultDocument, min: number, max: number) => ({ ...p, spread: spread(min, max) }) as PageResultDocument;
  const failed = (url: string) => ({ ...page(url, 0, 'G', m), status: 'failed', ecoindex: null, metrics: null, error: 'HTTP 500' }) as unknown as PageResultDocument;
  const baselinePages = [page('https://e.fr/a', 70, 'B', m), page('https://e.fr/b', 70, 'B', m), page('https://e.fr/c', 70, 'B', m), page('https://e.fr/gone', 50, 'D', m)];

  test('threshold basis (runs measured once): beyond 3 points down fails; 2 down, and any rise, pass; new pages are skipped', () => {
    const now = [page('https://e.fr/a', 66, 'B', m), page('https://e.fr/b', 68, 'B', m), page('https://e.fr/c', 80, 'A', m), page('https://e.fr/new', 10, 'G', m), failed('https://e.fr/gone')];
    const lines = evaluateGate(now, { baseline: { runId: 4, pages: baselinePages, thresholdPoints: 3 } });
    expect(lines.map((l) => [l.url.slice(13), l.passed, l.skipped ?? false, l.measured])).toEqual([
      ['a', false, false, 'score 70 → 66 (-4, significant: threshold 3 points); grade B'],
      ['b', true, false, 'score 70 → 68 (-2, within noise: threshold 3 points); grade B'],
      ['c', true, false, 'score 70 → 80 (+10, significant: threshold 3 points); grade B→A'],
      ['new', true, true, 'score 10; not measured in run 4'],
      ['gone', false, false, 'not measured (HTTP 500); run 4: score 50'],
    ]);
    expect(lines.every((l) => l.requirement === 'no significant regression against run 4')).toBe(true);
    const xml = junitXml(5, lines);
    expect(xml).toContain('tests="5" failures="2" skipped="1"');
    expect(xml).toContain('<skipped message="score 10; not measured in run 4"/>');
  });

  test('spread basis (both runs repeated): a 5-point fall inside the other run\'s spread passes; outside both fails', () => {
    const base = [withSpread(baselinePages[0], 62, 74), withSpread(baselinePages[1], 69, 71)];
    const now = [withSpread(page('https://e.fr/a', 65, 'B', m), 60, 70), withSpread(page('https://e.fr/b', 66, 'B', m), 65, 67)];
    const lines = evaluateGate(now, { baseline: { runId: 1, pages: base, thresholdPoints: 3 } });
    expect(lines.map((l) => [l.passed, l.measured])).toEqual([
      [true, 'score 70 → 65 (-5, within noise: run 1 62–74, this run 60–70); grade B'],
      [false, 'score 70 → 66 (-4, significant: run 1 69–71, this run 65–67); grade B'],
    ]);
  });
});

test('journey steps are matched by journey and step, not by URL (a single-page app\'s steps share one URL)', () => {
  const m = { dom: 100, requests: 10, sizeKb: 100 };
  const step = (score: number, index: number, name: string) => ({ ...page('https://e.fr/app', score, 'B', m), journey: 'search', step: { index, name } }) as PageResultDocument;
  const base = [page('https://e.fr/app', 80, 'A', m), step(70, 0, 'home'), step(60, 1, 'results')];
  const now = [page('https://e.fr/app', 80, 'A', m), step(70, 0, 'home'), step(50, 1, 'results'), step(40, 2, 'detail')];
  const lines = evaluateGate(now, { baseline: { runId: 1, pages: base, thresholdPoints: 3 } });
  expect(lines.map((l) => [l.url, l.passed, l.skipped ?? false, l.measured.split(' (')[0]])).toEqual([
    ['https://e.fr/app', true, false, 'score 80 → 80'],
    ['https://e.fr/app (journey search, step 1 home)', true, false, 'score 70 → 70'],
    ['https://e.fr/app (journey search, step 2 results)', false, false, 'score 60 → 50'],
    ['https://e.fr/app (journey search, step 3 detail)', true, true, 'score 40; not measured in run 1'],
  ]);
});

test('--baseline takes a run id or last; resolveGate puts each flag over its own config option', () => {
  expect(parseBaseline('12')).toBe(12);
  expect(parseBaseline('LAST')).toBe('last');
  expect(() => parseBaseline('0')).toThrow('--baseline must be a run id (see numresp runs) or last, got 0');
  expect(() => parseBaseline('yesterday')).toThrow(/got yesterday$/);
  const config = { file: 'c.json', gate: { failUnder: 55, baseline: 3, junit: '/tmp/r.xml', budget: { budgets: [{ match: '*', maxDom: 10, checks: [] }] } } };
  expect(resolveGate({}, config)).toEqual({ gate: { failUnder: { score: 55 }, budget: config.gate.budget }, junit: '/tmp/r.xml', baselineRun: 3 });
  expect(resolveGate({ failUnder: 'b', baseline: 'last' }, config)).toMatchObject({ gate: { failUnder: { grade: 'B' } }, baselineRun: 'last', junit: '/tmp/r.xml' });
  expect(resolveGate({}, { file: 'c.json' })).toBeUndefined();
  expect(() => resolveGate({}, { file: 'c.json', gate: { budget: { budgets: [{ match: '*', checks: ['dom-sise'] }] } } })).toThrow(
    /^config c\.json: gate\.budget\.budgets\.0\.checks\.0: unknown check "dom-sise"; closest: dom-size/,
  );
});
