import { z } from 'zod';
import { UserError } from '../model/errors.js';
import { firstIssue } from '../practices/assess.js';
import type { Db } from '../store/database.js';
import { insertRgesnAssessment, RGESN_STATUSES, type RgesnStatus, rgesnHistory } from '../store/rgesn.js';
import { ensureSite, getSiteByCode } from '../store/sites.js';
import { findCriterion } from './catalogue.js';

/** Recording an auditor's RGESN decision: validated at the boundary, then one appended row (history is kept). */

const text = z
  .string()
  .trim()
  .max(4000, 'is longer than 4000 characters')
  .transform((s) => (s === '' ? undefined : s))
  .optional();

export const RgesnInputSchema = z
  .object({
    service: z.string().trim().min(1, 'is empty').max(100),
    criterion: z.string().trim().min(1, 'is empty'),
    status: z.enum(RGESN_STATUSES, { error: `must be one of ${RGESN_STATUSES.join(', ')}` }),
    justification: text,
    evidence: text,
    author: z.string().trim().min(1, 'is empty').max(200),
    assessedAt: z.iso.datetime({ offset: true, error: 'must be an ISO date-time like 2026-11-28T10:00:00Z' }).optional(),
  })
  .superRefine((a, ctx) => {
    if (a.status === 'non-applicable' && !a.justification) {
      ctx.addIssue({ code: 'custom', path: ['justification'], message: 'is required when the status is non-applicable (say why the criterion does not apply)' });
    }
  });
export type RgesnInput = z.input<typeof RgesnInputSchema>;

export interface RecordedRgesn {
  id: number;
  service: string;
  criterionId: string;
  status: RgesnStatus;
  /** True when the input repeated the latest assessment and nothing was appended. */
  unchanged: boolean;
}

/**
 * Validates and appends one decision (creating the service as a web site when unknown, as `practices set` does).
 * An input identical to the latest decision is not appended again, so re-importing an export keeps history short.
 */
export function recordRgesnAssessment(db: Db, input: RgesnInput, source = 'cli'): RecordedRgesn {
  const parsed = RgesnInputSchema.safeParse(input);
  if (!parsed.success) throw new UserError(firstIssue(parsed.error));
  const a = parsed.data;
  const found = findCriterion(a.criterion);
  if (!found.ok) throw new UserError(found.reason);
  const criterionId = found.criterion.id;
  const site = getSiteByCode(db, a.service) ?? ensureSite(db, a.service, { kind: 'web' });
  const latest = rgesnHistory(db, site.id, criterionId).at(-1);
  const same =
    latest &&
    latest.status === a.status &&
    (latest.justification ?? undefined) === a.justification &&
    (latest.evidence ?? undefined) === a.evidence &&
    latest.author === a.author;
  if (same) return { id: latest.id, service: site.code, criterionId, status: a.status, unchanged: true };
  const id = insertRgesnAssessment(db, {
    siteId: site.id,
    criterionId,
    status: a.status,
    justification: a.justification,
    evidence: a.evidence,
    author: a.author,
    assessedAt: a.assessedAt ? new Date(a.assessedAt).toISOString() : new Date().toISOString(),
    source,
  });
  return { id, service: site.code, criterionId, status: a.status, unchanged: false };
}
