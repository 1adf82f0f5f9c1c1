import { z } from 'zod';
import { HttpUrlSchema } from './audit.js';
import { formatZodIssue, UserError, type ZodIssueStyle } from './errors.js';
import { SiteCodeSchema } from './site-code.js';
import { withoutControlChars } from './text-schema.js';

/**
 * A user journey (issue 13.3): a named sequence of steps played in ONE browser context; each `measure` step records
 * the EcoIndex of the page as it stands then, with the requests and bytes since the previous measure. Plain data,
 * validated here with field paths; the browser collector plays it (collectors/browser/journey.ts).
 */

export const JOURNEY_ACTIONS = ['goto', 'click', 'fill', 'select', 'scroll', 'waitFor', 'measure'] as const;
export type JourneyAction = (typeof JOURNEY_ACTIONS)[number];

/** How long an action may wait for its selector or navigation; defaults to the protocol's page timeout. */
const StepTimeoutSchema = z.number().int().positive().max(600000).optional();
const SelectorSchema = z
  .string({ error: (issue) => `must be a CSS selector (a string), got ${issue.input === null ? 'null' : typeof issue.input}` })
  .min(1, 'must be a CSS selector, not empty');

const actionSchemas = [
  z.object({ action: z.literal('goto'), url: HttpUrlSchema }).strict(),
  z.object({ action: z.literal('click'), selector: SelectorSchema, timeoutMs: StepTimeoutSchema }).strict(),
  z.object({ action: z.literal('fill'), selector: SelectorSchema, value: z.string(), timeoutMs: StepTimeoutSchema }).strict(),
  z
    .object({
      action: z.literal('select'),
      selector: SelectorSchema,
      /** The option value (or values, for a <select multiple>) to choose. */
      value: z.union([z.string(), z.array(z.string()).min(1)]),
      timeoutMs: StepTimeoutSchema,
    })
    .strict(),
  z
    .object({
      action: z.literal('scroll'),
      /** To the bottom of the page… */
      to: z.literal('bottom').optional(),
      /** …or by this many CSS pixels (negative: up). */
      by: z.number().int().min(-1_000_000).max(1_000_000).optional(),
    })
    .strict()
    .refine((s) => (s.to === undefined) !== (s.by === undefined), { message: 'give either "to": "bottom" or "by": PIXELS' }),
  z
    .object({
      action: z.literal('waitFor'),
      /** Until this selector is in the page… */
      selector: SelectorSchema.optional(),
      /** …or until a navigation ends (a new document, or a single-page app's history.pushState)… */
      navigation: z.literal(true).optional(),
      /** …or for this many milliseconds. */
      ms: z.number().int().nonnegative().max(60000).optional(),
      timeoutMs: StepTimeoutSchema,
    })
    .strict()
    .refine((s) => [s.selector, s.navigation, s.ms].filter((v) => v !== undefined).length === 1, {
      message: 'give exactly one of "selector", "navigation": true or "ms"',
    }),
  z.object({ action: z.literal('measure'), name: withoutControlChars(z.string().min(1).max(200)) }).strict(),
] as const;

export const JourneyStepSchema = z.discriminatedUnion('action', actionSchemas, {
  error: (issue) =>
    issue.code === 'invalid_union'
      ? `unknown action ${JSON.stringify((issue.input as { action?: unknown } | undefined)?.action ?? null)} (${JOURNEY_ACTIONS.join(', ')})`
      : undefined,
});
export type JourneyStep = z.infer<typeof JourneyStepSchema>;

export const JourneySchema = z
  .object({
    name: withoutControlChars(z.string().min(1).max(200)),
    /** The site the steps are stored under (a site code); default: the host of the first goto. */
    site: SiteCodeSchema.optional(),
    steps: z.array(JourneyStepSchema).min(1).max(500),
  })
  .strict()
  .superRefine((journey, ctx) => {
    const first = journey.steps.findIndex((s) => s.action === 'goto');
    journey.steps.forEach((s, i) => {
      if (first === -1 || i < first) {
        ctx.addIssue({
          code: 'custom',
          path: ['steps', i, 'action'],
          message: `"${s.action}" before any goto: a journey starts with {"action": "goto", "url": …}`,
        });
      }
    });
    const names = new Set<string>();
    journey.steps.forEach((s, i) => {
      if (s.action !== 'measure') return;
      if (names.has(s.name)) ctx.addIssue({ code: 'custom', path: ['steps', i, 'name'], message: `measure "${s.name}" is named twice in this journey` });
      names.add(s.name);
    });
    if (!names.size) ctx.addIssue({ code: 'custom', path: ['steps'], message: 'no measure step: add {"action": "measure", "name": …} where a figure is wanted' });
  });
export type Journey = z.infer<typeof JourneySchema>;

/** Several journeys, names unique (they key the stored steps of a run). */
export const JourneyListSchema = z
  .array(JourneySchema)
  .min(1)
  .superRefine((list, ctx) => {
    const seen = new Set<string>();
    list.forEach((j, i) => {
      if (seen.has(j.name)) ctx.addIssue({ code: 'custom', path: [i, 'name'], message: `journey "${j.name}" is named twice` });
      seen.add(j.name);
    });
  });

/** A journey file: one journey object, an array of journeys, or {"journeys": […]}. */
export function parseJourneyFile(value: unknown, file: string): Journey[] {
  const style: ZodIssueStyle = { field: bracketPath };
  const listed = Array.isArray(value) ? value : value && typeof value === 'object' && 'journeys' in value ? value : null;
  if (listed === null) {
    const one = JourneySchema.safeParse(value);
    if (!one.success) throw new UserError(`${file}: ${formatZodIssue(one.error, style)}`);
    return [one.data];
  }
  const schema = Array.isArray(listed) ? JourneyListSchema : z.object({ journeys: JourneyListSchema }).strict();
  const parsed = schema.safeParse(listed);
  if (!parsed.success) throw new UserError(`${file}: ${formatZodIssue(parsed.error, style)}`);
  return Array.isArray(parsed.data) ? parsed.data : parsed.data.journeys;
}

/** `steps[3].action`, `journeys[1].steps[0].url`: the path as a person reads it in the JSON file. */
export function bracketPath(path: ReadonlyArray<PropertyKey>): string {
  if (!path.length) return '(top level)';
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : `${i ? '.' : ''}${String(p)}`)).join('');
}

/** The measure steps of a journey in order: what a run plans and stores (one result per measure). */
export function measureSteps(journey: Journey): Array<{ stepIndex: number; name: string; actionIndex: number; url: string }> {
  const out: Array<{ stepIndex: number; name: string; actionIndex: number; url: string }> = [];
  let url = '';
  journey.steps.forEach((s, actionIndex) => {
    if (s.action === 'goto') url = s.url;
    if (s.action === 'measure') out.push({ stepIndex: out.length, name: s.name, actionIndex, url });
  });
  return out;
}
