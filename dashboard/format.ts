import { html, type SafeHtml } from './html.js';

/** Display formatting only; figures come from src/insights and the domain modules. */

export function num(value: number | null | undefined, digits = 0): string {
  if (value === null || value === undefined || Number.isNaN(value)) return '—';
  return value.toLocaleString('en-GB', { maximumFractionDigits: digits, minimumFractionDigits: digits });
}

export function pct(share: number | null | undefined, digits = 0): string {
  return share === null || share === undefined ? '—' : `${num(share * 100, digits)} %`;
}

/** ISO timestamps → their day (YYYY-MM-DD); stored dates are ISO 8601. */
export function day(iso: string | null | undefined): string {
  return iso ? iso.slice(0, 10) : '—';
}

export function gradeBadge(grade: string | null | undefined): SafeHtml {
  if (!grade) return html`—`;
  const g = /^[A-G]$/.test(grade) ? grade : 'X';
  return html`<span class="g g${g}">${grade}</span>`;
}
