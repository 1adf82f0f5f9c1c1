import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { runCli } from './cli.js';
import { startHostileSite, type HostileSite } from './hostile-site.js';

// Issue 7: malformed inputs give one clear line naming the input; what is valid goes on; exports neutralise formulas.
const FAST = ['--wait-before-scroll', '100', '--wait-after-scroll', '100', '--timeout', '20'];

let site: HostileSite;
let dir: string;
beforeAll(async () => {
  site = await startHostileSite();
  dir = mkdtempSync(join(tmpdir(), 'numresp-malformed-'));
});
afterAll(async () => {
  await site.close();
  rmSync(dir, { recursive: true, force: true });
});

const run = runCli;

/** A user error is exactly one line on stderr, no stack trace. */
function expectOneLineError(r: { status: number | null; stderr: string }, pattern: RegExp): void {
  expect(r.status).toBe(2);
  const lines = r.stderr.trim().split('\n');
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(/^numresp: /);
  expect(lines[0]).toMatch(pattern);
  expect(r.stderr).not.toMatch(/\n\s+at /);
}

test('a URL list with garbage lines: each named by line, the valid URLs audited', async () => {
  const list = join(dir, 'urls.txt');
  writeFileSync(list, ['# campaign', site.url('/ok/a'), 'not a url', 'ftp://files.example/x', '\u0000\u0001binary', '', site.url('/ok/b')].join('\n'));
  const r = await run(['audit', '--input', list, '--db', join(dir, 'list.db'), '--json', ...FAST]);
  expect(r.status).toBe(0);
  expect(r.stderr).toMatch(/urls\.txt:3/);
  expect(r.stderr).toMatch(/urls\.txt:4/);
  const doc = JSON.parse(r.stdout);
  const pages = doc.pages ?? doc.runs?.[0]?.pages ?? doc;
  expect(JSON.stringify(pages)).toContain('/ok/a');
  expect(JSON.stringify(pages)).toContain('/ok/b');
}, 120000);

test('a sitemap that is not XML, and a gzip bomb, are refused in one line', async () => {
  const notXml = join(dir, 'sitemap.xml');
  writeFileSync(notXml, '{"this": "is json"}');
  expectOneLineError(await run(['audit', '--sitemap', notXml, '--db', join(dir, 's.db')]), /sitemap/);
  const bomb = join(dir, 'bomb.xml.gz');
  writeFileSync(bomb, gzipSync(Buffer.alloc(200 * 1024 * 1024, 0x20), { level: 9 })); // 200 MB of spaces, ~200 KB packed
  const t = Date.now();
  expectOneLineError(await run(['audit', '--sitemap', bomb, '--db', join(dir, 's.db')]), /bomb\.xml\.gz/);
  expect(Date.now() - t).toBeLessThan(20000);
}, 60000);

test('config files with unknown keys or wrong types name the field path', async () => {
  const config = join(dir, 'campaign.json');
  writeFileSync(config, JSON.stringify({ sites: [{ code: 'a', urls: 'https://a.example/' }] }));
  expectOneLineError(await run(['audit', '--config', config, '--db', join(dir, 'c.db')]), /sites\.0\.urls/);
  writeFileSync(config, '{ not json');
  expectOneLineError(await run(['audit', '--config', config, '--db', join(dir, 'c.db')]), /campaign\.json/);
});

