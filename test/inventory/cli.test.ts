import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { pushReport } from '../../src/inventory/server.js';

// The built CLI (npm run build / .ci/setup) run as a user would. Each spawn loads every command: keep them few.
const here = dirname(fileURLToPath(import.meta.url));
const cli = join(here, '..', '..', 'dist', 'bin', 'numresp.js');
const fixtures = join(here, '..', 'fixtures', 'inventory');

let dir: string;
let db: string;
const run = (...args: string[]) => spawnSync(process.execPath, [cli, '--db', db, ...args], { encoding: 'utf8', timeout: 60_000 });

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'numresp-inv-cli-'));
  db = join(dir, 'inv.db');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('inventory CLI', () => {
  test('sample, summary --json, import exit codes', () => {
    expect(run('inventory', 'sample').status).toBe(0);
    const summary = run('inventory', 'summary', '--json', '--at', '2026-01-01');
    expect(summary.status).toBe(0);
    const s = JSON.parse(summary.stdout);
    expect(s.deviceCount).toBe(301);
    expect(s.perSite.map((p: { code: string }) => p.code)).toEqual(['DC-01', 'LYC-JM', 'LYC-MC', 'LYC-VH', 'SIEGE']);
    const imp = run('inventory', 'import', join(fixtures, 'glpi-computers-fr.csv'), '--json', '--site', 'LYC-JM');
    expect(imp.status).toBe(1); // some rows rejected
    const r = JSON.parse(imp.stdout);
    expect([r.imported, r.rejected]).toEqual([7, 3]);
    expect(run('inventory', 'import', join(fixtures, 'nope.csv')).stderr).toMatch(/cannot read file .*nope\.csv: ENOENT/);
    // A stream with no end is refused after the line bound, in one line (issue 16.8).
    const zero = run('inventory', 'import', '/dev/zero');
    expect(zero.status).toBe(2);
    expect(zero.stderr.trim().split('\n')).toEqual([expect.stringMatching(/\/dev\/zero: line 1 is longer than 1 MiB; this is not a CSV export/)]);
  });

  test('serve: token, push, refusal, clean stop on SIGTERM', async () => {
    const token = run('serve', 'token', 'add', 'LYC-JM').stdout.trim();
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const server = spawn(process.execPath, [cli, '--db', db, 'serve', '--port', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
    const url = await new Promise<string>((resolve, reject) => {
      let out = '';
      server.stdout.on('data', (c) => {
        out += c;
        const m = /POST (http:\/\/127\.0\.0\.1:\d+)\/api/.exec(out);
        if (m) resolve(m[1]);
      });
      server.once('exit', (code) => reject(new Error(`serve exited ${code}`)));
    });
    const report = {
      schemaVersion: 1, collectedAt: new Date().toISOString(), site: 'LYC-JM', type: 'desktop',
      identity: { manufacturer: 'Dell Inc.', model: 'OptiPlex 7090', serial: 'CLI-PUSH-1', uuid: null, hostname: 'pc1', virtual: false, chassisType: 'Desktop' },
      cpu: null, memoryGb: 8, disks: [], gpus: [], displays: [], os: null, battery: null, uptimeSeconds: null,
    };
    expect((await pushReport(url, token, report)).status).toBe(201);
    expect((await pushReport(url, 'x'.repeat(43), report)).status).toBe(401);
    const exited = new Promise<number | null>((resolve) => server.once('exit', (code) => resolve(code)));
    server.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(run('inventory', 'show', 'CLI-PUSH-1').stdout).toMatch(/site LYC-JM, status in-service/);
  });
});
