import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startStaticServer, type StaticServer } from '../../src/util/static-server.js';
import { numresp } from './cli.js';

// Proposals from pages made for it, served on 127.0.0.1 and measured by real Chromium through the CLI.
let dir: string;
let db: string;
let site: StaticServer;
const HEAVY_BYTES = 800_000; // 800 kB at 512 kbit/s (64,000 B/s) ≈ 12.5 s > 10 s
const root = new URL('../fixtures/sites/rgesn/', import.meta.url).pathname;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'numresp-rgesn-propose-'));
  db = join(dir, 'r.db');
  const heavyScript = `/*${'x'.repeat(HEAVY_BYTES)}*/`;
  site = await startStaticServer({
    root,
    routes: {
      // A page whose parsing waits for a large blocking script: usable only once it has arrived.
      '/heavy.html': (_req, res) => {
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
        res.end('<!DOCTYPE html><html><head><title>Lourde</title><script src="/heavy.js"></script></head><body><p>Texte</p></body></html>');
      },
      '/heavy.js': (_req, res) => {
        res.writeHead(200, { 'content-type': 'text/javascript', 'cache-control': 'no-store' });
        res.end(heavyScript);
      },
    },
  });
});
afterAll(async () => {
  await site.close();
  rmSync(dir, { recursive: true, force: true });
});

async function propose(service: string, ...paths: string[]) {
  await numresp('rgesn', 'set', service, '1.1', '--db', db, '--status', 'a-evaluer', '--author', 'Alice');
  const args = paths.flatMap((p) => ['--url', `${site.origin}${p}`]);
  const r = JSON.parse(await numresp('rgesn', 'propose', service, '--db', db, '--evidence-dir', join(dir, 'evidence'), '--json', ...args));
  return (id: string) => r.proposals.find((p: { criterionId: string }) => p.criterionId === id);
}

test('2.5: a fixed 1,600 px layout is proposed non-conforme with a screenshot, a responsive one conforme', async () => {
  const fixed = await propose('FIXE', '/fixed.html');
  expect(fixed('2.5')).toMatchObject({ status: 'non-conforme', restsOn: 'chromium viewport 1200x720 (1 pages)' });
  expect(fixed('2.5').evidence).toMatch(/horizontal overflow \(content 1600 px wide\)/);
  expect(fixed('2.5').artifact).toMatch(/FIXE-2\.5-.*\.png$/);
  expect(existsSync(fixed('2.5').artifact)).toBe(true);
  const responsive = await propose('ADAPT', '/responsive.html');
  expect(responsive('2.5')).toMatchObject({ status: 'conforme' });
  expect(responsive('2.5').evidence).toMatch(/fits \(1200 px wide\)/);
  // A page that forbids scrolling and is taller than 720 px: content cut.
  const cut = await propose('KIOSQUE', '/cut.html');
  expect(cut('2.5')).toMatchObject({ status: 'non-conforme' });
  expect(cut('2.5').evidence).toMatch(/content cut/);
}, 180_000);

test('2.3: loaded at 512 kbit/s, time to usable and weight in figures; 1.3 from the declared contact', async () => {
  const light = await propose('LEGER', '/responsive.html');
  expect(light('2.3').status).toBe('conforme');
  expect(light('2.3').evidence).toMatch(/usable after \d+\.\d s, loaded after \d+\.\d s, \d+ kB in \d+ requests/);
  const heavy = await propose('LOURD', '/heavy.html');
  expect(heavy('2.3').status).toBe('non-conforme');
  const [, seconds, kb] = /usable after (\d+\.\d) s, loaded after [\d.]+ s, (\d+) kB/.exec(heavy('2.3').evidence)!;
  // 800 kB at 64,000 B/s takes at least 12.5 s: the throttling really applied.
  expect(Number(seconds)).toBeGreaterThanOrEqual(12.4);
  expect(Number(kb)).toBeGreaterThanOrEqual(800);
  expect(heavy('1.3')).toMatchObject({ status: 'non-conforme', restsOn: 'declaration contact (rgesn describe --contact)' });
  await numresp('rgesn', 'describe', 'LOURD', '--db', db, '--contact', 'numerique-responsable@region.example');
  const again = JSON.parse(await numresp('rgesn', 'propose', 'LOURD', '--db', db, '--no-measure', '--json'));
  expect(again.proposals.find((p: { criterionId: string }) => p.criterionId === '1.3')).toMatchObject({ status: 'conforme', evidence: 'Eco-design contact declared: numerique-responsable@region.example' });
}, 180_000);

test('proposals are not verdicts until accepted; accept one, then all but what the auditor decided later', async () => {
  await propose('ACCEPT', '/fixed.html');
  let s = JSON.parse(await numresp('rgesn', 'status', 'ACCEPT', '--db', db, '--json'));
  const c25 = s.criteria.find((c: { id: string }) => c.id === '2.5');
  expect(c25).toMatchObject({ status: 'a-evaluer', source: null, proposal: { status: 'non-conforme' } });
  expect(s.counts.nonConforme).toBe(0);
  await numresp('rgesn', 'set', 'ACCEPT', '2.5', '--db', db, '--accept-proposal', '--author', 'Alice');
  // The auditor overrules 2.3 after the proposal was made: accept --all-proposals leaves it.
  await numresp('rgesn', 'set', 'ACCEPT', '2.3', '--db', db, '--status', 'non-applicable', '--justification', 'service interne sur réseau local', '--author', 'Alice');
  const all = JSON.parse(await numresp('rgesn', 'accept', 'ACCEPT', '--all-proposals', '--db', db, '--author', 'Bob', '--json'));
  expect(all.accepted.map((a: { criterionId: string }) => a.criterionId)).toEqual(['1.3']);
  expect(all.skipped).toEqual(
    expect.arrayContaining([
      { criterionId: '2.3', reason: expect.stringMatching(/the auditor decided non-applicable on \d{4}-\d{2}-\d{2}, after the proposal/) },
      { criterionId: '2.5', reason: 'already accepted' },
    ]),
  );
  s = JSON.parse(await numresp('rgesn', 'status', 'ACCEPT', '--db', db, '--json'));
  expect(s.criteria.find((c: { id: string }) => c.id === '2.5')).toMatchObject({ status: 'non-conforme', source: 'proposal', evidence: expect.stringMatching(/horizontal overflow.*\.png\]$/) });
  expect(s.criteria.find((c: { id: string }) => c.id === '2.3')).toMatchObject({ status: 'non-applicable', source: 'auditor' });
  expect(s.criteria.find((c: { id: string }) => c.id === '1.3')).toMatchObject({ status: 'non-conforme', source: 'proposal' });
  await expect(numresp('rgesn', 'set', 'ACCEPT', '4.1', '--db', db, '--accept-proposal')).rejects.toThrow(/no proposal for ACCEPT 4\.1/);
}, 180_000);
