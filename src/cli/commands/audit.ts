import { readFileSync, writeFileSync } from 'node:fs';
import type { Argv, CommandModule } from 'yargs';
import { z } from 'zod';
import { formatZodIssue, loadAuditConfig, type SiteConfig } from '../../config/audit-config.js';
import { AccessSchema, DEVICES, LoginStepSchema, ProtocolSchema, type Access, type Device } from '../../model/audit.js';
import { ExitCode, UserError } from '../../model/errors.js';
import { checkBrowserAvailable, runAudit, type AuditRequest, type AuditSettings, type PageOutcome, type RunExecutor } from '../../pipeline/audit.js';
import { DEFAULT_PER_HOST } from '../../queue/job.js';
import { parseQueueUrl, type QueueAddress } from '../../queue/url.js';
import { CONCURRENCY_MAX, CONCURRENCY_MIN, parseConcurrency } from '../../pipeline/concurrency.js';
import { parseRepeat, REPEAT_MAX, REPEAT_MIN, spreadOfRows } from '../../pipeline/spread.js';
import { evaluateGate, junitXml, loadBaseline, resolveGate, type GateInput } from '../../pipeline/gate.js';
import { resolveSites, siteCode, sitesByHost, type SitePlan } from '../../pipeline/plan.js';
import { loadJourneyFile, mergeJourneys } from '../../pipeline/journey.js';
import { runDocument } from '../../pipeline/results.js';
import { parseUrlArgs } from '../../pipeline/targets.js';
import { openStore, type Db } from '../../store/database.js';
import { listPages, listRunMeasurements } from '../../store/pages.js';
import { getRunSummary } from '../../store/runs.js';
import { withDb } from '../common-options.js';
import { formatTable, printJson } from '../output.js';
import { printJourneyTables } from '../journey-summary.js';

export interface AuditArgs {
  urls?: string[];
  input?: string;
  sitemap?: string;
  crawl?: number;
  'max-pages': number;
  robots: boolean;
  site?: string;
  label?: string;
  config?: string;
  journey?: string;
  resume?: number;
  device: Device;
  'wait-before-scroll': number;
  'wait-after-scroll': number;
  timeout: number;
  retries: number;
  concurrency: string;
  repeat: string;
  header?: string[];
  cookie?: string[];
  'basic-auth'?: string;
  'user-agent'?: string;
  login?: string;
  lighthouse: boolean;
  json: boolean;
  db: string;
  'fail-under'?: string;
  budget?: string;
  junit?: string;
  baseline?: string;
  queue?: string;
  'per-host': number;
}

/** Audit options shared with `sample`. */
export function withAuditOptions<T>(y: Argv<T>) {
  return withDb(y)
    .option('device', { choices: DEVICES, default: 'desktop' as Device, describe: 'viewport: desktop 1920×1080 or mobile' })
    .option('wait-before-scroll', { type: 'number', default: 3000, describe: 'ms to wait after load, before scrolling' })
    .option('wait-after-scroll', { type: 'number', default: 3000, describe: 'ms to wait after scrolling to the bottom' })
    .option('timeout', { type: 'number', default: 60, describe: 'seconds allowed per page (load, waits and facts)' })
    .option('retries', { type: 'number', default: 1, describe: 'extra attempts for a page that timed out or crashed' })
    .option('concurrency', {
      type: 'string',
      default: 'auto',
      describe: `pages measured at once in the one browser: auto (adds tabs while CPU and memory allow) or ${CONCURRENCY_MIN}…${CONCURRENCY_MAX}; with --queue, N caps the run's pages queued or measured at once across all workers (auto: no cap)`,
    })
    .option('repeat', {
      type: 'string',
      default: '1',
      describe: `measure each page N times (${REPEAT_MIN}…${REPEAT_MAX}, fresh context each, interleaved); the median stands for the page`,
    })
    .option('lighthouse', { type: 'boolean', default: false, describe: 'also run Lighthouse (separate navigation)' })
    .option('label', { type: 'string', describe: 'campaign label for the run' })
    .option('json', { type: 'boolean', default: false, describe: 'print one JSON document' });
}

