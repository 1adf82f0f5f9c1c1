import type { Db } from './database.js';
import { nowIso } from './database.js';

import type { SiteKind } from '../model/devices.js';
export { SITE_KINDS, type SiteKind } from '../model/devices.js';

export interface Site {
  id: number;
  code: string;
  name: string;
  kind: SiteKind;
}

export function getSiteByCode(db: Db, code: string): Site | undefined {
  return db.prepare('SELECT id, code, name, kind FROM sites WHERE code = ?').get(code) as Site | undefined;
}

/** Returns the site with this code, creating it when missing (an existing site keeps its name and kind). */
export function ensureSite(db: Db, code: string, defaults: { name?: string; kind?: SiteKind } = {}): Site {
  const existing = getSiteByCode(db, code);
  if (existing) return existing;
  db.prepare('INSERT INTO sites (code, name, kind, created_at) VALUES (?, ?, ?, ?)').run(
    code,
    defaults.name ?? code,
    defaults.kind ?? 'other',
    nowIso(),
  );
  return getSiteByCode(db, code)!;
}

/** Creates or updates a site's name and kind. */
export function upsertSite(db: Db, site: { code: string; name: string; kind: SiteKind }): Site {
  db.prepare(
    `INSERT INTO sites (code, name, kind, created_at) VALUES (@code, @name, @kind, @createdAt)
     ON CONFLICT(code) DO UPDATE SET name = excluded.name, kind = excluded.kind`,
  ).run({ ...site, createdAt: nowIso() });
  return getSiteByCode(db, site.code)!;
}

export function listSites(db: Db): Site[] {
  return db.prepare('SELECT id, code, name, kind FROM sites ORDER BY code').all() as Site[];
}

/** Sets a data centre's PUE for a year (replacing an earlier value for that year). */
export function setSitePue(db: Db, siteId: number, year: number, pue: number, source: string | null = null): void {
  db.prepare(
    `INSERT INTO site_pue (site_id, year, pue, source) VALUES (?, ?, ?, ?)
     ON CONFLICT(site_id, year) DO UPDATE SET pue = excluded.pue, source = excluded.source`,
  ).run(siteId, year, pue, source);
}

export function listSitePue(db: Db): { siteId: number; year: number; pue: number; source: string | null }[] {
  return db.prepare('SELECT site_id siteId, year, pue, source FROM site_pue ORDER BY site_id, year').all() as {
    siteId: number;
    year: number;
    pue: number;
    source: string | null;
  }[];
}

/** Creates or updates a site with its UAI and commune (sites import); found by UAI first, then code. */
export function upsertSiteWithUai(
  db: Db,
  site: { code: string; name: string; kind: SiteKind; uai: string | null; commune: string | null },
): { site: Site; outcome: 'inserted' | 'updated' | 'unchanged' } {
  const existing = (
    (site.uai ? db.prepare('SELECT id, code, name, kind, uai, commune FROM sites WHERE uai = ?').get(site.uai) : undefined) ??
    db.prepare('SELECT id, code, name, kind, uai, commune FROM sites WHERE code = ?').get(site.code)
  ) as (Site & { uai: string | null; commune: string | null }) | undefined;
  if (!existing) {
    db.prepare('INSERT INTO sites (code, name, kind, created_at, uai, commune) VALUES (?, ?, ?, ?, ?, ?)').run(
      site.code, site.name, site.kind, nowIso(), site.uai, site.commune,
    );
    return { site: getSiteByCode(db, site.code)!, outcome: 'inserted' };
  }
  const uai = site.uai ?? existing.uai;
  const commune = site.commune ?? existing.commune;
  if (existing.name === site.name && existing.kind === site.kind && existing.uai === uai && existing.commune === commune) {
    return { site: existing, outcome: 'unchanged' };
  }
  db.prepare('UPDATE sites SET name = ?, kind = ?, uai = ?, commune = ? WHERE id = ?').run(site.name, site.kind, uai, commune, existing.id);
  return { site: { ...existing, name: site.name, kind: site.kind }, outcome: 'updated' };
}

/** Sites with their UAI, for matching an export's school names and ids. */
export function listSitesWithUai(db: Db): (Site & { uai: string | null })[] {
  return db.prepare('SELECT id, code, name, kind, uai FROM sites ORDER BY code').all() as (Site & { uai: string | null })[];
}
