import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from './cli.js';
import { startHostileSite, type HostileSite } from './hostile-site.js';

// Issue 7: an audit and an inventory import writing the same store at once both succeed, nothing is lost.

let site: HostileSite;
let dir: string;
beforeAll(async () => {
  site = await startHostileSite();
  dir = mkdtempSync(join(tmpdir(), 'numresp-writers-'));
});
afterAll(async () => {
  await site.close();
  rmSync(dir, { recursive: true, force: true });
});

const run = runCli;

test('audit and import at the same time: both exit 0 with all their data', async () => {
  const db = join(dir, 'shared.db');
  expect((await run(['sites', 'add', 'LYC-W', '--name', 'Lycée W', '--kind', 'lycee', '--db', db])).status).toBe(0);
  const rows = ['site,type,manufacturer,model,serial,purchase_date,status,lifetime_years,name,uuid'];
  for (let i = 0; i < 30000; i++) rows.push(`LYC-W,desktop,Dell,OptiPlex 7090,W-${i},2021-09-01,in-service,6,PC ${i},`);
  const csv = join(dir, 'fleet.csv');
  writeFileSync(csv, rows.join('\n') + '\n');

  const urls = Array.from({ length: 6 }, (_, i) => site.url(`/ok/w${i}`));
  const audit = run(['audit', ...urls, '--site', 'W', '--db', db, '--wait-before-scroll', '100', '--wait-after-scroll', '100', '--json']);
  // Start the imports while the audit saves its pages.
  await new Promise((r) => setTimeout(r, 1500));
  const firstImport = await run(['inventory', 'import', csv, '--db', db, '--json']);
  const secondImport = await run(['inventory', 'import', csv, '--db', db, '--json']);
  const auditResult = await audit;

  expect([auditResult.status, auditResult.stderr.split('\n').filter((l) => /error|busy|locked/i.test(l))]).toEqual([0, []]);
  expect(firstImport.status).toBe(0);
  expect(JSON.parse(firstImport.stdout).imported).toBe(30000);
  // Re-importing the same file changes nothing.
  expect(JSON.parse(secondImport.stdout)).toMatchObject({ imported: 0, updated: 0 });
  const runs = JSON.parse((await run(['runs', '--db', db, '--json'])).stdout);
  expect(runs[0]).toMatchObject({ pages: 6, ok: 6, pending: 0 });
  const check = await run(['store', 'check', '--db', db]);
  expect(check.status).toBe(0);
}, 180000);

test('an import that finds the store locked by another writer says so, waits, and succeeds', async () => {
  const db = join(dir, 'locked.db');
  expect((await run(['sites', 'add', 'LYC-L', '--name', 'Lycée L', '--kind', 'lycee', '--db', db])).status).toBe(0);
  const csv = join(dir, 'small.csv');
  writeFileSync(csv, 'site,type,manufacturer,model,serial,purchase_date,status,lifetime_years,name,uuid\nLYC-L,laptop,Dell,Latitude 5520,L-1,2022-01-10,in-service,5,PC,\n');
  // Another process holds the write lock until the import has said it is waiting (a line on the holder's stdin
  // releases it), as a long import or an audit page save would: no timing guess, so a loaded machine cannot race it.
  const { createRequire } = await import('node:module');
  const sqlite = createRequire(import.meta.url).resolve('better-sqlite3');
  const holder = spawn(process.execPath, [
    '-e',
    `const D=require(${JSON.stringify(sqlite)});const d=new D(${JSON.stringify(db)});d.exec('BEGIN IMMEDIATE');` +
      `console.log('locked');process.stdin.once('data',()=>{d.exec('COMMIT');d.close();process.exit(0)})`,
  ]);
  await new Promise<void>((r) => holder.stdout!.once('data', () => r()));
  const release = () => holder.stdin!.write('release\n');
  const r = await run(['inventory', 'import', csv, '--db', db, '--json'], (stderr) => {
    if (/being written by another numresp process; waiting/.test(stderr)) release();
  });
  holder.kill();
  expect(r.status).toBe(0);
  expect(r.stderr).toMatch(/being written by another numresp process; waiting/);
  expect(JSON.parse(r.stdout).imported).toBe(1);
}, 60000);