export const auditCommand: CommandModule<object, AuditArgs> = {
  command: 'audit [urls..]',
  describe: 'Measure web pages with the EcoIndex method and store the results',
  builder: (y) =>
    withAuditOptions(y)
      .positional('urls', { type: 'string', array: true, describe: 'page URLs' })
      .option('input', { type: 'string', describe: 'file of URLs, one per line (# comments)' })
      .option('sitemap', { type: 'string', describe: 'sitemap or sitemap index: URL or file' })
      .option('crawl', { type: 'number', describe: 'follow same-origin links this many levels from the given pages' })
      .option('max-pages', { type: 'number', default: 50, describe: 'with --crawl: pages at most' })
      .option('robots', { type: 'boolean', default: true, describe: 'with --crawl: respect robots.txt (--no-robots to ignore)' })
      .option('site', { type: 'string', describe: 'site code (as sites add made it, kept as written) or a free name (made into a code) to group the pages under (default: one site per host)' })
      .option('config', { type: 'string', describe: 'JSON config: several sites, their sources and access (see README)' })
      .option('journey', { type: 'string', describe: 'JSON user journey(s): goto/click/fill/select/scroll/waitFor steps, an EcoIndex per measure step (see README)' })
      .option('resume', { type: 'number', describe: 'finish the pending pages of this run' })
      .option('header', { type: 'string', array: true, describe: 'extra request header "Name: value" (repeatable)' })
      .option('cookie', { type: 'string', array: true, describe: 'cookie "name=value" for the audited host (repeatable)' })
      .option('basic-auth', { type: 'string', describe: 'HTTP basic auth "user:password"' })
      .option('user-agent', { type: 'string', describe: 'user agent string' })
      .option('fail-under', { type: 'string', describe: `CI gate: exit ${ExitCode.BudgetMissed} when a page's EcoIndex is under this grade (A…G) or score (0…100)` })
      .option('budget', { type: 'string', describe: `CI gate: JSON budget per URL pattern (score/grade, requests, KB, DOM, checks); exit ${ExitCode.BudgetMissed} when missed` })
      .option('junit', { type: 'string', describe: 'write the gate as JUnit XML to this file (GitLab, GitHub test reports)' })
      .option('baseline', { type: 'string', describe: `CI gate: exit ${ExitCode.BudgetMissed} when a page's score falls significantly (as numresp compare says) from this earlier run (an id, or last)` })
      .option('login', { type: 'string', describe: 'JSON file of login steps (goto/fill/click/waitFor) run before each page' })
      .option('queue', { type: 'string', describe: 'measure on `numresp worker`s through this Redis: redis://HOST:PORT or rediss:// (docs/scale-out.md)' })
      .option('per-host', { type: 'number', default: DEFAULT_PER_HOST, describe: 'with --queue: pages of one host measured at once across all workers' })
      .check((a) => {
        for (const k of ['wait-before-scroll', 'wait-after-scroll', 'timeout', 'retries', 'max-pages'] as const) {
          if (!Number.isFinite(a[k]) || a[k] < 0) throw new UserError(`--${k} must be a number ≥ 0, got ${a[k]}`);
        }
        parseConcurrency(a.concurrency);
        parseRepeat(a.repeat);
        if (a.crawl !== undefined && (!Number.isInteger(a.crawl) || a.crawl < 0)) throw new UserError(`--crawl must be a depth ≥ 0, got ${a.crawl}`);
        if (!Number.isInteger(a['per-host']) || a['per-host'] < 1 || a['per-host'] > 64) throw new UserError(`--per-host must be 1…64, got ${a['per-host']}`);
        return true;
      })
      .example('$0 audit https://www.example.fr/ --site "Lycée Exemple"', 'measure one page')
      .example('$0 audit --sitemap https://www.example.fr/sitemap.xml --concurrency 4 --label "2026-T1"', 'a campaign')
      .example('$0 audit --resume 3', 'finish an interrupted run') as never,
  handler: async (a) => {
    process.exitCode = await runAuditCli(a);
  },
};

function accessFromArgs(a: AuditArgs): Access | undefined {
  const raw: Record<string, unknown> = {};
  if (a.header?.length) {
    raw.headers = Object.fromEntries(
      a.header.map((h) => {
        const i = h.indexOf(':');
        if (i < 1) throw new UserError(`--header "${h}" must be "Name: value"`);
        return [h.slice(0, i).trim(), h.slice(i + 1).trim()];
      }),
    );
  }
  if (a.cookie?.length) {
    raw.cookies = a.cookie.map((c) => {
      const i = c.indexOf('=');
      if (i < 1) throw new UserError(`--cookie "${c}" must be "name=value"`);
      return { name: c.slice(0, i).trim(), value: c.slice(i + 1).trim() };
    });
  }
  if (a['basic-auth'] !== undefined) {
    const i = a['basic-auth'].indexOf(':');
    if (i < 1) throw new UserError('--basic-auth must be "user:password"');
    raw.basicAuth = { username: a['basic-auth'].slice(0, i), password: a['basic-auth'].slice(i + 1) };
  }
  if (a['user-agent']) raw.userAgent = a['user-agent'];
  if (a.login) {
    let steps: unknown;
    try {
      steps = JSON.parse(readFileSync(a.login, 'utf8'));
    } catch (err) {
      throw new UserError(`--login ${a.login}: ${(err as Error).message}; give a JSON array of steps`);
    }
    const parsed = z.array(LoginStepSchema).min(1).safeParse(steps);
    if (!parsed.success) throw new UserError(`--login ${a.login}: ${formatZodIssue(parsed.error)}`);
    raw.login = parsed.data;
  }
  if (!Object.keys(raw).length) return undefined;
  const parsed = AccessSchema.safeParse(raw);
  if (!parsed.success) throw new UserError(`access options: ${formatZodIssue(parsed.error)}`);
  return parsed.data;
}

