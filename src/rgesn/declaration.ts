import type { Db } from '../store/database.js';
import { type DeclarationFacts, insertDeclarationFacts, latestDeclarationFacts, type RgesnStatus } from '../store/rgesn.js';
import type { Site } from '../store/sites.js';
import { type Criterion, loadCriteria, PRIORITIES, DIFFICULTIES, RGESN_ATTRIBUTION, RGESN_VERSION } from './catalogue.js';
import { PRIORITY_WEIGHTS, type RgesnCounts } from './score.js';
import { type CriterionStatus, scoreHistory, serviceStatusFrom } from './status.js';
import { CLI_OPTION_STYLE, formatZodIssue, UserError } from '../model/errors.js';
import { z } from 'zod';

/**
 * The eco-design declaration of a service (RGESN 2024), as one plain model the renderers (HTML, Markdown, PDF, JSON)
 * only lay out. Its content follows Arcep's example declaration (src/rgesn/data/README.md): objective, criteria
 * validated / not validated, progress score with its date, previous score, target two years later, action plan,
 * review frequency, samples assessed, eco-design contact, a justification per criterion.
 */

export interface DeclaredCriterion {
  id: string;
  theme: string;
  question: string;
  priority: Criterion['priority'];
  difficulty: Criterion['difficulty'];
  status: RgesnStatus;
  justification: string | null;
  evidence: string | null;
  assessedAt: string | null;
  author: string | null;
}

export interface Declaration {
  service: { code: string; name: string };
  referential: string;
  attribution: string;
  generatedAt: string;
  objective: string | null;
  contact: string | null;
  reviewFrequency: string | null;
  samples: string | null;
  /** Progress score (0–1) and the date of the latest decision it counts. */
  score: number | null;
  scoreDate: string | null;
  weightedScore: number | null;
  /** Score at the end of the previous day with decisions (null for a first assessment). */
  previousScore: number | null;
  previousScoreDate: string | null;
  /** Target score two years after scoreDate: declared, or computed (see targetMethod). */
  target: number | null;
  targetDate: string | null;
  targetSource: 'declared' | 'computed' | null;
  counts: RgesnCounts;
  actionPlan: { text: string | null; items: DeclaredCriterion[] };
  validated: DeclaredCriterion[];
  notValidated: DeclaredCriterion[];
  notApplicable: DeclaredCriterion[];
  toAssess: DeclaredCriterion[];
  method: { score: string; weightedScore: string; target: string };
}

export const SCORE_METHOD =
  "Score = critères conformes ÷ critères applicables (78 − non applicables), chaque critère compte une fois (le RGESN 2024 ne pondère pas ses critères). Un critère non évalué ou « à évaluer » compte comme applicable et non conforme : choix de numresp.";
export const WEIGHTED_METHOD = `Score pondéré (choix de numresp, pas d'Arcep) : même part avec Prioritaire = ${PRIORITY_WEIGHTS.Prioritaire}, Recommandé = ${PRIORITY_WEIGHTS.Recommandé}, Modéré = ${PRIORITY_WEIGHTS.Modéré}.`;
export const TARGET_METHOD =
  "Objectif à deux ans : celui déclaré par le service (numresp rgesn describe --target) ; à défaut, calculé par numresp (choix de numresp) comme le score atteint si chaque critère Prioritaire applicable non encore conforme le devenait.";

function declared(c: Criterion, s: CriterionStatus): DeclaredCriterion {
  return { id: c.id, theme: c.theme, question: c.question, priority: c.priority, difficulty: c.difficulty, status: s.status, justification: s.justification, evidence: s.evidence, assessedAt: s.assessedAt, author: s.author };
}

function addYears(iso: string, years: number): string {
  const d = new Date(iso);
  d.setUTCFullYear(d.getUTCFullYear() + years);
  return d.toISOString().slice(0, 10);
}

/** Prioritaire first, then the easiest: what the action plan lists first. */
function byUrgency(a: DeclaredCriterion, b: DeclaredCriterion): number {
  return PRIORITIES.indexOf(a.priority) - PRIORITIES.indexOf(b.priority) || DIFFICULTIES.indexOf(a.difficulty) - DIFFICULTIES.indexOf(b.difficulty);
}

