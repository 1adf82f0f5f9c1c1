import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStore } from '../../src/store/database.js';
import { listSites } from '../../src/store/sites.js';
import { spawnSync } from 'node:child_process';
import { numresp } from '../reports/cli.js';
import { cli } from '../faults/cli.js';

/** The built CLI, for what commands print as JSON (process.stdout). */
function json(...args: string[]): any {
  const r = spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8', timeout: 60_000 });
  if (r.status !== 0) throw new Error(r.stderr);
  return JSON.parse(r.stdout);
}

// `practices set` on an unknown site: refused with the close codes (a typo must not create a site) unless
// --create-site; the options a user expects (--db, --json) everywhere they read or print data.
let dir: string;
let db: string;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'numresp-set-site-'));
  db = join(dir, 'store.db');
  await numresp('sites', 'add', 'PORTAIL', '--kind', 'web', '--db', db);
  await numresp('sites', 'add', 'LYC-001', '--db', db);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const codes = () => {
  const s = openStore(db, { readonly: true });
  try {
    return listSites(s).map((x) => x.code).sort();
  } finally {
    s.close();
  }
};

test('a typo is refused with the closest codes, and nothing is created', async () => {
  await expect(
    numresp('practices', 'set', 'PORTAL', '46', '--status', 'in-progress', '--author', 'a', '--db', db),
  ).rejects.toThrow(/^site "PORTAL" does not exist; did you mean PORTAIL\? add --create-site/);
  expect(codes()).toEqual(['LYC-001', 'PORTAIL']);
});

test('--create-site creates it (with the site-code grammar); --json prints the recorded assessment', async () => {
  await expect(
    numresp('practices', 'set', 'new site', '46', '--status', 'in-progress', '--author', 'a', '--create-site', '--db', db),
  ).rejects.toThrow(/site code "new site" must be/);
  expect(json('practices', 'set', 'NEW-SITE', '46', '--status', 'in-progress', '--author', 'a', '--create-site', '--json', '--db', db)).toMatchObject({ siteCode: 'NEW-SITE', practiceId: 'RWEB_0009', status: 'in-progress', unchanged: false });
  expect(codes()).toEqual(['LYC-001', 'NEW-SITE', 'PORTAIL']);
});

test('practices list/show and rgesn list/show accept --db with --json', () => {
  expect(json('practices', 'list', '--db', db, '--json').practices).toHaveLength(119);
  expect(json('practices', 'show', '46', '--db', db, '--json').id).toBe('RWEB_0009') // number 46 of the v4 edition;
  expect(json('rgesn', 'list', '--db', db, '--json').criteria).toHaveLength(78);
  expect(json('sites', 'add', 'DC', '--kind', 'datacenter', '--db', db, '--json')).toMatchObject({ code: 'DC', kind: 'datacenter' });
});
