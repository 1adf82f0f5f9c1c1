import { isFirmwarePlaceholder } from '../../src/model/firmware-placeholders.js';

/** A text fact from systeminformation, or null when it is missing or a firmware placeholder (never guessed). */
export function known(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  const v = value.trim();
  return isFirmwarePlaceholder(v) ? null : v.slice(0, 200);
}

export function knownNumber(value: unknown): number | null {
  return typeof value === 'number' && Number.isFinite(value) && value > 0 ? value : null;
}
