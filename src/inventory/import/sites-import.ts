/**
 * `numresp sites import FILE`: sites from our CSV (code, name, kind, uai, commune — French headers too) or from the
 * national school directory export (Annuaire de l'éducation, data.education.gouv.fr dataset
 * "fr-en-annuaire-education": `;`, columns Identifiant_de_l_etablissement (UAI), Nom_etablissement,
 * Type_etablissement, Nom_commune). Directory schools take their UAI as site code, so inventory exports that name a
 * school by its UAI or its name find it. Idempotent: a site is found again by UAI, else by code.
 */
import type { Db } from '../../store/database.js';
import { upsertSiteWithUai } from '../../store/sites.js';
import { SITE_KINDS, type SiteKind } from '../../model/devices.js';
import { UserError } from '../../model/errors.js';
import { isSiteCode, SITE_CODE_RULE } from '../../model/site-code.js';
import { parseTable } from './decode.js';
import { groupRejections, type Rejection, type RejectionGroup } from './devices-import.js';
import { foldHeader } from './presets.js';
import { inferSiteKind } from './site-names.js';
import { looksLikeFormula } from './values.js';

export type SitesFormat = 'numresp' | 'annuaire';

export interface SitesImportReport {
  file: string;
  format: SitesFormat;
  read: number;
  imported: number;
  updated: number;
  unchanged: number;
  rejections: Rejection[];
  rejectionGroups: RejectionGroup[];
}

const COLUMNS: Record<SitesFormat, Record<'code' | 'name' | 'kind' | 'uai' | 'commune', string[]>> = {
  numresp: {
    code: ['code', 'site'],
    name: ['name', 'nom'],
    kind: ['kind', 'type', 'genre'],
    uai: ['uai'],
    commune: ['commune', 'city', 'ville'],
  },
  annuaire: {
    code: [],
    name: ['nom etablissement', 'appellation officielle', 'nom de l etablissement'],
    kind: ['type etablissement', 'type d etablissement'],
    uai: ['identifiant de l etablissement', 'uai', 'numero uai'],
    commune: ['nom commune', 'nom de la commune', 'commune', 'libelle commune'],
  },
};

/** The UAI (RNE): seven digits and a check letter, e.g. 0750001A. */
const UAI_RE = /^\d{7}[A-Z]$/;

/** Site kind from a directory "Type_etablissement" or our kind column (French words accepted). */
function kindOf(cell: string, name: string): SiteKind | null {
  const k = foldHeader(cell);
  if ((SITE_KINDS as readonly string[]).includes(k)) return k as SiteKind;
  if (!k) return inferSiteKind(name);
  if (/^lycee/.test(k)) return 'lycee';
  if (/^college/.test(k)) return 'college';
  if (/(data ?cent|centre de donnees)/.test(k)) return 'datacenter';
  if (/(service administratif|bureau|office|siege|administration)/.test(k)) return 'office';
  if (/^(ecole|erea|information et orientation|medico social|other|autre)/.test(k)) return 'other';
  return null;
}

export function importSites(db: Db, bytes: Uint8Array, fileLabel: string): SitesImportReport {
  const table = parseTable(bytes, fileLabel);
  const folded = table.header.map(foldHeader);
  const format: SitesFormat = folded.includes('identifiant de l etablissement') ? 'annuaire' : 'numresp';
  const col = (names: string[]) => folded.findIndex((h) => names.includes(h));
  const idx = Object.fromEntries(Object.entries(COLUMNS[format]).map(([f, names]) => [f, col(names)])) as Record<keyof (typeof COLUMNS)['numresp'], number>;
  if (idx.name < 0 || (format === 'numresp' && idx.code < 0 && idx.uai < 0)) {
    throw new UserError(
      `${fileLabel}: expected columns code,name,kind,uai,commune or the Annuaire de l'éducation export (Identifiant_de_l_etablissement, Nom_etablissement, Type_etablissement, Nom_commune)`,
    );
  }
  const report: SitesImportReport = { file: fileLabel, format, read: 0, imported: 0, updated: 0, unchanged: 0, rejections: [], rejectionGroups: [] };
  db.transaction(() => {
    for (const { line, cells } of table.rows) {
      if (cells.every((c) => c.trim() === '')) continue;
      report.read++;
      const cell = (i: number) => (i >= 0 ? (cells[i] ?? '').trim() : '');
      const reject = (reason: string) => report.rejections.push({ line, reason });
      const name = cell(idx.name);
      const uai = cell(idx.uai).toUpperCase() || null;
      const code = cell(idx.code) || uai || '';
      const formula = [name, code, cell(idx.commune)].find(looksLikeFormula);
      if (formula) {
        reject(`"${formula.slice(0, 40)}" looks like a spreadsheet formula`);
        continue;
      }
      if (!name || name.length > 200) {
        reject('name must be 1–200 characters');
        continue;
      }
      if (!isSiteCode(code)) {
        reject(`site code "${code}" must be ${SITE_CODE_RULE}`);
        continue;
      }
      if (uai && !UAI_RE.test(uai)) {
        reject(`UAI "${uai}" is not seven digits and a letter (e.g. 0750001A)`);
        continue;
      }
      const kind = kindOf(cell(idx.kind), name);
      if (!kind) {
        reject(`unknown kind "${cell(idx.kind)}"; use one of ${SITE_KINDS.join(', ')}`);
        continue;
      }
      const { outcome } = upsertSiteWithUai(db, { code, name, kind, uai, commune: cell(idx.commune) || null });
      report[outcome === 'inserted' ? 'imported' : outcome]++;
    }
  })();
  report.rejectionGroups = groupRejections(report.rejections);
  return report;
}