export function settingsFromArgs(a: AuditArgs, config?: { protocol?: Partial<AuditSettings['protocol']>; concurrency?: number | 'auto'; retries?: number; repeat?: number; lighthouse?: boolean }): AuditSettings {
  const protocol = ProtocolSchema.safeParse({
    device: a.device,
    waitBeforeScrollMs: Math.round(a['wait-before-scroll']),
    waitAfterScrollMs: Math.round(a['wait-after-scroll']),
    timeoutMs: Math.round(a.timeout * 1000),
    ...config?.protocol,
  });
  if (!protocol.success) throw new UserError(`protocol: ${formatZodIssue(protocol.error)}`);
  return {
    protocol: protocol.data,
    concurrency: config?.concurrency ?? parseConcurrency(a.concurrency),
    retries: config?.retries ?? Math.round(a.retries),
    repeat: config?.repeat ?? parseRepeat(a.repeat),
    lighthouse: config?.lighthouse ?? a.lighthouse,
  };
}

/** Sites from the command line: one named site, or one site per host. */
async function sitesFromArgs(a: AuditArgs, access: Access | undefined, warn: (m: string) => void): Promise<SitePlan[]> {
  const urls = parseUrlArgs(a.urls ?? []);
  if (!urls.length && !a.input && !a.sitemap && a.journey) return [];
  if (!urls.length && !a.input && !a.sitemap) {
    throw new UserError('nothing to audit: give URLs, --input FILE, --sitemap URL|FILE or --config FILE (see numresp audit --help)');
  }
  const source: SiteConfig = {
    code: a.site ? siteCode(a.site) : 'cli',
    name: a.site,
    urls,
    input: a.input,
    sitemap: a.sitemap,
    crawl: a.crawl !== undefined ? { depth: a.crawl, maxPages: Math.max(1, Math.round(a['max-pages'])), respectRobots: a.robots } : undefined,
    access,
  };
  const [plan] = await resolveSites([source], warn);
  return a.site ? [{ ...plan, name: a.site }] : sitesByHost(plan.urls, access);
}

/** The whole audit command; returns the exit code. */
export async function runAuditCli(a: AuditArgs): Promise<number> {
  const warn = (m: string) => console.error(`numresp: warning: ${m}`);
  const access = accessFromArgs(a);
  const config = a.config ? loadAuditConfig(a.config) : undefined;
  // Journeys are checked whole before any browser starts (exit 2 with the field path).
  const journeys = mergeJourneys([
    ...(config ? [{ source: a.config!, journeys: [...(config.journey ? [config.journey] : []), ...(config.journeys ?? [])] }] : []),
    ...(a.journey ? [{ source: a.journey, journeys: loadJourneyFile(a.journey) }] : []),
  ]);
  if (journeys.length && a.queue) throw new UserError('journeys are played in this process: --queue measures pages only (run the journeys without --queue)');
  // The gate's inputs are validated before anything runs (flags over the config's "gate").
  const gateRequest = resolveGate({ failUnder: a['fail-under'], budget: a.budget, junit: a.junit, baseline: a.baseline }, config && { gate: config.gate, file: a.config! });
  // With --queue the workers measure: this process needs Redis, not Chromium; checked before a run is planned.
  const queue = a.queue ? await queueTarget(a, access) : undefined;
  if (!queue) checkBrowserAvailable();
  const db = openStore(a.db);
  try {
    const baseline = gateRequest?.baselineRun !== undefined ? loadBaseline(db, gateRequest.baselineRun, a.resume) : undefined;
    if (gateRequest?.baselineRun === 'last' && !baseline) warn('--baseline last: no earlier finished run in the store; nothing to compare with this time');
    const gated = gateRequest && { gate: { ...gateRequest.gate, baseline }, junit: gateRequest.junit };
    let request: AuditRequest;
    if (a.resume !== undefined) {
      request = { resume: a.resume, access, sites: config?.sites.map((s) => ({ code: s.code, access: s.access })) };
    } else {
      const settings = { ...settingsFromArgs(a, config), ...(journeys.length ? { journeys } : {}) };
      const sites = config
        ? config.sites.length ? await resolveSites(config.sites.map((s) => ({ ...s, access: s.access ?? access })), warn) : []
        : await sitesFromArgs(a, access, warn);
      const label = a.label ?? config?.label ?? `audit ${new Date().toISOString().slice(0, 16).replace('T', ' ')}`;
      const journeySite = a.site ? { code: siteCode(a.site), name: a.site } : undefined;
      request = { label, sites, settings, journeySite, journeyAccess: access };
    }
    return await auditInTerminal(db, request, a.json, queue, gated);
  } finally {
    db.close();
  }
}

