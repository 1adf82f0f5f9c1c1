import { readFileSync } from 'node:fs';
import type { ManagedBrowser } from '../../collectors/browser/index.js';
import { measureJourney } from '../../collectors/browser/index.js';
import type { Access, Protocol } from '../model/audit.js';
import { UserError } from '../model/errors.js';
import { measureSteps, parseJourneyFile, type Journey } from '../model/journey.js';
import type { PlannedJourney } from '../store/runs.js';
import { judgeAndScore, type TargetResult } from './page-result.js';
import { siteCode } from './plan.js';

/**
 * User journeys in the audit pipeline (issue 13.3): planning (which site, which measure steps) and measuring one
 * journey with each step judged and scored like a page. The browser side is collectors/browser/journey.ts.
 */

/** Reads and validates a journey file (JSON): refused with the field path before any browser starts. */
export function loadJourneyFile(file: string): Journey[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new UserError(`cannot read journey file ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
  let value: unknown;
  try {
    value = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (err) {
    throw new UserError(`${file} is not valid JSON: ${(err as Error).message}`);
  }
  return parseJourneyFile(value, file);
}

/** Journeys from several sources (files, a config) in one run: names must stay unique. */
export function mergeJourneys(lists: ReadonlyArray<{ source: string; journeys: readonly Journey[] }>): Journey[] {
  const seen = new Map<string, string>();
  const all: Journey[] = [];
  for (const { source, journeys } of lists) {
    for (const j of journeys) {
      const first = seen.get(j.name);
      if (first) throw new UserError(`${source}: journey "${j.name}" is already defined in ${first}; journey names must be unique in a run`);
      seen.set(j.name, source);
      all.push(j);
    }
  }
  return all;
}

/**
 * What a run plans for each journey: its site (the journey's `site`, else the one given for the run, else one per
 * host of its first goto, as for pages) and its measure steps.
 */
export function planJourneys(journeys: readonly Journey[], site?: { code: string; name: string }): PlannedJourney[] {
  return journeys.map((j) => {
    const host = new URL((j.steps.find((s) => s.action === 'goto') as { url: string }).url).host;
    const chosen = j.site ? { code: j.site, name: j.site } : site ?? { code: siteCode(host), name: host };
    return { name: j.name, site: chosen, steps: measureSteps(j).map(({ stepIndex, name, url }) => ({ stepIndex, name, url })) };
  });
}

/**
 * Plays one journey and hands each measure step, judged and scored, to `onStep` as it ends (the caller stores it
 * before the journey goes on). Never throws for a page problem.
 */
export async function measureJourneyTarget(
  browser: ManagedBrowser,
  journey: Journey,
  protocol: Protocol,
  access: Access | undefined,
  options: { signal?: AbortSignal; onStep: (stepIndex: number, result: TargetResult) => Promise<void> | void },
): Promise<void> {
  await measureJourney(browser, journey, protocol, access ?? {}, {
    signal: options.signal,
    onStep: (step) => options.onStep(step.stepIndex, judgeAndScore(browser, step.measurement)),
  });
}
