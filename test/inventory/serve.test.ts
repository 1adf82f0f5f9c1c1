import { request } from 'node:http';
import { openStore, type Db } from '../../src/store/database.js';
import { upsertSite } from '../../src/store/sites.js';
import { addPushToken } from '../../src/store/push-tokens.js';
import { deviceStatusHistory, getDeviceBySerial } from '../../src/store/devices.js';
import { pushReport, sha256Hex, startInventoryServer, type RunningServer } from '../../src/inventory/server.js';
import { collectMachine, type Probes } from '../../collectors/hardware/collect.js';
import { MachineReportSchema } from '../../src/model/machine-report.js';

const TOKEN = 'tok_lycee_A_0123456789abcdef';
const OTHER = 'tok_office_B_0123456789abcdef';

// A laptop as systeminformation reports it on real hardware.
const laptopProbes: Probes = {
  system: async () => ({ manufacturer: 'Dell Inc.', model: 'Latitude 5420', serial: 'PUSH0001', uuid: '4c4c4544-0050-5510-8030-b4c04f303031', virtual: false }),
  chassis: async () => ({ type: 'Notebook' }),
  uuid: async () => ({ hardware: '4c4c4544-0050-5510-8030-b4c04f303031' }),
  cpu: async () => ({ manufacturer: 'Intel', brand: 'Core™ i5-1145G7', cores: 8, physicalCores: 4 }),
  mem: async () => ({ total: 16 * 1024 ** 3 }),
  diskLayout: async () => [{ type: 'NVMe', size: 256_060_514_304, name: 'PM991a' }],
  graphics: async () => ({ controllers: [{ vendor: 'Intel Corporation', model: 'Iris Xe' }], displays: [{ model: 'Built-in', sizeX: 31, sizeY: 17, currentResX: 1920, currentResY: 1080 }] }),
  osInfo: async () => ({ platform: 'win32', distro: 'Microsoft Windows 11 Pro', release: '10.0.22631', hostname: 'PORT-PROF-07' }),
  battery: async () => ({ hasBattery: true, designedCapacity: 63000, maxCapacity: 50400, capacityUnit: 'mWh', cycleCount: 210 }),
  time: () => ({ uptime: 3600 }),
};

function raw(url: string, init: { method?: string; headers?: Record<string, string>; body?: string | Buffer }): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: init.method ?? 'POST', headers: init.headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode!, body: Buffer.concat(chunks).toString() }));
    });
    req.on('error', reject);
    if (init.body) req.write(init.body);
    req.end();
  });
}

describe('numresp serve', () => {
  let db: Db;
  let srv: RunningServer;
  let url: string;
  beforeAll(async () => {
    db = openStore(':memory:');
    const a = upsertSite(db, { code: 'LYC-A', name: 'Lycée A', kind: 'lycee' });
    const b = upsertSite(db, { code: 'OFF-B', name: 'Office B', kind: 'office' });
    addPushToken(db, sha256Hex(TOKEN), a.id);
    addPushToken(db, sha256Hex(OTHER), b.id);
    srv = await startInventoryServer(db, { port: 0, rateLimit: 20, rateWindowMs: 60_000, maxBodyBytes: 8 * 1024 });
    url = `${srv.url}/api/v1/inventory`;
  });
  afterAll(async () => {
    await srv.close();
    db.close();
  });

  test('listens on 127.0.0.1 by default', () => {
    expect(srv.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });

  test('a collected laptop is pushed, stored under the token’s site, and a second push changes nothing', async () => {
    const report = await collectMachine({ site: 'LYC-A', probes: laptopProbes, now: new Date('2026-03-01T08:00:00Z') });
    expect(report).toMatchObject({ type: 'laptop', memoryGb: 16, battery: { healthPercent: 80 } });
    const first = await pushReport(srv.url, TOKEN, report);
    expect(first).toEqual({ status: 201, body: { id: expect.any(Number), outcome: 'inserted', site: 'LYC-A' } });
    // Collected again an hour later: same machine, so nothing changes.
    const later = { ...report, collectedAt: '2026-03-01T09:00:00.000Z', uptimeSeconds: 7200 };
    const second = await pushReport(srv.url, TOKEN, later);
    expect(second.body.outcome).toBe('unchanged');
    const d = getDeviceBySerial(db, 'PUSH0001')!;
    expect(d).toMatchObject({ type: 'laptop', model: 'Latitude 5420', ramGb: 16, storageGb: 256.1, status: 'in-service', source: 'push:LYC-A' });
    expect(deviceStatusHistory(db, d.id)).toHaveLength(1);
  });

  test('clear 4xx answers and the server keeps running', async () => {
    const report = await collectMachine({ probes: laptopProbes });
    const json = { 'content-type': 'application/json' };
    const auth = { authorization: `Bearer ${TOKEN}`, ...json };
    expect((await raw(url, { headers: json, body: JSON.stringify(report) })).status).toBe(401);
    expect((await raw(url, { headers: { authorization: 'Bearer not_a_known_token_123456', ...json }, body: '{}' })).status).toBe(401);
    expect((await raw(url, { headers: auth, body: '{not json' })).status).toBe(400);
    const bad = await raw(url, { headers: auth, body: JSON.stringify({ ...report, memoryGb: -1 }) });
    expect(bad.status).toBe(400);
    expect(JSON.parse(bad.body).error).toMatch(/memoryGb/);
    expect((await raw(url, { headers: { authorization: `Bearer ${OTHER}`, ...json }, body: JSON.stringify({ ...report, site: 'LYC-A' }) })).status).toBe(403);
    expect((await raw(url, { headers: auth, body: Buffer.alloc(20_000, 0x20) })).status).toBe(413);
    expect((await raw(url, { headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'text/plain' }, body: 'x' })).status).toBe(415);
    expect((await raw(url, { method: 'GET', headers: auth })).status).toBe(405);
    expect((await raw(`${srv.url}/elsewhere`, { headers: auth, body: '{}' })).status).toBe(404);
    const noId = { ...report, identity: { ...report.identity, serial: null, uuid: null } };
    expect((await raw(url, { headers: auth, body: JSON.stringify(noId) })).status).toBe(400);
  });

  test('rate limit answers 429 once a client goes over its budget', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 25; i++) statuses.push((await raw(url, { headers: { 'content-type': 'application/json' }, body: '{}' })).status);
    expect(statuses).toContain(429);
    expect((await raw(`${srv.url}/health`, { method: 'GET' })).status).toBe(200);
  });
});

describe('inventory collect', () => {
  test('a VM or container: unknown facts are null, never guessed; failing probes do not crash', async () => {
    const failing = () => Promise.reject(new Error('EACCES'));
    const vm: Probes = {
      ...laptopProbes,
      system: async () => ({ manufacturer: '', model: 'Docker Container', serial: '-', uuid: '', virtual: true }),
      chassis: async () => ({ type: '' }),
      uuid: async () => ({ hardware: '' }),
      battery: failing,
      diskLayout: failing,
      graphics: () => new Promise(() => undefined), // hangs
    };
    const r = await collectMachine({ probes: vm, timeoutMs: 200 });
    expect(r.type).toBe('other');
    expect(r.identity).toMatchObject({ manufacturer: null, serial: null, uuid: null, virtual: true, chassisType: null });
    expect([r.battery, r.disks, r.gpus]).toEqual([null, [], []]);
    expect(MachineReportSchema.safeParse(r).success).toBe(true);
  });

  test('on this machine it returns a valid report', async () => {
    const r = await collectMachine();
    expect(MachineReportSchema.safeParse(r).success).toBe(true);
  });
});
