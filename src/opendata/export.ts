import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { UserError } from '../model/errors.js';
import type { InsightScope } from '../insights/types.js';
import { BOAVIZTA_ATTRIBUTION } from '../inventory/boavizta.js';
import { ECOINDEX_METHOD_VERSION } from '../scoring/ecoindex.js';
import { RGESN_ATTRIBUTION } from '../rgesn/catalogue.js';
import { LIFECYCLE_METHOD_VERSION } from '../scoring/factors.js';
import { schemaVersion, type Db } from '../store/database.js';
import { latestStoredDate } from '../store/insights.js';
import { getSiteByCode } from '../store/sites.js';
import { toCsv } from '../util/csv.js';
import { TOOL_VERSION } from '../version.js';
import { openDataTables } from './resources.js';
import { tableSchema, type Table } from './table.js';

/**
 * `numresp export opendata`: CSV files + a Frictionless Tabular Data Package (https://specs.frictionlessdata.io/data-package/)
 * describing them. Same store, same scope → same bytes, except datapackage.json's "created".
 */

export interface Licence {
  /** SPDX id, as the Data Package spec asks for `name`. */
  name: string;
  title: string;
  path: string;
}

/**
 * Licences a French public body may publish data under without homologation: art. D. 323-2-1 of the Code des relations
 * entre le public et l'administration (décret n° 2017-638 du 27 avril 2017): Licence Ouverte 2.0 and ODbL 1.0.
 */
export const LICENCES: Record<string, Licence> = {
  'etalab-2.0': {
    name: 'etalab-2.0',
    title: 'Licence Ouverte / Open Licence version 2.0',
    path: 'https://www.etalab.gouv.fr/wp-content/uploads/2017/04/ETALAB-Licence-Ouverte-v2.0.pdf',
  },
  'odbl-1.0': { name: 'ODbL-1.0', title: 'Open Database License (ODbL) v1.0', path: 'https://opendatacommons.org/licenses/odbl/1-0/' },
};
const LICENCE_ALIASES: Record<string, string> = { 'licence-ouverte-2.0': 'etalab-2.0', 'lo-2.0': 'etalab-2.0', 'odbl': 'odbl-1.0' };
export const DEFAULT_LICENCE = 'etalab-2.0';

export function parseLicence(input: string): Licence {
  const key = input.trim().toLowerCase();
  const licence = LICENCES[LICENCE_ALIASES[key] ?? key];
  if (!licence) {
    throw new UserError(
      `--licence "${input}": not a licence a public body may use without homologation; use ${Object.keys(LICENCES).join(' or ')} (CRPA art. D. 323-2-1)`,
    );
  }
  return licence;
}

export interface OpenDataOptions {
  siteCodes?: string[];
  period?: { from: string; to: string } | null;
  licence?: Licence;
  /** The only value that differs between two exports of the same store; now by default. */
  generatedAt?: string;
}

export interface OpenDataExport {
  files: string[];
  tables: Array<{ name: string; rows: number }>;
}

const RESOURCE_SOURCES: Record<string, Array<{ title: string; path?: string }>> = {
  'web-measurements': [{ title: `EcoIndex (${ECOINDEX_METHOD_VERSION}), cnumr`, path: 'https://www.ecoindex.fr/comment-ca-marche/' }],
  'web-sites': [{ title: `EcoIndex (${ECOINDEX_METHOD_VERSION}), cnumr`, path: 'https://www.ecoindex.fr/comment-ca-marche/' }],
  practices: [
    { title: 'Référentiel d’écoconception web, 5th edition (GreenIT.fr / CNumR)', path: 'https://github.com/cnumr/best-practices' },
  ],
  'rgesn-criteria': [{ title: RGESN_ATTRIBUTION, path: 'https://ecoresponsable.numerique.gouv.fr/publications/referentiel-general-ecoconception/' }],
  'rgesn-services': [{ title: RGESN_ATTRIBUTION, path: 'https://ecoresponsable.numerique.gouv.fr/publications/referentiel-general-ecoconception/' }],
  fleet: [
    { title: 'ADEME/Arcep 2022, Évaluation de l’impact environnemental du numérique en France', path: 'https://librairie.ademe.fr/' },
    { title: BOAVIZTA_ATTRIBUTION, path: 'https://github.com/Boavizta/environmental-footprint-data' },
  ],
};

