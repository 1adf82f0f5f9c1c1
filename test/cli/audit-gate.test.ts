import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startStaticServer, type StaticServer } from '../../src/util/static-server.js';
import { runCli } from '../faults/cli.js';

// The CI gate through the built CLI (issue 13.4): --baseline and the config's "gate", on a fixture site on 127.0.0.1.
const FAST = ['--wait-before-scroll', '100', '--wait-after-scroll', '100', '--timeout', '20'];

/** What the fixture pages hold; the test changes them between runs. */
const state = { heavyElements: 0, nudgedElements: 0 };
const page = (title: string, elements: number) => (_q: unknown, res: import('node:http').ServerResponse) => {
  res.writeHead(200, { 'content-type': 'text/html' });
  res.end(`<!doctype html><title>${title}</title><link rel="icon" href="data:,"><p>${title}</p>${'<i></i>'.repeat(elements)}`);
};

let site: StaticServer;
let dir: string;
beforeAll(async () => {
  site = await startStaticServer({
    routes: {
      '/stable': page('stable', 0),
      '/heavy': (q, res) => page('heavy', state.heavyElements)(q, res),
      '/nudged': (q, res) => page('nudged', state.nudgedElements)(q, res),
      '/new': page('new', 0),
    },
  });
  dir = mkdtempSync(join(tmpdir(), 'numresp-gate-'));
});
afterAll(() => site.close());

/** The built CLI run without blocking this process (the fixture site lives in it). */
const run = runCli;

/** Testcases of a JUnit file as [classname, name, outcome]. */
function testcases(xml: string): Array<[string, string, 'passed' | 'failure' | 'skipped']> {
  return [...xml.matchAll(/<testcase classname="([^"]*)" name="([^"]*)">([\s\S]*?)<\/testcase>/g)].map((m) => [
    m[1],
    m[2].replace(/&quot;/g, '"'),
    m[3].includes('<failure') ? 'failure' : m[3].includes('<skipped') ? 'skipped' : 'passed',
  ]);
}

const url = (path: string) => `${site.origin}${path}`;

test('--baseline RUN: exit 4 only on a significant score fall; noise and new pages pass; JUnit has a testcase per comparison', async () => {
  const db = join(dir, 'baseline.db');
  const junit = join(dir, 'baseline.xml');
  state.heavyElements = 0;
  state.nudgedElements = 0;
  const a = await run(['audit', url('/stable'), url('/heavy'), url('/nudged'), '--label', 'A', '--db', db, ...FAST]);
  expect(a.status).toBe(0);

  // Between the runs: /heavy gains 2,000 elements (EcoIndex DOM quantiles put 2,003 elements between 1,801 and
  // 2,479: the score falls by tens of points); /nudged gains 10 (under 1 point: within the 3-point threshold).
  state.heavyElements = 2000;
  state.nudgedElements = 10;
  const b = await run(['audit', url('/stable'), url('/heavy'), url('/nudged'), url('/new'), '--baseline', '1', '--junit', junit, '--json', '--db', db, ...FAST]);
  expect(b.status).toBe(4);
  const doc = JSON.parse(b.stdout);
  expect(doc.run.ok).toBe(4); // everything measured is stored before the gate
  expect(b.stderr).toMatch(new RegExp(`numresp: gate: ${url('/heavy')}: no significant regression against run 1, measured score \\d+ → \\d+ \\(-\\d+, significant: threshold 3 points\\)`));
  expect(b.stderr).toContain(`numresp: gate: ${url('/new')}: reported, not gated (score `);
  expect(b.stderr).not.toMatch(/gate: \S+\/(stable|nudged): no significant/);
  const xml = readFileSync(junit, 'utf8');
  expect(xml).toContain('tests="4" failures="1" skipped="1"');
  const requirement = 'no significant regression against run 1';
  expect(testcases(xml)).toEqual([
    [url('/stable'), requirement, 'passed'],
    [url('/heavy'), requirement, 'failure'],
    [url('/nudged'), requirement, 'passed'],
    [url('/new'), requirement, 'skipped'],
  ]);
  // The nudged page did change, within the noise: its testcase says so.
  expect(xml).toMatch(/measured: score \d+ → \d+ \((-\d|0|\+\d), within noise: threshold 3 points\)/);

  // Against run 2 (already heavy) nothing regresses: exit 0.
  const c = await run(['audit', url('/stable'), url('/heavy'), '--baseline', '2', '--db', db, ...FAST]);
  expect([c.status, c.stderr]).toEqual([0, expect.not.stringContaining('gate:')]);

  // A baseline that does not exist is refused before anything runs; no run is added.
  const missing = await run(['audit', url('/stable'), '--baseline', '99', '--db', db, ...FAST]);
  expect([missing.status, missing.stderr]).toEqual([2, 'numresp: --baseline 99: no such run in the store; see numresp runs\n']);
  expect(JSON.parse((await run(['runs', '--json', '--db', db])).stdout)).toHaveLength(3);
}, 240000);

