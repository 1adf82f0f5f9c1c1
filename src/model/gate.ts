import { z } from 'zod';

/**
 * The CI gate's inputs as plain data (issue 13.4/13.5): a budget file and the `gate` part of an audit config.
 * Check ids are validated against the catalogue in src/pipeline/gate.ts (model knows no rule).
 */

export const GATE_GRADES = ['A', 'B', 'C', 'D', 'E', 'F', 'G'] as const;
export type GateGrade = (typeof GATE_GRADES)[number];

export const BudgetLineSchema = z
  .object({
    /** Which pages: "*" for all; "/path/*" matches the URL's path (and query); anything else the whole URL. */
    match: z.string().min(1).default('*'),
    minScore: z.number().min(0).max(100).optional(),
    minGrade: z.enum(GATE_GRADES).optional(),
    maxRequests: z.number().int().nonnegative().optional(),
    maxSizeKb: z.number().nonnegative().optional(),
    maxDom: z.number().int().nonnegative().optional(),
    /** Practice check ids (see numresp practices list) that must pass on the page. */
    checks: z.array(z.string().min(1)).default([]),
  })
  .strict();
export const BudgetSchema = z.object({ budgets: z.array(BudgetLineSchema).min(1) }).strict();
export type Budget = z.infer<typeof BudgetSchema>;
export type BudgetLine = z.infer<typeof BudgetLineSchema>;

/** `gate` in an audit config: the same options as --fail-under, --budget, --junit and --baseline (flags win). */
export const GateConfigSchema = z
  .object({
    /** A grade A…G or a score 0…100. */
    failUnder: z.union([z.enum(GATE_GRADES), z.number().min(0).max(100)]).optional(),
    /** The budget itself, or the path of a budget file (relative to the config file). */
    budget: z.union([z.string().min(1), BudgetSchema]).optional(),
    /** JUnit XML output file (relative to the config file). */
    junit: z.string().min(1).optional(),
    /** Run id to gate against, or "last" (the newest finished run before this one): fails on a significant score fall only. */
    baseline: z.union([z.number().int().positive(), z.literal('last')]).optional(),
  })
  .strict();
export type GateConfig = z.infer<typeof GateConfigSchema>;
