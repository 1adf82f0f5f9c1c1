/**
 * Issue 16.2: push tokens have a life. Everything goes through the built CLI (dist/): `sites add`, `serve token
 * add|list|revoke|rotate` and `serve` itself on 127.0.0.1 port 0, against one SQLite store in a temp folder.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { join } from 'node:path';
import { openStore } from '../../src/store/database.js';
import { addPushToken } from '../../src/store/push-tokens.js';
import { getSiteByCode } from '../../src/store/sites.js';
import { sha256Hex } from '../../src/inventory/server.js';
import { cli, http, machineReport, runCli, tempDir } from './helpers.js';



interface ListedToken { id: number; siteCode: string; createdAt: string; expiresAt: string | null; lastUsedAt: string | null; revokedAt: string | null; state: string }

describe('serve token add | list | revoke | rotate, against a running serve', () => {
  let store: string;
  let server: ChildProcessWithoutNullStreams;
  let url: string;
  let serverLog = '';

  const cliOk = async (...args: string[]) => {
    const r = await runCli([...args, '--db', store]);
    if (r.status !== 0) throw new Error(`numresp ${args.join(' ')} exited ${r.status}: ${r.stderr}`);
    return r;
  };
  /** `token add` prints the token alone on stdout and its id on stderr ("token 3 for …"). */
  const addToken = async (...args: string[]) => {
    const r = await cliOk('serve', 'token', 'add', ...args);
    return { token: r.stdout.trim(), id: Number(/token (\d+) for/.exec(r.stderr)![1]), stderr: r.stderr };
  };
  const list = async (): Promise<ListedToken[]> => JSON.parse((await cliOk('serve', 'token', 'list', '--json')).stdout);
  const push = (token: string, serial: string) =>
    http(url, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify(machineReport({ serial, hostname: `PC-${serial}` })),
    });

  beforeAll(async () => {
    store = join(tempDir(), 'store.db');
    await cliOk('sites', 'add', 'LYC-T', '--name', 'Lycée T', '--kind', 'lycee');
    server = spawn(process.execPath, [cli, 'serve', '--port', '0', '--rate-limit', '1000', '--db', store]);
    server.stderr.on('data', (d) => (serverLog += d));
    url = await new Promise<string>((resolve, reject) => {
      let out = '';
      server.stdout.on('data', (d) => {
        out += d;
        serverLog += d;
        const m = /POST (http:\/\/127\.0\.0\.1:\d+\/api\/v1\/inventory)/.exec(out);
        if (m) resolve(m[1]);
      });
      server.on('exit', (code) => reject(new Error(`serve exited ${code}: ${serverLog}`)));
    });
  });
  afterAll(async () => {
    if (server.exitCode === null) {
      const exited = new Promise((r) => server.once('exit', r));
      server.kill('SIGTERM');
      await exited;
    }
  });

  test('generated tokens carry at least 128 random bits: 43 base64url characters (256 bits), all different', async () => {
    const tokens = await Promise.all([addToken('LYC-T'), addToken('LYC-T'), addToken('LYC-T')]);
    for (const { token } of tokens) {
      // 43 characters of a 64-symbol alphabet = 258 bits of room; randomBytes(32) fills 256 of them.
      expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
      expect(token.length * Math.log2(64)).toBeGreaterThanOrEqual(128);
    }
    expect(new Set(tokens.map((t) => t.token)).size).toBe(3);
    // Over the three tokens (129 characters) a real random source uses a large part of the alphabet.
    expect(new Set(tokens.map((t) => t.token).join('')).size).toBeGreaterThan(40);
    // The store keeps the digest only: the token itself appears nowhere in `list`.
    const listed = JSON.stringify(await list());
    for (const { token } of tokens) expect(listed).not.toContain(token);
  });

  test('list shows "never" before the first push and the last-used date after it', async () => {
    const { token, id } = await addToken('LYC-T');
    const table = (await cliOk('serve', 'token', 'list')).stdout;
    const row = table.split('\n').find((l) => new RegExp(`^\\s*${id}\\s`).test(l))!;
    expect(row).toMatch(/LYC-T/);
    expect(row).toMatch(/never\s+never\s+active/); // expires never, last used never
    expect((await list()).find((t) => t.id === id)!.lastUsedAt).toBeNull();

    const before = new Date().toISOString();
    expect((await push(token, 'SN-LAST-USED')).status).toBe(201); // created
    const after = new Date().toISOString();
    const used = (await list()).find((t) => t.id === id)!;
    expect(used.lastUsedAt! >= before && used.lastUsedAt! <= after).toBe(true);
    expect(used.state).toBe('active');
    const tableAfter = (await cliOk('serve', 'token', 'list')).stdout;
    const rowAfter = tableAfter.split('\n').find((l) => new RegExp(`^\\s*${id}\\s`).test(l))!;
    expect(rowAfter).toContain(used.lastUsedAt!.slice(0, 16));
  });

  test('a revoked token gets 401 at once, the running server needs no restart', async () => {
    const { token, id } = await addToken('LYC-T');
    expect((await push(token, 'SN-REVOKE')).status).toBe(201); // created
    expect((await cliOk('serve', 'token', 'revoke', String(id))).stdout).toMatch(new RegExp(`revoked token ${id} of LYC-T`));
    const answer = await push(token, 'SN-REVOKE');
    expect(answer.status).toBe(401);
    expect(JSON.parse(answer.body).error).toMatch(/revoked/);
    expect((await list()).find((t) => t.id === id)!.state).toBe('revoked');
    // Revoking twice, or an unknown id: one line, exit 2.
    const again = await runCli(['serve', 'token', 'revoke', String(id), '--db', store]);
    expect(again.status).toBe(2);
    expect(again.stderr.trim().split('\n')).toHaveLength(1);
    expect(again.stderr).toMatch(/already revoked/);
    const unknown = await runCli(['serve', 'token', 'revoke', '9999', '--db', store]);
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toMatch(/no push token with id 9999/);
  });

  test("rotate: the old value gets 401, the new one works for the same site and keeps the old one's lifetime", async () => {
    const old = await addToken('LYC-T', '--expires', '30d');
    expect((await push(old.token, 'SN-ROTATE')).status).toBe(201); // created
    const r = await cliOk('serve', 'token', 'rotate', String(old.id));
    const fresh = r.stdout.trim();
    const freshId = Number(/new token (\d+) for LYC-T/.exec(r.stderr)![1]);
    expect(fresh).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(fresh).not.toBe(old.token);
    expect((await push(old.token, 'SN-ROTATE')).status).toBe(401);
    expect((await push(fresh, 'SN-ROTATE')).status).toBe(200); // updated
    const tokens = await list();
    expect(tokens.find((t) => t.id === old.id)!.state).toBe('revoked');
    const rotated = tokens.find((t) => t.id === freshId)!;
    expect(rotated).toMatchObject({ siteCode: 'LYC-T', state: 'active' });
    // Same 30-day lifetime, counted from the rotation (within a minute of now + 30 d).
    const lifetimeMs = Date.parse(rotated.expiresAt!) - Date.parse(rotated.createdAt);
    expect(Math.abs(lifetimeMs - 30 * 86_400_000)).toBeLessThan(60_000);
    // A revoked token cannot be rotated.
    const again = await runCli(['serve', 'token', 'rotate', String(old.id), '--db', store]);
    expect(again.status).toBe(2);
    expect(again.stderr).toMatch(/is revoked/);
  });

  test('--expires 90d sets the expiry 90 days out; a bad duration is one line, exit 2', async () => {
    const before = Date.now();
    const { id, stderr } = await addToken('LYC-T', '--expires', '90d');
    const t = (await list()).find((x) => x.id === id)!;
    const expectedMs = before + 90 * 86_400_000;
    expect(Math.abs(Date.parse(t.expiresAt!) - expectedMs)).toBeLessThan(60_000);
    expect(stderr).toContain(`expires ${t.expiresAt}`);
    for (const bad of ['0d', '90', 'soon', '-3d']) {
      const r = await runCli(['serve', 'token', 'add', 'LYC-T', `--expires=${bad}`, '--db', store]);
      expect(r.status).toBe(2);
      expect(r.stderr).toMatch(/--expires/);
      expect(r.stdout).toBe('');
    }
  });

  test('an expired token gets 401 and is listed as expired', async () => {
    // The CLI's shortest lifetime is 1 h; a token whose expiry has passed is made with the store function the CLI
    // calls, an expiry one second in the past.
    const token = 'expiredTokenForTheLifeTest_0123456789abcdef';
    const db = openStore(store);
    let id: number;
    try {
      id = addPushToken(db, sha256Hex(token), getSiteByCode(db, 'LYC-T')!.id, new Date(Date.now() - 1000).toISOString());
    } finally {
      db.close();
    }
    const answer = await push(token, 'SN-EXPIRED');
    expect(answer.status).toBe(401);
    expect(JSON.parse(answer.body).error).toMatch(/expired/);
    const t = (await list()).find((x) => x.id === id)!;
    expect(t.state).toBe('expired');
    expect(t.lastUsedAt).toBeNull();
  });
});
