/**
 * Column names of the exports we read, in French and English, folded (lower case, no accents, look-alike letters
 * normalised, punctuation → space). Built from the writers' code and translation files (docs/inventory-formats.md):
 *   - GLPI 10 "Export CSV" of a search view (src/Search/Output/CSVSearchOutput.php: `;`, UTF-8 with BOM, every
 *     cell quoted; a joined field is titled "Group - Field", e.g. "Informations financières et administratives -
 *     Date d'achat"); French labels from its locales.
 *   - OCS Inventory NG console export (plugins/main_sections/ms_export/ms_csv.php: each header label followed by the
 *     separator `;`, every data row preceded by CRLF, values quoted, no final newline; labels translated, e.g.
 *     "BIOS Numéro de série", "Fabricant", "Modèle", "Machine", "TAG"); no chassis column.
 *   - Snipe-IT custom report (ReportsController::postCustom, fputcsv `,`; status written "Name (meta)") and list
 *     export; fr-FR labels (its "Сatégorie" starts with a Cyrillic С, folded to a Latin c here).
 *   - our template: site,type,manufacturer,model,serial,purchase_date,status,lifetime_years,name,uuid, also with
 *     French headers (site, type, fabricant, modèle, numéro de série, date d'achat, statut, durée de vie, nom, uuid).
 *   - NumEcoEval's EquipementPhysique.csv (what `numresp export numecoeval` writes).
 */
import { isPersonalField } from '../../model/personal-fields.js';

export const PRESETS = ['numresp', 'glpi', 'ocs', 'snipeit', 'numecoeval'] as const;
export type Preset = (typeof PRESETS)[number];

/** The fields an import fills; units are in the names. */
export const IMPORT_FIELDS = [
  'site',
  'defaultSite',
  'entity',
  'type',
  'manufacturer',
  'model',
  'serial',
  'uuid',
  'toolId',
  'name',
  'purchaseDate',
  'warrantyEnd',
  'status',
  'statusDate',
  'lifetimeYears',
  'refurbished',
  'cpu',
  'ramGb',
  'ramMb',
  'storageGb',
  'screenIn',
  'embodiedKg',
  'yearlyKwh',
  'host',
  'user',
] as const;
export type ImportField = (typeof IMPORT_FIELDS)[number];

/**
 * Letters of other scripts that look like Latin ones, as they slip into translated headers (Snipe-IT fr-FR
 * "Сatégorie" has a Cyrillic С): Cyrillic and Greek capitals and small letters → Latin.
 */
const LOOK_ALIKES: Record<string, string> = {
  А: 'A', В: 'B', С: 'C', Е: 'E', Н: 'H', І: 'I', Ј: 'J', К: 'K', М: 'M', О: 'O', Р: 'P', Ѕ: 'S', Т: 'T', Х: 'X', У: 'Y',
  а: 'a', с: 'c', е: 'e', і: 'i', ј: 'j', о: 'o', р: 'p', ѕ: 's', х: 'x', у: 'y',
  Α: 'A', Β: 'B', Ε: 'E', Η: 'H', Ι: 'I', Κ: 'K', Μ: 'M', Ν: 'N', Ο: 'O', Ρ: 'P', Τ: 'T', Χ: 'X', Υ: 'Y', Ζ: 'Z', ο: 'o',
};
const LOOK_ALIKE_RE = new RegExp(`[${Object.keys(LOOK_ALIKES).join('')}]`, 'g');

const ASCII_ONLY = /^[\x00-\x7f]*$/;

export function foldHeader(h: string): string {
  // ASCII has no look-alikes and no accents: skip the two Unicode passes (serials, models: most cells of a fleet).
  if (ASCII_ONLY.test(h)) {
    return h
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, ' ')
      .trim();
  }
  return h
    .replace(LOOK_ALIKE_RE, (c) => LOOK_ALIKES[c])
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

const f = (...names: string[]) => names.map(foldHeader);

