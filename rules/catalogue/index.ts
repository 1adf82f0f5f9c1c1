import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { projectRoot } from '../../src/util/project-root.js';
import { z } from 'zod';

/**
 * The RWEB practice catalogue: 119 sheets (115 numbered in the 4th edition, 119 in the 5th), copied verbatim from
 * GreenIT.fr / Collectif Conception Numérique Responsable under CC BY-NC-ND 4.0 (see LICENCE.md beside this file).
 */

export const LIFECYCLE_PHASES = [
  '1-specification',
  '2-concept',
  '3-developement',
  '4-production',
  '5-utilization',
  '6-support',
  '7-retirement',
] as const;
export type LifecyclePhase = (typeof LIFECYCLE_PHASES)[number];

export const TIERS = ['user-device', 'network', 'datacenter'] as const;
export type Tier = (typeof TIERS)[number];

export const EDITIONS = ['v4', 'v5'] as const;
export type Edition = (typeof EDITIONS)[number];

const scale = z.number().int().min(1).max(5);
const number4 = z.string().regex(/^\d{4}$/);

const RawPracticeSchema = z.object({
  id: z.string().regex(/^RWEB_\d{4}$/),
  number_v5: number4,
  number_v4: number4.nullable(),
  title_fr: z.string().min(1),
  title_en: z.string().nullable(),
  category: z.enum(LIFECYCLE_PHASES),
  category_label_fr: z.string(),
  priority: scale,
  environmental_impact: scale,
  implementation_difficulty_moe: scale,
  tier: z.enum(TIERS),
  saved_resources: z.array(z.string()),
  rgesn: z.string().nullable().optional(),
  validation: z.array(z.object({ rule: z.string(), maxValue: z.string() })),
  source: z.string(),
});

const CatalogueFileSchema = z.object({
  about: z.object({ source: z.string(), author: z.string(), license: z.string() }).passthrough(),
  practices: z.array(RawPracticeSchema).length(119),
});

export interface Practice {
  id: string;
  /** Number in the 4th edition (2022, "115 bonnes pratiques"); null for the 4 sheets added in the 5th. */
  numberV4: string | null;
  numberV5: string;
  titleFr: string;
  titleEn: string | null;
  phase: LifecyclePhase;
  phaseLabelFr: string;
  tier: Tier;
  /** 1-5, 5 = highest priority. */
  priority: number;
  /** 1-5, 5 = strongest environmental impact. */
  environmentalImpact: number;
  /** 1-5 implementation ease for the project owner (5 = easiest, per the catalogue's `about`). */
  ease: number;
  savedResources: string[];
  rgesn: string | null;
  /** Official validation rule(s), verbatim: "the number of <rule> is ≤ <maxValue>". */
  validation: { rule: string; maxValue: string }[];
  /** Official sheet on ref.greenit.fr. */
  url: string;
}

export interface Catalogue {
  attribution: string;
  practices: Practice[];
}

/**
 * Official sheet address, from the sheet's file name in cnumr/best-practices: the site publishes
 * src/content/fiches/fr/RWEB_4022-limiter-…-http.mdx at https://ref.greenit.fr/rweb/fr/fiches/rweb_4022-limiter-…-http.html.
 */
export function officialSheetUrl(source: string): string {
  const file = source.split('/').pop()!.replace(/\.mdx?$/, '');
  return `https://ref.greenit.fr/rweb/fr/fiches/${file.toLowerCase()}.html`;
}

/** The catalogue data sits in the source tree (rules/catalogue/), found from src/ and dist/ alike. */
function catalogueFile(): string {
  return join(projectRoot(), 'rules', 'catalogue', 'practices.json');
}

let cached: Catalogue | undefined;

export function loadCatalogue(): Catalogue {
  if (cached) return cached;
  const raw = CatalogueFileSchema.parse(JSON.parse(readFileSync(catalogueFile(), 'utf8')));
  cached = {
    attribution: `${raw.about.author}, ${/CC BY[\w-]*(?: [\w-]+)*? \d\.\d/.exec(raw.about.license)?.[0] ?? raw.about.license}, from ${raw.about.source}`,
    practices: raw.practices.map((p) => ({
      id: p.id,
      numberV4: p.number_v4,
      numberV5: p.number_v5,
      titleFr: p.title_fr,
      titleEn: p.title_en,
      phase: p.category,
      phaseLabelFr: p.category_label_fr,
      tier: p.tier,
      priority: p.priority,
      environmentalImpact: p.environmental_impact,
      ease: p.implementation_difficulty_moe,
      savedResources: p.saved_resources,
      rgesn: p.rgesn ?? null,
      validation: p.validation,
      url: officialSheetUrl(p.source),
    })),
  };
  return cached;
}

export function practiceById(id: string): Practice | undefined {
  return loadCatalogue().practices.find((p) => p.id === id);
}

export type PracticeLookup =
  | { ok: true; practice: Practice; matchedBy: 'id' | Edition }
  | { ok: false; reason: string };

/**
 * Finds a practice from what a user types: a sheet id (`RWEB_0009`, case-insensitive) or a published number
 * (`46`, `0046`, `#0046`) in the given edition (v4 by default: the "115 bonnes pratiques" the label refers to).
 */
export function findPractice(ref: string, edition: Edition = 'v4'): PracticeLookup {
  const text = ref.trim();
  const { practices } = loadCatalogue();
  const idMatch = /^rweb[_-]?(\d{4})$/i.exec(text);
  if (idMatch) {
    const practice = practices.find((p) => p.id === `RWEB_${idMatch[1]}`);
    return practice
      ? { ok: true, practice, matchedBy: 'id' }
      : { ok: false, reason: `no practice sheet with id RWEB_${idMatch[1]}` };
  }
  const numMatch = /^#?(\d{1,4})$/.exec(text);
  if (!numMatch) return { ok: false, reason: `"${ref}" is neither a sheet id (RWEB_0009) nor a number (46, #0046)` };
  const number = numMatch[1].padStart(4, '0');
  const practice = practices.find((p) => (edition === 'v4' ? p.numberV4 : p.numberV5) === number);
  if (!practice) {
    const max = edition === 'v4' ? 115 : 119;
    return { ok: false, reason: `no practice #${number} in the ${edition} edition (numbers run 1 to ${max})` };
  }
  return { ok: true, practice, matchedBy: edition };
}
