import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { cli } from '../faults/cli.js';
import { startStaticServer, type StaticServer } from '../../src/util/static-server.js';
import { startRedis, type TestRedis } from './redis-server.js';

// rediss:// against Debian's redis-server listening with TLS only, its certificate signed by a throwaway CA made
// here with openssl; the CA is given to numresp (coordinator, worker, queue status) with NODE_EXTRA_CA_CERTS, as
// docs/scale-out.md says. The URL's password never appears in any output.
const root = join(dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'sites');
const FAST = ['--wait-before-scroll', '200', '--wait-after-scroll', '200', '--timeout', '20'];
const PASSWORD = 'tls-pw-Zq81x';

let redis: TestRedis;
let site: StaticServer;
let dir: string;
let caFile: string;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'numresp-qtls-'));
  const f = (name: string) => join(dir, name);
  const openssl = (...args: string[]) => execFileSync('openssl', args, { stdio: 'ignore' });
  const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
  openssl('req', '-x509', ...ec, '-keyout', f('ca.key'), '-out', f('ca.pem'), '-days', '1', '-subj', '/CN=numresp test CA');
  openssl('req', ...ec, '-keyout', f('server.key'), '-out', f('server.csr'), '-subj', '/CN=127.0.0.1');
  writeFileSync(f('san.ext'), 'subjectAltName=IP:127.0.0.1\n');
  openssl('x509', '-req', '-in', f('server.csr'), '-CA', f('ca.pem'), '-CAkey', f('ca.key'), '-CAcreateserial', '-out', f('server.pem'), '-days', '1', '-extfile', f('san.ext'));
  caFile = f('ca.pem');
  redis = await startRedis(['--requirepass', PASSWORD], { certFile: f('server.pem'), keyFile: f('server.key') });
  site = await startStaticServer({ root });
});
afterAll(async () => {
  await site.close();
  await redis.stop();
  rmSync(dir, { recursive: true, force: true });
});

const queueUrl = () => `rediss://:${PASSWORD}@127.0.0.1:${redis.port}`;

function run(args: string[], env: NodeJS.ProcessEnv = {}): { child: ChildProcess; done: Promise<{ status: number | null; stdout: string; stderr: string }> } {
  const child = spawn(process.execPath, [cli, ...args], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (d) => (stdout += d));
  child.stderr!.on('data', (d) => (stderr += d));
  return { child, done: new Promise((r) => child.once('close', (status) => r({ status, stdout, stderr }))) };
}

test('rediss:// with a CA numresp was not given: one line naming NODE_EXTRA_CA_CERTS, exit 2, no password', async () => {
  const r = await run(['worker', '--queue', queueUrl()], { NODE_EXTRA_CA_CERTS: '' }).done;
  expect(r.status).toBe(2);
  expect(r.stderr.trim().split('\n')).toHaveLength(1);
  expect(r.stderr).toMatch(new RegExp(`^numresp: --queue rediss://\\*\\*\\*@127.0.0.1:${redis.port}: TLS failed \\(.*\\); for a private CA set NODE_EXTRA_CA_CERTS`));
  expect(r.stderr + r.stdout).not.toContain(PASSWORD);
}, 60000);

test('rediss:// with the CA in NODE_EXTRA_CA_CERTS: a run completes through a worker; the password is never printed', async () => {
  const env = { NODE_EXTRA_CA_CERTS: caFile };
  const worker = run(['worker', '--queue', queueUrl(), '--concurrency', '2', '--name', 'w-tls'], env);
  const urls = ['index', 'p1'].map((p) => `${site.origin}/multi/${p}.html`);
  const db = join(dir, 'tls.db');
  try {
    const audit = await run(['audit', ...urls, '--site', 'Tls', '--db', db, '--queue', queueUrl(), ...FAST, '--json'], env).done;
    expect(audit.stderr).not.toMatch(/internal error|Warning/);
    expect(audit.status).toBe(0);
    const doc = JSON.parse(audit.stdout) as { run: { ok: number; failed: number; status: string } };
    expect(doc.run).toMatchObject({ ok: 2, failed: 0, status: 'finished' });
    expect(audit.stdout + audit.stderr).not.toContain(PASSWORD);

    const status = await run(['queue', 'status', '--queue', queueUrl(), '--db', db, '--json'], env).done;
    expect(status.status).toBe(0);
    expect(JSON.parse(status.stdout)).toMatchObject({ queue: `rediss://***@127.0.0.1:${redis.port}`, workers: [{ name: 'w-tls', connected: true }] });
    expect(status.stdout + status.stderr).not.toContain(PASSWORD);
  } finally {
    worker.child.kill('SIGTERM');
  }
  const w = await worker.done;
  expect(w.status).toBe(0);
  expect(w.stderr).toContain(`taking pages from rediss://***@127.0.0.1:${redis.port}`);
  expect(w.stderr).toMatch(/multi\/p1.html ok in /);
  expect(w.stderr).not.toMatch(/Warning/);
  expect(w.stdout + w.stderr).not.toContain(PASSWORD);
}, 120000);