/**
 * Runs an audit with a progress display and Ctrl-C handling, then prints the summary or the JSON document;
 * returns the exit code. Shared with `sample`.
 */
export async function auditInTerminal(
  db: Db,
  request: AuditRequest,
  json: boolean,
  queue?: QueueTarget,
  gated?: { gate: GateInput; junit?: string },
): Promise<number> {
  const controller = new AbortController();
  let runId: number | null = null;
  let sigints = 0;
  const onSigint = () => {
    if (++sigints > 1) process.exit(ExitCode.Interrupted);
    const resume = runId === null ? '' : `; resume with numresp audit --resume ${runId}${queue ? ` --queue ${queue.address.redactedUrl}` : ''}`;
    const what = queue
      ? 'pages not started are withdrawn from the queue, those being measured finish on their workers and wait in Redis'
      : 'pages in progress are dropped back to pending';
    console.error(`\nnumresp: interrupting: ${what}${resume} (Ctrl-C again to quit now)`);
    controller.abort();
  };
  process.on('SIGINT', onSigint);
  process.on('SIGTERM', onSigint);
  const progress = new Progress(process.stderr.isTTY && !json);
  try {
    const outcome = await runAudit(db, request, {
      signal: controller.signal,
      onRun: (id) => (runId = id),
      onEvent: (e) => {
        if (e.type === 'planned') progress.start(e.runId, e.total, e.pending);
        else if (e.type === 'page-start') progress.pageStarted(e.url);
        else if (e.type === 'page-done') progress.pageDone(e.outcome);
        else if (e.type === 'browser-relaunch') progress.note(e.reason);
        else if (e.type === 'note') progress.note(e.message);
      },
      executor: queue ? await queueExecutor(queue) : undefined,
    });
    progress.end();
    const summary = getRunSummary(db, outcome.runId)!;
    if (json) printJson(runDocument(db, outcome.runId));
    else printSummary(db, outcome.runId);
    if (outcome.interrupted) return ExitCode.Interrupted;
    if (gated) {
      // After everything is stored: the gate only reads the run.
      const lines = evaluateGate(runDocument(db, outcome.runId)!.pages, gated.gate);
      if (gated.junit) writeFileSync(gated.junit, junitXml(outcome.runId, lines));
      const skipped = lines.filter((l) => l.skipped);
      for (const l of skipped.slice(0, 20)) console.error(`numresp: gate: ${l.url}: reported, not gated (${l.measured})`);
      if (skipped.length > 20) console.error(`numresp: gate: … ${skipped.length - 20} more pages not in the baseline (see --junit)`);
      const missed = lines.filter((l) => !l.passed);
      for (const l of missed.slice(0, 20)) console.error(`numresp: gate: ${l.url}: ${l.requirement}, measured ${l.measured}`);
      if (missed.length > 20) console.error(`numresp: gate: … ${missed.length - 20} more (see --junit)`);
      if (missed.length) return ExitCode.BudgetMissed;
    }
    return summary.failed > 0 ? ExitCode.PartialFailure : ExitCode.Ok;
  } finally {
    process.off('SIGINT', onSigint);
    process.off('SIGTERM', onSigint);
  }
}

interface QueueTarget {
  address: QueueAddress;
  perHost: number;
}

