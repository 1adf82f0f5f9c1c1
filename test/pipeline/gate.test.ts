import { evaluateGate, junitXml, parseBudget, parseFailUnder } from '../../src/pipeline/gate.js';
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
  expect(xml).toContain('<testsuites name="numresp" tests="2" failures="1">');
  expect(xml).toContain('<testcase classname="https://e.fr/?q=&lt;a&gt;&amp;b" name="EcoIndex score ≥ 50">');
  expect(xml).toContain('<failure message="EcoIndex score ≥ 50: measured grade D (score 41)" type="budget">');
  expect(xml.match(/<testcase /g)).toHaveLength(2);
  expect(xml.match(/<failure /g)).toHaveLength(1);
});