/** Store → the tables of the scope (read-only). Unknown site codes are a UserError naming them. */
export function buildOpenData(db: Db, options: OpenDataOptions = {}): Table[] {
  const siteCodes = [...new Set(options.siteCodes ?? [])].sort();
  const unknown = siteCodes.filter((c) => !getSiteByCode(db, c));
  if (unknown.length) throw new UserError(`--site ${unknown.join(', ')}: no such site in the store; list them with "numresp sites list" or drop --site`);
  const scope: InsightScope = { siteCodes: siteCodes.length ? siteCodes : undefined, period: options.period ?? undefined };
  // Fleet "as of": the period's end, else the latest date in the store (never the clock), as the report does.
  const at = options.period ? `${options.period.to}T23:59:59.999Z` : (latestStoredDate(db) ?? '1970-01-01T00:00:00.000Z');
  return openDataTables(db, scope, at);
}

export function dataPackage(db: Db, tables: readonly Table[], options: OpenDataOptions): Record<string, unknown> {
  const licence = options.licence ?? LICENCES[DEFAULT_LICENCE];
  const ecoindexVersions = [
    ...new Set(tables.find((t) => t.name === 'web-measurements')?.rows.map((r) => String(r.method_version)) ?? []),
  ].sort();
  return {
    profile: 'tabular-data-package',
    name: 'numresp-opendata',
    title: 'Digital footprint: web services, eco-design practices and equipment fleet',
    description:
      'Published with numresp (Label Numérique Responsable). No personal data: no page titles, no names of assessors, ' +
      'users or devices, no serial numbers.',
    created: options.generatedAt ?? new Date().toISOString(),
    licenses: [licence],
    sources: [{ title: `numresp ${TOOL_VERSION}, store schema v${schemaVersion(db)}` }],
    numresp: {
      toolVersion: TOOL_VERSION,
      scope: { siteCodes: [...new Set(options.siteCodes ?? [])].sort(), period: options.period ?? null },
      methodVersions: {
        ecoindex: ecoindexVersions.length ? ecoindexVersions : [ECOINDEX_METHOD_VERSION],
        lifecycle: LIFECYCLE_METHOD_VERSION,
        practices: 'RWEB v5 (119 practices)',
      },
    },
    resources: tables.map((t) => ({
      profile: 'tabular-data-resource',
      name: t.name,
      path: `${t.name}.csv`,
      title: t.title,
      description: t.description,
      format: 'csv',
      mediatype: 'text/csv',
      encoding: 'utf-8',
      dialect: { delimiter: ',', header: true, lineTerminator: '\r\n', doubleQuote: true },
      sources: RESOURCE_SOURCES[t.name] ?? [],
      licenses: [licence],
      schema: tableSchema(t),
    })),
  };
}

/** Writes every table as CSV and the datapackage.json into `outDir` (created if needed). */
export function writeOpenData(db: Db, outDir: string, options: OpenDataOptions = {}): OpenDataExport {
  const tables = buildOpenData(db, options);
  mkdirSync(outDir, { recursive: true });
  const files: string[] = [];
  for (const t of tables) {
    const file = join(outDir, `${t.name}.csv`);
    writeFileSync(file, toCsv(t.fields.map((f) => f.name), t.rows), 'utf8');
    files.push(file);
  }
  const pkg = join(outDir, 'datapackage.json');
  writeFileSync(pkg, JSON.stringify(dataPackage(db, tables, options), null, 2) + '\n', 'utf8');
  files.push(pkg);
  return { files, tables: tables.map((t) => ({ name: t.name, rows: t.rows.length })) };
}