/** --queue: the checked address (one line within 10 s if wrong); access options cannot travel through Redis. */
async function queueTarget(a: AuditArgs, access: Access | undefined): Promise<QueueTarget> {
  const address = parseQueueUrl(a.queue!);
  if (access) {
    throw new UserError('--header, --cookie, --basic-auth, --user-agent and --login are not sent through the queue: put them in each worker\'s --config (docs/scale-out.md)');
  }
  if (parseRepeat(a.repeat) > 1) throw new UserError('--repeat is not supported with --queue (each page is measured once, by one worker); run it without --queue');
  // BullMQ and ioredis are loaded only for --queue: a local run does not pay their start-up.
  await (await import('../../queue/connection.js')).checkQueueReachable(address);
  return { address, perHost: a['per-host'] };
}

async function queueExecutor(queue: QueueTarget): Promise<RunExecutor> {
  const { executeRunOnQueue } = await import('../../queue/coordinator.js');
  return (db, runId, settings, _access, options) =>
    executeRunOnQueue(db, runId, settings, { ...queue, signal: options.signal, onEvent: options.onEvent });
}

const SUMMARY_ROWS = 100;

function shorten(text: string, max: number): string {
  return text.length > max ? text.slice(0, max - 1) + '…' : text;
}

export function printSummary(db: Db, runId: number): void {
  const run = getRunSummary(db, runId)!;
  const all = listPages(db, runId);
  // Journey steps are shown per journey, after the pages (src/cli/journey-summary.ts).
  const pages = all.filter((p) => p.journey === null);
  const measurements = listRunMeasurements(db, runId);
  const rows = pages.slice(0, SUMMARY_ROWS).map((p) => {
    const spread = p.status === 'ok' ? spreadOfRows(measurements.get(p.id) ?? []) : null;
    return [
    shorten(p.url, 60),
    p.siteCode,
    p.status,
    // With --repeat: the median score, then the range of the N measurements.
    spread ? `${p.score} (${spread.score.min}–${spread.score.max})` : p.score,
    p.grade,
    p.dom,
    p.requests,
    p.sizeKb === null ? null : p.sizeKb.toFixed(1),
    p.error ? shorten(p.error, 70) : null,
    ];
  });
  if (pages.length || all.length === 0) console.log(formatTable(['url', 'site', 'status', 'score', 'grade', 'dom', 'requests', 'KB', 'error'], rows));
  if (pages.length > SUMMARY_ROWS) console.log(`… ${pages.length - SUMMARY_ROWS} more: numresp results ${runId}`);
  printJourneyTables(all);
  const avg = run.averageScore === null ? '—' : run.averageScore.toFixed(1);
  console.log(
    `\nrun ${runId} (${run.label}): ${run.ok} measured, ${run.failed} failed, ${run.pending} pending; average EcoIndex ${avg}; status ${run.status}`,
  );
}

/** A one-line progress bar on a terminal; one quiet line per page otherwise. Writes to stderr. */
class Progress {
  private total = 0;
  private done = 0;
  private failures = 0;
  private startedAt = Date.now();
  private current = '';

  constructor(private readonly tty: boolean) {}

  start(runId: number, total: number, pending: number): void {
    this.total = pending;
    this.startedAt = Date.now();
    if (!this.tty) console.error(`numresp: run ${runId}: ${pending} of ${total} pages to measure`);
    this.render();
  }

  pageStarted(url: string): void {
    this.current = url;
    this.render();
  }

  pageDone(o: PageOutcome): void {
    this.done++;
    if (o.status === 'failed') this.failures++;
    if (!this.tty) {
      const what = o.status === 'ok' ? `ok ${o.ecoindex!.score} ${o.ecoindex!.grade}` : `failed: ${o.error}`;
      console.error(`[${this.done}/${this.total}] ${o.url} ${what}`);
    }
    this.render();
  }

  note(message: string): void {
    if (this.tty) process.stderr.write('\r\x1b[K');
    console.error(`numresp: ${message}`);
    this.render();
  }

  end(): void {
    if (this.tty) process.stderr.write('\r\x1b[K');
  }

  private render(): void {
    if (!this.tty) return;
    const width = 24;
    const ratio = this.total ? this.done / this.total : 1;
    const bar = '█'.repeat(Math.round(ratio * width)).padEnd(width, '░');
    const elapsed = (Date.now() - this.startedAt) / 1000;
    const eta = this.done ? Math.round((elapsed / this.done) * (this.total - this.done)) : null;
    const etaText = eta === null ? '--' : eta >= 60 ? `${Math.floor(eta / 60)}m${String(eta % 60).padStart(2, '0')}s` : `${eta}s`;
    const cols = process.stderr.columns || 100;
    const line = `${bar} ${this.done}/${this.total} ETA ${etaText} failures ${this.failures} ${this.current}`;
    process.stderr.write('\r\x1b[K' + shorten(line, cols - 1));
  }
}
