import { deflateSync } from 'node:zlib';
import type { PageArtifacts } from '../../src/model/artifacts.js';
import type { RuleResult } from '../../src/model/rules.js';
import type { Db } from '../../src/store/database.js';
import { replaceRuleResults } from '../../src/store/rule-results.js';
import { ensureSite } from '../../src/store/sites.js';

/** Test-only writers for the rows an audit would create (runs, pages, artifacts). */
export function addRun(db: Db, label = 'test'): number {
  const info = db
    .prepare(
      `INSERT INTO runs (label, status, started_at, settings_json, tool_version, method_version)
       VALUES (?, 'finished', ?, '{}', 'test', 'test')`,
    )
    .run(label, new Date().toISOString());
  return Number(info.lastInsertRowid);
}

export function addPage(
  db: Db,
  runId: number,
  siteCode: string,
  url: string,
  opts: { results?: RuleResult[]; artifacts?: PageArtifacts } = {},
): number {
  const site = ensureSite(db, siteCode, { kind: 'web' });
  const position = (db.prepare('SELECT count(*) n FROM pages WHERE run_id = ?').get(runId) as { n: number }).n;
  const info = db
    .prepare(`INSERT INTO pages (run_id, site_id, url, position, status) VALUES (?, ?, ?, ?, 'ok')`)
    .run(runId, site.id, url, position);
  const pageId = Number(info.lastInsertRowid);
  if (opts.results) replaceRuleResults(db, pageId, opts.results);
  if (opts.artifacts) {
    db.prepare('INSERT INTO page_artifacts (page_id, schema_version, artifacts) VALUES (?, ?, ?)').run(
      pageId,
      opts.artifacts.schemaVersion,
      deflateSync(JSON.stringify(opts.artifacts)),
    );
  }
  return pageId;
}

export function result(id: string, practices: string[], status: RuleResult['status'], evidenceUrl?: string): RuleResult {
  return {
    id,
    version: '1.0.0',
    practices,
    status,
    grade: status === 'pass' ? 'A' : status === 'warn' ? 'B' : status === 'fail' ? 'C' : null,
    value: 1,
    threshold: 't',
    evidence: evidenceUrl ? [{ url: evidenceUrl, detail: 'x' }] : [],
  };
}
