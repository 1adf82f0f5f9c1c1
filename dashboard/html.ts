/**
 * HTML building that escapes by default: every interpolated value is escaped unless it is already `SafeHtml`
 * (produced by this module). Stored values — page titles, URLs, imported names — are untrusted.
 */
export class SafeHtml {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(value: unknown): string {
  if (value === null || value === undefined) return '';
  return String(value).replace(/[&<>"']/g, (c) => ESCAPES[c]);
}

type Part = SafeHtml | string | number | null | undefined | boolean | readonly Part[];

function render(part: Part): string {
  if (part === null || part === undefined || part === false || part === true) return '';
  if (part instanceof SafeHtml) return part.value;
  if (Array.isArray(part)) return part.map(render).join('');
  return escapeHtml(part);
}

/** Tagged template: `html\`<td>${title}</td>\`` escapes `title`; nested `html` fragments pass through. */
export function html(strings: TemplateStringsArray, ...values: Part[]): SafeHtml {
  let out = strings[0];
  for (let i = 0; i < values.length; i++) out += render(values[i]) + strings[i + 1];
  return new SafeHtml(out);
}

export function join(parts: readonly Part[], separator = ''): SafeHtml {
  return new SafeHtml(parts.map(render).join(separator));
}

/**
 * Only http(s) and same-site relative links become clickable; anything else (javascript:, data:) is shown as text.
 * Stored URLs come from crawls and imports.
 */
export function safeHref(url: string | null | undefined): string | null {
  if (!url) return null;
  if (/^https?:\/\//i.test(url)) return url;
  if (url.startsWith('/') && !url.startsWith('//')) return url;
  return null;
}
