import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStore } from '../../src/store/database.js';
import { upsertSite } from '../../src/store/sites.js';
import type { DeviceInput } from '../../src/store/devices.js';
import { saveContext, saveDevice } from '../../src/inventory/save.js';
import { TYPE_DEFAULTS } from '../../src/scoring/factors.js';
import { projectRoot } from '../../src/util/project-root.js';
import { buildReport } from '../../reports/build.js';
import { startDashboard } from '../../dashboard/server.js';
import { numresp } from '../reports/cli.js';
import { migration006 } from '../../src/store/migrations/006-device-annual-figures.js';

/**
 * 10.4 "one lifecycle arithmetic path": the annualised embodied figure is computed once per device at write time (by
 * src/scoring/lifecycle.ts) and every consumer adds those up, so changing one factor and running
 * `inventory recompute` moves the CLI summary, the report and the dashboard by the same hand-computed amount.
 */

function device(partial: Partial<DeviceInput> & Pick<DeviceInput, 'type' | 'serial'>): DeviceInput {
  return {
    siteId: null, manufacturer: null, model: null, uuid: null, name: null, purchaseDate: null, warrantyEnd: null,
    status: 'in-service', lifetimeYears: null, refurbished: false, cpu: null, ramGb: null, storageGb: null, screenIn: null,
    embodiedKg: null, yearlyKwh: null, hardwareJson: null, source: 'test', ...partial,
  };
}

function getJson(base: string, path: string): Promise<unknown> {
  return new Promise((resolve, reject) => {
    request(new URL(path, base), (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => {
        try {
          resolve(JSON.parse(Buffer.concat(chunks).toString('utf8')));
        } catch (err) {
          reject(err);
        }
      });
    })
      .on('error', reject)
      .end();
  });
}

describe('one lifecycle arithmetic path', () => {
  let dir: string;
  let file: string;
  const laptopKg = TYPE_DEFAULTS.laptop.embodiedKg;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'numresp-one-path-'));
    file = join(dir, 'store.db');
    const db = openStore(file);
    const site = upsertSite(db, { code: 'LYC-A', name: 'Lycée A', kind: 'lycee' });
    const ctx = saveContext(db, {}, '2026-01-01T00:00:00.000Z');
    db.transaction(() => {
      saveDevice(ctx, device({ type: 'laptop', serial: 'L1', siteId: site.id, purchaseDate: '2023-01-10' }));
      saveDevice(ctx, device({ type: 'laptop', serial: 'L2', siteId: site.id, purchaseDate: '2024-03-01', status: 'in-stock' }));
      saveDevice(ctx, device({ type: 'laptop', serial: 'L3', siteId: site.id, purchaseDate: '2022-05-01', refurbished: true }));
      // Gone: no embodied amortised.
      saveDevice(ctx, device({ type: 'laptop', serial: 'L4', siteId: site.id, purchaseDate: '2019-05-01', status: 'd3e' }));
      // Given its own embodied figure: a type default does not touch it.
      saveDevice(ctx, device({ type: 'laptop', serial: 'L5', siteId: site.id, purchaseDate: '2024-05-01', embodiedKg: 300 }));
    })();
    db.close();
  });
  afterAll(() => {
    TYPE_DEFAULTS.laptop.embodiedKg = laptopKg;
    rmSync(dir, { recursive: true, force: true });
  });

  async function embodiedEverywhere(): Promise<{ cli: number; report: number; reportSummary: number; dashboard: number }> {
    const cli = (JSON.parse((await numresp('inventory', 'summary', '--db', file, '--at', '2026-06-30', '--json')).stdout) as { footprint: { annualEmbodiedKg: number } }).footprint.annualEmbodiedKg;
    const db = openStore(file, { readonly: true });
    let report: number;
    let reportSummary: number;
    try {
      const r = buildReport(db, { lang: 'en', dbFile: file, period: { from: '2026-01-01', to: '2026-06-30' }, generatedAt: '2026-07-01T00:00:00Z' });
      const figure = (section: string, id: string) => r.sections.find((s) => s.id === section)!.figures.find((f) => f.id === id)!.value!;
      report = figure('fleet', 'fleet.embodied') * 1000;
      reportSummary = figure('summary', 'fleet.embodiedTonnesPerYear') * 1000;
    } finally {
      db.close();
    }
    const dash = await startDashboard({ dbFile: file, port: 0 });
    let dashboard: number;
    try {
      const body = (await getJson(dash.url, '/api/fleet?period=2026-01-01..2026-06-30')) as { footprint: { annualEmbodiedKg: number } };
      dashboard = body.footprint.annualEmbodiedKg;
    } finally {
      await dash.close();
    }
    return { cli, report, reportSummary, dashboard };
  }

  test('a changed factor, once recomputed, moves summary, report and dashboard alike', async () => {
    // Owned on 2026-06-30: L1, L2 (type default ÷ 5 years), L3 (refurbished: × 0.13), L5 (its own 300 kg ÷ 5).
    const before = (182.6 + 182.6 + 182.6 * 0.13 + 300) / 5;
    const b = await embodiedEverywhere();
    for (const v of Object.values(b)) expect(v).toBeCloseTo(before, 6);

    // A new laptop default (e.g. a newer ADEME figure), then `numresp inventory recompute`.
    TYPE_DEFAULTS.laptop.embodiedKg = 250;
    expect((await numresp('inventory', 'recompute', '--db', file)).stdout).toContain('recomputed 5 devices');
    const after = (250 + 250 + 250 * 0.13 + 300) / 5;
    const a = await embodiedEverywhere();
    for (const v of Object.values(a)) expect(v).toBeCloseTo(after, 6);
    expect(a.cli - b.cli).toBeCloseTo((250 - 182.6) * 2.13 / 5, 6);
  });

  test('migration 006 back-fills stored devices with the same function', () => {
    const db = openStore(':memory:');
    try {
      const ctx = saveContext(db, {}, '2026-01-01T00:00:00.000Z');
      saveDevice(ctx, device({ type: 'monitor', serial: 'M1', lifetimeYears: 8 }));
      db.prepare('UPDATE devices SET lc_annual_embodied_kg = NULL').run();
      migration006.backfill(db);
      // 65.9 kg (ADEME monitor) over the 8 years given for the device.
      expect((db.prepare('SELECT lc_annual_embodied_kg v FROM devices').get() as { v: number }).v).toBeCloseTo(65.9 / 8, 12);
    } finally {
      db.close();
    }
  });

  test('no SQL outside the migrations writes a device status again: the owned/powered lists are bound', () => {
    const storeDir = join(projectRoot(), 'src', 'store');
    const offenders = readdirSync(storeDir)
      .filter((f) => f.endsWith('.ts'))
      .filter((f) => /status\s*(=|IN\s*\()\s*'(in-service|in-stock|redeployed|refurbished|d3e|lost)'/i.test(readFileSync(join(storeDir, f), 'utf8')));
    expect(offenders).toEqual([]);
    // Nor a division by a lifetime: annual figures are stored by the lifecycle functions.
    const devices = readFileSync(join(storeDir, 'devices.ts'), 'utf8');
    expect(devices).not.toMatch(/\/\s*\(?lc_lifetime_years/);
  });
});
