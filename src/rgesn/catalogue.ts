import { projectRoot } from '../util/project-root.js';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';

/**
 * The RGESN 2024 (Référentiel général d'écoconception de services numériques, Arcep – Arcom, 17 May 2024): 78
 * criteria in 9 themes, copied byte for byte from DINUM's MiNumEco repository (see data/README.md beside this file).
 */

export const RGESN_ATTRIBUTION = 'RGESN 2024, Arcep – Arcom, via DINUM MiNumEco, Licence Ouverte 2.0';
export const RGESN_VERSION = 'RGESN 2024 (Arcep – Arcom, 17 May 2024)';

/** The 9 themes in the référentiel's order, with the theme number that prefixes each criterion id. */
export const RGESN_THEMES = ['Stratégie', 'Spécifications', 'Architecture', 'UX/UI', 'Contenus', 'Frontend', 'Backend', 'Hébergement', 'Algorithmie'] as const;
export type RgesnTheme = (typeof RGESN_THEMES)[number];

export const PRIORITIES = ['Prioritaire', 'Recommandé', 'Modéré'] as const;
export const DIFFICULTIES = ['Faible', 'Moyen', 'Fort'] as const;

const RawCriterionSchema = z.object({
  numero: z.string().regex(/^[1-9]\.\d{1,2}$/),
  thematique: z.enum(RGESN_THEMES),
  critere: z.string().min(1),
  difficulte: z.enum(DIFFICULTIES),
  priorite: z.enum(PRIORITIES),
  cible: z.string(),
  metiers: z.string(),
  objectif: z.string(),
  miseEnOeuvre: z.string(),
  controle: z.string(),
});

export interface Criterion {
  /** "2.5": theme number, criterion number. */
  id: string;
  theme: RgesnTheme;
  /** The question, verbatim. */
  question: string;
  priority: (typeof PRIORITIES)[number];
  difficulty: (typeof DIFFICULTIES)[number];
  /** When it applies, verbatim ("N/A si …"). */
  applicability: string;
  roles: string;
  objective: string;
  implementation: string;
  /** How to test it, verbatim. */
  testMethod: string;
}

function dataFile(): string {
  // Read from the source tree (no copy in dist/), located like every other data file: src/version.ts projectRoot().
  return join(projectRoot(), 'src', 'rgesn', 'data', 'criteria-2024.json');
}

let cached: Criterion[] | undefined;

export function loadCriteria(): Criterion[] {
  if (cached) return cached;
  const raw = z.array(RawCriterionSchema).length(78).parse(JSON.parse(readFileSync(dataFile(), 'utf8')));
  cached = raw.map((c) => ({
    id: c.numero,
    theme: c.thematique,
    question: c.critere,
    priority: c.priorite,
    difficulty: c.difficulte,
    applicability: c.cible,
    roles: c.metiers,
    objective: c.objectif,
    implementation: c.miseEnOeuvre,
    testMethod: c.controle,
  }));
  return cached;
}

export function criterionById(id: string): Criterion | undefined {
  return loadCriteria().find((c) => c.id === id.trim());
}

function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = row[0];
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = row[j];
      row[j] = Math.min(row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
      diagonal = above;
    }
  }
  return row[b.length];
}

/** The ids nearest to what was typed: same theme first (the last of theme 2 for "2.11"), then by edit distance. */
export function closestCriterionIds(typed: string, count = 3): string[] {
  const text = typed.trim().replace(',', '.');
  const [theme, number] = text.split('.').map((s) => Number.parseInt(s, 10));
  return loadCriteria()
    .map((c) => {
      const [t, n] = c.id.split('.').map(Number);
      const sameTheme = t === theme;
      const distance = sameTheme && Number.isFinite(number) ? Math.abs(n - number) / 100 : 1 + editDistance(text, c.id);
      return { id: c.id, distance };
    })
    .sort((a, b) => a.distance - b.distance)
    .slice(0, count)
    .map((c) => c.id);
}

export type CriterionLookup = { ok: true; criterion: Criterion } | { ok: false; reason: string };

/** "2.5" (also "2,5" or "RGESN 2.5"); an unknown id is refused with the closest ids. */
export function findCriterion(ref: string): CriterionLookup {
  const text = ref.trim().replace(/^rgesn\s*/i, '').replace(',', '.');
  const criterion = criterionById(text);
  if (criterion) return { ok: true, criterion };
  return { ok: false, reason: `no RGESN 2024 criterion "${ref}"; closest: ${closestCriterionIds(text).join(', ')} (see numresp rgesn list)` };
}

/** Splits an RWEB sheet's RGESN mapping ("1.2 et 2.7", "3.1, 8.10", "NA") into criterion ids. */
export function rgesnCriteria(mapping: string | null): string[] {
  if (!mapping) return [];
  return mapping
    .split(/\s*(?:,|;|\bet\b|\band\b|\s)\s*/)
    .map((c) => c.trim())
    .filter((c) => /^\d+\.\d+$/.test(c));
}

export function compareCriterionIds(a: string, b: string): number {
  const [a1, a2] = a.split('.').map(Number);
  const [b1, b2] = b.split('.').map(Number);
  return a1 - b1 || a2 - b2;
}
