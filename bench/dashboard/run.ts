/**
 * Dashboard benchmark on the synthetic store (2,000 page measurements = 200 URLs × 10 campaigns, 100,000 devices):
 *  1. latency of every API endpoint (and every HTML page) under 20 concurrent keep-alive clients on loopback,
 *     200 requests each after one cold request, against a baseline endpoint (/robots.txt: routing, headers and
 *     compression only) measured the same way in the same run;
 *  2. weight, requests, DOM size, EcoIndex and automated checks of every page, as `numresp audit` measures them.
 * The server runs in its own process (the CLI), as in use.
 *
 *   npx tsc -p . && node dist/bench/dashboard/run.js [--out bench/dashboard/results.md]
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { projectRoot } from '../../src/util/project-root.js';
import { buildSyntheticStore } from '../fixtures/synthetic-store.js';

const CONCURRENCY = 20;
const REQUESTS = 200;

function startServer(db: string): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, [join(projectRoot(), 'dist', 'bin', 'numresp.js'), 'dashboard', '--db', db, '--port', '0'], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (d) => {
      out += d;
      const m = /read-only at (http:\/\/127\.0\.0\.1:\d+\/)/.exec(out);
      if (m) resolve({ child, url: m[1] });
    });
    child.once('exit', (code) => reject(new Error(`dashboard exited with ${code}: ${out}`)));
  });
}

/** Keep-alive sockets the server closed just as the client reused them (retried once; counted in the results). */
let resets = 0;

async function timedGet(agent: Agent, url: string): Promise<{ ms: number; status: number; bytes: number }> {
  try {
    return await timedGetOnce(agent, url);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ECONNRESET') throw err;
    resets++;
    return timedGetOnce(agent, url);
  }
}

function timedGetOnce(agent: Agent, url: string): Promise<{ ms: number; status: number; bytes: number }> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const req = request(url, { agent, headers: { 'accept-encoding': 'br, gzip' } }, (res) => {
      let bytes = 0;
      res.on('data', (c: Buffer) => (bytes += c.length));
      res.on('end', () => resolve({ ms: performance.now() - started, status: res.statusCode!, bytes }));
    });
    req.on('error', reject);
    req.end();
  });
}

function quantile(sorted: number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)];
}

/** Service time without queueing: one client, sequential requests (after the concurrent run, so from the cache). */
async function sequential(base: string, path: string, count = 50): Promise<{ p50: number; p95: number }> {
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  const times: number[] = [];
  for (let i = 0; i < count; i++) times.push((await timedGet(agent, base + path.slice(1))).ms);
  agent.destroy();
  times.sort((a, b) => a - b);
  return { p50: quantile(times, 0.5), p95: quantile(times, 0.95) };
}

async function load(base: string, path: string) {
  const agent = new Agent({ keepAlive: true, maxSockets: CONCURRENCY });
  const cold = await timedGet(agent, base + path.slice(1));
  if (cold.status !== 200) throw new Error(`${path}: HTTP ${cold.status}`);
  const times: number[] = [];
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < REQUESTS) {
        next++;
        const r = await timedGet(agent, base + path.slice(1));
        if (r.status !== 200) throw new Error(`${path}: HTTP ${r.status}`);
        times.push(r.ms);
      }
    }),
  );
  const wallMs = performance.now() - started;
  agent.destroy();
  times.sort((a, b) => a - b);
  return { path, coldMs: cold.ms, p50: quantile(times, 0.5), p95: quantile(times, 0.95), rps: (REQUESTS / wallMs) * 1000, bytes: cold.bytes };
}

