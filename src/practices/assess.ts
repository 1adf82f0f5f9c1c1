import { z } from 'zod';
import { type Edition, findPractice } from '../../rules/catalogue/index.js';
import { checkById } from '../../rules/index.js';
import { CLI_OPTION_STYLE, formatZodIssue, UserError } from '../model/errors.js';
import type { Db } from '../store/database.js';
import { ASSESSMENT_STATUSES, type Assessment, assessmentHistory, insertAssessment, type AssessmentStatus } from '../store/practices.js';
import { ensureSite, getSiteByCode, listSites } from '../store/sites.js';
import { closeSiteCodes, isSiteCode, SITE_CODE_RULE } from '../model/site-code.js';

/** Recording an auditor's assessment: validation at the boundary, then one appended row. */

/** An optional free-text field: trimmed, bounded, empty = absent. */
export const text = z
  .string()
  .trim()
  .max(4000, 'is longer than 4000 characters')
  .transform((s) => (s === '' ? undefined : s))
  .optional();

export const AssessmentInputSchema = z
  .object({
    site: z.string().trim().min(1, 'is empty').max(100),
    /** RWEB_0009, 46 or #0046 (number in `edition`). */
    practice: z.string().trim().min(1, 'is empty'),
    status: z.enum(ASSESSMENT_STATUSES, { error: `must be one of ${ASSESSMENT_STATUSES.join(', ')}` }),
    evidence: text,
    file: text,
    justification: text,
    author: z.string().trim().min(1, 'is empty').max(200),
    override: text,
    assessedAt: z.iso.datetime({ offset: true, error: 'must be an ISO date-time like 2026-11-28T10:00:00Z' }).optional(),
    edition: z.enum(['v4', 'v5']).default('v4'),
  })
  .superRefine((a, ctx) => {
    if (a.status === 'not-applicable' && !a.justification) {
      ctx.addIssue({ code: 'custom', path: ['justification'], message: 'is required when the status is not-applicable' });
    }
    if (a.override && !a.justification) {
      ctx.addIssue({ code: 'custom', path: ['justification'], message: 'is required to override an automated result' });
    }
    if ((a.status === 'compliant' || a.status === 'non-compliant') && !a.evidence && !a.file) {
      ctx.addIssue({ code: 'custom', path: ['evidence'], message: 'or a file reference is required for compliant / non-compliant' });
    }
  });
export type AssessmentInput = z.input<typeof AssessmentInputSchema>;


export interface RecordedAssessment {
  id: number;
  siteCode: string;
  practiceId: string;
  status: AssessmentStatus;
  /** True when the row repeated the latest assessment and nothing was appended. */
  unchanged: boolean;
}

/**
 * Validates and appends one assessment (creating the site when unknown). An input identical to the latest
 * assessment of the practice is not appended again, so re-importing an exported file does not bloat history.
 */
/**
 * Appends an assessment. An unknown site is refused with the closest known codes (a typo must not create a site)
 * unless `createSite` is set (`practices set --create-site`, and CSV imports, whose site comes with the command).
 */
export function recordAssessment(
  db: Db,
  input: AssessmentInput,
  source = 'cli',
  options: { createSite?: boolean } = { createSite: source !== 'cli' },
): RecordedAssessment {
  const parsed = AssessmentInputSchema.safeParse(input);
  if (!parsed.success) throw new UserError(formatZodIssue(parsed.error, CLI_OPTION_STYLE));
  const a = parsed.data;
  const found = findPractice(a.practice, a.edition as Edition);
  if (!found.ok) throw new UserError(`${found.reason}; see numresp practices list`);
  const practiceId = found.practice.id;
  if (a.override) {
    const check = checkById(a.override);
    if (!check) throw new UserError(`--override ${a.override} is not an automated check id; see numresp practices show ${practiceId}`);
    if (!check.practices.includes(practiceId)) {
      throw new UserError(`--override ${a.override} does not evidence ${practiceId} (it evidences ${check.practices.join(', ')})`);
    }
  }
  const site = getSiteByCode(db, a.site) ?? (options.createSite ? createSite(db, a.site) : refuseUnknownSite(db, a.site));
  const history = assessmentHistory(db, site.id, practiceId);
  const latest: Assessment | undefined = history[history.length - 1];
  const same =
    latest &&
    latest.status === a.status &&
    (latest.evidence ?? undefined) === a.evidence &&
    (latest.evidenceFile ?? undefined) === a.file &&
    (latest.justification ?? undefined) === a.justification &&
    (latest.overridesRule ?? undefined) === a.override &&
    latest.author === a.author;
  if (same) return { id: latest.id, siteCode: site.code, practiceId, status: a.status, unchanged: true };
  const id = insertAssessment(db, {
    siteId: site.id,
    practiceId,
    status: a.status,
    evidence: a.evidence,
    evidenceFile: a.file,
    justification: a.justification,
    overridesRule: a.override,
    author: a.author,
    assessedAt: a.assessedAt ? new Date(a.assessedAt).toISOString() : undefined,
    source,
  });
  return { id, siteCode: site.code, practiceId, status: a.status, unchanged: false };
}

function createSite(db: Db, code: string) {
  if (!isSiteCode(code)) throw new UserError(`site code "${code}" must be ${SITE_CODE_RULE}`);
  return ensureSite(db, code, { kind: 'web' });
}

function refuseUnknownSite(db: Db, code: string): never {
  const close = closeSiteCodes(code, listSites(db).map((s) => s.code));
  const hint = close.length ? `did you mean ${close.join(', ')}? ` : '';
  throw new UserError(`site "${code}" does not exist; ${hint}add --create-site to create it (see numresp sites list)`);
}
