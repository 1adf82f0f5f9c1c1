/**
 * Soak benchmark (run by hand, ~15 min; too long for CI):
 *   npx tsc -p . && node dist/bench/soak/run.js [--pages 1000] [--concurrency 4] [--wait 500]
 * Audits N distinct pages of the bundled sample site on 127.0.0.1 through the real pipeline (store, checks, SQLite) and
 * samples the memory of this process + every Chromium process every 2 s. Memory must stay bounded: the last quarter
 * of the run must not sit higher than the second quarter by more than a margin. Writes bench/soak/RESULTS.md.
 * Waits are shortened (default 500 ms) since memory does not depend on them; the protocol is otherwise the default.
 */
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ProtocolSchema } from '../../src/model/audit.js';
import { runAudit, type AuditSettings } from '../../src/pipeline/audit.js';
import { openStore } from '../../src/store/database.js';
import { startStaticServer } from '../../src/util/static-server.js';
import { projectRoot } from '../../src/util/project-root.js';
import { mb, treeMemory } from '../common/process-memory.js';

const arg = (name: string, fallback: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : fallback;
};
const PAGES = Number(arg('pages', '1000'));
const CONCURRENCY = Number(arg('concurrency', '4'));
const WAIT_MS = Number(arg('wait', '500'));

const root = join(projectRoot(), 'samples', 'site');
const sitePages = readdirSync(root, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.html'));

const site = await startStaticServer({ root });
const dir = mkdtempSync(join(tmpdir(), 'numresp-soak-'));
const db = openStore(join(dir, 'soak.db'));
const settings: AuditSettings = {
  protocol: ProtocolSchema.parse({ waitBeforeScrollMs: WAIT_MS, waitAfterScrollMs: WAIT_MS }),
  concurrency: CONCURRENCY,
  retries: 1,
  lighthouse: false,
};
const urls = Array.from({ length: PAGES }, (_, i) => `${site.origin}/${sitePages[i % sitePages.length]}?soak=${i}`);

const samples: Array<{ seconds: number; done: number; pss: number; rss: number; heap: number; processes: number }> = [];
let done = 0;
const started = Date.now();
const sample = () => {
  const m = treeMemory(process.pid);
  samples.push({ seconds: (Date.now() - started) / 1000, done, pss: m.pss, rss: m.rss, heap: process.memoryUsage().heapUsed, processes: m.processes });
};
const timer = setInterval(sample, 2000);
const outcome = await runAudit(db, { label: 'soak', settings, sites: [{ code: 'soak', name: 'soak', urls }] }, {
  onEvent: (e) => {
    if (e.type !== 'page-done') return;
    done++;
    if (done % 100 === 0) console.error(`${done}/${PAGES} pages, ${mb(treeMemory(process.pid).pss)} MB PSS`);
  },
});
clearInterval(timer);
sample();
const seconds = (Date.now() - started) / 1000;
db.close();
await site.close();
rmSync(dir, { recursive: true, force: true });

// After the run: nothing of ours may be left.
let leakedBrowsers = 0;
try {
  leakedBrowsers = execFileSync('pgrep', ['-f', `numresp-chromium-${process.pid}-`], { encoding: 'utf8' }).trim().split('\n').length;
} catch {
  leakedBrowsers = 0;
}
const leakedProfiles = readdirSync(tmpdir()).filter((n) => n.startsWith(`numresp-chromium-${process.pid}-`)).length;

// Curve: one row per tenth of the run (by pages done), the peak PSS seen in that slice.
const rows: string[] = [];
for (let tenth = 1; tenth <= 10; tenth++) {
  const slice = samples.filter((s) => s.done <= (PAGES * tenth) / 10 && s.done > (PAGES * (tenth - 1)) / 10);
  if (!slice.length) continue;
  const peak = slice.reduce((a, b) => (b.pss > a.pss ? b : a));
  rows.push(`| ${(PAGES * tenth) / 10} | ${mb(peak.pss)} | ${mb(peak.rss)} | ${mb(peak.heap)} | ${peak.processes} |`);
}
const quarter = (q: number) => {
  const s = samples.filter((x) => x.done > (PAGES * (q - 1)) / 4 && x.done <= (PAGES * q) / 4);
  return s.length ? Math.max(...s.map((x) => x.pss)) : 0;
};
const growth = quarter(2) ? quarter(4) / quarter(2) : NaN;
const peak = Math.max(...samples.map((s) => s.pss));

const md = `# Soak: memory over a ${PAGES}-page audit

Command: \`npx tsc -p . && node dist/bench/soak/run.js --pages ${PAGES} --concurrency ${CONCURRENCY} --wait ${WAIT_MS}\`
Date: ${new Date().toISOString()}, Node ${process.version}, ${CONCURRENCY} pages at once, waits ${WAIT_MS} ms, sample site on 127.0.0.1.

- Pages: ${outcome.measured} measured, ${outcome.failed} failed, in ${seconds.toFixed(0)} s (${((outcome.measured + outcome.failed) / (seconds / 60)).toFixed(1)} pages/min).
- Peak memory (PSS, numresp + all Chromium processes): **${mb(peak)} MB**.
- Growth: peak PSS of the last quarter ÷ peak of the second quarter = **${growth.toFixed(2)}** (bounded if ≈ 1).
- After the run: ${leakedBrowsers} Chromium processes and ${leakedProfiles} temporary profiles left (must be 0 and 0).

| pages done ≤ | peak PSS MB | peak RSS MB (sum) | node heap MB | processes |
|---|---|---|---|---|
${rows.join('\n')}
`;
writeFileSync(join(projectRoot(), 'bench', 'soak', 'RESULTS.md'), md);
console.log(md);
