import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cli } from '../faults/cli.js';

// The commands that gained --json in issue 10.8: each prints one JSON document of what it recorded, read back here.
let dir: string;
let db: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'numresp-json-'));
  db = join(dir, 's.db');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function json(...args: string[]): any {
  const r = spawnSync(process.execPath, [cli, ...args, '--db', db, '--json'], { encoding: 'utf8', timeout: 60_000 });
  expect([args.join(' '), r.status, r.stderr]).toEqual([args.join(' '), 0, '']);
  return JSON.parse(r.stdout);
}

test('serve token add, rotate and revoke print the token once and its state', () => {
  json('sites', 'add', 'LYC-1');
  const added = json('serve', 'token', 'add', 'LYC-1', '--expires', '90d');
  expect(added).toMatchObject({ id: 1, site: 'LYC-1', token: expect.stringMatching(/^\S{32,}$/) });
  expect(Date.parse(added.expiresAt) - Date.now()).toBeGreaterThan(89 * 86_400_000);
  const rotated = json('serve', 'token', 'rotate', '1');
  expect(rotated).toMatchObject({ revoked: 1, id: 2, site: 'LYC-1' });
  expect(rotated.token).not.toBe(added.token);
  const revoked = json('serve', 'token', 'revoke', '2');
  expect(revoked).toEqual({ id: 2, site: 'LYC-1', revokedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/) });
  expect(json('serve', 'token', 'list').map((t: { id: number; state: string }) => [t.id, t.state])).toEqual([[1, 'revoked'], [2, 'revoked']]);
});

test('inventory vm add and inventory recompute', () => {
  const fleet = join(dir, 'fleet.csv');
  writeFileSync(fleet, 'site,type,manufacturer,model,serial,purchase_date,status\nDC,server,Dell,PowerEdge R740,SRV-1,2021-01-15,in-service\nDC,laptop,Dell,Latitude 5420,LAP-1,2022-02-01,in-service\n');
  json('sites', 'add', 'DC', '--kind', 'datacenter');
  json('inventory', 'import', fleet);
  expect(json('inventory', 'vm', 'add', 'SRV-1', 'vm-web', '--serves', 'LYC-1', '--vcpus', '4')).toEqual({ host: 'SRV-1', name: 'vm-web', serves: 'LYC-1', vcpus: 4, outcome: 'inserted' });
  expect(json('inventory', 'recompute')).toEqual({ recomputed: 2 });
});

test('rgesn set and rgesn describe print what they recorded', () => {
  const set = json('rgesn', 'set', 'LYC-1', '1.3', '--status', 'conforme', '--justification', 'référente : A. Martin', '--author', 'test');
  expect(set).toMatchObject({ service: 'LYC-1', criterionId: '1.3', status: 'conforme', unchanged: false });
  expect(json('rgesn', 'set', 'LYC-1', '1.3', '--status', 'conforme', '--justification', 'référente : A. Martin', '--author', 'test')).toMatchObject({ id: set.id, unchanged: true });
  const facts = json('rgesn', 'describe', 'LYC-1', '--objective', 'Informer les familles', '--target', '80 %', '--author', 'test');
  expect(facts).toMatchObject({ service: 'LYC-1', objective: 'Informer les familles', targetScore: 0.8, author: 'test' });
});

test('--json and --csv together are refused in one line (exit 2) by runs, results and compare', () => {
  for (const args of [['runs'], ['results'], ['compare', '1', '2']]) {
    const r = spawnSync(process.execPath, [cli, ...args, '--json', '--csv', '--db', db], { encoding: 'utf8', timeout: 60_000 });
    expect([args[0], r.status, r.stderr]).toEqual([args[0], 2, 'numresp: Arguments json and csv are mutually exclusive (see numresp --help)\n']);
  }
});
