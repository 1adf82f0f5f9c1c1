import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { practicesCommand } from '../../src/cli/commands/practices.js';
import { runCommand } from '../reports/cli.js';

// The practices command wired through yargs as bin/numresp.ts does, on a temporary store; output captured.
let dir: string;
const numresp = (...args: string[]) => runCommand([practicesCommand], args);

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'numresp-practices-'));
  process.exitCode = undefined;
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
  process.exitCode = undefined;
});

test('show says which edition a number refers to', async () => {
  expect(await numresp('practices', 'show', '46')).toMatch(/^RWEB_0009 \(number 46 read in the v4 edition\): #0046 in v4/);
  expect(await numresp('practices', 'show', '116', '--edition', 'v5')).toMatch(/^RWEB_4036 .*#— in v4 \(2022\), #0116 in v5/);
  await expect(numresp('practices', 'show', '116')).rejects.toThrow(/no practice #0116 in the v4 edition/);
});

test('list filters by tier and automation', async () => {
  const json = JSON.parse(await numresp('practices', 'list', '--tier', 'datacenter', '--automated', '--json'));
  expect(json.practices.map((p: { id: string }) => p.id).sort()).toEqual(['RWEB_0070', 'RWEB_0094']);
  expect(json.attribution).toMatch(/CC BY-NC-ND 4\.0/);
});

test('set → export → edit → import → history and status', async () => {
  const db = join(dir, 'p.db');
  await numresp('practices', 'set', 'PORTAIL', '46', '--db', db, '--status', 'in-progress', '--author', 'Alice', '--create-site');
  await numresp('practices', 'set', 'PORTAIL', 'RWEB_0009', '--db', db, '--status', 'compliant', '--evidence', 'bundle', '--author', 'Alice');
  const file = join(dir, 'export.csv');
  await numresp('practices', 'export', 'PORTAIL', file, '--db', db);
  const lines = readFileSync(file, 'utf8').split('\r\n');
  // The auditor fills in RWEB_0086 (#0095) in the spreadsheet.
  const i = lines.findIndex((l) => l.startsWith('RWEB_0086,'));
  const cells = lines[i].split(',');
  cells[7] = 'conforme'; // status
  cells[8] = 'PUE 1.3 certificate'; // evidence
  cells[12] = 'Bob'; // author
  lines[i] = cells.join(',');
  writeFileSync(file, lines.join('\r\n'));
  expect(await numresp('practices', 'import', 'PORTAIL', file, '--db', db)).toMatch(/1 recorded, 1 unchanged, 117 without status, 0 rejected/);
  expect(await numresp('practices', 'history', 'PORTAIL', '#0046', '--db', db)).toMatch(/in-progress[\s\S]*compliant/);
  const status = JSON.parse(await numresp('practices', 'status', 'PORTAIL', '--db', db, '--json'));
  expect(status.totals.byStatus).toMatchObject({ compliant: 2, unassessed: 117 });
  expect(process.exitCode).toBeUndefined();
});

test('a bad value is one user error naming the option', async () => {
  const db = join(dir, 'p.db');
  await expect(numresp('practices', 'set', 'PORTAIL', '46', '--db', db, '--status', 'compliant', '--author', 'A')).rejects.toThrow(
    '--evidence or a file reference is required for compliant / non-compliant',
  );
  await expect(numresp('practices', 'rerun', '7', '--db', db)).rejects.toThrow('run 7 does not exist');
});
