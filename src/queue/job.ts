import { deflateSync, inflateSync } from 'node:zlib';
import { z } from 'zod';
import { PageArtifactsSchema } from '../model/artifacts.js';
import { HttpUrlSchema, PAGE_ERROR_CODES, ProtocolSchema } from '../model/audit.js';
import type { TargetResult } from '../pipeline/page-result.js';
import { formatZodIssue } from '../model/errors.js';

/**
 * What travels through Redis between the coordinator (`audit --queue`) and the workers. Versioned: a worker refuses
 * a job whose version it does not know, naming it, instead of measuring with a misunderstood protocol.
 * Bump NUMRESP_JOB_SCHEMA_VERSION on any change of JobDataSchema or JobResultSchema.
 */
export const NUMRESP_JOB_SCHEMA_VERSION = 1;

/** The one BullMQ queue every worker listens to; runs and stores are told apart by the job's fields. */
export const AUDIT_QUEUE_NAME = 'numresp-audit';

/** Default of `--per-host`: concurrent pages per host across all workers (issue 14). */
export const DEFAULT_PER_HOST = 2;

/** A job names the site only; its access secrets (cookies, basic auth, login) stay in each worker's --config. */
export const JobDataSchema = z
  .object({
    v: z.literal(NUMRESP_JOB_SCHEMA_VERSION),
    /** Identity of the coordinator's SQLite store (store_meta.store_id). */
    store: z.string().regex(/^[0-9a-f]{32}$/),
    run: z.number().int().positive(),
    page: z.number().int().positive(),
    url: HttpUrlSchema,
    site: z.object({ code: z.string().nullable(), accessRequired: z.boolean() }).strict(),
    protocol: ProtocolSchema,
    retries: z.number().int().min(0).max(5),
    lighthouse: z.boolean(),
    perHost: z.number().int().min(1).max(64),
    /** ms since the epoch, for the enqueue → stored overhead. */
    enqueuedAt: z.number(),
  })
  .strict();
export type JobData = z.infer<typeof JobDataSchema>;

/** Deterministic job id: adding a page twice is a no-op in BullMQ while the first job exists. */
export function jobIdOf(store: string, run: number, page: number): string {
  return `${store}.${run}.${page}`;
}

export function parseJobId(id: string): { store: string; run: number; page: number } | null {
  const m = /^([0-9a-f]{32})\.(\d+)\.(\d+)$/.exec(id);
  return m ? { store: m[1], run: Number(m[2]), page: Number(m[3]) } : null;
}

/** Thrown (as a value the worker turns into a failed job) when a job is not one this worker can run. */
export class JobRefused extends Error {}

/** Checks a job's payload: the version first, so a newer coordinator's job is refused with its version named. */
export function parseJobData(data: unknown, worker: string): JobData {
  const version = (data as { v?: unknown } | null)?.v;
  if (version !== NUMRESP_JOB_SCHEMA_VERSION) {
    throw new JobRefused(
      `numresp job schema version ${JSON.stringify(version ?? null)} is unknown to worker ${worker} ` +
        `(it knows version ${NUMRESP_JOB_SCHEMA_VERSION}); run the same numresp version on the coordinator and the workers`,
    );
  }
  const parsed = JobDataSchema.safeParse(data);
  if (!parsed.success) throw new JobRefused(`job data refused by worker ${worker}: ${formatZodIssue(parsed.error)}`);
  return parsed.data;
}

const RuleResultSchema = z
  .object({
    id: z.string(),
    version: z.string(),
    practices: z.array(z.string()),
    status: z.enum(['pass', 'warn', 'fail', 'not-applicable', 'error']),
    grade: z.enum(['A', 'B', 'C']).nullable(),
    value: z.number().nullable(),
    threshold: z.string().nullable(),
    evidence: z.array(z.object({ detail: z.string() }).loose()),
    message: z.string().optional(),
  })
  .strict();

const EcoIndexSchema = z
  .object({ score: z.number(), scoreRaw: z.number(), grade: z.string(), ghg: z.number(), water: z.number(), methodVersion: z.string() })
  .loose();

/** The pipeline's TargetResult (collected, judged, scored on the worker), checked field by field. */
const TargetResultSchema = z.discriminatedUnion('ok', [
  z
    .object({
      ok: z.literal(true),
      url: z.string(),
      finalUrl: z.string(),
      title: z.string(),
      metrics: z
        .object({
          dom: z.number().int().nonnegative(),
          requests: z.number().int().nonnegative(),
          sizeKb: z.number().nonnegative(),
          transferBytes: z.number().nonnegative(),
          failedRequests: z.number().int().nonnegative(),
          byType: z.record(z.string(), z.object({ requests: z.number(), transferBytes: z.number() })),
          httpStatus: z.number().int(),
          loadMs: z.number().nullable(),
        })
        .loose(),
      artifacts: PageArtifactsSchema,
      ecoindex: EcoIndexSchema,
      ruleResults: z.array(RuleResultSchema),
    })
    .strict(),
  z
    .object({
      ok: z.literal(false),
      url: z.string(),
      finalUrl: z.string().nullable(),
      httpStatus: z.number().int().nullable(),
      errorCode: z.enum(PAGE_ERROR_CODES),
      error: z.string(),
    })
    .strict(),
]);

/** A worker's answer for one page: the pipeline's result after retries; the coordinator stores it. */
export const JobResultSchema = z
  .object({
    v: z.literal(NUMRESP_JOB_SCHEMA_VERSION),
    worker: z.string(),
    attempts: z.number().int().min(1),
    browserVersion: z.string().nullable(),
    measuredMs: z.number().nonnegative(),
    lighthouse: z.unknown().optional(),
    result: TargetResultSchema,
  })
  .strict();
export type JobResult = Omit<z.infer<typeof JobResultSchema>, 'result'> & { result: TargetResult };

/**
 * Results are deflated into one base64 string: BullMQ copies a job's return value into its event stream as well,
 * so a page's artifacts would otherwise sit twice, uncompressed, in Redis memory.
 */
export function encodeResult(result: JobResult): string {
  return deflateSync(JSON.stringify(result)).toString('base64');
}

/** Decodes and validates a worker's result; a bad one is an error message naming the field, never a crash. */
export function decodeResult(encoded: unknown): { ok: true; result: JobResult } | { ok: false; error: string } {
  if (typeof encoded !== 'string') return { ok: false, error: 'the worker returned no result' };
  let value: unknown;
  try {
    value = JSON.parse(inflateSync(Buffer.from(encoded, 'base64')).toString('utf8'));
  } catch (err) {
    return { ok: false, error: `the worker's result cannot be read: ${(err as Error).message}` };
  }
  const version = (value as { v?: unknown } | null)?.v;
  if (version !== NUMRESP_JOB_SCHEMA_VERSION) {
    return { ok: false, error: `result of numresp job schema version ${JSON.stringify(version ?? null)}, this coordinator knows ${NUMRESP_JOB_SCHEMA_VERSION}` };
  }
  const parsed = JobResultSchema.safeParse(value);
  if (!parsed.success) return { ok: false, error: `the worker's result is malformed: ${formatZodIssue(parsed.error)}` };
  // Checked, then kept as sent: the store gets exactly what a local run would have stored (no key stripped).
  return { ok: true, result: value as JobResult };
}
