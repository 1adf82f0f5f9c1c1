/**
 * numresp device types ↔ the equipment type names written in NumEcoEval's EquipementPhysique.csv `type` column.
 * NumEcoEval matches `type` against its reference table of equipment types (ref_type_equipement, loaded by the
 * operator of the NumEcoEval instance). These names are NOT verified against NumEcoEval's own referential, which we
 * could not read; the one public copy found (G4IT's, docs/inventory-formats.md) is a six-type digital-service subset.
 * Documented there, to align with the instance's referential if it names them otherwise.
 */
import type { DeviceType } from '../../model/devices.js';
import { foldHeader } from './presets.js';

export const NUMECOEVAL_TYPES: Record<DeviceType, string> = {
  laptop: 'Ordinateur portable',
  desktop: 'Ordinateur fixe',
  'thin-client': 'Client léger',
  monitor: 'Ecran',
  server: 'Serveur',
  tablet: 'Tablette',
  smartphone: 'Smartphone',
  printer: 'Imprimante',
  network: 'Equipement réseau',
  'video-projector': 'Vidéoprojecteur',
  'interactive-display': 'Ecran interactif',
  ups: 'Onduleur',
  storage: 'Baie de stockage',
  'desk-phone': 'Téléphone fixe IP',
  'docking-station': "Station d'accueil",
  'document-camera': 'Visualiseur',
  other: 'Autre',
};

const BACK = new Map(Object.entries(NUMECOEVAL_TYPES).map(([k, v]) => [foldHeader(v), k as DeviceType]));

export function numecoevalTypeToDevice(name: string): DeviceType | null {
  return BACK.get(foldHeader(name)) ?? null;
}
