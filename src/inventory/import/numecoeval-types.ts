/**
 * numresp device types ↔ the equipment type names written in NumEcoEval's EquipementPhysique.csv `type` column.
 *
 * NumEcoEval ships no fixed list: each instance's operator loads its own equipment-type referential
 * (`POST /referentiel/typeEquipement/csv`, "annule et remplace", key = `type`; NumEcoEval's referential API as copied
 * in G4ITTeam/g4it services/backend/src/main/resources/swagger/numecoeval/api-referentiels-openapi.yaml, commit
 * 4f10cbc53fb0fec7322050385fa72205c4fb9667), and an input line's `type` must be one of its names exactly, case and
 * accents included. Hence `export numecoeval --types FILE` for an instance that names them otherwise.
 *
 * Default names:
 *   - six are spelt as in the one public referential of a NumEcoEval instance run by a State agency we could read:
 *     ANS "EvalCarbone SIH", github.com/ansforge/Eval-Carbone-SIH infra/roles/referential/files/input_ref/
 *     typeEquipement.csv, commit 0197d50978d665b913964a209f45d4ea006bb90a (ANS_REFERENTIAL_TYPES below);
 *   - the others are numresp's own French names: no NumEcoEval referential we could read has these types.
 * Documented in docs/inventory-formats.md ("NumEcoEval"); test/inventory/numecoeval.test.ts pins the six ANS names.
 */
import type { DeviceType } from '../../model/devices.js';
import { foldHeader } from './presets.js';

/** Where the ANS names come from (docs, typeEquipement.csv proposal). */
export const ANS_REFERENTIAL_SOURCE =
  'ansforge/Eval-Carbone-SIH infra/roles/referential/files/input_ref/typeEquipement.csv (commit 0197d50978d665b913964a209f45d4ea006bb90a)';

/** The types whose default name is the ANS instance's (ANS_REFERENTIAL_SOURCE); the others are ours. */
export const ANS_REFERENTIAL_TYPES: readonly DeviceType[] = ['laptop', 'desktop', 'monitor', 'server', 'storage', 'network'];

export const NUMECOEVAL_TYPES: Record<DeviceType, string> = {
  // ANS referential (ANS_REFERENTIAL_SOURCE), exact spelling.
  laptop: 'Ordinateur portable',
  desktop: 'Ordinateur fixe - sans écran',
  monitor: 'Écran',
  server: 'Serveur rack',
  storage: 'Stockage',
  network: 'Commutateur réseau',
  // numresp's own names: in no NumEcoEval referential we could read.
  'thin-client': 'Client léger',
  tablet: 'Tablette',
  smartphone: 'Smartphone',
  printer: 'Imprimante',
  'video-projector': 'Vidéoprojecteur',
  'interactive-display': 'Écran interactif',
  ups: 'Onduleur',
  'desk-phone': 'Téléphone fixe IP',
  'docking-station': "Station d'accueil",
  'document-camera': 'Visualiseur',
  other: 'Autre',
};

/** Names numresp wrote before aligning with the ANS referential (2026-11-30): files exported then still read back. */
export const NUMECOEVAL_LEGACY_TYPES: Readonly<Record<string, DeviceType>> = {
  'Ordinateur fixe': 'desktop',
  Ecran: 'monitor',
  Serveur: 'server',
  'Baie de stockage': 'storage',
  'Equipement réseau': 'network',
  'Ecran interactif': 'interactive-display',
};

// Folded (case, accents, punctuation): an operator's file may write "Ecran" or "ECRAN" for "Écran".
const BACK = new Map<string, DeviceType>([
  ...Object.entries(NUMECOEVAL_LEGACY_TYPES).map(([name, type]) => [foldHeader(name), type] as const),
  ...Object.entries(NUMECOEVAL_TYPES).map(([type, name]) => [foldHeader(name), type as DeviceType] as const),
]);

export function numecoevalTypeToDevice(name: string): DeviceType | null {
  return BACK.get(foldHeader(name)) ?? null;
}
