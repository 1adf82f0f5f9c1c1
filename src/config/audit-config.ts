import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { z } from 'zod';
import { AccessSchema, DEVICES, HttpUrlSchema } from '../model/audit.js';
import { JourneyListSchema, JourneySchema } from '../model/journey.js';
import { formatZodIssue, UserError } from '../model/errors.js';
import { GateConfigSchema } from '../model/gate.js';
import { CONCURRENCY_MAX, CONCURRENCY_MIN } from '../pipeline/concurrency.js';
import { REPEAT_MAX, REPEAT_MIN } from '../pipeline/spread.js';

// The same ranges as --concurrency and --repeat, said in the error.
const REPEAT_RANGE = `must be a whole number from ${REPEAT_MIN} to ${REPEAT_MAX}`;
const CONCURRENCY_RANGE = `must be "auto" or a whole number from ${CONCURRENCY_MIN} to ${CONCURRENCY_MAX}`;
import { withoutControlChars } from '../model/text-schema.js';

// The one site-code grammar (src/model/site-code.ts), re-exported for the config's callers.
import { SiteCodeSchema } from '../model/site-code.js';
export { SiteCodeSchema };

export const CrawlSchema = z
  .object({
    depth: z.number().int().min(0).max(10),
    maxPages: z.number().int().min(1).max(100000).default(100),
    respectRobots: z.boolean().default(true),
  })
  .strict();

export const SiteConfigSchema = z
  .object({
    code: SiteCodeSchema,
    name: withoutControlChars(z.string().min(1).max(200)).optional(),
    urls: z.array(HttpUrlSchema).default([]),
    /** A text file of URLs, one per line. */
    input: z.string().min(1).optional(),
    /** Sitemap or sitemap index: URL or file. */
    sitemap: z.string().min(1).optional(),
    crawl: CrawlSchema.optional(),
    access: AccessSchema.optional(),
  })
  .strict()
  .refine((s) => s.urls.length > 0 || s.input || s.sitemap, { message: 'give urls, input or sitemap', path: ['urls'] });
export type SiteConfig = z.infer<typeof SiteConfigSchema>;

/** The audit config file (--config): several sites in one run. Every field is optional except sites. */
export const AuditConfigSchema = z
  .object({
    label: withoutControlChars(z.string().min(1).max(200)).optional(),
    /** "auto" or 1…32 tabs (pipeline/concurrency.ts). */
    concurrency: z
      .union([z.literal('auto'), z.number().int(CONCURRENCY_RANGE).min(CONCURRENCY_MIN, CONCURRENCY_RANGE).max(CONCURRENCY_MAX, CONCURRENCY_RANGE)], { error: CONCURRENCY_RANGE })
      .optional(),
    retries: z.number().int().min(0).max(5).optional(),
    /** Measurements per page, 1…20 (pipeline/spread.ts). */
    repeat: z.number({ error: REPEAT_RANGE }).int(REPEAT_RANGE).min(REPEAT_MIN, REPEAT_RANGE).max(REPEAT_MAX, REPEAT_RANGE).optional(),
    lighthouse: z.boolean().optional(),
    // Without defaults: what the file leaves out comes from the command line (then ProtocolSchema's defaults).
    protocol: z
      .object({
        device: z.enum(DEVICES).optional(),
        waitBeforeScrollMs: z.number().int().nonnegative().max(120000).optional(),
        waitAfterScrollMs: z.number().int().nonnegative().max(120000).optional(),
        timeoutMs: z.number().int().positive().max(600000).optional(),
        coverage: z.boolean().optional(),
      })
      .strict()
      .optional(),
    /** CI gate: failUnder, budget (inline or a file), junit, baseline; the command-line flags win (src/model/gate.ts). */
    gate: GateConfigSchema.optional(),
    sites: z.array(SiteConfigSchema).default([]),
    /** User journeys (issue 13.3, src/model/journey.ts): one, or several. */
    journey: JourneySchema.optional(),
    journeys: JourneyListSchema.optional(),
  })
  .strict()
  .refine((c) => c.sites.length > 0 || c.journey || c.journeys, { message: 'give sites, journey or journeys', path: ['sites'] });
export type AuditConfig = z.infer<typeof AuditConfigSchema>;

// Kept importable from here for the config's callers; the one formatter lives in src/model/errors.ts.
export { formatZodIssue };

export function parseAuditConfig(value: unknown, file: string): AuditConfig {
  const parsed = AuditConfigSchema.safeParse(value);
  if (!parsed.success) throw new UserError(`config ${file}: ${formatZodIssue(parsed.error)}`);
  const codes = new Set<string>();
  for (const [i, s] of parsed.data.sites.entries()) {
    if (codes.has(s.code)) throw new UserError(`config ${file}: sites.${i}.code: "${s.code}" is used twice`);
    codes.add(s.code);
  }
  return parsed.data;
}

/** Reads a JSON config file; errors name the file and the field path. */
export function loadAuditConfig(file: string): AuditConfig {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new UserError(`cannot read config ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
  let value: unknown;
  try {
    value = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (err) {
    throw new UserError(`config ${file} is not valid JSON: ${(err as Error).message}`);
  }
  const config = parseAuditConfig(value, file);
  // Files named in the config are relative to the config file, not to where the command runs.
  const base = dirname(resolve(file));
  for (const site of config.sites) {
    if (site.input) site.input = resolve(base, site.input);
    if (site.sitemap && !/^https?:\/\//i.test(site.sitemap)) site.sitemap = resolve(base, site.sitemap);
  }
  if (typeof config.gate?.budget === 'string') config.gate.budget = resolve(base, config.gate.budget);
  if (config.gate?.junit) config.gate.junit = resolve(base, config.gate.junit);
  return config;
}