test('gate options in --config (inline budget, junit, failUnder, baseline), validated with field paths; flags win', async () => {
  const db = join(dir, 'config.db');
  state.heavyElements = 0;
  const cfgDir = mkdtempSync(join(dir, 'cfg-'));
  const config = join(cfgDir, 'audit.json');
  const write = (gate: unknown) =>
    writeFileSync(config, JSON.stringify({ label: 'gated', protocol: { waitBeforeScrollMs: 100, waitAfterScrollMs: 100, timeoutMs: 20000 }, gate, sites: [{ code: 'fixture', urls: [url('/stable'), url('/heavy')] }] }));

  // /stable and /heavy make 1 request each (the page: the icon is a data: URL): a budget of 0 misses on both.
  write({ failUnder: 'G', budget: { budgets: [{ match: '/heavy', maxRequests: 0 }] }, junit: 'out/../report.xml' });
  const r = await run(['audit', '--config', config, '--db', db]);
  expect(r.status).toBe(4);
  expect(r.stderr).toContain(`numresp: gate: ${url('/heavy')}: budget "/heavy": requests ≤ 0, measured 1 requests`);
  // The junit path is relative to the config file, like the config's other files.
  expect(testcases(readFileSync(join(cfgDir, 'report.xml'), 'utf8')).map((t) => t[2])).toEqual(['passed', 'passed', 'failure']);

  // A flag overrides the config's option of the same name only: --budget from a file that holds; failUnder A still applies.
  const lenient = join(dir, 'lenient.json');
  writeFileSync(lenient, JSON.stringify({ budgets: [{ match: '*', maxRequests: 5 }] }));
  write({ failUnder: 'A', budget: { budgets: [{ maxRequests: 0 }] } });
  const flagged = await run(['audit', '--config', config, '--budget', lenient, '--json', '--db', db]);
  expect(flagged.status).toBe(0);
  const junit2 = join(dir, 'flag.xml');
  write({ failUnder: 'A', baseline: 1, budget: 'lenient-missing.json' });
  const viaFile = await run(['audit', '--config', config, '--budget', lenient, '--fail-under', '100', '--junit', junit2, '--db', db]);
  // Score 100 is out of reach for a real page; the config's baseline (run 1) adds one testcase per page.
  expect(viaFile.status).toBe(4);
  expect(testcases(readFileSync(junit2, 'utf8')).map((t) => t[1])).toEqual([
    'EcoIndex score ≥ 100', 'budget "*": requests ≤ 5', 'EcoIndex score ≥ 100', 'budget "*": requests ≤ 5',
    'no significant regression against run 1', 'no significant regression against run 1',
  ]);

  // Bad gate input: one line, field path, exit 2, no run added.
  write({ budget: { budgets: [{ checks: ['dom-sise'] }] } });
  const unknown = await run(['audit', '--config', config, '--db', db]);
  expect(unknown.status).toBe(2);
  expect(unknown.stderr).toMatch(/^numresp: config .*audit\.json: gate\.budget\.budgets\.0\.checks\.0: unknown check "dom-sise"; closest: dom-size, .* \(see numresp practices list\)\n$/);
  write({ failUnder: 'H' });
  expect(await run(['audit', '--config', config, '--db', db])).toMatchObject({ status: 2, stderr: expect.stringMatching(/^numresp: config .*audit\.json: gate\.failUnder: /) });
  write({ budget: { budgets: [{ maxDom: -1 }] } });
  expect(await run(['audit', '--config', config, '--db', db])).toMatchObject({ status: 2, stderr: expect.stringMatching(/^numresp: config .*audit\.json: gate\.budget\.budgets\.0\.maxDom: /) });
  write({ budget: 'nowhere.json' });
  expect(await run(['audit', '--config', config, '--db', db])).toMatchObject({ status: 2, stderr: expect.stringMatching(/^numresp: budget .*cfg-\w+\/nowhere\.json: ENOENT/) });
  expect(JSON.parse((await run(['runs', '--json', '--db', db])).stdout)).toHaveLength(3);
}, 240000);
