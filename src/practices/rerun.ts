import { inflateSync } from 'node:zlib';
import { type Check, checks as allChecks, judgePage } from '../../rules/index.js';
import { PageArtifactsSchema } from '../model/artifacts.js';
import { formatZodIssue, UserError } from '../model/errors.js';
import type { Db } from '../store/database.js';
import { pageArtifacts, runArtifactPages, runExists } from '../store/practices.js';
import { replaceRuleResults, ruleOutcomesOfPage } from '../store/rule-results.js';

export interface RerunReport {
  runId: number;
  /** Pages whose rule results were replaced. */
  judged: number;
  /** Pages left untouched, with why (unreadable or invalid artifacts). */
  skipped: Array<{ pageId: number; url: string; reason: string }>;
  /** Results whose status, grade or value differ from before. */
  changed: number;
}

/**
 * Re-judges a run's stored artifacts with the current checks, without a browser, and replaces its rule results.
 * Pages are judged one at a time (artifacts can be large) and written in one transaction, so a crash leaves the
 * previous results intact.
 */
export function rerunRun(db: Db, runId: number, checks: readonly Check[] = allChecks): RerunReport {
  if (!Number.isInteger(runId) || runId <= 0 || !runExists(db, runId)) {
    throw new UserError(`run ${runId} does not exist; list runs with numresp runs`);
  }
  const report: RerunReport = { runId, judged: 0, skipped: [], changed: 0 };
  const pages = runArtifactPages(db, runId);
  db.transaction(() => {
    for (const { pageId, url } of pages) {
      const stored = pageArtifacts(db, pageId)!;
      let json: unknown;
      try {
        json = JSON.parse(inflateSync(stored.deflated).toString('utf8'));
      } catch (err) {
        report.skipped.push({ pageId, url, reason: `artifacts unreadable: ${(err as Error).message}` });
        continue;
      }
      const parsed = PageArtifactsSchema.safeParse(json);
      if (!parsed.success) {
        report.skipped.push({ pageId, url, reason: `artifacts invalid at ${formatZodIssue(parsed.error)}` });
        continue;
      }
      const old = ruleOutcomesOfPage(db, pageId);
      const results = judgePage(parsed.data, checks);
      for (const r of results) {
        const o = old.get(r.id);
        if (!o || o.status !== r.status || o.grade !== r.grade || o.value !== r.value) report.changed += 1;
      }
      replaceRuleResults(db, pageId, results);
      report.judged += 1;
    }
  }).immediate();
  return report;
}
