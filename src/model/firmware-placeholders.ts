/**
 * Words firmware and inventory agents write when the vendor filled nothing in (SMBIOS "To be filled by O.E.M.",
 * "Default string", "System Serial Number", the all-zero and all-F UUIDs…). They are unknowns, never identities:
 * the hardware collector reads them as null, and an import falls back to the tool's id or the name.
 * Compared folded (accents, case and punctuation removed), so "To Be Filled By O.E.M." and "to be filled by oem" meet.
 */
const PLACEHOLDERS = new Set([
  'to be filled by o e m',
  'to be filled by oem',
  'default string',
  'system serial number',
  'system product name',
  'system manufacturer',
  'chassis serial number',
  'base board serial number',
  'serial number',
  'none',
  'null',
  'n a',
  'na',
  'not specified',
  'not applicable',
  'not available',
  'unknown',
  'invalid',
  'oem',
  '123456789',
  '0123456789',
  // The SMBIOS 2.6 example UUID that some boards ship with.
  '03000200 0400 0500 0006 000700080009',
]);

function fold(value: string): string {
  return value
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

/** True for an empty value, a known placeholder, or a run of one character (0000…, 1111…, XXXX…, FFFF… UUIDs). */
export function isFirmwarePlaceholder(value: string): boolean {
  const folded = fold(value);
  return folded === '' || PLACEHOLDERS.has(folded) || /^(0+|1+|x+|f+)$/.test(folded.replace(/ /g, ''));
}
