import type { Column, Lang } from '../model.js';

const formatters = new Map<string, Intl.NumberFormat>();

export function formatNumber(value: number, digits: number, lang: Lang): string {
  const key = `${lang}:${digits}`;
  let f = formatters.get(key);
  if (!f) {
    f = new Intl.NumberFormat(lang === 'fr' ? 'fr-FR' : 'en-GB', { minimumFractionDigits: digits, maximumFractionDigits: digits });
    formatters.set(key, f);
  }
  return f.format(value);
}

export function formatShare(value: number, digits: number, lang: Lang): string {
  return `${formatNumber(value * 100, digits, lang)} %`;
}

/** Display text of a cell (not escaped). */
export function formatCell(value: unknown, column: Column, lang: Lang): string {
  if (value === null || value === undefined || value === '') return '—';
  if (typeof value === 'number') {
    if (column.kind === 'share') return formatShare(value, column.digits ?? 1, lang);
    if (column.kind === 'number') return formatNumber(value, column.digits ?? 0, lang);
  }
  if (typeof value === 'boolean') return value ? (lang === 'fr' ? 'oui' : 'yes') : lang === 'fr' ? 'non' : 'no';
  const text = String(value);
  if (column.kind === 'date') return text.length > 10 ? text.slice(0, 10) : text;
  if (column.labels && text in column.labels) return column.labels[text];
  return text;
}
