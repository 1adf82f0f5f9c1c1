/** Shared by the trust-boundary tests: temp stores, raw HTTP from a chosen loopback address, the built CLI. */
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const projectDir = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const cli = join(projectDir, 'dist', 'bin', 'numresp.js');

/** The uid/gid of "nobody", as which root runs the CLI where file permissions must apply. */
export const UNPRIVILEGED = { uid: 65534, gid: 65534 };

let unprivilegedCliPath: string | undefined;
let mirrorDir: string | undefined;
/**
 * The CLI as the unprivileged user can run it. A clone inside a folder only root may enter (`mktemp -d` makes 0700
 * folders) is out of nobody's reach: the project is then mirrored by hard links (cp -al; a plain copy when /tmp is
 * another file system) into a world-readable temp folder, once per test file; removeUnprivilegedMirror() in afterAll.
 */
export function unprivilegedCli(): string {
  if (unprivilegedCliPath) return unprivilegedCliPath;
  const probe = spawnSync(process.execPath, ['-e', 'require("fs").accessSync(process.argv[1])', cli], { ...UNPRIVILEGED, stdio: 'ignore' });
  if (probe.status === 0) return (unprivilegedCliPath = cli);
  const mirror = (mirrorDir = mkdtempSync(join(tmpdir(), 'numresp-mirror-')));
  chmodSync(mirror, 0o755);
  for (const entry of readdirSync(projectDir).filter((e) => e !== '.git')) {
    const from = join(projectDir, entry);
    if (spawnSync('cp', ['-al', from, mirror]).status !== 0 && spawnSync('cp', ['-a', from, mirror]).status !== 0) {
      throw new Error(`cannot mirror ${from} into ${mirror} for the unprivileged CLI run`);
    }
  }
  return (unprivilegedCliPath = join(mirror, 'dist', 'bin', 'numresp.js'));
}

export function removeUnprivilegedMirror(): void {
  if (mirrorDir) rmSync(mirrorDir, { recursive: true, force: true });
  mirrorDir = unprivilegedCliPath = undefined;
}

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
    const child = spawn(process.execPath, [drop ? unprivilegedCli() : cli, ...args], {
      stdio: ['pipe', 'pipe', 'pipe'],
      env: { ...process.env, ...options.env },
      ...(drop ? UNPRIVILEGED : {}),
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.stdin.end(options.input ?? '');
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}
