import robotsParserModule from 'robots-parser';
import { fetchBounded } from './http.js';
import { normalizeUrl } from './targets.js';

export const CRAWLER_USER_AGENT = 'numresp';
const MAX_HTML_BYTES = 5_000_000;
/** Links to these are files, not pages: not worth a fetch. */
const NOT_PAGES = /\.(pdf|zip|gz|tgz|rar|7z|jpe?g|png|gif|webp|avif|svg|ico|mp4|webm|mp3|ogg|wav|docx?|xlsx?|pptx?|odt|ods|odp|csv|xml|json|css|js|woff2?|ttf|exe|dmg|iso)$/i;

export interface CrawlOptions {
  depth: number;
  maxPages: number;
  respectRobots: boolean;
}

export interface CrawlResult {
  urls: string[];
  warnings: string[];
}

/** href values of <a> and <area> elements (a regex is enough: we only need candidate links, not a DOM). */
export function extractLinks(html: string, pageUrl: string): string[] {
  const base = /<base\s[^>]*href\s*=\s*["']([^"']+)["']/i.exec(html)?.[1];
  const baseUrl = (base && normalizeUrl(base, pageUrl)) || pageUrl;
  const links: string[] = [];
  for (const m of html.matchAll(/<(?:a|area)\s[^>]*?href\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))/gi)) {
    const href = (m[1] ?? m[2] ?? m[3] ?? '').replace(/&amp;/g, '&');
    const url = normalizeUrl(href, baseUrl);
    if (url) links.push(url);
  }
  return links;
}

interface Robots {
  isAllowed(url: string, ua?: string): boolean | undefined;
}
// robots-parser is CommonJS: its module.exports is the function (its typings declare an ES default).
const robotsParser = robotsParserModule as unknown as (url: string, contents: string) => Robots;

/**
 * Breadth-first discovery of same-origin pages from the start URLs, `depth` links away at most, `maxPages` at
 * most. robots.txt is honoured for our user agent unless told otherwise (a missing robots.txt allows all).
 */
export async function crawl(starts: readonly string[], options: CrawlOptions): Promise<CrawlResult> {
  const warnings: string[] = [];
  const robotsByOrigin = new Map<string, Robots | null>();
  const allowed = async (url: string): Promise<boolean> => {
    if (!options.respectRobots) return true;
    const origin = new URL(url).origin;
    if (!robotsByOrigin.has(origin)) {
      const robotsUrl = `${origin}/robots.txt`;
      try {
        const r = await fetchBounded(robotsUrl, { maxBytes: 500_000, timeoutMs: 15000, userAgent: CRAWLER_USER_AGENT });
        robotsByOrigin.set(origin, r.status === 200 ? robotsParser(robotsUrl, r.body.toString('utf8')) : null);
      } catch {
        robotsByOrigin.set(origin, null);
      }
    }
    const robots = robotsByOrigin.get(origin);
    return robots ? robots.isAllowed(url, CRAWLER_USER_AGENT) !== false : true;
  };

  const origins = new Set(starts.map((s) => new URL(s).origin));
  const seen = new Set<string>();
  const result: string[] = [];
  let frontier: string[] = [];
  for (const s of starts) {
    if (seen.has(s)) continue;
    seen.add(s);
    if (!(await allowed(s))) {
      warnings.push(`${s} is disallowed by robots.txt; skipped (--no-robots to ignore it)`);
      continue;
    }
    frontier.push(s);
  }
  for (let level = 0; frontier.length && result.length < options.maxPages; level++) {
    const next: string[] = [];
    for (const url of frontier) {
      if (result.length >= options.maxPages) break;
      let html: string | null = null;
      try {
        const r = await fetchBounded(url, { maxBytes: MAX_HTML_BYTES, timeoutMs: 20000, userAgent: CRAWLER_USER_AGENT });
        if (r.status === 200 && /html/i.test(r.contentType)) html = r.body.toString('utf8');
      } catch (err) {
        warnings.push(`crawl: ${(err as Error).message}`);
      }
      // Every start URL and discovered page is measured; only HTML pages are followed.
      result.push(url);
      if (html === null || level >= options.depth) continue;
      for (const link of extractLinks(html, url)) {
        if (seen.has(link) || !origins.has(new URL(link).origin) || NOT_PAGES.test(new URL(link).pathname)) continue;
        seen.add(link);
        if (!(await allowed(link))) continue;
        next.push(link);
      }
    }
    frontier = next;
  }
  return { urls: result, warnings };
}
