import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * A real redis-server (Debian's, installed by .ci/setup) for one test file: loopback only, a free port, its own
 * temporary directory, append-only file on (appendfsync everysec, as docs/scale-out.md recommends) so a restart
 * keeps the jobs. Never a mock.
 */
export interface TestRedis {
  port: number;
  url: string;
  dir: string;
  /**
   * Stops the server (SIGTERM: it writes its AOF) and starts it again on the same port and directory; with
   * `wipe`, its data files are deleted in between (a Redis that restarts without persistence).
   */
  restart(options?: { wipe?: boolean }): Promise<void>;
  stop(): Promise<void>;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

/** TLS only (`--port 0`): the server's certificate and key (PEM files); clients are not asked for certificates. */
export interface TestRedisTls {
  certFile: string;
  keyFile: string;
}

function launch(port: number, dir: string, extraArgs: string[], tls?: TestRedisTls): Promise<ChildProcess> {
  const listen = tls
    ? ['--port', '0', '--tls-port', String(port), '--tls-cert-file', tls.certFile, '--tls-key-file', tls.keyFile, '--tls-auth-clients', 'no']
    : ['--port', String(port)];
  const child = spawn(
    'redis-server',
    [...listen, '--bind', '127.0.0.1', '--dir', dir, '--appendonly', 'yes', '--appendfsync', 'everysec', '--save', '', '--protected-mode', 'yes', ...extraArgs],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  return new Promise((resolve, reject) => {
    let log = '';
    const timer = setTimeout(() => reject(new Error(`redis-server did not start within 10 s: ${log}`)), 10000);
    child.stdout!.on('data', (d) => {
      log += d;
      if (/Ready to accept connections/.test(log)) {
        clearTimeout(timer);
        resolve(child);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`redis-server exited ${code}: ${log}`));
    });
  });
}

async function terminate(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  await exited;
}

/** `extraArgs`: more redis-server options, e.g. ['--requirepass', 'x']; `tls`: listen with TLS only (rediss://). */
export async function startRedis(extraArgs: string[] = [], tls?: TestRedisTls): Promise<TestRedis> {
  const dir = mkdtempSync(join(tmpdir(), 'numresp-redis-'));
  const port = await freePort();
  let child = await launch(port, dir, extraArgs, tls);
  return {
    port,
    dir,
    url: `${tls ? 'rediss' : 'redis'}://127.0.0.1:${port}`,
    async restart(options = {}) {
      await terminate(child);
      if (options.wipe) for (const entry of readdirSync(dir)) rmSync(join(dir, entry), { recursive: true, force: true });
      child = await launch(port, dir, extraArgs, tls);
    },
    async stop() {
      await terminate(child);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
