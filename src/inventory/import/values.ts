/**
 * Cell → value conversions shared by every preset: device types and statuses from the words GLPI, OCS and Snipe-IT
 * use (French and English), types inferred from model names, virtual machines, dummy serials, dates in the orders
 * the exports use, decimal commas.
 */
import type { DeviceStatus, DeviceType } from '../../model/devices.js';
import { DEVICE_STATUSES, DEVICE_TYPES } from '../../model/devices.js';
import { foldHeader } from './presets.js';
import { isFirmwarePlaceholder } from '../../model/firmware-placeholders.js';

// Order matters: the first pattern that matches wins (a "station d'accueil" is a dock, not a desktop workstation;
// an "écran interactif" is an interactive display, not a monitor; a "téléphone IP" is a desk phone, not a smartphone).
const TYPE_WORDS: [RegExp, DeviceType][] = [
  [/\b(docking station|docking stations|dock|station d accueil|stations d accueil|replicateur de ports?|port replicator)\b/, 'docking-station'],
  [/\b(video ?projecteurs?|video ?projectors?|projecteurs?|projectors?|vp)\b/, 'video-projector'],
  [/\b(tni|tbi|eni|tableaux? (blanc|numerique)s? interactifs?|ecrans? (numeriques? )?interactifs?|interactive (white ?board|display|flat panel|panel)s?|ifp|vpi)\b/, 'interactive-display'],
  [/\b(visualiseurs?|document cameras?|cameras? de documents?|presentateurs? visuels?)\b/, 'document-camera'],
  [/\b(onduleurs?|ups|uninterruptible power supply|alimentation sans interruption|asi)\b/, 'ups'],
  [/\b(nas|san|storage|stockage|baie de stockage|baies de stockage|disk array|storage array)\b/, 'storage'],
  [/\b(ip phones?|voip phones?|desk phones?|telephones? ip|telephones? fixes?|postes? telephoniques?|telephonie ip|phone ip)\b/, 'desk-phone'],
  [/\b(thin ?clients?|clients? legers?|terminal leger|terminaux legers|zero clients?)\b/, 'thin-client'],
  [/\b(laptop|laptops|notebook|notebooks|portable|portables|ordinateur portable|ordinateurs portables|netbook|sub notebook|convertible|detachable|2 in 1|chromebook|chromebooks)\b/, 'laptop'],
  [/\b(tablet|tablets|tablette|tablettes)\b/, 'tablet'],
  [/\b(smartphone|smartphones|phone|phones|telephone|telephones|mobile|mobiles)\b/, 'smartphone'],
  [/\b(monitor|monitors|moniteur|moniteurs|ecran|ecrans|display|displays|screen|screens)\b/, 'monitor'],
  [/\b(server|servers|serveur|serveurs|rack mount chassis|blade|lame)\b/, 'server'],
  [/\b(printer|printers|imprimante|imprimantes|copieur|copieurs|multifonction|mfp)\b/, 'printer'],
  [/\b(network|networking|reseau|switch|switches|commutateur|commutateurs|routeur|routeurs|router|routers|firewall|pare feu|access point|borne wifi|point d acces)\b/, 'network'],
  [/\b(desktop|desktops|tower|mini tower|low profile desktop|space saving|all in one|all in ones|aio|unite centrale|unites centrales|ordinateur fixe|ordinateurs fixes|poste fixe|workstation|station de travail|mini pc|sff|small form factor|micro)\b/, 'desktop'],
];

/** Words for "a computer" without its form: the type is then read from the model name. */
const GENERIC_COMPUTER = /^(ordinateur|ordinateurs|computer|computers|pc|poste|postes|poste de travail|machine)$/;

/** Maps a type cell to a device type; null when the word is unknown (generic "Ordinateur" included). */
export function parseDeviceType(cell: string): DeviceType | null {
  const raw = cell.trim().toLowerCase();
  if ((DEVICE_TYPES as readonly string[]).includes(raw)) return raw as DeviceType;
  // GLPI types are a user-defined tree ("Matériel > Portable"): the last segment is the type.
  const folded = foldHeader(cell.split('>').pop() ?? cell);
  if (folded === 'thin client') return 'thin-client';
  if (GENERIC_COMPUTER.test(folded)) return null;
  for (const [re, type] of TYPE_WORDS) if (re.test(folded)) return type;
  // Inventory agents write these when the chassis does not say: the type is unknown, recorded as 'other'.
  if (['other', 'others', 'autre', 'autres', 'unknown', 'inconnu', 'divers'].includes(folded)) return 'other';
  return null;
}

export function isGenericComputerWord(cell: string): boolean {
  return GENERIC_COMPUTER.test(foldHeader(cell.split('>').pop() ?? cell));
}

