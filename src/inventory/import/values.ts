/**
 * Cell → value conversions shared by every preset: device types and statuses from the words GLPI, OCS and Snipe-IT
 * use (French and English), dates in the formats they export, decimal commas.
 */
import type { DeviceStatus, DeviceType } from '../../scoring/factors.js';
import { DEVICE_STATUSES, DEVICE_TYPES } from '../../scoring/factors.js';
import { foldHeader } from './presets.js';

const TYPE_WORDS: [RegExp, DeviceType][] = [
  [/\b(thin ?clients?|clients? legers?|terminal leger|terminaux legers|zero clients?)\b/, 'thin-client'],
  [/\b(laptop|laptops|notebook|notebooks|portable|portables|ordinateur portable|ordinateurs portables|netbook|sub notebook|convertible|detachable|2 in 1)\b/, 'laptop'],
  [/\b(tablet|tablets|tablette|tablettes)\b/, 'tablet'],
  [/\b(smartphone|smartphones|phone|phones|telephone|telephones|mobile|mobiles)\b/, 'smartphone'],
  [/\b(monitor|monitors|moniteur|moniteurs|ecran|ecrans|display|displays|screen|screens)\b/, 'monitor'],
  [/\b(server|servers|serveur|serveurs|rack mount chassis|blade|lame)\b/, 'server'],
  [/\b(printer|printers|imprimante|imprimantes|copieur|copieurs|multifonction|mfp)\b/, 'printer'],
  [/\b(network|networking|reseau|switch|switches|commutateur|routeur|router|routers|firewall|pare feu|access point|borne wifi|point d acces)\b/, 'network'],
  [/\b(desktop|desktops|tower|mini tower|low profile desktop|space saving|all in one|aio|unite centrale|unites centrales|ordinateur fixe|ordinateurs fixes|poste fixe|workstation|station de travail|mini pc|sff|small form factor)\b/, 'desktop'],
];

/** Maps a type cell to a device type; null when the word is unknown. */
export function parseDeviceType(cell: string): DeviceType | null {
  const folded = foldHeader(cell);
  if ((DEVICE_TYPES as readonly string[]).includes(cell.trim().toLowerCase())) return cell.trim().toLowerCase() as DeviceType;
  if (folded === 'thin client') return 'thin-client';
  for (const [re, type] of TYPE_WORDS) if (re.test(folded)) return type;
  // Inventory agents write these when the chassis does not say: the type is unknown, recorded as 'other'.
  if (['other', 'others', 'autre', 'autres', 'unknown', 'inconnu', 'divers'].includes(folded)) return 'other';
  return null;
}

const STATUS_WORDS: [RegExp, DeviceStatus][] = [
  [/\b(d3e|deee|weee|recycl\w*|rebut|au rebut|scrapped|disposed|destroyed|detruit|broken not fixable)\b/, 'd3e'],
  [/\b(lost|stolen|perdu|vole|lost stolen)\b/, 'lost'],
  [/\b(donated|donne|don|refurbished|reconditionne|reemploi|reuse|sold|vendu)\b/, 'refurbished'],
  [/\b(redeployed|redeploye|reaffecte|reassigned|reattribue)\b/, 'redeployed'],
  [/\b(stock|en stock|in stock|ready to deploy|pret a deployer|pending|en attente|archived|archive|spare|reserve)\b/, 'in-stock'],
  [/\b(in service|en service|in use|en utilisation|deployed|deploye|active|actif|production|utilise|out for repair|en reparation|out for diagnostics)\b/, 'in-service'],
];

/** Maps a status cell to a device status; '' → in-service (exports leave it blank for the normal case); null when unknown. */
export function parseDeviceStatus(cell: string): DeviceStatus | null {
  const raw = cell.trim().toLowerCase();
  if (raw === '') return 'in-service';
  if ((DEVICE_STATUSES as readonly string[]).includes(raw)) return raw as DeviceStatus;
  const folded = foldHeader(cell);
  for (const [re, status] of STATUS_WORDS) if (re.test(folded)) return status;
  return null;
}

/**
 * Parses the date formats the exports use into YYYY-MM-DD:
 * ISO `2021-03-15` (optionally with a time, as OCS and Snipe-IT write it), French `15/03/2021`, `15-03-2021`,
 * `15.03.2021` (GLPI with the dd-mm-yyyy preference). US month-first dates are not guessed: 03/15/2021 is rejected
 * as an invalid day-month, and 03/04/2021 is read as 3 April.
 */
export function parseDate(cell: string): string | null | 'invalid' {
  const s = cell.trim();
  if (s === '' || s === '0000-00-00' || s === '0000-00-00 00:00:00') return null;
  let y: number, m: number, d: number;
  let match = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/.exec(s);
  if (match) [y, m, d] = [Number(match[1]), Number(match[2]), Number(match[3])];
  else {
    match = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})(?: \d{1,2}:\d{2}(?::\d{2})?)?$/.exec(s);
    if (!match) return 'invalid';
    [d, m, y] = [Number(match[1]), Number(match[2]), Number(match[3])];
  }
  const date = new Date(Date.UTC(y, m - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d || y < 1970 || y > 2100) return 'invalid';
  return date.toISOString().slice(0, 10);
}

/** Numbers with a dot or a French decimal comma, optional spaces as thousands separators. */
export function parseNumber(cell: string): number | null | 'invalid' {
  const s = cell.trim().replace(/[\s\u00a0\u202f]/g, '');
  if (s === '') return null;
  const normalised = /^-?\d+,\d+$/.test(s) ? s.replace(',', '.') : s;
  const n = Number(normalised);
  return Number.isFinite(n) ? n : 'invalid';
}

export function parseBoolean(cell: string): boolean | null | 'invalid' {
  const s = foldHeader(cell);
  if (s === '') return null;
  if (['1', 'yes', 'oui', 'true', 'vrai', 'y', 'o'].includes(s)) return true;
  if (['0', 'no', 'non', 'false', 'faux', 'n'].includes(s)) return false;
  return 'invalid';
}

/**
 * A cell a spreadsheet would run as a formula (OWASP CSV injection): `=`, `+`, `@`, tab/CR, or `-` not followed
 * by a digit. Such text is refused at import rather than stored and re-exported.
 */
export function looksLikeFormula(cell: string): boolean {
  return /^[=+@\t\r]/.test(cell) || /^-[^\d.\s]/.test(cell);
}