describe('inventory CSV', () => {
  const header = 'site,type,manufacturer,model,serial,purchase_date,status,lifetime_years,name,uuid';

  test('missing columns: one line naming them', async () => {
    const file = join(dir, 'missing.csv');
    writeFileSync(file, 'manufacturer,model\nDell,Latitude 5520\n');
    const r = await run(['inventory', 'import', file, '--preset', 'numresp', '--db', join(dir, 'inv.db')]);
    expect(r.status).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/missing\.csv/);
    expect(r.stderr).toMatch(/type|serial|site/);
  });

  test('latin-1 file and bad rows: valid rows imported, others listed by line', async () => {
    const file = join(dir, 'mixed.csv');
    const rows = [
      header,
      'LYC-A,laptop,Dell,Latitude 5520,SN-1,2021-09-01,in-service,5,Poste élève,',
      `LYC-A,desktop,HP,${'x'.repeat(100 * 1024)},SN-2,2020-01-01,in-service,5,huge,`,
      'LYC-A,toaster,Acme,T1,SN-3,2020-01-01,in-service,5,bad type,',
      'LYC-A,laptop,Lenovo,ThinkPad,SN-4,not-a-date,in-service,5,bad date,',
      'LYC-A,monitor,Dell,P2419H,SN-5,2019-03-15,in-service,6,Écran salle 12,',
    ];
    writeFileSync(file, Buffer.from(rows.join('\r\n') + '\r\n', 'latin1'));
    await run(['sites', 'add', 'LYC-A', '--name', 'Lycée A', '--kind', 'lycee', '--db', join(dir, 'inv.db')]);
    const r = await run(['inventory', 'import', file, '--db', join(dir, 'inv.db'), '--json']);
    expect([0, 1]).toContain(r.status);
    const out = JSON.parse(r.stdout);
    expect(out.encoding).toMatch(/latin|1252|8859/);
    // Line 2 imports; line 3's 100 KB model cell is kept or rejected, never echoed; line 4's unknown type is kept as
    // `other` with one warning naming the word (issue 11: an unknown word never loses a device); line 5's bad date is
    // rejected by line.
    const lines: number[] = out.rejections.map((x: { line: number }) => x.line).sort();
    expect(lines.filter((l) => l !== 3)).toEqual([5]);
    expect(out.imported).toBe(lines.includes(3) ? 3 : 4);
    expect(out.warnings).toEqual([expect.objectContaining({ message: expect.stringContaining('"toaster"'), count: 1 })]);
    expect(JSON.stringify(out)).not.toContain('x'.repeat(1000));
    const list = await run(['inventory', 'summary', '--db', join(dir, 'inv.db'), '--json']);
    expect(list.status).toBe(0);
  }, 60000);

  test('a 10 MB line: the file is refused in one line naming the line and the bound (issue 16.8), nothing stored is lost', async () => {
    const db = join(dir, 'inv-bound.db');
    await run(['sites', 'add', 'LYC-A', '--name', 'Lycée A', '--kind', 'lycee', '--db', db]);
    const good = join(dir, 'good.csv');
    writeFileSync(good, `${header}\nLYC-A,laptop,Dell,Latitude 5520,SN-1,2021-09-01,in-service,5,Poste élève,\n`);
    expect((await run(['inventory', 'import', good, '--db', db, '--json'])).status).toBe(0);
    const file = join(dir, 'huge-line.csv');
    writeFileSync(file, `${header}\nLYC-A,desktop,HP,${'x'.repeat(10 * 1024 * 1024)},SN-2,2020-01-01,in-service,5,huge,\n`);
    const r = await run(['inventory', 'import', file, '--db', db, '--json']);
    expect(r.status).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/huge-line\.csv: line 2 is longer than 1 MiB/);
    const summary = JSON.parse((await run(['inventory', 'summary', '--db', db, '--json'])).stdout);
    expect(summary.deviceCount).toBe(1);
  }, 60000);
});

test('formula-injection cells come out neutralised in CSV exports', async () => {
  const db = join(dir, 'formula.db');
  await run(['practices', 'set', 'web-a', 'RWEB_0001', '--status', 'compliant', '--evidence', "=cmd|' /C calc'!A0", '--author', 'x', '--create-site', '--db', db]);
  const out = join(dir, 'export.csv');
  const r = await run(['practices', 'export', 'web-a', out, '--db', db]);
  expect(r.status).toBe(0);
  const text = (await import('node:fs')).readFileSync(out, 'utf8');
  expect(text).toContain("'=cmd|");
  expect(text).not.toMatch(/(^|[,;])"?=cmd/m);
});
