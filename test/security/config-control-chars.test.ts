/**
 * Issue 16.6 (config part): control characters in the names and request fields of a config file (audit --config
 * site names and label, the access block the worker config shares) are refused with the field path, never stored
 * or sent. The shared check is src/model/text-schema.ts (withoutControlChars).
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseAuditConfig } from '../../src/config/audit-config.js';
import { loadWorkerAccess } from '../../src/config/worker-config.js';
import { UserError } from '../../src/model/errors.js';
import { runCli, tempDir } from './helpers.js';

const site = (extra: Record<string, unknown> = {}) => ({ code: 'lyc-a', urls: ['https://a.example.fr/'], ...extra });
const ESC_CLEAR = '\u001b[2J\u001b]0;pwned\u0007';

test.each([
  ['an ESC sequence in a site name', { sites: [site({ name: `Lycée A${ESC_CLEAR}` })] }, 'sites.0.name'],
  ['a C1 CSI (U+009B) in a site name', { sites: [site(), site({ code: 'lyc-b', name: 'Lycée B\u009b2J' })] }, 'sites.1.name'],
  ['a line break in the label', { label: 'Campagne 2026\nFAKE LOG LINE', sites: [site()] }, 'label'],
  ['DEL in the label', { label: 'Campagne\u007f', sites: [site()] }, 'label'],
  ['CR LF in a header value (header injection)', { sites: [site({ access: { headers: { 'X-Test': 'a\r\nX-Evil: 1' } } })] }, 'sites.0.access.headers.X-Test'],
  ['a NUL in the user agent', { sites: [site({ access: { userAgent: 'numresp\u0000' } })] }, 'sites.0.access.userAgent'],
  ['a line break in a cookie value', { sites: [site({ access: { cookies: [{ name: 'sid', value: '1\nSet-Cookie: x=2' }] } })] }, 'sites.0.access.cookies.0.value'],
])('audit config: %s is refused with its field path', (_what, value, path) => {
  let error: unknown;
  try {
    parseAuditConfig(value, 'c.json');
  } catch (err) {
    error = err;
  }
  expect(error).toBeInstanceOf(UserError);
  const message = (error as Error).message;
  expect(message).toBe(`config c.json: ${path}: contains a control character (C0/C1, e.g. ESC, a tab or a line break); remove it`);
});

test('plain accented names, spaces and punctuation still pass', () => {
  const c = parseAuditConfig({ label: 'Campagne « printemps » 2026 — région', sites: [site({ name: "Lycée Jean-Moulin (Béziers) · l'annexe" })] }, 'c.json');
  expect(c.sites[0].name).toBe("Lycée Jean-Moulin (Béziers) · l'annexe");
});

test('worker config: control characters in the shared access block are refused with the field path', () => {
  const dir = tempDir();
  const file = join(dir, 'worker.json');
  writeFileSync(file, JSON.stringify({ sites: [{ code: 'lyc-a', access: { headers: { Authorization: 'Bearer x\r\nHost: evil' } } }] }));
  expect(() => loadWorkerAccess(file)).toThrow(UserError);
  expect(() => loadWorkerAccess(file)).toThrow(`--config ${file}: sites.0.access.headers.Authorization: contains a control character`);
  writeFileSync(file, JSON.stringify({ sites: [{ code: 'lyc-a', access: { userAgent: 'bot\u001b[2J' } }] }));
  expect(() => loadWorkerAccess(file)).toThrow(/sites\.0\.access\.userAgent: contains a control character/);
  // A header name with a control character is refused too (zod reports the key as invalid under headers).
  writeFileSync(file, JSON.stringify({ sites: [{ code: 'lyc-a', access: { headers: { 'X-A\r\nHost': 'v' } } }] }));
  expect(() => loadWorkerAccess(file)).toThrow(/sites\.0\.access\.headers\.X-A\r\nHost: Invalid key in record/);
  writeFileSync(file, JSON.stringify({ sites: [{ code: 'lyc-a', access: { userAgent: 'numresp-worker/1' } }] }));
  expect(loadWorkerAccess(file).get('lyc-a')?.userAgent).toBe('numresp-worker/1');
});

test('audit --config through the built CLI: one line, exit 2, no raw escape on the terminal, nothing measured', async () => {
  const dir = tempDir();
  const file = join(dir, 'audit.json');
  writeFileSync(file, JSON.stringify({ sites: [site({ name: `Lycée A${ESC_CLEAR}` })] }));
  const r = await runCli(['audit', '--config', file, '--db', join(dir, 'store.db')]);
  expect(r.status).toBe(2);
  expect(r.stderr.trim().split('\n')).toHaveLength(1);
  expect(r.stderr).toMatch(/sites\.0\.name: contains a control character/);
  expect(r.stderr + r.stdout).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/);
});
