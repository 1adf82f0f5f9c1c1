import { readFileSync } from 'node:fs';
import { UserError } from '../model/errors.js';

export interface RejectedLine {
  source: string;
  line: number;
  text: string;
  reason: string;
}

/** An absolute http(s) URL without its #fragment (a fragment names the same page), or null. */
export function normalizeUrl(text: string, base?: string): string | null {
  let url: URL;
  try {
    url = new URL(text.trim(), base);
  } catch {
    return null;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
  if (!url.hostname) return null;
  url.hash = '';
  return url.href;
}

function excerpt(text: string): string {
  const t = text.trim();
  return t.length > 80 ? t.slice(0, 80) + '…' : t;
}

/**
 * URLs from a list: one per line, blank lines and `#` comments skipped. A line that is not an http(s) URL is
 * reported and skipped; the rest goes on. Duplicates are kept once, in first-seen order.
 */
export function parseUrlList(text: string, source: string): { urls: string[]; rejected: RejectedLine[] } {
  const urls: string[] = [];
  const seen = new Set<string>();
  const rejected: RejectedLine[] = [];
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = raw.replace(/^\uFEFF/, '').trim();
    if (!line || line.startsWith('#')) return;
    const url = normalizeUrl(line);
    if (!url || /\s/.test(line)) {
      rejected.push({ source, line: i + 1, text: excerpt(line), reason: 'not an absolute http(s) URL' });
      return;
    }
    if (!seen.has(url)) {
      seen.add(url);
      urls.push(url);
    }
  });
  return { urls, rejected };
}

/** Reads --input FILE. */
export function readUrlFile(file: string): { urls: string[]; rejected: RejectedLine[] } {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new UserError(`cannot read --input ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
  return parseUrlList(text, file);
}

/** URLs given as arguments must all be valid: a typo on the command line is a usage error. */
export function parseUrlArgs(args: readonly string[]): string[] {
  return args.map((a) => {
    const url = normalizeUrl(a);
    if (!url) throw new UserError(`"${excerpt(a)}" is not an absolute http(s) URL; give URLs like https://www.example.fr/`);
    return url;
  });
}
