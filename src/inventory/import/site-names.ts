/** Sites named by an export: their kind from the name, and a code for one created by --create-sites or sites import. */
import type { SiteKind } from '../../model/devices.js';
import { foldHeader } from './presets.js';

/** lycée / collège / data centre / office from the words of a site's name; `other` when none says. */
export function inferSiteKind(name: string): SiteKind {
  const w = foldHeader(name);
  if (/\b(lycee|lycees|lgt|lp|lpo|legt|lycee professionnel|lycee polyvalent|lycee agricole)\b/.test(w)) return 'lycee';
  if (/\b(college|colleges|clg)\b/.test(w)) return 'college';
  if (/\b(data ?cent(er|re)s?|datacenter|centre de donnees|salle serveurs?|salle informatique|dc)\b/.test(w)) return 'datacenter';
  if (/\b(hotel de region|siege|office|bureaux?|direction|services? centraux|rectorat|administration|antenne|maison de la region)\b/.test(w)) return 'office';
  return 'other';
}

/** Words that name a place inside a site (a room, a building), not a site: such a location defers to the entity. */
export function looksLikeRoom(name: string): boolean {
  return /^(cdi|salle|salles|batiment|bat|bureau|local|atelier|labo|laboratoire|etage|couloir|reserve|room|building|floor|office \d|classe|amphi|amphitheatre|internat|vie scolaire|cantine|gymnase|b\d|[a-z]?\d{1,4})\b/.test(foldHeader(name));
}

/** A site code from a name (the grammar of `sites add`: 1–40 letters, digits, _ . -), unique among `taken`. */
export function siteCodeFromName(name: string, taken: Set<string>): string {
  const base = foldHeader(name).toUpperCase().replace(/ /g, '-').slice(0, 36).replace(/-+$/, '') || 'SITE';
  let code = base;
  for (let i = 2; taken.has(code); i++) code = `${base}-${i}`;
  taken.add(code);
  return code;
}
