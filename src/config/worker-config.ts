import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { AccessSchema, type Access } from '../model/audit.js';
import { UserError } from '../model/errors.js';
import { formatZodIssue } from '../model/errors.js';
import { SiteCodeSchema } from './audit-config.js';

/**
 * A worker's --config: the access of each site it may measure. The same file as `audit --config` is accepted:
 * the worker reads each site's `code` and `access` and ignores the rest (sources, label, protocol).
 */
export const WorkerConfigSchema = z.object({
  sites: z.array(z.object({ code: SiteCodeSchema, access: AccessSchema.optional() })).min(1),
});

export function loadWorkerAccess(file: string): Map<string, Access> {
  let value: unknown;
  try {
    value = JSON.parse(readFileSync(file, 'utf8').replace(/^\uFEFF/, ''));
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    throw new UserError(`--config ${file}: ${e.code ? `cannot read it (${e.code})` : `not valid JSON: ${e.message}`}`);
  }
  const parsed = WorkerConfigSchema.safeParse(value);
  if (!parsed.success) throw new UserError(`--config ${file}: ${formatZodIssue(parsed.error)}`);
  const out = new Map<string, Access>();
  for (const [i, s] of parsed.data.sites.entries()) {
    if (out.has(s.code)) throw new UserError(`--config ${file}: sites.${i}.code: "${s.code}" is used twice`);
    if (s.access) out.set(s.code, s.access);
  }
  return out;
}
