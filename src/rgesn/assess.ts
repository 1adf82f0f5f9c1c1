import { z } from 'zod';
import { CLI_OPTION_STYLE, formatZodIssue, UserError } from '../model/errors.js';
import { text } from '../practices/assess.js';
import type { Db } from '../store/database.js';
import { insertRgesnAssessment, latestRgesnProposals, RGESN_STATUSES, type RgesnStatus, rgesnHistory } from '../store/rgesn.js';
import { ensureSite, getSiteByCode } from '../store/sites.js';
import { compareCriterionIds, findCriterion } from './catalogue.js';

/** Recording an auditor's RGESN decision: validated at the boundary, then one appended row (history is kept). */

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
  if (!parsed.success) throw new UserError(formatZodIssue(parsed.error, CLI_OPTION_STYLE));
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

export interface AcceptOptions {
  author: string;
  /** The auditor's words; by default the proposal's own "accepted" line. */
  justification?: string;
  assessedAt?: string;
}

/** Records the latest proposal on a criterion as the auditor's decision (source `proposal:<id>`). */
export function acceptProposal(db: Db, service: string, criterion: string, options: AcceptOptions): RecordedRgesn {
  const found = findCriterion(criterion);
  if (!found.ok) throw new UserError(found.reason);
  const site = getSiteByCode(db, service);
  const proposal = site ? latestRgesnProposals(db, site.id).get(found.criterion.id) : undefined;
  if (!site || !proposal) throw new UserError(`no proposal for ${service} ${found.criterion.id}; run numresp rgesn propose ${service} first`);
  return recordRgesnAssessment(
    db,
    {
      service: site.code,
      criterion: proposal.criterionId,
      status: proposal.status,
      justification: options.justification ?? `Proposition numresp acceptée (${proposal.restsOn})`,
      evidence: proposal.artifact ? `${proposal.evidence} [${proposal.artifact}]` : proposal.evidence,
      author: options.author,
      assessedAt: options.assessedAt,
    },
    `proposal:${proposal.id}`,
  );
}

export interface AcceptAllReport {
  accepted: RecordedRgesn[];
  /** Criteria left alone, with why (an auditor's later decision, a proposal that settles nothing). */
  skipped: Array<{ criterionId: string; reason: string }>;
}

/** Accepts every latest proposal that has a verdict, unless the auditor decided the criterion after it was made. */
export function acceptAllProposals(db: Db, service: string, options: AcceptOptions): AcceptAllReport {
  const site = getSiteByCode(db, service);
  if (!site) throw new UserError(`unknown service "${service}"; check the code`);
  const report: AcceptAllReport = { accepted: [], skipped: [] };
  db.transaction(() => {
    for (const p of [...latestRgesnProposals(db, site.id).values()].sort((a, b) => compareCriterionIds(a.criterionId, b.criterionId))) {
      const latest = rgesnHistory(db, site.id, p.criterionId).at(-1);
      if (p.status === 'a-evaluer') report.skipped.push({ criterionId: p.criterionId, reason: 'the proposal settles nothing (à évaluer)' });
      else if (latest && latest.source === `proposal:${p.id}`) report.skipped.push({ criterionId: p.criterionId, reason: 'already accepted' });
      else if (latest && !latest.source.startsWith('proposal:') && latest.assessedAt > p.proposedAt) {
        report.skipped.push({ criterionId: p.criterionId, reason: `the auditor decided ${latest.status} on ${latest.assessedAt.slice(0, 10)}, after the proposal` });
      } else report.accepted.push(acceptProposal(db, site.code, p.criterionId, options));
    }
  })();
  return report;
}
