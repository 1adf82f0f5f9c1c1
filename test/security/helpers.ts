/** Shared by the trust-boundary tests: temp stores, raw HTTP from a chosen loopback address, the built CLI. */
import { spawn } from 'node:child_process';
import { chmodSync, mkdtempSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const cli = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'dist', 'bin', 'numresp.js');

/** A fresh folder for one test's store; world-writable so a CLI run as an unprivileged user can use it. */
export function tempDir(prefix = 'numresp-sec-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  chmodSync(dir, 0o777);
  return dir;
}

export interface HttpAnswer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

export function http(
  url: string,
  init: { method?: string; headers?: Record<string, string>; body?: string | Buffer; localAddress?: string } = {},
): Promise<HttpAnswer> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: init.method ?? 'GET', headers: init.headers, localAddress: init.localAddress }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks).toString() }));
    });
    req.on('error', reject);
    if (init.body) req.write(init.body);
    req.end();
  });
}

/** A MachineReport as `inventory collect` writes it, with the identity given. */
export function machineReport(identity: { serial?: string | null; uuid?: string | null; hostname?: string | null }, extra: Record<string, unknown> = {}) {
  return {
    schemaVersion: 1,
    collectedAt: '2026-03-01T08:00:00.000Z',
    site: null,
    type: 'laptop',
    identity: {
      manufacturer: 'Dell Inc.',
      model: 'Latitude 5420',
      serial: identity.serial ?? null,
      uuid: identity.uuid ?? null,
      hostname: identity.hostname ?? 'PORT-07',
      virtual: false,
      chassisType: 'Notebook',
    },
    cpu: { brand: 'Intel Core i5-1145G7', cores: 8, physicalCores: 4 },
    memoryGb: 16,
    disks: [{ type: 'NVMe', sizeGb: 256.1, name: 'PM991a' }],
    gpus: [],
    displays: [],
    os: { platform: 'win32', distro: 'Microsoft Windows 11 Pro', release: '10.0.22631' },
    battery: null,
    uptimeSeconds: 3600,
    ...extra,
  };
}

export interface CliResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs the built CLI. `asUser` runs it as an unprivileged user when the tests run as root (root ignores file
 * permissions, so a read-only store can only be tested as someone else).
 */
export function runCli(args: string[], options: { asUnprivileged?: boolean; env?: Record<string, string>; input?: string } = {}): Promise<CliResult> {
  const drop = options.asUnprivileged && process.getuid?.() === 0;
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [cli, ...args], {
      stdio: ['pipe', 'pipe', 'pipe'],
      env: { ...process.env, ...options.env },
      ...(drop ? { uid: 65534, gid: 65534 } : {}),
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.stdin.end(options.input ?? '');
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}
