import type { CoverageEntry } from '../src/model/artifacts.js';
import { type CheckIdentity, type JudgedArtifacts, kb, notApplicable, verdict } from './check.js';
import type { RuleResult } from '../src/model/rules.js';

/** Shared judge of unused CSS / JS bytes from Chromium's coverage, per file above a per-file threshold. */
export function judgeUnused(check: CheckIdentity, a: JudgedArtifacts<'coverage'>, kind: CoverageEntry['kind'], ignoreBytes: number): RuleResult {
  const files = a.coverage.filter((c) => c.kind === kind && c.totalBytes > 0);
  if (files.length === 0) return notApplicable(check, `no ${kind.toUpperCase()} on this page`);
  const wasteful = files
    .map((c) => ({ c, unused: Math.max(0, c.totalBytes - c.usedBytes) }))
    .filter((x) => x.unused > ignoreBytes)
    .sort((x, y) => y.unused - x.unused);
  const unusedTotal = wasteful.reduce((s, x) => s + x.unused, 0);
  return verdict(check, `A = no file with more than ${ignoreBytes / 1024} KiB unused, C otherwise`, {
    grade: wasteful.length === 0 ? 'A' : 'C',
    value: unusedTotal,
    evidence: wasteful.map(({ c, unused }) => ({
      url: c.url,
      detail: `${kb(unused)} of ${kb(c.totalBytes)} unused (${Math.round((100 * unused) / c.totalBytes)} %)`,
      value: unused,
    })),
  });
}
