/**
 * Issue 16.3: a busy store makes pushes wait, never drops them. Before: during a 30,000-row import, pushes answered
 * "500 database is locked" and were lost. Now the server waits for the write lock (bounded, then 503 + Retry-After),
 * the agent retries with backoff and spools what it could not deliver, and an import that cannot get the lock in
 * time says so in one line (exit 2). Real server on 127.0.0.1, a real import in another process, a temp store.
 */
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { openStore, type Db } from '../../src/store/database.js';
import { upsertSite } from '../../src/store/sites.js';
import { addPushToken } from '../../src/store/push-tokens.js';
import { sha256Hex, startInventoryServer, pushReport } from '../../src/inventory/server.js';
import { pushWithRetry } from '../../src/inventory/push-agent.js';
import { cli, machineReport, runCli, tempDir } from './helpers.js';

const TOKEN = 'busyStoreTokenLycee0123456789abcdefXYZ';

function fleetCsv(rows: number): string {
  const lines = ['site,type,manufacturer,model,serial,purchase_date,status,lifetime_years,name,uuid,refurbished'];
  for (let i = 0; i < rows; i++) {
    lines.push(`LYC-A,${i % 3 === 0 ? 'monitor' : 'desktop'},Dell,OptiPlex 7090,IMP-${String(i).padStart(6, '0')},2019-0${1 + (i % 9)}-15,in-service,,PC-${i},,no`);
  }
  return lines.join('\n') + '\n';
}

function seed(file: string): Db {
  const db = openStore(file);
  const site = upsertSite(db, { code: 'LYC-A', name: 'Lycée A', kind: 'lycee' });
  addPushToken(db, sha256Hex(TOKEN), site.id);
  return db;
}

/** Holds the store's write lock from another connection until released. */
function holdWriteLock(file: string): { release(): void } {
  const other = new Database(file);
  other.exec('BEGIN IMMEDIATE');
  return {
    release() {
      other.exec('ROLLBACK');
      other.close();
    },
  };
}

