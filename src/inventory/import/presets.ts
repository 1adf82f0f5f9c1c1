/**
 * Column names of the exports we read, in French and English, folded (lower case, no accents, punctuation → space).
 * Built from the exports' documented/observed shapes:
 *   - GLPI 10 "Export CSV" of the Computers / Monitors / Network devices search views (`;`, UTF-8 with BOM; a
 *     joined field is titled "Group - Field", e.g. "Financial and administrative information - Date of purchase").
 *   - OCS Inventory NG console "Export CSV" of the computers list (`;`; BIOS fields SSN, SMANUFACTURER, SMODEL,
 *     TYPE for the chassis, TAG for the site).
 *   - Snipe-IT "Export" of the assets list (`,`; "Asset Tag", "Serial", "Purchase Date", "Status", "Location").
 *   - our template: site,type,manufacturer,model,serial,purchase_date,status,lifetime_years,name,uuid.
 */
export const PRESETS = ['numresp', 'glpi', 'ocs', 'snipeit'] as const;
export type Preset = (typeof PRESETS)[number];

/** The fields an import fills; units are in the names. */
export const IMPORT_FIELDS = [
  'site',
  'type',
  'manufacturer',
  'model',
  'serial',
  'uuid',
  'name',
  'purchaseDate',
  'warrantyEnd',
  'status',
  'lifetimeYears',
  'refurbished',
  'cpu',
  'ramGb',
  'ramMb',
  'storageGb',
  'screenIn',
  'embodiedKg',
  'yearlyKwh',
] as const;
export type ImportField = (typeof IMPORT_FIELDS)[number];

export function foldHeader(h: string): string {
  return h
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
    manufacturer: f('manufacturer'),
    model: f('model'),
    serial: f('serial'),
    uuid: f('uuid'),
    name: f('name'),
    purchaseDate: f('purchase_date'),
    warrantyEnd: f('warranty_end'),
    status: f('status'),
    lifetimeYears: f('lifetime_years'),
    refurbished: f('refurbished'),
    cpu: f('cpu'),
    ramGb: f('ram_gb'),
    storageGb: f('storage_gb'),
    screenIn: f('screen_in'),
    embodiedKg: f('embodied_kg'),
    yearlyKwh: f('yearly_kwh'),
  },
  glpi: {
    site: f('Lieu', 'Location', 'Entité', 'Entity'),
    type: f('Type', 'Type de matériel', 'Item type', "Type d'élément"),
    manufacturer: f('Fabricant', 'Manufacturer'),
    model: f('Modèle', 'Model'),
    serial: f('Numéro de série', 'Serial number', 'Serial Number'),
    uuid: f('UUID'),
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
    cpu: f('Composants - Processeur', 'Components - Processor', 'Processeur', 'Processor'),
    ramMb: f('Composants - Mémoire', 'Components - Memory', 'Mémoire (Mio)', 'Memory (MiB)'),
    screenIn: f('Taille', 'Size'),
  },
  ocs: {
    site: f('TAG', 'Account info: TAG', 'Informations administratives: TAG'),
    type: f('TYPE', 'Type', 'Chassis type', 'Type de châssis'),
    manufacturer: f('SMANUFACTURER', 'Fabricant', 'Manufacturer', 'System manufacturer'),
    model: f('SMODEL', 'Modèle', 'Model', 'System model'),
    serial: f('SSN', 'Numéro de série', 'Serial number'),
    uuid: f('UUID'),
    name: f('NAME', 'Machine', 'Computer', 'Nom'),
    cpu: f('PROCESSORT', 'Processeur', 'Processor', 'CPU'),
    ramMb: f('MEMORY', 'RAM (MB)', 'Mémoire (MB)', 'RAM(MB)', 'Memory (MB)'),
    purchaseDate: f("Date d'achat", 'Purchase date'),
    status: f('Statut', 'Status'),
  },
  snipeit: {
    site: f('Location', 'Emplacement', 'Default Location', 'Emplacement par défaut'),
    type: f('Category', 'Catégorie'),
    manufacturer: f('Manufacturer', 'Fabricant'),
    model: f('Model', 'Modèle', 'Model No.', 'N° de modèle'),
    serial: f('Serial', 'Numéro de série', 'Serial Number'),
    uuid: f('Asset Tag', "Étiquette de l'actif", "Numéro d'inventaire"),
    name: f('Name', 'Asset Name', 'Nom', "Nom de l'actif"),
    purchaseDate: f('Purchase Date', "Date d'achat"),
    warrantyEnd: f('Warranty Expires', 'Expiration de la garantie', 'Garantie expire'),
    status: f('Status', 'Statut'),
  },
};

/** The preset whose column names match most of the header (ties: the order of PRESETS). */
export function detectPreset(header: string[]): Preset {
  const folded = new Set(header.map(foldHeader));
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
