/**
 * Issue 16.1, 16.6 (push part), 16.8 (pushed serials) and 15.2 (push part): a push token speaks for its site only,
 * names are cleaned, people are not stored. Real server on 127.0.0.1, real SQLite store in a temp folder.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { openStore, type Db } from '../../src/store/database.js';
import { upsertSite } from '../../src/store/sites.js';
import { addPushToken } from '../../src/store/push-tokens.js';
import { deviceStatusHistory, getDeviceBySerial, countDevices } from '../../src/store/devices.js';
import { saveContext, saveDevice } from '../../src/inventory/save.js';
import { sha256Hex, startInventoryServer, type RunningServer } from '../../src/inventory/server.js';
import { http, machineReport, runCli, tempDir } from './helpers.js';

const TOKEN_A = 'siteAtokenAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA';
const TOKEN_B = 'siteBtokenBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB';

describe('a push token owns its site only', () => {
  let dir: string;
  let db: Db;
  let srv: RunningServer;
  let url: string;
  let siteA: number;
  let siteB: number;
  const logLines: string[] = [];
  const push = (token: string, body: unknown) =>
    http(url, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });

  beforeAll(async () => {
    dir = tempDir();
    db = openStore(join(dir, 'store.db'));
    siteA = upsertSite(db, { code: 'LYC-A', name: 'Lycée A', kind: 'lycee' }).id;
    siteB = upsertSite(db, { code: 'OFF-B', name: 'Office B', kind: 'office' }).id;
    addPushToken(db, sha256Hex(TOKEN_A), siteA);
    addPushToken(db, sha256Hex(TOKEN_B), siteB);
    // A laptop of site A, sent to D3E (recycling) by the operator.
    const ctx = saveContext(db);
    db.transaction(() => {
      saveDevice(ctx, {
        siteId: siteA, type: 'laptop', manufacturer: 'Dell Inc.', model: 'Latitude 5420', serial: 'SN-A-0001', uuid: '4c4c4544-0001-0001-0001-000000000001',
        name: 'PORT-A-01', purchaseDate: '2019-09-01', warrantyEnd: null, status: 'd3e', lifetimeYears: null, refurbished: false, cpu: null,
        ramGb: 8, storageGb: 256, screenIn: 14, embodiedKg: null, yearlyKwh: null, hardwareJson: null, source: 'import:template',
      });
    })();
    srv = await startInventoryServer(db, { port: 0, rateLimit: 1000, log: (l) => logLines.push(l) });
    url = `${srv.url}/api/v1/inventory`;
  });
  afterAll(async () => {
    await srv.close();
    db.close();
  });

  test("site B's token pushing site A's serial gets 409, nothing changes, one log line", async () => {
    const before = getDeviceBySerial(db, 'SN-A-0001')!;
    logLines.length = 0;
    const answer = await push(TOKEN_B, machineReport({ serial: 'SN-A-0001', hostname: 'PWNED' }));
    expect(answer.status).toBe(409);
    expect(JSON.parse(answer.body).error).toMatch(/another site/);
    expect(answer.body).not.toMatch(/LYC-A/); // the answer does not tell the other site's code
    const after = getDeviceBySerial(db, 'SN-A-0001')!;
    expect(after).toEqual(before);
    expect(after).toMatchObject({ siteId: siteA, status: 'd3e', name: 'PORT-A-01' });
    expect(deviceStatusHistory(db, after.id)).toHaveLength(1);
    expect(logLines).toHaveLength(1);
    expect(logLines[0]).toMatch(/refused: token of OFF-B .* SN-A-0001/);
  });

  test("the same by uuid only, and with the serial padded with spaces", async () => {
    expect((await push(TOKEN_B, machineReport({ uuid: '4c4c4544-0001-0001-0001-000000000001' }))).status).toBe(409);
    expect((await push(TOKEN_B, machineReport({ serial: '  SN-A-0001\t' }))).status).toBe(409);
    expect(getDeviceBySerial(db, 'SN-A-0001')).toMatchObject({ siteId: siteA, status: 'd3e' });
    expect(countDevices(db)).toBe(1);
  });

  test('a device stored under no site is not claimed by a push either', async () => {
    const ctx = saveContext(db);
    db.transaction(() => {
      saveDevice(ctx, {
        siteId: null, type: 'desktop', manufacturer: null, model: null, serial: 'SN-NOSITE', uuid: null, name: 'unassigned', purchaseDate: null,
        warrantyEnd: null, status: 'in-stock', lifetimeYears: null, refurbished: false, cpu: null, ramGb: null, storageGb: null, screenIn: null,
        embodiedKg: null, yearlyKwh: null, hardwareJson: null, source: 'import:template',
      });
    })();
    expect((await push(TOKEN_B, machineReport({ serial: 'SN-NOSITE' }))).status).toBe(409);
    expect(getDeviceBySerial(db, 'SN-NOSITE')).toMatchObject({ siteId: null, status: 'in-stock', name: 'unassigned' });
  });

  test("site A's own token updates its device; moving it is the operator's act (inventory move)", async () => {
    const own = await push(TOKEN_A, machineReport({ serial: 'SN-A-0001', hostname: 'PORT-A-01b' }));
    expect(own.status).toBe(200);
    expect(getDeviceBySerial(db, 'SN-A-0001')).toMatchObject({ siteId: siteA, name: 'PORT-A-01b' });
    // Another process (the operator's CLI) writes the same store while the server runs.
    const moved = await runCli(['inventory', 'move', 'SN-A-0001', 'OFF-B', '--db', join(dir, 'store.db')]);
    expect(moved).toMatchObject({ status: 0 });
    expect(moved.stdout).toMatch(/moved device \d+ from LYC-A to OFF-B/);
    expect(getDeviceBySerial(db, 'SN-A-0001')!.siteId).toBe(siteB);
    expect((await push(TOKEN_B, machineReport({ serial: 'SN-A-0001' }))).status).toBe(200);
    expect((await push(TOKEN_A, machineReport({ serial: 'SN-A-0001' }))).status).toBe(409);
  });

  test('spaces around a pushed serial do not create a second device', async () => {
    const first = await push(TOKEN_A, machineReport({ serial: 'SN-SPACE-1' }));
    expect(first.status).toBe(201);
    const padded = await push(TOKEN_A, machineReport({ serial: '  SN-SPACE-1  ' }));
    expect(padded.status).toBe(200);
    expect(JSON.parse(padded.body).id).toBe(JSON.parse(first.body).id);
    expect(db.prepare("SELECT count(*) n FROM devices WHERE serial LIKE '%SN-SPACE-1%'").get()).toEqual({ n: 1 });
    // A serial made only of spaces identifies nothing.
    expect((await push(TOKEN_A, machineReport({ serial: '   ' }))).status).toBe(400);
  });

  test('control characters are stripped from pushed names; formula-leading names are refused', async () => {
    const hostile = await push(TOKEN_A, machineReport({ serial: 'SN-ESC-1\u0007', hostname: '\u001b[2J\u001b]0;owned\u0007PORT-\u009b31mX\r\n' }));
    expect(hostile.status).toBe(201);
    const d = getDeviceBySerial(db, 'SN-ESC-1')!;
    expect(d.name).toBe('[2J]0;ownedPORT-31mX');
    expect(d.name + (d.hardwareJson ?? '')).not.toMatch(/[\u0000-\u001f\u007f-\u009f]/);
    const formula = await push(TOKEN_A, machineReport({ serial: 'SN-FORMULA', hostname: '=HYPERLINK("http://x","click")' }));
    expect(formula.status).toBe(400);
    expect(JSON.parse(formula.body).error).toMatch(/identity\.hostname .*formula/);
    expect(getDeviceBySerial(db, 'SN-FORMULA')).toBeUndefined();
  });

  test('fields naming people are dropped before storing (issue 15.2), and the answer says which', async () => {
    const report = machineReport({ serial: 'SN-PEOPLE-1' }, { user: 'jeanne.dupont-secret' });
    (report.identity as Record<string, unknown>).login = 'jdupont-secret';
    (report as Record<string, unknown>)['Utilisateur connecté'] = 'Jeanne Dupont-secret';
    (report as Record<string, unknown>).email = 'jeanne.dupont-secret@region.example';
    const answer = await push(TOKEN_A, report);
    expect(answer.status).toBe(201);
    expect(JSON.parse(answer.body).dropped.sort()).toEqual(['Utilisateur connecté', 'email', 'identity.login', 'user']);
    db.pragma('wal_checkpoint(TRUNCATE)');
    const bytes = readFileSync(join(dir, 'store.db')).toString('latin1') + readFileSync(join(dir, 'store.db-wal')).toString('latin1');
    expect(bytes).not.toContain('dupont-secret');
    expect(bytes).not.toContain('Dupont-secret');
  });
});
