import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadCatalogue } from '../../rules/catalogue/index.js';
import { recordAssessment } from '../../src/practices/assess.js';
import { rgesnCriteria } from '../../src/rgesn/catalogue.js';
import { practiceStatus } from '../../src/practices/status.js';
import { proposeFromPractices, proposeHosting } from '../../src/rgesn/proposals.js';
import { type Db, openStore } from '../../src/store/database.js';
import { upsertReading } from '../../src/store/energy.js';
import { hostingOf } from '../../src/store/rgesn.js';
import { ensureSite, setSitePue } from '../../src/store/sites.js';
import { upsertVm } from '../../src/store/vms.js';

// Proposals from what the store holds: data-centre records for 8.x, practice statuses for the web criteria.
let dir: string;
let db: Db;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'numresp-rgesn-store-'));
  db = openStore(join(dir, 's.db'));
});
afterEach(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

function host(siteCode: string, serial: string): number {
  const site = ensureSite(db, siteCode, { kind: 'datacenter' });
  const now = new Date().toISOString();
  // Test-only writer: a server as an inventory import would store it.
  return Number(
    db.prepare(`INSERT INTO devices (site_id, type, serial, status, source, created_at, updated_at) VALUES (?, 'server', ?, 'in-service', 'test', ?, ?)`).run(site.id, serial, now, now).lastInsertRowid,
  );
}

test('8.3 and 8.1 from the data centre hosting the service: PUE below / above 1.5, metered energy', () => {
  const portal = ensureSite(db, 'PORTAIL', { kind: 'web' });
  const h1 = host('DC-NORD', 'SRV-1');
  upsertVm(db, { hostDeviceId: h1, name: 'portail-web', servedSiteId: portal.id, vcpus: 4 });
  upsertVm(db, { hostDeviceId: h1, name: 'portail-db', servedSiteId: portal.id, vcpus: 2 });
  const dc = ensureSite(db, 'DC-NORD');
  setSitePue(db, dc.id, 2024, 1.62, 'rapport 2024');
  setSitePue(db, dc.id, 2025, 1.38, 'compteurs 2025');
  upsertReading(db, { siteId: dc.id, deviceId: null, periodStart: '2025-01-01', periodEnd: '2025-07-01', kwh: 120000, source: 'Enedis' });
  upsertReading(db, { siteId: dc.id, deviceId: null, periodStart: '2025-07-01', periodEnd: '2026-01-01', kwh: 110000, source: 'Enedis' });
  // Another service on another data centre does not count.
  const other = ensureSite(db, 'AUTRE', { kind: 'web' });
  upsertVm(db, { hostDeviceId: host('DC-SUD', 'SRV-2'), name: 'autre', servedSiteId: other.id, vcpus: 8 });

  const records = hostingOf(db, portal.id);
  expect(records).toEqual([
    {
      datacentre: expect.objectContaining({ code: 'DC-NORD' }),
      vms: 2,
      vcpus: 6,
      pue: { year: 2025, pue: 1.38, source: 'compteurs 2025' },
      energy: { kwh: 230000, from: '2025-01-01', to: '2026-01-01', readings: 2 },
    },
  ]);
  const [pue, energy] = proposeHosting(records);
  expect(pue).toMatchObject({ criterionId: '8.3', status: 'conforme', restsOn: 'datacentre:DC-NORD' });
  expect(pue.evidence).toContain('DC-NORD (2 VMs, 6 vCPUs)');
  expect(pue.evidence).toContain('DC-NORD 1.38 (2025, compteurs 2025)');
  expect(energy).toMatchObject({ criterionId: '8.1', status: 'a-evaluer' });
  expect(energy.evidence).toContain('230000 kWh from 2025-01-01 to 2026-01-01 (2 readings)');

  setSitePue(db, dc.id, 2026, 1.5, 'compteurs 2026');
  expect(proposeHosting(hostingOf(db, portal.id))[0].status).toBe('non-conforme');
  // No hosting record: no 8.x proposal at all (never a guess).
  expect(proposeHosting(hostingOf(db, ensureSite(db, 'SEUL', { kind: 'web' }).id))).toEqual([]);
});

test("web criteria from practice statuses through the sheets' RGESN mapping", () => {
  ensureSite(db, 'PORTAIL', { kind: 'web' });
  // The practices whose sheet maps to 6.5, read from the catalogue data (field "rgesn").
  const mapped = loadCatalogue().practices.filter((p) => rgesnCriteria(p.rgesn).includes('6.5')).map((p) => p.id);
  expect(mapped.length).toBeGreaterThanOrEqual(2);
  const assess = (practice: string, status: 'compliant' | 'non-compliant') =>
    recordAssessment(db, { site: 'PORTAIL', practice, status, evidence: 'vu', author: 'Alice', edition: 'v5' });
  const proposal = () => proposeFromPractices(practiceStatus(db, 'PORTAIL').practices).find((p) => p.criterionId === '6.5');
  // Nothing known: no proposal.
  expect(proposal()).toBeUndefined();
  // One compliant, the others unassessed: evidence, but nothing settled.
  assess(mapped[0], 'compliant');
  expect(proposal()).toMatchObject({ status: 'a-evaluer', restsOn: `rweb:${mapped.join(',')}` });
  for (const id of mapped) assess(id, 'compliant');
  expect(proposal()!.status).toBe('conforme');
  assess(mapped[1], 'non-compliant');
  expect(proposal()!.status).toBe('non-conforme');
  expect(proposal()!.evidence).toContain(`${mapped[1]} non-compliant (auditor Alice`);
  // Only the web themes (UX/UI, contents, frontend) are proposed from practices.
  for (const p of proposeFromPractices(practiceStatus(db, 'PORTAIL').practices)) expect(['4', '5', '6']).toContain(p.criterionId.split('.')[0]);
});
