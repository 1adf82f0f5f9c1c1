import { readFileSync, statSync } from 'node:fs';
import { UserError } from '../model/errors.js';
import { FetchError, fetchBounded, maybeGunzip } from './http.js';
import { normalizeUrl } from './targets.js';

/** The sitemap protocol's own limits (sitemaps.org): 50,000 URLs and 50 MB uncompressed per file. */
export const SITEMAP_MAX_BYTES = 50 * 1024 * 1024;
export const SITEMAP_MAX_URLS = 50_000;
/** Nested sitemap indexes are followed this deep (an index of indexes is already unusual). */
const MAX_INDEX_DEPTH = 2;
const MAX_SITEMAP_FILES = 200;

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function decodeXml(text: string): string {
  return text
    .replace(/^\s*<!\[CDATA\[([\s\S]*?)\]\]>\s*$/, '$1')
    .replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (m, e: string) => {
      if (e[0] === '#') {
        const code = e[1].toLowerCase() === 'x' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
        return Number.isFinite(code) && code <= 0x10ffff ? String.fromCodePoint(code) : m;
      }
      return ENTITIES[e.toLowerCase()] ?? m;
    })
    .trim();
}

export interface ParsedSitemap {
  kind: 'urlset' | 'sitemapindex';
  locs: string[];
}

/** Reads the <loc> entries of a sitemap or sitemap index (sitemaps.org protocol 0.9). */
export function parseSitemapXml(xml: string, what: string): ParsedSitemap {
  const root = /<(?:[\w-]+:)?(urlset|sitemapindex)[\s>]/i.exec(xml);
  if (!root) throw new UserError(`${what} is not a sitemap (no <urlset> or <sitemapindex> element); check the address`);
  const kind = root[1].toLowerCase() as ParsedSitemap['kind'];
  const locs: string[] = [];
  for (const m of xml.matchAll(/<(?:[\w-]+:)?loc>([\s\S]*?)<\/(?:[\w-]+:)?loc>/gi)) {
    locs.push(decodeXml(m[1]));
    if (locs.length > SITEMAP_MAX_URLS) break;
  }
  return { kind, locs };
}

async function readSource(source: string): Promise<{ text: string; base: string | undefined }> {
  const isUrl = /^https?:\/\//i.test(source);
  let bytes: Buffer;
  if (isUrl) {
    let fetched;
    try {
      fetched = await fetchBounded(source, { maxBytes: SITEMAP_MAX_BYTES, timeoutMs: 30000 });
    } catch (err) {
      throw new UserError(`sitemap ${(err as Error).message}`);
    }
    if (fetched.status !== 200) throw new UserError(`sitemap ${source} answered HTTP ${fetched.status}; check the address`);
    bytes = fetched.body;
  } else {
    try {
      if (statSync(source).size > SITEMAP_MAX_BYTES) throw new UserError(`sitemap ${source} is larger than 50 MB; refused`);
      bytes = readFileSync(source);
    } catch (err) {
      if (err instanceof UserError) throw err;
      throw new UserError(`cannot read sitemap ${source}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
    }
  }
  try {
    bytes = maybeGunzip(bytes, SITEMAP_MAX_BYTES, `sitemap ${source}`);
  } catch (err) {
    if (err instanceof FetchError) throw new UserError(err.message);
    throw err;
  }
  return { text: bytes.toString('utf8'), base: isUrl ? source : undefined };
}

export interface SitemapResult {
  urls: string[];
  /** Entries skipped (not http(s), other sitemaps that failed), with why. */
  warnings: string[];
}

/** All page URLs of a sitemap (URL or file), following sitemap indexes. */
export async function loadSitemap(source: string): Promise<SitemapResult> {
  const urls: string[] = [];
  const seen = new Set<string>();
  const warnings: string[] = [];
  let files = 0;
  const visit = async (src: string, depth: number, isRoot: boolean): Promise<void> => {
    if (++files > MAX_SITEMAP_FILES) {
      warnings.push(`more than ${MAX_SITEMAP_FILES} sitemap files; ${src} and the rest skipped`);
      return;
    }
    let parsed: ParsedSitemap;
    let base: string | undefined;
    try {
      const { text, base: b } = await readSource(src);
      base = b;
      parsed = parseSitemapXml(text, `sitemap ${src}`);
    } catch (err) {
      // A broken child sitemap loses its URLs, not the whole run.
      if (isRoot) throw err;
      warnings.push((err as Error).message);
      return;
    }
    for (const loc of parsed.locs) {
      const url = normalizeUrl(loc, base);
      if (!url) {
        warnings.push(`sitemap ${src}: "${loc.slice(0, 80)}" is not an http(s) URL; skipped`);
        continue;
      }
      if (parsed.kind === 'sitemapindex') {
        if (depth >= MAX_INDEX_DEPTH) warnings.push(`sitemap index nesting deeper than ${MAX_INDEX_DEPTH} at ${url}; skipped`);
        else await visit(url, depth + 1, false);
      } else if (!seen.has(url)) {
        if (urls.length >= SITEMAP_MAX_URLS) {
          warnings.push(`more than ${SITEMAP_MAX_URLS} URLs; the rest skipped`);
          return;
        }
        seen.add(url);
        urls.push(url);
      }
    }
  };
  await visit(source, 0, true);
  return { urls, warnings };
}