export const PRESET_COLUMNS: Record<Preset, Partial<Record<ImportField, string[]>>> = {
  numresp: {
    site: f('site'),
    type: f('type'),
    manufacturer: f('manufacturer', 'fabricant'),
    model: f('model', 'modèle'),
    serial: f('serial', 'numéro de série'),
    uuid: f('uuid'),
    name: f('name', 'nom'),
    purchaseDate: f('purchase_date', "date d'achat"),
    warrantyEnd: f('warranty_end', 'fin de garantie'),
    status: f('status', 'statut'),
    statusDate: f('status_date', 'date du statut'),
    lifetimeYears: f('lifetime_years', 'durée de vie', 'durée de vie (ans)'),
    refurbished: f('refurbished', 'reconditionné'),
    cpu: f('cpu', 'processeur'),
    ramGb: f('ram_gb', 'ram (go)'),
    storageGb: f('storage_gb', 'stockage (go)'),
    screenIn: f('screen_in', 'écran (pouces)'),
    embodiedKg: f('embodied_kg', 'fabrication (kgco2e)'),
    yearlyKwh: f('yearly_kwh', 'kwh par an'),
    host: f('host', 'hôte'),
    user: f('user', 'utilisateur'),
  },
  glpi: {
    site: f('Lieu', 'Location'),
    entity: f('Entité', 'Entity'),
    type: f('Type', 'Type de matériel', 'Item type', "Type d'élément", "Type d'ordinateur", 'Computer type'),
    manufacturer: f('Fabricant', 'Manufacturer'),
    model: f('Modèle', 'Model', "Modèle d'ordinateur", 'Computer model'),
    serial: f('Numéro de série', 'Serial number', 'Serial Number'),
    uuid: f('UUID'),
    toolId: f('ID'),
    name: f('Nom', 'Name'),
    purchaseDate: f(
      "Informations financières et administratives - Date d'achat",
      'Financial and administrative information - Date of purchase',
      "Date d'achat",
      'Date of purchase',
    ),
    warrantyEnd: f(
      'Informations financières et administratives - Date de fin de garantie',
      'Financial and administrative information - Warranty expiration date',
      'Date de fin de garantie',
      'Warranty expiration date',
    ),
    status: f('Statut', 'Status'),
    statusDate: f('Dernière modification', 'Last update'),
    cpu: f('Composants - Processeur', 'Components - Processor', 'Processeur', 'Processor'),
    ramMb: f('Composants - Mémoire', 'Components - Memory', 'Mémoire (Mio)', 'Memory (MiB)'),
    screenIn: f('Taille', 'Size'),
    user: f('Utilisateur', 'User', 'Usager', 'Alternate username'),
  },
  ocs: {
    site: f('TAG', 'Account info: TAG', 'Informations administratives: TAG'),
    type: f('TYPE', 'Chassis type', 'Type de châssis'),
    manufacturer: f('SMANUFACTURER', 'Fabricant', 'Manufacturer', 'System manufacturer'),
    model: f('SMODEL', 'Modèle', 'Model', 'System model'),
    serial: f('SSN', 'BIOS Numéro de série', 'BIOS Serial number', 'BIOS Serial Number', 'Numéro de série', 'Serial number'),
    uuid: f('UUID'),
    toolId: f('ID', 'Hardware ID'),
    name: f('NAME', 'Machine', 'Computer', 'Nom', 'Name'),
    cpu: f('PROCESSORT', 'Processeur', 'Processor', 'CPU', 'Type de processeur', 'Processor type', 'CPU type'),
    ramMb: f('MEMORY', 'RAM (MB)', 'RAM (Mo)', 'Mémoire (MB)', 'RAM(MB)', 'Memory (MB)', 'Mémoire', 'Memory'),
    purchaseDate: f("Date d'achat", 'Purchase date'),
    status: f('Statut', 'Status'),
    user: f('USERID', 'Utilisateur connecté', 'Utilisateur', 'User', 'Connected user', 'Last user logged', 'User logged', 'Logged user'),
  },
  snipeit: {
    // The asset's location (fr-FR has said "Emplacement", now "Lieu"), else its default location.
    site: f('Location', 'Lieu', 'Emplacement'),
    defaultSite: f('Default Location', 'Emplacement par défaut'),
    type: f('Category', 'Catégorie'),
    manufacturer: f('Manufacturer', 'Fabricant'),
    model: f('Model', 'Modèle', 'Model Name', 'Nom du modèle'),
    serial: f('Serial', 'Série', 'Numéro de série', 'Serial Number'),
    uuid: f('Asset Tag', "Étiquette de l'actif", "Numéro d'inventaire", "Étiquette d'actif"),
    toolId: f('ID'),
    name: f('Name', 'Asset Name', 'Nom', "Nom de l'actif", "Nom de l'asset"),
    purchaseDate: f('Purchase Date', 'Purchased', "Date d'achat", 'Acheté'),
    warrantyEnd: f('Warranty Expires', 'Expiration de la garantie', 'Garantie expire'),
    status: f('Status', 'Statut'),
    statusDate: f('Updated At', 'Mise à jour à', 'Mis à jour le', 'Mis à jour'),
    // fr-FR translates "checked out to" (admin/hardware/table.checkoutto) as "Date de libération": the column holds the
    // assignee's name, not a date.
    user: f('Checked Out To', 'Assigned To', 'Attribué à', 'Affecté à', 'Date de libération', 'Username', "Nom d'utilisateur"),
  },
  numecoeval: {
    serial: f('nomEquipementPhysique'),
    model: f('modele'),
    type: f('type'),
    status: f('statut'),
    site: f('nomCourtDatacenter'),
    entity: f('nomEntite'),
    purchaseDate: f('dateAchat'),
    // The day a device left: the date of its d3e/donated/lost status (devices-import keeps it for those only).
    statusDate: f('dateRetrait'),
    lifetimeYears: f('dureeUsageInterne'),
    yearlyKwh: f('consoElecAnnuelle'),
    user: f('utilisateur'),
  },
};

