import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cli, runCli } from './cli.js';
import { startHostileSite, type HostileSite } from './hostile-site.js';

// Issue 7: the audit process killed outright (SIGKILL, a reboot) mid-run loses nothing finished, leaves a store that
// opens cleanly and no browser behind, and --resume completes the rest without counting any page twice.
const FAST = ['--wait-before-scroll', '300', '--wait-after-scroll', '300', '--timeout', '20', '--concurrency', '1'];

let site: HostileSite;
let dir: string;
beforeAll(async () => {
  site = await startHostileSite();
  dir = mkdtempSync(join(tmpdir(), 'numresp-kill-'));
});
afterAll(async () => {
  await site.close();
  rmSync(dir, { recursive: true, force: true });
});

const run = runCli;

async function cliJson(args: string[]): Promise<unknown> {
  const r = await run([...args, '--json']);
  if (r.status !== 0 && r.status !== 1) throw new Error(`numresp ${args.join(' ')} exited ${r.status}: ${r.stderr}`);
  return JSON.parse(r.stdout);
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

test('SIGKILL mid-run: finished pages kept, store sound, no orphan browser, resume completes each page once', async () => {
  const db = join(dir, 'kill.db');
  const urls = Array.from({ length: 8 }, (_, i) => site.url(`/ok/p${i}`));
  const child = spawn(process.execPath, [cli, 'audit', ...urls, '--site', 'Kill', '--label', 'kill', '--db', db, ...FAST], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  await new Promise<void>((resolve) => {
    child.stderr.on('data', (d) => {
      stderr += d;
      // Kill once two pages are finished and a third is under way.
      if (/\[3\/8\]/.test(stderr) && child.exitCode === null) {
        child.kill('SIGKILL');
        resolve();
      }
    });
    child.on('close', () => resolve());
  });
  await new Promise((r) => child.once('close', r));
  expect(child.signalCode).toBe('SIGKILL');

  // Chromium talks to numresp over a pipe: with its parent gone it exits by itself.
  await new Promise((r) => setTimeout(r, 1500));
  const orphans = spawnSync('pgrep', ['-f', `numresp-chromium-${child.pid}-`], { encoding: 'utf8' }).stdout.trim();
  expect(orphans).toBe('');

  const check = await run(['store', 'check', '--db', db]);
  expect(check.status).toBe(0);

  const runs = (await cliJson(['runs', '--db', db]) ) as Array<{ id: number; ok: number; pending: number; pages: number }>;
  expect(runs).toHaveLength(1);
  const before = runs[0];
  expect(before.pages).toBe(8);
  expect(before.ok).toBeGreaterThanOrEqual(2);
  expect(before.pending).toBeGreaterThan(0);

  const resumed = await run(['audit', '--resume', String(before.id), '--db', db, ...FAST, '--json']);
  expect(resumed.stderr).not.toMatch(/failed/);
  expect(resumed.status).toBe(0);
  const after = ((await cliJson(['runs', '--db', db])) as typeof runs)[0];
  expect(after).toMatchObject({ pages: 8, ok: 8, pending: 0 });
  // Each URL was fetched as a document once per measurement: the finished ones were not measured again.
  const docHits = [...site.hits.entries()].filter(([k]) => k === '/ok').reduce((n, [, v]) => n + v, 0);
  expect(docHits).toBeLessThanOrEqual(8 + 1); // the page killed in flight may have been fetched twice
  // The killed process's temporary profile was swept by the resumed run.
  expect(readdirSync(tmpdir()).filter((n) => n.startsWith(`numresp-chromium-${child.pid}-`))).toEqual([]);
  expect(alive(child.pid!)).toBe(false);
}, 180000);
