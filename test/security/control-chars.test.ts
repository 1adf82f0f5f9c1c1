/**
 * Issue 16.6: control characters. Names lose C0/C1 controls at every ingestion (push: push-site.test.ts; import,
 * sites here), and every terminal output escapes what is stored anyway (rows stored before this rule included).
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { runCli, tempDir } from './helpers.js';

const RAW_CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/;

describe('control characters', () => {
  let file: string;
  let dir: string;
  beforeAll(async () => {
    dir = tempDir();
    file = join(dir, 'store.db');
    expect((await runCli(['sites', 'add', 'LYC-A', '--name', 'Lycée \u001b]0;pwned\u0007A\u009b2J', '--kind', 'lycee', '--db', file])).status).toBe(0);
    const csv = join(dir, 'fleet.csv');
    writeFileSync(csv, 'site,type,manufacturer,model,serial,name\nLYC-A,desktop,Dell,OptiPlex\u001b[5m,CC-1,"PC\u001b[2J-1\u0085"\n');
    const imported = await runCli(['inventory', 'import', csv, '--db', file]);
    expect(imported.stderr).not.toMatch(/internal error/);
  }, 60_000);

  test('imported and configured names are stored without control characters', () => {
    const db = new Database(file, { readonly: true });
    try {
      const device = db.prepare("SELECT name, model FROM devices WHERE serial = 'CC-1'").get() as { name: string; model: string };
      expect(device).toEqual({ name: 'PC[2J-1', model: 'OptiPlex[5m' });
      expect((db.prepare("SELECT name FROM sites WHERE code = 'LYC-A'").get() as { name: string }).name).toBe('Lycée ]0;pwnedA2J');
    } finally {
      db.close();
    }
  });

  test('inventory show and sites list escape control characters of rows stored before the rule', async () => {
    const db = new Database(file);
    db.prepare("UPDATE devices SET name = ? WHERE serial = 'CC-1'").run('\u001b[2J\u001b]0;owned\u0007PC\u202eX\u009b31m');
    db.prepare("UPDATE sites SET name = ? WHERE code = 'LYC-A'").run('Lycée\u001b[31m A');
    db.close();
    const show = await runCli(['inventory', 'show', 'CC-1', '--db', file]);
    expect(show.status).toBe(0);
    expect(show.stdout).not.toMatch(RAW_CONTROL);
    expect(show.stdout).not.toContain('\u202e');
    expect(show.stdout).toContain('name \\x1b[2J\\x1b]0;owned\\x07PC\\u202eX\\x9b31m');
    const json = await runCli(['inventory', 'show', 'CC-1', '--json', '--db', file]);
    expect(json.stdout).not.toMatch(RAW_CONTROL);
    expect(JSON.parse(json.stdout).name).toBe('\u001b[2J\u001b]0;owned\u0007PC\u202eX\u009b31m');
    const sites = await runCli(['sites', 'list', '--db', file]);
    expect(sites.stdout).not.toMatch(RAW_CONTROL);
    expect(sites.stdout).toContain('Lycée\\x1b[31m A');
  });
});
