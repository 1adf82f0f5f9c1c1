/**
 * `numresp export numecoeval --out DIR`: the four input files of NumEcoEval, the State's fleet footprint tool
 * (`;`, UTF-8, dates YYYY-MM-DD, headers as NumEcoEval names them; column lists in issue 11 and in the NumEcoEval
 * front-ends that post EquipementPhysique.csv to its /entrees/csv endpoint). Mandatory fields are always filled;
 * rows that cannot fill them are counted as skipped. Types: src/inventory/import/numecoeval-types.ts (the table is
 * documented in docs/inventory-formats.md); `--types FILE` renames them for an instance whose referential names them
 * otherwise. Read back by `inventory import EquipementPhysique.csv`. Beside them, typeEquipement.csv: numresp's
 * proposal of referential rows for the type names written, for an operator whose instance lacks them.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { DEVICE_TYPES, type DeviceType } from '../model/devices.js';
import { formatZodIssue, UserError } from '../model/errors.js';
import { TYPE_DEFAULTS } from '../scoring/factors.js';
import type { Db } from '../store/database.js';
import { datacentresForExport, devicesForExport, vmsForExport } from '../store/inventory-export.js';
import { NUMECOEVAL_TYPES } from './import/numecoeval-types.js';
import { looksLikeFormula } from './import/values.js';
import { csvCell } from '../util/csv.js';

export const NUMECOEVAL_HEADERS = {
  DataCenter: ['nomCourtDatacenter', 'nomLongDatacenter', 'pue', 'localisation', 'nomEntite', 'nomSourceDonnee', 'qualite'],
  EquipementPhysique: [
    'nomEquipementPhysique', 'modele', 'quantite', 'nomCourtDatacenter', 'dateAchat', 'dateRetrait', 'dureeUsageInterne',
    'dureeUsageAmont', 'dureeUsageAval', 'type', 'statut', 'paysDUtilisation', 'consoElecAnnuelle', 'utilisateur',
    'nomSourceDonnee', 'nomEntite', 'nbCoeur', 'nbJourUtiliseAn', 'goTelecharge', 'modeUtilisation', 'tauxUtilisation', 'qualite',
  ],
  EquipementVirtuel: [
    'nomEquipementVirtuel', 'nomEquipementPhysique', 'nomSourceDonneeEquipementPhysique', 'cleRepartition', 'vCPU', 'cluster',
    'consoElecAnnuelle', 'typeEqv', 'capaciteStockage', 'nomEntite', 'nomSourceDonnee', 'qualite',
  ],
  Application: [
    'nomApplication', 'typeEnvironnement', 'nomEquipementVirtuel', 'nomSourceDonneeEquipementVirtuel', 'domaine', 'sousDomaine',
    'nomEntite', 'nomEquipementPhysique', 'nomSourceDonnee', 'qualite',
  ],
} as const;

/**
 * Header of NumEcoEval's equipment-type referential CSV, as the ANS instance loads it (ANS_REFERENTIAL_SOURCE in
 * ./import/numecoeval-types.ts) through `POST /referentiel/typeEquipement/csv`.
 */
export const TYPE_REFERENTIAL_HEADER = ['type', 'serveur', 'commentaire', 'dureeVieDefaut', 'refEquipementParDefaut', 'source'] as const;
export const TYPE_REFERENTIAL_FILE = 'typeEquipement.csv';

/** Where the data comes from, in every nomSourceDonnee column. */
export const NUMECOEVAL_SOURCE = 'numresp';
/** Country of use of every device (mandatory; numresp fleets are French public bodies). */
export const NUMECOEVAL_COUNTRY = 'France';

export interface NumEcoEvalExport {
  dir: string;
  files: { name: string; rows: number }[];
  skipped: { vmsWithoutHost: number };
  /** The name written in the `type` column for each numresp type (defaults, then --types). */
  typeNames: Record<DeviceType, string>;
}

/** Instance type names by numresp type (`--types FILE`): every key a numresp type, every name usable as a CSV cell. */
const TypeNamesSchema = z.record(
  z.string(),
  z
    .string()
    .trim()
    .min(1, 'empty name; give the type name of your NumEcoEval referential')
    .max(200)
    .refine((n) => !/[\u0000-\u001f\u007f]/.test(n), 'contains a line break or control character')
    .refine((n) => !looksLikeFormula(n), 'starts like a spreadsheet formula (=, +, @, -)'),
).superRefine((names, ctx) => {
  for (const key of Object.keys(names)) {
    if (!(DEVICE_TYPES as readonly string[]).includes(key)) {
      ctx.addIssue({ code: 'custom', path: [key], message: `not a numresp type; valid: ${DEVICE_TYPES.join(', ')}` });
    }
  }
});

/** Validates the parsed JSON of `--types FILE`: one line naming the key on error (UserError). */
export function parseTypeNames(raw: unknown, file: string): Partial<Record<DeviceType, string>> {
  const parsed = TypeNamesSchema.safeParse(raw);
  if (!parsed.success) throw new UserError(`--types ${file}: ${formatZodIssue(parsed.error)}`);
  return parsed.data as Partial<Record<DeviceType, string>>;
}

export interface NumEcoEvalOptions {
  /** Instance names replacing numresp's defaults (NUMECOEVAL_TYPES) for some types. */
  typeNames?: Partial<Record<DeviceType, string>>;
}