export function buildDeclaration(db: Db, site: Site, now = new Date()): Declaration {
  const status = serviceStatusFrom(db, site);
  const facts = latestDeclarationFacts(db, site.id);
  const criteria = loadCriteria();
  const rows = criteria.map((c, i) => declared(c, status.criteria[i]));
  const history = scoreHistory(db, site);
  const previous = history.length >= 2 ? history[history.length - 2] : undefined;
  const applicable = rows.filter((r) => r.status !== 'non-applicable');
  const computedTarget = applicable.length
    ? applicable.filter((r) => r.status === 'conforme' || r.priority === 'Prioritaire').length / applicable.length
    : null;
  const target = facts?.targetScore ?? computedTarget;
  const notValidated = rows.filter((r) => r.status === 'non-conforme');
  return {
    service: { code: site.code, name: site.name },
    referential: RGESN_VERSION,
    attribution: RGESN_ATTRIBUTION,
    generatedAt: now.toISOString(),
    objective: facts?.objective ?? null,
    contact: facts?.contact ?? null,
    reviewFrequency: facts?.reviewFrequency ?? null,
    samples: facts?.samples ?? null,
    score: status.score,
    scoreDate: status.at,
    weightedScore: status.weightedScore,
    previousScore: previous?.score ?? null,
    previousScoreDate: previous?.date ?? null,
    target,
    targetDate: status.at && target !== null ? addYears(status.at, 2) : null,
    targetSource: target === null ? null : facts?.targetScore !== null && facts?.targetScore !== undefined ? 'declared' : 'computed',
    counts: status.counts,
    actionPlan: { text: facts?.actionPlan ?? null, items: [...notValidated, ...rows.filter((r) => r.status === 'a-evaluer')].sort(byUrgency) },
    validated: rows.filter((r) => r.status === 'conforme'),
    notValidated,
    notApplicable: rows.filter((r) => r.status === 'non-applicable'),
    toAssess: rows.filter((r) => r.status === 'a-evaluer'),
    method: { score: SCORE_METHOD, weightedScore: WEIGHTED_METHOD, target: TARGET_METHOD },
  };
}

const factText = z.string().trim().max(4000, 'is longer than 4000 characters').optional();

export const FactsInputSchema = z.object({
  objective: factText,
  contact: factText,
  reviewFrequency: factText,
  samples: factText,
  actionPlan: factText,
  /** "80", "80 %", "0.8". */
  target: z
    .string()
    .trim()
    .regex(/^\d+(?:[.,]\d+)?\s*%?$/, 'must be a share like 80 % or 0.8')
    .transform((t) => {
      const n = Number(t.replace('%', '').replace(',', '.').trim());
      return t.includes('%') || n > 1 ? n / 100 : n;
    })
    .refine((n) => n >= 0 && n <= 1, 'must lie between 0 and 100 %')
    .optional(),
  author: z.string().trim().min(1, 'is empty').max(200),
});

/** Records the declaration's facts; fields not given keep their previous value (a new row holds the whole set). */
export function recordDeclarationFacts(db: Db, site: Site, input: z.input<typeof FactsInputSchema>, now = new Date()): DeclarationFacts {
  const parsed = FactsInputSchema.safeParse(input);
  if (!parsed.success) throw new UserError(formatZodIssue(parsed.error, CLI_OPTION_STYLE));
  const a = parsed.data;
  const before = latestDeclarationFacts(db, site.id);
  const pick = (v: string | undefined, old: string | null | undefined) => (v === undefined ? (old ?? null) : v === '' ? null : v);
  const facts: DeclarationFacts = {
    objective: pick(a.objective, before?.objective),
    contact: pick(a.contact, before?.contact),
    reviewFrequency: pick(a.reviewFrequency, before?.reviewFrequency),
    samples: pick(a.samples, before?.samples),
    actionPlan: pick(a.actionPlan, before?.actionPlan),
    targetScore: a.target ?? before?.targetScore ?? null,
    author: a.author,
    recordedAt: now.toISOString(),
  };
  insertDeclarationFacts(db, site.id, facts);
  return facts;
}
