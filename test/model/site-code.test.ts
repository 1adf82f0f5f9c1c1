import { parseAuditConfig } from '../../src/config/audit-config.js';
import { siteCode } from '../../src/pipeline/plan.js';
import { closeSiteCodes, isSiteCode, siteCodeFromName } from '../../src/model/site-code.js';
import { numresp } from '../reports/cli.js';
import { startStaticServer } from '../../src/util/static-server.js';
import { projectRoot } from '../../src/util/project-root.js';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const execFileAsync = promisify(execFile);
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// One grammar for a site code: `sites add`, `sites import`, audit configs and the codes derived from names/hosts.
test('the grammar: letters of either case, digits, _ . -, 1–63, starting with a letter or digit', () => {
  for (const ok of ['LYC-1', 'lycee-jean-moulin', 'DC', '0350001A', 'a.b_c-d', 'x'.repeat(63)]) expect([ok, isSiteCode(ok)]).toEqual([ok, true]);
  for (const bad of ['', '-LYC', '.x', 'lycée', 'a b', 'a/b', 'x'.repeat(64)]) expect([bad, isSiteCode(bad)]).toEqual([bad, false]);
});

test('a code derived from a name or host always satisfies the grammar', () => {
  for (const name of ['Lycée Jean-Moulin', '127.0.0.1:8080', '  ÉCOLE — Ste Anne  ', 'é'.repeat(100) + 'x', 'a-'.repeat(40)]) {
    const code = siteCodeFromName(name)!;
    expect([name, code, isSiteCode(code)]).toEqual([name, code, true]);
  }
  expect(siteCode('Lycée Jean-Moulin')).toBe('lycee-jean-moulin');
  expect(siteCode('LYC-1')).toBe('LYC-1');
  expect(siteCodeFromName('— ! —')).toBeNull();
});

test('a site made with `sites add LYC-1` can be named in an audit config', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'numresp-site-code-'));
  try {
    const db = join(dir, 's.db');
    await numresp('sites', 'add', 'LYC-1', '--db', db);
    const config = parseAuditConfig({ sites: [{ code: 'LYC-1', urls: ['http://127.0.0.1:9/'] }] }, 'audit.json');
    expect(config.sites[0].code).toBe('LYC-1');
    expect(() => parseAuditConfig({ sites: [{ code: 'LYC 1', urls: ['http://127.0.0.1:9/'] }] }, 'audit.json')).toThrow(
      /config audit\.json: sites\.0\.code: must be 1–63 letters/,
    );
    await expect(numresp('sites', 'add', 'LYC 1', '--db', db)).rejects.toThrow(/site code "LYC 1" must be 1–63 letters/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('`audit --site LYC-1` measures into the site `sites add LYC-1` made (its name kept), not a slug "lyc-1"', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'numresp-site-code-'));
  const page = await startStaticServer({
    routes: {
      '/': (_q, res) => {
        res.writeHead(200, { 'content-type': 'text/html' });
        res.end('<!doctype html><title>p</title><link rel="icon" href="data:,"><p>x</p>');
      },
    },
  });
  try {
    const db = join(dir, 's.db');
    await numresp('sites', 'add', 'LYC-1', '--name', 'Lycée Jean Moulin', '--kind', 'lycee', '--db', db);
    const fast = ['--wait-before-scroll', '0', '--wait-after-scroll', '0', '--concurrency', '1'];
    const cli = join(projectRoot(), 'dist', 'bin', 'numresp.js');
    const audit = await execFileAsync(process.execPath, [cli, 'audit', `${page.origin}/`, '--site', 'LYC-1', '--json', '--db', db, ...fast]);
    expect(JSON.parse(audit.stdout).pages.map((p: { site: string }) => p.site)).toEqual(['LYC-1']);
    const sites = JSON.parse((await execFileAsync(process.execPath, [cli, 'sites', 'list', '--json', '--db', db])).stdout);
    expect(sites.map((s: { code: string; name: string }) => [s.code, s.name])).toEqual([['LYC-1', 'Lycée Jean Moulin']]);
  } finally {
    page.close();
    rmSync(dir, { recursive: true, force: true });
  }
}, 120000);

test('close codes for a typo', () => {
  const known = ['LYC-001', 'LYC-002', 'PORTAIL', 'DC-01', 'lycee-jean-moulin'];
  expect(closeSiteCodes('LYC-01', known)).toEqual(['LYC-001']);
  expect(closeSiteCodes('lyc-003', known)).toEqual(['LYC-001', 'LYC-002']);
  expect(closeSiteCodes('portial', known)).toEqual(['PORTAIL']);
  expect(closeSiteCodes('jean-moulin', known)).toEqual(['lycee-jean-moulin']);
  expect(closeSiteCodes('zzz', known)).toEqual([]);
});
