import type { Db } from './database.js';

/** Store side of RGESN assessments, proposals and declaration facts (see migration 005). */

export const RGESN_STATUSES = ['conforme', 'non-conforme', 'non-applicable', 'a-evaluer'] as const;
export type RgesnStatus = (typeof RGESN_STATUSES)[number];

export interface RgesnAssessment {
  id: number;
  siteId: number;
  criterionId: string;
  status: RgesnStatus;
  justification: string | null;
  evidence: string | null;
  author: string;
  assessedAt: string;
  source: string;
}

export type NewRgesnAssessment = Omit<RgesnAssessment, 'id' | 'justification' | 'evidence'> & {
  justification?: string | null;
  evidence?: string | null;
};

const SELECT_ASSESSMENT = `SELECT id, site_id AS siteId, criterion_id AS criterionId, status, justification, evidence, author,
  assessed_at AS assessedAt, source FROM rgesn_assessments`;

export function insertRgesnAssessment(db: Db, a: NewRgesnAssessment): number {
  const info = db
    .prepare(
      `INSERT INTO rgesn_assessments (site_id, criterion_id, status, justification, evidence, author, assessed_at, source)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    )
    .run(a.siteId, a.criterionId, a.status, a.justification ?? null, a.evidence ?? null, a.author, a.assessedAt, a.source);
  return Number(info.lastInsertRowid);
}

/** Every assessment of one criterion for one service, oldest first. */
export function rgesnHistory(db: Db, siteId: number, criterionId: string): RgesnAssessment[] {
  return db.prepare(`${SELECT_ASSESSMENT} WHERE site_id = ? AND criterion_id = ? ORDER BY id`).all(siteId, criterionId) as RgesnAssessment[];
}

/** Every assessment of a service, oldest first (to replay its state at any date). */
export function allRgesnAssessments(db: Db, siteId: number): RgesnAssessment[] {
  return db.prepare(`${SELECT_ASSESSMENT} WHERE site_id = ? ORDER BY id`).all(siteId) as RgesnAssessment[];
}

/** Services (sites) with at least one RGESN assessment or proposal. */
export function rgesnServiceIds(db: Db): number[] {
  return (
    db.prepare('SELECT site_id AS id FROM rgesn_assessments UNION SELECT site_id FROM rgesn_proposals ORDER BY 1').all() as Array<{ id: number }>
  ).map((r) => r.id);
}

export interface RgesnProposal {
  id: number;
  siteId: number;
  criterionId: string;
  status: RgesnStatus;
  evidence: string;
  restsOn: string;
  artifact: string | null;
  methodVersion: string;
  proposedAt: string;
}

export function insertRgesnProposal(db: Db, p: Omit<RgesnProposal, 'id'>): number {
  const info = db
    .prepare(
      `INSERT INTO rgesn_proposals (site_id, criterion_id, status, evidence, rests_on, artifact, method_version, proposed_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    )
    .run(p.siteId, p.criterionId, p.status, p.evidence, p.restsOn, p.artifact, p.methodVersion, p.proposedAt);
  return Number(info.lastInsertRowid);
}

/** The latest proposal per criterion of a service. */
export function latestRgesnProposals(db: Db, siteId: number): Map<string, RgesnProposal> {
  const rows = db
    .prepare(
      `SELECT id, site_id AS siteId, criterion_id AS criterionId, status, evidence, rests_on AS restsOn, artifact,
         method_version AS methodVersion, proposed_at AS proposedAt FROM rgesn_proposals
       WHERE id IN (SELECT max(id) FROM rgesn_proposals WHERE site_id = ? GROUP BY criterion_id)`,
    )
    .all(siteId) as RgesnProposal[];
  return new Map(rows.map((r) => [r.criterionId, r]));
}

export interface DeclarationFacts {
  objective: string | null;
  contact: string | null;
  reviewFrequency: string | null;
  samples: string | null;
  actionPlan: string | null;
  /** Declared target score (0–1) for two years after the assessment. */
  targetScore: number | null;
  author: string;
  recordedAt: string;
}

/** The latest facts recorded for a service's declaration (each row holds the whole set). */
export function latestDeclarationFacts(db: Db, siteId: number): DeclarationFacts | undefined {
  return db
    .prepare(
      `SELECT objective, contact, review_frequency AS reviewFrequency, samples, action_plan AS actionPlan,
         target_score AS targetScore, author, recorded_at AS recordedAt
       FROM rgesn_declaration_facts WHERE site_id = ? ORDER BY id DESC LIMIT 1`,
    )
    .get(siteId) as DeclarationFacts | undefined;
}

export function insertDeclarationFacts(db: Db, siteId: number, f: DeclarationFacts): void {
  db.prepare(
    `INSERT INTO rgesn_declaration_facts (site_id, objective, contact, review_frequency, samples, action_plan, target_score, author, recorded_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(siteId, f.objective, f.contact, f.reviewFrequency, f.samples, f.actionPlan, f.targetScore, f.author, f.recordedAt);
}

export interface HostingRecord {
  datacentre: { id: number; code: string; name: string; kind: string };
  /** VMs serving the service on hosts of this site, and their vCPUs (null when none is known). */
  vms: number;
  vcpus: number | null;
  pue: { year: number; pue: number; source: string | null } | null;
  energy: { kwh: number; from: string; to: string; readings: number } | null;
}

/** The sites whose hosts run VMs serving this service, with their latest PUE and metered energy. */
export function hostingOf(db: Db, serviceSiteId: number): HostingRecord[] {
  const hosts = db
    .prepare(
      `SELECT s.id, s.code, s.name, s.kind, count(v.id) AS vms, sum(v.vcpus) AS vcpus
       FROM vms v JOIN devices d ON d.id = v.host_device_id JOIN sites s ON s.id = d.site_id
       WHERE v.served_site_id = ? GROUP BY s.id ORDER BY s.code`,
    )
    .all(serviceSiteId) as Array<{ id: number; code: string; name: string; kind: string; vms: number; vcpus: number | null }>;
  const pue = db.prepare('SELECT year, pue, source FROM site_pue WHERE site_id = ? ORDER BY year DESC LIMIT 1');
  const energy = db.prepare(
    `SELECT sum(kwh) AS kwh, min(period_start) AS "from", max(period_end) AS "to", count(*) AS readings FROM energy_readings
     WHERE site_id = ? OR device_id IN (SELECT id FROM devices WHERE site_id = ?)`,
  );
  return hosts.map((h) => {
    const e = energy.get(h.id, h.id) as { kwh: number | null; from: string; to: string; readings: number };
    return {
      datacentre: { id: h.id, code: h.code, name: h.name, kind: h.kind },
      vms: h.vms,
      vcpus: h.vcpus,
      pue: (pue.get(h.id) as HostingRecord['pue'] | undefined) ?? null,
      energy: e.readings ? { kwh: e.kwh ?? 0, from: e.from, to: e.to, readings: e.readings } : null,
    };
  });
}

/** Addresses of the service's pages measured without error in the latest run that measured any of them. */
export function servicePageUrls(db: Db, siteId: number, limit: number): string[] {
  return (
    db
      .prepare(
        `SELECT url FROM pages WHERE site_id = ? AND status = 'ok'
           AND run_id = (SELECT max(run_id) FROM pages WHERE site_id = ? AND status = 'ok')
         ORDER BY position, id LIMIT ?`,
      )
      .all(siteId, siteId, limit) as Array<{ url: string }>
  ).map((r) => r.url);
}