type Cell = string | number | null | undefined;

/**
 * `;` rows through the shared csvCell: text a spreadsheet would run (= + - @ tab CR first: imported models, site and
 * entity names) gets a leading apostrophe; numbers (quantite, pue, consoElecAnnuelle) and ISO dates stay raw.
 * `inventory import` keeps such a cell as it is (the apostrophe included; stripping it would make the cell look like a
 * formula and lose the device), so a second export writes the same cell.
 */
function csv(header: readonly string[], rows: Cell[][]): string {
  return [header.join(';'), ...rows.map((r) => r.map(csvCell).join(';'))].join('\n') + '\n';
}

/** The physical equipment's name in the files: its serial, else `uuid:` + uuid (read back the same way). */
export function physicalKey(serial: string | null, uuid: string | null, id: number): string {
  return serial ?? (uuid !== null ? `uuid:${uuid}` : `device-${id}`);
}

export function writeNumEcoEval(db: Db, dir: string, options: NumEcoEvalOptions = {}): NumEcoEvalExport {
  const typeNames: Record<DeviceType, string> = { ...NUMECOEVAL_TYPES, ...options.typeNames };
  mkdirSync(dir, { recursive: true });
  const datacentres = datacentresForExport(db);
  const dcCodes = new Set(datacentres.map((d) => d.code));
  const devices = devicesForExport(db);
  const vms = vmsForExport(db);
  const files: NumEcoEvalExport['files'] = [];
  const write = (name: keyof typeof NUMECOEVAL_HEADERS, rows: Cell[][]) => {
    writeFileSync(join(dir, `${name}.csv`), csv(NUMECOEVAL_HEADERS[name], rows));
    files.push({ name: `${name}.csv`, rows: rows.length });
  };
  write(
    'DataCenter',
    datacentres.map((d) => [d.code, d.name, d.pue, NUMECOEVAL_COUNTRY, d.code, NUMECOEVAL_SOURCE, null]),
  );
  write(
    'EquipementPhysique',
    devices.map((d) => [
      physicalKey(d.serial, d.uuid, d.id),
      // No model: numresp's own name of the type, which `inventory import` knows for a placeholder (not a model).
      d.model ?? NUMECOEVAL_TYPES[d.type],
      1,
      d.siteCode !== null && dcCodes.has(d.siteCode) ? d.siteCode : null,
      d.purchaseDate,
      d.retiredOn, // dateRetrait: when a gone device left (read back as its status date)
      d.lifetimeYears,
      null,
      null,
      typeNames[d.type],
      d.status,
      NUMECOEVAL_COUNTRY,
      d.yearlyKwh,
      null, // utilisateur: numresp keeps no user (docs/privacy.md)
      NUMECOEVAL_SOURCE,
      d.siteCode,
      null,
      null,
      null,
      null,
      null,
      null,
    ]),
  );
  const hosted = vms.filter((v) => v.hostSerial !== null || v.hostUuid !== null);
  write(
    'EquipementVirtuel',
    hosted.map((v) => [v.name, physicalKey(v.hostSerial, v.hostUuid, 0), NUMECOEVAL_SOURCE, null, v.vcpus, null, null, 'calcul', null, v.servedCode, NUMECOEVAL_SOURCE, null]),
  );
  // Web services of the store: a VM serving a site of kind `web` runs that application.
  write(
    'Application',
    hosted
      .filter((v) => v.servedKind === 'web')
      .map((v) => [v.servedName, 'Production', v.name, NUMECOEVAL_SOURCE, null, null, v.servedCode, physicalKey(v.hostSerial, v.hostUuid, 0), NUMECOEVAL_SOURCE, null]),
  );
  writeTypeReferential(dir, typeNames, files);
  return { dir, files, skipped: { vmsWithoutHost: vms.length - hosted.length }, typeNames };
}

/**
 * typeEquipement.csv: one referential row per type name written (types sharing a name share a row), for an operator
 * whose instance lacks them. A proposal, not NumEcoEval's data: serveur = true for servers only; dureeVieDefaut is
 * numresp's type-default lifetime (src/scoring/factors.ts, cited in `source`; empty where no public source gives
 * one); refEquipementParDefaut is left empty (an instance's own impact-referential id). NumEcoEval's import of this
 * referential replaces the whole table: the operator merges these rows into the instance's file.
 */
function writeTypeReferential(dir: string, typeNames: Record<DeviceType, string>, files: NumEcoEvalExport['files']): void {
  const byName = new Map<string, DeviceType[]>();
  for (const type of DEVICE_TYPES) byName.set(typeNames[type], [...(byName.get(typeNames[type]) ?? []), type]);
  const rows = [...byName].map(([name, types]) => {
    const first = TYPE_DEFAULTS[types[0]];
    return [
      name,
      types.includes('server') ? 'true' : null,
      `numresp type ${types.join(' + ')}, proposed by numresp (not from a NumEcoEval referential)`,
      first.lifetimeYears,
      null,
      first.lifetimeYears === null ? null : `numresp default lifetime of ${types[0]}: ${first.lifetimeSource}`,
    ];
  });
  writeFileSync(join(dir, TYPE_REFERENTIAL_FILE), csv(TYPE_REFERENTIAL_HEADER, rows));
  files.push({ name: TYPE_REFERENTIAL_FILE, rows: rows.length });
}
