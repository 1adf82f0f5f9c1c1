import type { SiteConfig } from '../config/audit-config.js';
import type { Access } from '../model/audit.js';
import { UserError } from '../model/errors.js';
import { isSiteCode, siteCodeFromName } from '../model/site-code.js';
import { crawl } from './crawl.js';
import { loadSitemap } from './sitemap.js';
import { readUrlFile } from './targets.js';

export interface SitePlan {
  code: string;
  name: string;
  urls: string[];
  access?: Access;
}

/**
 * The site code for `--site`: a name that already is a site code (`LYC-1`, as `sites add LYC-1` made it) is kept as
 * written; a free name is derived: "Lycée Jean-Moulin" → "lycee-jean-moulin".
 */
export function siteCode(name: string): string {
  if (isSiteCode(name)) return name;
  const code = siteCodeFromName(name);
  if (!code) throw new UserError(`site name "${name}" has no letters or digits; give --site a readable name`);
  return code;
}

/** Turns each site's sources (urls, input file, sitemap, crawl) into its list of page URLs. */
export async function resolveSites(sites: readonly SiteConfig[], warn: (message: string) => void): Promise<SitePlan[]> {
  const plans: SitePlan[] = [];
  const owner = new Map<string, string>();
  for (const site of sites) {
    const urls: string[] = [...site.urls];
    if (site.input) {
      const { urls: listed, rejected } = readUrlFile(site.input);
      for (const r of rejected) warn(`${r.source}:${r.line}: "${r.text}" ${r.reason}; skipped`);
      urls.push(...listed);
    }
    if (site.sitemap) {
      const { urls: mapped, warnings } = await loadSitemap(site.sitemap);
      warnings.forEach(warn);
      if (!mapped.length) warn(`sitemap ${site.sitemap} lists no page`);
      urls.push(...mapped);
    }
    let pages = [...new Set(urls)];
    if (site.crawl && pages.length) {
      const found = await crawl(pages, site.crawl);
      found.warnings.forEach(warn);
      pages = found.urls;
    }
    const kept = pages.filter((u) => {
      const first = owner.get(u);
      if (first && first !== site.code) {
        warn(`${u} is listed for sites ${first} and ${site.code}; measured once, under ${first}`);
        return false;
      }
      owner.set(u, site.code);
      return true;
    });
    plans.push({ code: site.code, name: site.name ?? site.code, urls: kept, access: site.access });
  }
  if (!plans.some((p) => p.urls.length)) throw new UserError('no page to audit: the URLs, input files and sitemaps given list none');
  return plans;
}

/** One site per host (code and name from the host), in the order the URLs come. */
export function sitesByHost(urls: readonly string[], access: Access | undefined): SitePlan[] {
  const byHost = new Map<string, SitePlan>();
  for (const url of urls) {
    const host = new URL(url).host;
    const site = byHost.get(host) ?? { code: siteCode(host), name: host, urls: [], access };
    site.urls.push(url);
    byHost.set(host, site);
  }
  return [...byHost.values()];
}

/** What is stored of a site's access: names of headers and cookies, never their values or passwords. */
export function redactAccess(access: Access | undefined): unknown {
  if (!access) return null;
  return {
    headers: Object.keys(access.headers),
    cookies: access.cookies.map((c) => c.name),
    basicAuth: access.basicAuth ? { username: access.basicAuth.username } : null,
    userAgent: access.userAgent,
    loginSteps: access.login.map((s) => s.action),
  };
}
