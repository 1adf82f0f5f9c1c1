/**
 * Issue 16.7: read-only and damaged stores. Read-only commands open the store read-only and work; writing ones say
 * in one line that it is read-only (exit 2); a store with garbage in its middle is reported by `store check` (exit 1,
 * restore from a backup), refused in one line by the others, and answered 503 (never 500) by the dashboard.
 * As root, file permissions do not apply: the CLI then runs as the unprivileged user "nobody".
 */
import { spawn } from 'node:child_process';
import { chmodSync, closeSync, copyFileSync, openSync, statSync, writeSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startDashboard } from '../../dashboard/server.js';
import { cli, http, runCli, tempDir, removeUnprivilegedMirror, UNPRIVILEGED, unprivilegedCli, type CliResult } from './helpers.js';

const runsAsRoot = process.getuid?.() === 0;
afterAll(removeUnprivilegedMirror);

async function sampleStore(): Promise<{ dir: string; file: string }> {
  const dir = tempDir();
  const file = join(dir, 'store.db');
  const r = await runCli(['inventory', 'sample', '--db', file]);
  expect(r.status).toBe(0);
  return { dir, file };
}

function oneLine(r: CliResult, pattern: RegExp): void {
  expect(r.status).toBe(2);
  expect(r.stderr.trim().split('\n')).toHaveLength(1);
  expect(r.stderr).toMatch(pattern);
  expect(r.stderr).not.toMatch(/internal error/);
}

/** Starts `numresp dashboard` as the unprivileged user and returns its URL and a stop function. */
function dashboardAs(file: string): Promise<{ url: string; stop(): void; output(): string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [runsAsRoot ? unprivilegedCli() : cli, 'dashboard', '--port', '0', '--db', file], {
      stdio: ['ignore', 'pipe', 'pipe'],
      ...(runsAsRoot ? UNPRIVILEGED : {}),
    });
    let out = '';
    const onData = (d: Buffer) => {
      out += d;
      const m = /serving .* at (http:\/\/\S+)/.exec(out);
      if (m) resolve({ url: m[1], stop: () => child.kill('SIGTERM'), output: () => out });
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('close', (code) => reject(new Error(`dashboard ended (${code}): ${out}`)));
  });
}

describe.each([
  ['file', (_dir: string, file: string) => chmodSync(file, 0o444)],
  [
    'folder',
    (dir: string, file: string) => {
      chmodSync(file, 0o666);
      chmodSync(dir, 0o555);
    },
  ],
])('read-only store %s', (what, makeReadOnly) => {
  let dir: string;
  let file: string;
  let out: string;
  beforeAll(async () => {
    ({ dir, file } = await sampleStore());
    out = tempDir();
    makeReadOnly(dir, file);
  }, 60_000);
  afterAll(() => chmodSync(dir, 0o777));

  test('store info, report and the dashboard work', async () => {
    const before = statSync(file).mtimeMs;
    const info = await runCli(['store', 'info', '--db', file], { asUnprivileged: true });
    expect(info.stderr).toBe('');
    expect(info).toMatchObject({ status: 0 });
    expect(info.stdout).toMatch(/devices\s+\d+/);
    const report = await runCli(['report', '--format', 'json', '--out', join(out, 'r'), '--db', file], { asUnprivileged: true });
    expect(report.stderr).toBe('');
    expect(report.status).toBe(0);
    const dash = await dashboardAs(file);
    try {
      expect((await http(new URL('/api/fleet', dash.url).href)).status).toBe(200);
      expect((await http(dash.url)).status).toBe(200);
    } finally {
      dash.stop();
    }
    expect(statSync(file).mtimeMs).toBe(before);
  }, 60_000);

  test('writing commands say in one line that the store is read-only (exit 2)', async () => {
    const csv = join(out, 'fleet.csv');
    writeFileSync(csv, 'site,type,serial\nLYC-JM,desktop,RO-1\n');
    chmodSync(csv, 0o644);
    oneLine(await runCli(['inventory', 'import', csv, '--db', file], { asUnprivileged: true }), new RegExp(`store .* is read-only .*${what}`));
    oneLine(await runCli(['sites', 'add', 'NEW', '--name', 'New', '--db', file], { asUnprivileged: true }), /read-only/);
  }, 60_000);
});

describe('store with garbage in its middle', () => {
  let file: string;
  let dir: string;
  beforeAll(async () => {
    ({ dir, file } = await sampleStore());
    // Overwrite the middle half of the file (never page 1, the header) with garbage, as a failing disk might.
    const size = statSync(file).size;
    const fd = openSync(file, 'r+');
    const garbage = Buffer.alloc(Math.floor(size / 2), 0xa5);
    writeSync(fd, garbage, 0, garbage.length, Math.max(4096, Math.floor(size / 4)));
    closeSync(fd);
  }, 60_000);

  test('store check reports the damage and what to do (exit 1)', async () => {
    const r = await runCli(['store', 'check', '--db', file]);
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(/restore the last copy made by numresp store backup/);
    expect(r.stderr).not.toMatch(/internal error/);
  });

  test('report and inventory summary refuse in one line', async () => {
    oneLine(await runCli(['report', '--format', 'json', '--out', join(dir, 'r'), '--db', file]), /damaged .*store check/);
    oneLine(await runCli(['inventory', 'summary', '--db', file]), /damaged|not a numresp/);
  });

  test('the dashboard refuses to start on it in one line; one that meets it while serving answers 503, never 500', async () => {
    oneLine(await runCli(['dashboard', '--port', '0', '--db', file]), /damaged .*store check/);
    // Started before the store exists (its first-steps page), then the damaged file appears.
    const later = join(tempDir(), 'later.db');
    const errors: unknown[] = [];
    const dash = await startDashboard({ dbFile: later, port: 0, warm: false, onError: (e) => errors.push(e) });
    try {
      expect((await http(dash.url)).status).toBe(200);
      copyFileSync(file, later);
      for (const path of ['/', '/fleet', '/api/fleet', '/csv/fleet-age']) {
        const answer = await http(new URL(path, dash.url).href);
        expect([path, answer.status]).toEqual([path, 503]);
        expect(answer.body).toMatch(/damaged .*store check/);
      }
      expect(errors).toEqual([]);
    } finally {
      await dash.close();
    }
  });

  test('report --out naming an existing file: one line', async () => {
    const good = await sampleStore();
    const existing = join(good.dir, 'report.html');
    writeFileSync(existing, 'keep me');
    oneLine(await runCli(['report', '--format', 'json', '--out', existing, '--db', good.file]), /--out .* is an existing file/);
  }, 60_000);
});