/**
 * Model families whose form is known (manufacturers' range names), for exports without a chassis column (OCS) or
 * with a generic "Ordinateur" type. Whole words of the folded "manufacturer model".
 */
const MODEL_FAMILIES: [RegExp, DeviceType][] = [
  [/\b(latitude|thinkpad|elitebook|probook|zbook|macbook|ideapad|thinkbook|travelmate|aspire|swift|zenbook|vivobook|expertbook|dynabook|satellite|surface (laptop|book)|xps 1[3-7]|vostro 1[45]\d\d|inspiron 1[3-7]|chromebook|lifebook|galaxy book|gram)\b/, 'laptop'],
  [/\b(optiplex|prodesk|elitedesk|elite ?one|proone|thinkcentre|veriton|imac|mac mini|mac pro|mac studio|precision (tower|\d{4} tower)|esprimo|vostro \d{4} (tower|sff|small)|expertcenter|pro ?desk)\b/, 'desktop'],
  [/\b(poweredge|proliant|thinksystem|primergy|system x|ucs)\b/, 'server'],
  [/\b(ipad|galaxy tab|surface (pro|go)|mediapad|lenovo tab)\b/, 'tablet'],
  [/\b(iphone|galaxy [asmz]\d|pixel \d|fairphone)\b/, 'smartphone'],
  [/\b(t6[0-9]\d|t7[0-9]\d|wyse|igel)\b/, 'thin-client'],
];

/**
 * Lenovo writes its machine-type-model (MTM) in the SMBIOS product name, which OCS exports as the model
 * ("20L5S0KN00", the range name being in the version field OCS does not list): the first four characters are the
 * machine type, per range in Lenovo's PSREF (psref.lenovo.com) — ThinkPad 20xx/21xx (P1 Gen 4 20Y3, P1 Gen 5 21DC,
 * P14s Gen 2 AMD 21A0), ThinkCentre M 10xx–12xx (M720q 10T7, M70q Gen 2 11D3, M90q Gen 3 11WD, M75q Gen 5 12E9).
 * Ten characters: type, model, variant.
 */
const LENOVO_MTM: [RegExp, DeviceType][] = [
  [/^lenovo 2[01][0-9a-z]{8}$/, 'laptop'],
  [/^lenovo 1[012][0-9a-z]{8}$/, 'desktop'],
];

/** The form of a computer from its manufacturer and model names; null when the name does not tell. */
export function typeFromModel(manufacturer: string, model: string): DeviceType | null {
  const text = foldHeader(`${manufacturer} ${model}`);
  if (!text) return null;
  for (const [re, type] of MODEL_FAMILIES) if (re.test(text)) return type;
  if (text.startsWith('lenovo ')) for (const [re, type] of LENOVO_MTM) if (re.test(text)) return type;
  return null;
}

/**
 * Virtual machines as inventory agents report them (system manufacturer/model from SMBIOS):
 * VMware "VMware Virtual Platform" / "VMware7,1", Hyper-V "Microsoft Corporation" + "Virtual Machine",
 * KVM/QEMU "QEMU" + "Standard PC (Q35 + ICH9, 2009)" or "KVM", VirtualBox "innotek GmbH" + "VirtualBox",
 * Xen "Xen" + "HVM domU". Returns the platform name, or null for a physical machine.
 */
export function virtualPlatform(manufacturer: string, model: string): string | null {
  const m = foldHeader(manufacturer);
  const text = foldHeader(`${manufacturer} ${model}`);
  if (/\bvmware\b/.test(text)) return 'VMware';
  if (/\bvirtualbox\b|\binnotek\b/.test(text)) return 'VirtualBox';
  if (/\b(qemu|kvm)\b/.test(text) || /^red hat$/.test(m)) return 'KVM/QEMU';
  if (/\bhvm domu\b|^xen\b/.test(text)) return 'Xen';
  if (/\bmicrosoft\b/.test(m) && /\bvirtual machine\b/.test(text)) return 'Hyper-V';
  if (/\bvirtual machine\b/.test(text)) return 'virtual machine';
  return null;
}

/** SMBIOS placeholders and runs of one digit: they cannot identify a device (one list with the hardware collector). */
export function isDummySerial(serial: string): boolean {
  return isFirmwarePlaceholder(serial);
}

/** "6.37702E+15": Excel turned a long numeric serial into a float and lost its digits. */
export function isExcelMangledSerial(serial: string): boolean {
  return /^\d(?:[.,]\d+)?E\+\d+$/i.test(serial.trim());
}

