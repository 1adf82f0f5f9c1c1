import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

// The README's first command runs `numresp sample`: the whole job on the bundled data must work end to end.
const cli = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'dist', 'bin', 'numresp.js');

test('numresp sample audits the sample site, loads fleet and assessments, and writes the report', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'numresp-sample-'));
  const db = join(dir, 'sample.db');
  const out = join(dir, 'report');
  const r = await new Promise<{ status: number | null; stdout: string; stderr: string }>((resolve) => {
    const child = spawn(
      process.execPath,
      [cli, 'sample', '--db', db, '--out', out, '--report-format', 'html,json', '--wait-before-scroll', '100', '--wait-after-scroll', '100'],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
  expect([r.status, r.stderr.match(/numresp: (?!sample|run |warning).*/g)]).toEqual([0, null]);
  expect(r.stdout).toContain(`Store: ${db}`);
  expect(r.stdout).toContain(join(out, 'report.html'));
  expect(r.stderr).toMatch(/sample fleet: 301 devices read/);
  expect(r.stderr).toMatch(/sample assessments: 9 recorded/);
  expect(existsSync(join(out, 'report.html'))).toBe(true);
  const report = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8'));
  expect(report.sections.map((s: { id: string }) => s.id)).toEqual(['summary', 'web', 'practices', 'fleet', 'action-plan', 'label', 'method']);
  // 13 pages in samples/site/sitemap.xml, all measured.
  expect(r.stdout + r.stderr).toMatch(/13 measured, 0 failed/);
  expect(JSON.stringify(report)).toMatch(/lycee-exemple/);
  rmSync(dir, { recursive: true, force: true });
}, 180000);
