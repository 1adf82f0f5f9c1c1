/**
 * Issue 16.5: no 500 from a client's bytes. Malformed percent-encodings in dashboard paths and cookies, malformed
 * request targets, and hostile push bodies all get a 4xx, with no internal-error log line (so no stack).
 */
import { connect } from 'node:net';
import { join } from 'node:path';
import { openStore } from '../../src/store/database.js';
import { upsertSite } from '../../src/store/sites.js';
import { addPushToken } from '../../src/store/push-tokens.js';
import { saveContext, saveDevice } from '../../src/inventory/save.js';
import { sha256Hex, startInventoryServer } from '../../src/inventory/server.js';
import { startDashboard, type Dashboard } from '../../dashboard/server.js';
import { http, machineReport, tempDir } from './helpers.js';

const DASH_TOKEN = 'Zq4vN8xR2pL6tW0yK3mB7cF1hJ5sD9gA';
const PUSH_TOKEN = 'pushTokenForLycee0123456789abcdefXYZ';

function seedStore(file: string): void {
  const db = openStore(file);
  const site = upsertSite(db, { code: 'LYC-A', name: 'Lycée A', kind: 'lycee' });
  addPushToken(db, sha256Hex(PUSH_TOKEN), site.id);
  const ctx = saveContext(db);
  db.transaction(() =>
    saveDevice(ctx, {
      siteId: site.id, type: 'desktop', manufacturer: 'HP', model: 'EliteDesk 800 G4', serial: 'SN-1', uuid: null, name: 'PC-1',
      purchaseDate: '2020-01-10', warrantyEnd: null, status: 'in-service', lifetimeYears: null, refurbished: false, cpu: null, ramGb: 8,
      storageGb: 256, screenIn: null, embodiedKg: null, yearlyKwh: null, hardwareJson: null, source: 'import:template',
    }),
  )();
  db.close();
}

/** Sends bytes as they are (node's client would refuse some of these request lines). */
function rawRequest(port: number, text: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => socket.end(text));
    let answer = '';
    socket.on('data', (d) => (answer += d));
    socket.on('end', () => resolve(answer));
    socket.on('error', reject);
  });
}

describe('dashboard: malformed client bytes are 4xx', () => {
  let dash: Dashboard;
  const errors: unknown[] = [];
  beforeAll(async () => {
    const dir = tempDir();
    seedStore(join(dir, 'store.db'));
    dash = await startDashboard({ dbFile: join(dir, 'store.db'), port: 0, token: DASH_TOKEN, warm: false, onError: (e) => errors.push(e) });
  });
  afterAll(() => dash.close());
  const auth = { authorization: `Bearer ${DASH_TOKEN}` };

  test.each([
    ['/api/fleet/sites/%ZZ', 400],
    ['/fleet/sites/%E0%A4%A', 400],
    ['/csv/fleet-site-age/%', 400],
    ['/api/fleet/sites/LYC-A', 200],
  ])('GET %s → %i', async (path, status) => {
    const answer = await http(new URL(path, dash.url).href, { headers: auth });
    expect(answer.status).toBe(status);
    expect(answer.body).not.toMatch(/URIError|at .*\.js:\d+/);
    expect(errors).toEqual([]);
  });

  test('a malformed cookie before authentication is no token (401), not an error', async () => {
    for (const cookie of ['numresp_token=%', 'numresp_token=%ZZ%', `numresp_token=${DASH_TOKEN}%`]) {
      const answer = await http(dash.url, { headers: { cookie } });
      expect(answer.status).toBe(401);
    }
    expect(errors).toEqual([]);
  });

  test('a malformed request target is 400', async () => {
    const port = Number(new URL(dash.url).port);
    const answer = await rawRequest(port, `GET http://[::1 HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${DASH_TOKEN}\r\nConnection: close\r\n\r\n`);
    expect(answer).toMatch(/^HTTP\/1\.1 400/);
    expect(errors).toEqual([]);
  });
});

describe('push server: hostile bodies are 4xx, never an internal error', () => {
  test('invalid UTF-8, prototype keys, deep nesting, wrong types, an aborted body', async () => {
    const dir = tempDir();
    seedStore(join(dir, 'store.db'));
    const db = openStore(join(dir, 'store.db'));
    const log: string[] = [];
    const srv = await startInventoryServer(db, { port: 0, rateLimit: 1000, log: (l) => log.push(l) });
    const url = `${srv.url}/api/v1/inventory`;
    const headers = { authorization: `Bearer ${PUSH_TOKEN}`, 'content-type': 'application/json' };
    try {
      const bodies: (string | Buffer)[] = [
        Buffer.from([0x7b, 0xff, 0xfe, 0x7d]),
        JSON.stringify({ ...machineReport({ serial: 'SN-P' }), __proto__: { isAdmin: true } }).replace('"schemaVersion"', '"__proto__":{"x":1},"schemaVersion"'),
        '['.repeat(5000) + ']'.repeat(5000),
        JSON.stringify({ ...machineReport({ serial: 'SN-P' }), identity: 'x' }),
        'null',
        '"%ZZ"',
      ];
      for (const body of bodies) {
        const answer = await http(url, { method: 'POST', headers, body });
        expect([String(body).slice(0, 30), answer.status, log.filter((l) => /internal error/.test(l))]).toEqual([String(body).slice(0, 30), 400, []]);
      }
      // A client that announces a body and hangs up.
      await rawRequest(Number(new URL(srv.url).port), `POST /api/v1/inventory HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${PUSH_TOKEN}\r\nContent-Type: application/json\r\nContent-Length: 5000\r\n\r\n{"a":`);
      await new Promise((r) => setTimeout(r, 100));
      expect(log.filter((l) => /internal error/.test(l))).toEqual([]);
      expect(({} as Record<string, unknown>).isAdmin).toBeUndefined();
    } finally {
      await srv.close();
      db.close();
    }
  });
});