const STATUS_WORDS: [RegExp, DeviceStatus][] = [
  [/\b(d3e|deee|weee|recycl\w*|rebut|au rebut|mis au rebut|reforme|reformes|scrapped|disposed|destroyed|detruit|broken not fixable|retired|retire|decommissioned|declasse)\b/, 'd3e'],
  [/\b(lost|stolen|perdu|vole|lost stolen|disparu)\b/, 'lost'],
  [/\b(donated|donne|don|refurbished|reconditionne|reemploi|reuse|sold|vendu|cede)\b/, 'refurbished'],
  [/\b(redeployed|redeploye|reaffecte|reassigned|reattribue)\b/, 'redeployed'],
  [/\b(hs|hors service|broken|en panne|panne|defectueux|out of order)\b/, 'in-stock'],
  [/\b(stock|en stock|in stock|ready to deploy|pret a deployer|pret a etre deploye|disponible|pending|en attente|archived|archive|spare|reserve|deployable|undeployable|non deployable)\b/, 'in-stock'],
  [/\b(in service|en service|in use|en utilisation|deployed|deploye|active|actif|production|utilise|out for repair|en reparation|reparation|out for diagnostics|prete|pret|loaned|on loan)\b/, 'in-service'],
];

/**
 * Maps a status cell to a device status; '' → in-service (exports leave it blank for the normal case); null when
 * unknown. GLPI statuses are a user-defined tree ("Parc > En service"): the last segment counts. Snipe-IT writes
 * "Name (meta)": meta `deployed` (checked out) means in service whatever the label's name; `deployable` or `pending`
 * (not checked out) means in stock even when the name reads "in use".
 */
export function parseDeviceStatus(cell: string): DeviceStatus | null {
  const raw = cell.trim().toLowerCase();
  if (raw === '') return 'in-service';
  if ((DEVICE_STATUSES as readonly string[]).includes(raw) && raw !== 'unknown') return raw as DeviceStatus;
  const meta = /^(.*?)\s*\((deployed|deployable|pending|archived|undeployable)\)$/.exec(cell.trim());
  if (meta) {
    if (meta[2] === 'deployed') return 'in-service';
    const named = parseDeviceStatus(meta[1]);
    // Not checked out: a label whose words say "in use" (a loan, a repair) is still on the shelf for Snipe-IT.
    if (named === 'in-service' && (meta[2] === 'deployable' || meta[2] === 'pending')) return 'in-stock';
    return named ?? (meta[2] === 'archived' ? null : 'in-stock');
  }
  const folded = foldHeader(cell.split('>').pop() ?? cell);
  for (const [re, status] of STATUS_WORDS) if (re.test(folded)) return status;
  return null;
}

export type DateOrder = 'dmy' | 'mdy' | 'ymd';

const ISO_RE = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/;
const SHORT_RE = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{2}|\d{4})(?:,? \d{1,2}:\d{2}(?::\d{2})?(?: ?[AP]M)?)?$/i;

/**
 * What a date cell says about the day/month order: 'dmy' when its first field is > 12, 'mdy' when its second is,
 * 'either' when both are ≤ 12 and differ, null when it settles nothing (ISO, equal fields, empty, not a date).
 */
export function dateOrderHint(cell: string): 'dmy' | 'mdy' | 'either' | null {
  const m = SHORT_RE.exec(cell.trim());
  if (!m) return null;
  const [a, b] = [Number(m[1]), Number(m[2])];
  if (a > 12 && b <= 12) return 'dmy';
  if (b > 12 && a <= 12) return 'mdy';
  if (a !== b && a <= 12 && b <= 12) return 'either';
  return null;
}

/**
 * Parses the date formats the exports use into YYYY-MM-DD: ISO `2021-03-15` (optionally with a time, as OCS and
 * Snipe-IT's "Y-m-d H:i:s" write it), and day/month/year with `/`, `-` or `.` in the order of the file (`order`,
 * detected per file by the importer: GLPI's dd-mm-yyyy or mm-dd-yyyy preference, Snipe-IT's US "1/23/23"; `ymd`:
 * "yy/mm/dd"). Two-digit years are 20yy below 70, else 19yy.
 */
export function parseDate(cell: string, order: DateOrder = 'dmy'): string | null | 'invalid' {
  const s = cell.trim();
  if (s === '' || s === '0000-00-00' || s === '0000-00-00 00:00:00') return null;
  let y: number, m: number, d: number;
  let match = ISO_RE.exec(s);
  if (match) [y, m, d] = [Number(match[1]), Number(match[2]), Number(match[3])];
  else {
    match = SHORT_RE.exec(s);
    if (!match) return 'invalid';
    const [a, b, c] = [Number(match[1]), Number(match[2]), Number(match[3])];
    const century = (yy: number) => yy + (yy < 70 ? 2000 : 1900);
    if (order === 'ymd') {
      // "21/03/15" is 15 March 2021; a four-digit last field cannot be a day.
      if (match[3].length === 4) return 'invalid';
      [y, m, d] = [century(a), b, c];
    } else {
      y = match[3].length === 2 ? century(c) : c;
      [d, m] = order === 'mdy' ? [b, a] : [a, b];
    }
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