describe('busy store: wait, never drop', () => {
  test('pushes during a 30,000-row import in another process are all stored', async () => {
    const dir = tempDir();
    const file = join(dir, 'store.db');
    const db = seed(file);
    const csv = join(dir, 'fleet.csv');
    writeFileSync(csv, fleetCsv(30_000));
    const srv = await startInventoryServer(db, { port: 0, rateLimit: 100_000, busyWaitMs: 2_000 });
    const statuses: number[] = [];
    try {
      const importer = spawn(process.execPath, [cli, 'inventory', 'import', csv, '--db', file], { stdio: ['ignore', 'pipe', 'pipe'] });
      let importErr = '';
      importer.stderr.on('data', (d) => (importErr += d));
      const importDone = new Promise<number | null>((resolve) => importer.on('close', resolve));
      let importing = true;
      void importDone.then(() => (importing = false));
      // Agents push, eight at a time, for as long as the import runs (and at least 120 reports).
      let next = 0;
      const agent = async () => {
        while (importing || next < 120) {
          const i = next++;
          const outcome = await pushWithRetry(srv.url, TOKEN, machineReport({ serial: `PUSH-${i}` }), {
            attempts: 20,
            baseDelayMs: 50,
            maxDelayMs: 500,
          });
          statuses.push(outcome.kind === 'undelivered' ? -1 : outcome.answer.status);
        }
      };
      await Promise.all(Array.from({ length: 8 }, agent));
      expect(await importDone).toBe(0);
      expect(importErr).not.toMatch(/internal error/);
      const pushed = db.prepare("SELECT count(*) n FROM devices WHERE serial LIKE 'PUSH-%'").get() as { n: number };
      expect(statuses.filter((s) => s !== 201)).toEqual([]);
      expect(pushed.n).toBe(next);
      expect(db.prepare("SELECT count(*) n FROM devices WHERE serial LIKE 'IMP-%'").get()).toEqual({ n: 30_000 });
    } finally {
      await srv.close();
      db.close();
    }
  }, 180_000);

  test('a lock held longer than the server waits → 503 with Retry-After; the agent retries and stores it', async () => {
    const dir = tempDir();
    const file = join(dir, 'store.db');
    const db = seed(file);
    const log: string[] = [];
    const srv = await startInventoryServer(db, { port: 0, busyWaitMs: 300, log: (l) => log.push(l) });
    try {
      const lock = holdWriteLock(file);
      const t0 = Date.now();
      const refused = await pushReport(srv.url, TOKEN, machineReport({ serial: 'WAIT-1' }));
      expect(refused.status).toBe(503);
      expect(refused.retryAfterS).toBeGreaterThan(0);
      expect(Date.now() - t0).toBeGreaterThanOrEqual(300);
      // While it waits, the server still answers others (the wait does not block its event loop).
      const pending = pushWithRetry(srv.url, TOKEN, machineReport({ serial: 'WAIT-2' }), { attempts: 10, baseDelayMs: 100, maxDelayMs: 200 });
      const health = await fetch(`${srv.url}/health`);
      expect(health.status).toBe(200);
      setTimeout(() => lock.release(), 700);
      const outcome = await pending;
      expect(outcome.kind).toBe('stored');
      expect(db.prepare("SELECT count(*) n FROM devices WHERE serial = 'WAIT-2'").get()).toEqual({ n: 1 });
      expect(log.some((l) => /store busy .* 503/.test(l))).toBe(true);
      expect(log.some((l) => /internal error/.test(l))).toBe(false);
    } finally {
      await srv.close();
      db.close();
    }
  });

  test('collect --push keeps an undelivered report in its spool and sends it on the next run', async () => {
    const dir = tempDir();
    const file = join(dir, 'store.db');
    const db = seed(file);
    const spool = join(dir, 'spool');
    const first = join(dir, 'first.json');
    const second = join(dir, 'second.json');
    writeFileSync(first, JSON.stringify(machineReport({ serial: 'SPOOL-1' })));
    writeFileSync(second, JSON.stringify(machineReport({ serial: 'SPOOL-2' })));
    // Nothing listens on this port yet: find a free one by starting and stopping a server.
    const probe = await startInventoryServer(db, { port: 0 });
    const port = new URL(probe.url).port;
    await probe.close();
    const url = `http://127.0.0.1:${port}`;
    const down = await runCli(['inventory', 'collect', '--push', url, '--token', TOKEN, '--from', first, '--spool', spool, '--retries', '1']);
    expect(down.status).toBe(1);
    expect(down.stderr).toMatch(/kept in .*spool.*next run/);
    expect(readdirSync(spool)).toHaveLength(1);
    const srv = await startInventoryServer(db, { port: Number(port) });
    try {
      const up = await runCli(['inventory', 'collect', '--push', url, '--token', TOKEN, '--from', second, '--spool', spool]);
      expect(up).toMatchObject({ status: 0 });
      expect(up.stdout).toMatch(/sent 1 spooled report/);
      expect(up.stdout).toMatch(/pushed to .*inserted/);
      expect(readdirSync(spool)).toEqual([]);
      expect(db.prepare("SELECT serial FROM devices WHERE serial LIKE 'SPOOL-%' ORDER BY serial").pluck().all()).toEqual(['SPOOL-1', 'SPOOL-2']);
    } finally {
      await srv.close();
      db.close();
    }
  }, 60_000);

  test.each([
    ['inventory', 'import', 'fleet.csv', 'site,type,serial\nLYC-A,desktop,LOCK-1\n'],
    ['energy', 'import', 'energy.csv', 'site,period_start,period_end,kwh\nLYC-A,2026-01-01,2026-02-01,120\n'],
  ])('%s import on a lock held longer than its wait: one line, exit 2', async (command, sub, name, content) => {
    const dir = tempDir();
    const file = join(dir, 'store.db');
    seed(file).close();
    writeFileSync(join(dir, name), content);
    const lock = holdWriteLock(file);
    try {
      const r = await runCli([command, sub, join(dir, name), '--db', file], { env: { NUMRESP_LOCK_WAIT: '1' } });
      expect(r.status).toBe(2);
      const lines = r.stderr.trim().split('\n');
      expect(lines[lines.length - 1]).toMatch(/^numresp: store .* stayed locked by another numresp process for more than 1 s; run this command again/);
      expect(r.stderr).not.toMatch(/internal error|\n\s+at /);
    } finally {
      lock.release();
    }
    expect(existsSync(file)).toBe(true);
  });
});
