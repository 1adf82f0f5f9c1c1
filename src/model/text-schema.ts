/**
 * The zod side of src/model/text.ts, kept apart so that the terminal helpers (imported by bin/ at every start) load
 * no zod: `numresp ecoindex` stays light (issue 10.10).
 */
import { z } from 'zod';
import { CONTROL_CHARS_MESSAGE, hasControlChars } from './text.js';

/**
 * A string field of a config file (site name, label, header, user agent) that refuses control characters: the
 * operator's file is rejected with the field path (from zod) rather than silently changed.
 */
export function withoutControlChars(schema: z.ZodString = z.string()): z.ZodString {
  return schema.refine((text) => !hasControlChars(text), { message: CONTROL_CHARS_MESSAGE });
}

