/**
 * `numresp export numecoeval --out DIR`: the four input files of NumEcoEval, the State's fleet footprint tool
 * (`;`, UTF-8, dates YYYY-MM-DD, headers as NumEcoEval names them; column lists in issue 11 and in the NumEcoEval
 * front-ends that post EquipementPhysique.csv to its /entrees/csv endpoint). Mandatory fields are always filled;
 * rows that cannot fill them are counted as skipped. Types: src/inventory/import/numecoeval-types.ts (the table is
 * documented in docs/inventory-formats.md). Read back by `inventory import EquipementPhysique.csv`.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Db } from '../store/database.js';
import { datacentresForExport, devicesForExport, vmsForExport } from '../store/inventory-export.js';
import { NUMECOEVAL_TYPES } from './import/numecoeval-types.js';

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

/** Where the data comes from, in every nomSourceDonnee column. */
export const NUMECOEVAL_SOURCE = 'numresp';
/** Country of use of every device (mandatory; numresp fleets are French public bodies). */
export const NUMECOEVAL_COUNTRY = 'France';

export interface NumEcoEvalExport {
  dir: string;
  files: { name: string; rows: number }[];
  skipped: { vmsWithoutHost: number };
}

type Cell = string | number | null | undefined;

function csv(header: readonly string[], rows: Cell[][]): string {
  const cell = (v: Cell) => {
    const s = v === null || v === undefined ? '' : String(v);
    return /[;"\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  return [header.join(';'), ...rows.map((r) => r.map(cell).join(';'))].join('\n') + '\n';
}

/** The physical equipment's name in the files: its serial, else `uuid:` + uuid (read back the same way). */
export function physicalKey(serial: string | null, uuid: string | null, id: number): string {
  return serial ?? (uuid !== null ? `uuid:${uuid}` : `device-${id}`);
}

export function writeNumEcoEval(db: Db, dir: string): NumEcoEvalExport {
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
      d.model ?? NUMECOEVAL_TYPES[d.type],
      1,
      d.siteCode !== null && dcCodes.has(d.siteCode) ? d.siteCode : null,
      d.purchaseDate,
      null,
      d.lifetimeYears,
      null,
      null,
      NUMECOEVAL_TYPES[d.type],
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
  return { dir, files, skipped: { vmsWithoutHost: vms.length - hosted.length } };
}
