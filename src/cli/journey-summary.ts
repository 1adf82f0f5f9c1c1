import type { PageRow } from '../store/pages.js';
import { formatTable } from './output.js';

function shorten(text: string, max: number): string {
  return text.length > max ? text.slice(0, max - 1) + '…' : text;
}

/** A run's journey steps grouped by journey, in step order (pages that are not steps are left out). */
export function groupJourneySteps(pages: readonly PageRow[]): Array<{ journey: string; steps: PageRow[] }> {
  const groups = new Map<string, PageRow[]>();
  for (const p of pages) {
    if (p.journey === null) continue;
    const steps = groups.get(p.journey) ?? [];
    steps.push(p);
    groups.set(p.journey, steps);
  }
  return [...groups].map(([journey, steps]) => ({ journey, steps: steps.sort((a, b) => a.stepIndex! - b.stepIndex!) }));
}

/** One table per journey: each measure step with its figures, or the reason it failed. */
export function printJourneyTables(pages: readonly PageRow[]): void {
  for (const { journey, steps } of groupJourneySteps(pages)) {
    const ok = steps.filter((s) => s.status === 'ok').length;
    console.log(`\njourney "${journey}" (site ${steps[0].siteCode ?? '—'}): ${ok} of ${steps.length} steps measured`);
    const rows = steps.map((s) => [
      s.stepIndex,
      shorten(s.stepName ?? '', 30),
      shorten(s.finalUrl ?? s.url, 50),
      s.status,
      s.score,
      s.grade,
      s.dom,
      s.requests,
      s.sizeKb === null ? null : s.sizeKb.toFixed(1),
      s.error ? shorten(s.error, 70) : null,
    ]);
    console.log(formatTable(['step', 'name', 'url', 'status', 'score', 'grade', 'dom', 'requests', 'KB', 'error'], rows));
  }
}