/**
 * Headers that name or reach a person (GDPR minimisation, issue 15): their values are never stored. With
 * --keep-users the first "user" column is kept as an HMAC only. Whole-word match on the folded header.
 */
const PERSONAL_HEADER = /\b(user|users|username|login|logged|utilisateur|utilisateurs|utilisateur connecte|usager|usagers|assigned to|attribue a|affecte a|checked out to|email|e mail|mail|courriel|phone|telephone|tel|employee|employe|manager|contact|nom d utilisateur|userid)\b/;
export function isPersonalHeader(header: string): boolean {
  return isPersonalField(header) || PERSONAL_HEADER.test(foldHeader(header));
}

/** The preset whose column names match most of the header (ties: the order of PRESETS). */
export function detectPreset(header: string[]): Preset {
  const folded = new Set(header.map(foldHeader));
  if (folded.has('nomequipementphysique')) return 'numecoeval';
  let best: Preset = 'numresp';
  let bestScore = -1;
  for (const p of PRESETS) {
    const score = Object.values(PRESET_COLUMNS[p]).filter((names) => names!.some((n) => folded.has(n))).length;
    if (score > bestScore) [best, bestScore] = [p, score];
  }
  return best;
}

/** Index of each field's column in the header (first alias found), or -1. */
export function columnIndexes(header: string[], columns: Partial<Record<ImportField, string[]>>): Partial<Record<ImportField, number>> {
  const folded = header.map(foldHeader);
  const out: Partial<Record<ImportField, number>> = {};
  for (const [field, names] of Object.entries(columns) as [ImportField, string[]][]) {
    for (const n of names) {
      const i = folded.indexOf(n);
      if (i >= 0) {
        out[field] = i;
        break;
      }
    }
  }
  return out;
}