async function main(): Promise<void> {
  const outArg = process.argv.indexOf('--out');
  const out = outArg > 0 ? process.argv[outArg + 1] : join(projectRoot(), 'bench', 'dashboard', 'results.md');
  const dir = mkdtempSync(join(tmpdir(), 'numresp-bench-dashboard-'));
  const db = join(dir, 'synthetic.db');
  const built = buildSyntheticStore(db);
  const { child, url } = await startServer(db);
  try {
    const apis = ['/api/sites', '/api/overview', '/api/web/summary', '/api/web/trend', '/api/web/pages?limit=100', '/api/web/pages?limit=100&sort=web-pages:score:asc&grade=D',
      '/api/web/pages/1', '/api/web/failures', '/api/practices', '/api/practices/chart', '/api/practices/chart?site=WEB01', '/api/fleet', '/api/fleet?site=LYC001',
      '/api/fleet/pyramid', '/api/fleet/footprint', '/api/fleet/sites/LYC001', '/api/overview?period=2026-01..2026-06'];
    const pages = ['/', '/web', '/web/pages', '/web/failures', '/web/pages/1', '/practices', '/practices?site=WEB01', '/practices/plan', '/practices/never?site=WEB01',
      '/fleet', '/fleet/sites', '/fleet/sites/LYC001', '/sites'];
    // Warm-up (not reported): JIT, keep-alive sockets; then the baseline before and after the endpoints.
    await load(url, '/robots.txt');
    const baseline = await load(url, '/robots.txt');
    const latency = [];
    for (const path of [...apis, ...pages]) latency.push({ ...(await load(url, path)), one: await sequential(url, path) });
    const baselineAfter = await load(url, '/robots.txt');
    const baselineOne = await sequential(url, '/robots.txt');

    // The dashboard audited by numresp itself: the audit command (reference protocol), then its stored results.
    const auditDb = join(dir, 'self-audit.db');
    const cli = join(projectRoot(), 'dist', 'bin', 'numresp.js');
    const audit = spawnSync(process.execPath, [cli, 'audit', '--db', auditDb, '--label', 'dashboard self-audit', '--concurrency', '1', ...pages.map((p) => url + p.slice(1))], { encoding: 'utf8' });
    if (audit.status !== 0) throw new Error(`numresp audit exited with ${audit.status}: ${audit.stderr}`);
    const results = JSON.parse(spawnSync(process.execPath, [cli, 'results', '--db', auditDb, '--json'], { encoding: 'utf8' }).stdout) as {
      pages: Array<{ url: string; metrics: { transferBytes: number; requests: number; dom: number }; ecoindex: { score: number; grade: string }; rules: Array<{ id: string; status: string }> }>;
    };
    const weights = results.pages.map((p) => ({
      path: new URL(p.url).pathname + new URL(p.url).search,
      kb: p.metrics.transferBytes / 1000,
      requests: p.metrics.requests,
      dom: p.metrics.dom,
      score: p.ecoindex.score,
      grade: p.ecoindex.grade,
      failing: p.rules.filter((r) => r.status === 'fail' || r.status === 'error').map((r) => r.id),
      warning: p.rules.filter((r) => r.status === 'warn').map((r) => r.id),
    }));

    const lines = [
      '# Dashboard benchmark',
      '',
      'Command: `npx tsc -p . && node dist/bench/dashboard/run.js`',
      '',
      `Store: synthetic (bench/fixtures/synthetic-store.ts, seed 42): 2,000 page measurements (200 URLs × 10 campaigns), 100,000 devices; built in ${built.seconds.toFixed(1)} s.`,
      `Load: ${CONCURRENCY} concurrent keep-alive clients on 127.0.0.1, ${REQUESTS} requests per endpoint after one cold request; server = \`numresp dashboard\` in its own process; accept-encoding br, gzip. Machine shared by other work (2 cores, load average ${loadavg().map((l) => l.toFixed(1)).join(' / ')} at the end of the run).`,
      `Baseline: \`/robots.txt\` (routing, security headers, no data) p50 ${baseline.p50.toFixed(2)} ms, p95 ${baseline.p95.toFixed(2)} ms before the endpoints, p50 ${baselineAfter.p50.toFixed(2)} ms, p95 ${baselineAfter.p95.toFixed(2)} ms after; one client: p50 ${baselineOne.p50.toFixed(2)} ms, p95 ${baselineOne.p95.toFixed(2)} ms. Ratios are p95 ÷ the first baseline's p95. With 20 clients in flight, a request waits for ~19 others: p50 ≈ 20 × service time. Keep-alive resets retried: ${resets}.`,
      '',
      '## Latency (target p95 ≤ 50 ms)',
      '',
      '| path | cold ms | p50 ms | p95 ms | p95 ÷ baseline | req/s | 1 client p50 / p95 ms | bytes sent |',
      '|---|---:|---:|---:|---:|---:|---:|---:|',
      ...latency.map((l) => `| \`${l.path}\` | ${l.coldMs.toFixed(0)} | ${l.p50.toFixed(2)} | ${l.p95.toFixed(2)} | ${(l.p95 / baseline.p95).toFixed(1)} | ${l.rps.toFixed(0)} | ${l.one.p50.toFixed(2)} / ${l.one.p95.toFixed(2)} | ${l.bytes} |`),
      '',
      '"cold" is the first request for that URL (the server computes /, /web, /practices and /fleet in the background at start, so their API figures may already be warm), which computes the figures (some are shared with earlier URLs, so later cold times can be small); the rest are served from the reply cache (dropped when the store file changes).',
      '',
      '## Page weight and EcoIndex of the dashboard itself (target ≤ 150 KB, grade A)',
      '',
      '| page | KB transferred | requests | DOM | EcoIndex | grade | failing checks | warnings |',
      '|---|---:|---:|---:|---:|---|---|---|',
      ...weights.map((w) => `| \`${w.path}\` | ${w.kb.toFixed(1)} | ${w.requests} | ${w.dom} | ${w.score} | ${w.grade} | ${w.failing.join(', ') || '—'} | ${w.warning.join(', ') || '—'} |`),
      '',
      'Audited with `numresp audit --concurrency 1` (reference protocol: fresh context, load, 3 s, scroll, 3 s; every automated check), read back with `numresp results --json`. `externalize-css` warns on chart pages because chart.js sets a style attribute on its canvas. Known exceptions: `use-http2` (browsers use HTTP/2 only over TLS; a loopback server has no certificate) and `unused-js` on chart.js alone (its UMD build, required by the issue, runs about half its code for two chart types).',
      '',
    ];
    writeFileSync(out, lines.join('\n'));
    process.stdout.write(lines.join('\n'));
  } finally {
    child.kill('SIGTERM');
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
