import type { BrowserContext, CDPSession, Page, HTTPResponse } from 'puppeteer';
import {
  ARTIFACTS_SCHEMA_VERSION,
  type ConsoleMessage,
  type CoverageEntry,
  type PageArtifacts,
} from '../../src/model/artifacts.js';
import {
  AccessSchema,
  ProtocolSchema,
  VIEWPORTS,
  type Access,
  type PageErrorCode,
  type PageMeasurement,
  type PageMetrics,
  type PageTarget,
  type Protocol,
} from '../../src/model/audit.js';
import { collectDomFactsInPage, countElementsInPage, DOM_LIST_CAPS } from './dom-facts.js';
import { settleWithin, type ManagedBrowser } from '../../src/chromium/launch.js';
import { runLoginSteps } from './login.js';
import { NetworkRecorder, type NetworkTotals } from './network.js';

const MAX_CONSOLE = 200;
const MAX_CONSOLE_CHARS = 500;
const MAX_COVERAGE_ENTRIES = 300;
const MAX_COOKIES = 200;

export interface MeasureHooks {
  /** Aborts the measurement (SIGINT): the page is closed and an 'interrupted' failure returned. */
  signal?: AbortSignal;
}

/** A failure raised inside the measurement, carried to the result as a value. */
export class PageFailure extends Error {
  constructor(
    readonly code: PageErrorCode,
    message: string,
    readonly httpStatus: number | null = null,
    readonly finalUrl: string | null = null,
  ) {
    super(message);
  }
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/**
 * Measures one page with the reference scraper's protocol (ecoindex_python_fullstack scraper): fresh browser
 * context (no cache, no storage), navigate, wait for load, wait, scroll to the bottom, wait, then count.
 * Never throws for a page problem: every failure is a result with a code and a sentence.
 */
export async function measurePage(
  managed: ManagedBrowser,
  target: PageTarget,
  protocolInput: Partial<Protocol> = {},
  hooks: MeasureHooks = {},
): Promise<PageMeasurement> {
  const protocol = ProtocolSchema.parse(protocolInput);
  const access = AccessSchema.parse(target.access ?? {});
  const state: { context: BrowserContext | null; finalUrl: string | null } = { context: null, finalUrl: null };
  const { guards, cleanups } = failureGuards(managed, hooks.signal, {
    died: 'the browser stopped while measuring this page',
    interrupted: 'the run was interrupted before this page was measured',
    timeout: { ms: protocol.timeoutMs, message: `the page did not finish within ${protocol.timeoutMs / 1000} s (--timeout)` },
  });
  const work = run(managed, target.url, access, protocol, state, guards);
  // The losing side of the race rejects later, when its page is closed: that is expected.
  work.catch(() => undefined);
  try {
    return await Promise.race([work, guards]);
  } catch (err) {
    const failure = err instanceof PageFailure ? err : classifyError(err as Error);
    return {
      ok: false,
      url: target.url,
      finalUrl: failure.finalUrl ?? state.finalUrl,
      httpStatus: failure.httpStatus,
      errorCode: failure.code,
      error: failure.message,
    };
  } finally {
    for (const c of cleanups) c();
    if (state.context && managed.connected) {
      await settleWithin(state.context.close(), 5000);
    }
  }
}

/**
 * What ends a measurement (a page or a journey) wherever it is, as a rejection: the browser's death, Ctrl-C (the
 * signal) and, when given, a time budget. `cleanups` removes the listeners and the timer.
 */
export function failureGuards(
  managed: ManagedBrowser,
  signal: AbortSignal | undefined,
  messages: { died: string; interrupted: string; timeout?: { ms: number; message: string } },
): { guards: Promise<never>; cleanups: Array<() => void> } {
  const cleanups: Array<() => void> = [];
  const guards = new Promise<never>((_, reject) => {
    if (messages.timeout) {
      const { ms, message } = messages.timeout;
      const timer = setTimeout(() => reject(new PageFailure('timeout', message)), ms);
      cleanups.push(() => clearTimeout(timer));
    }
    const onDisconnect = () => reject(new PageFailure('browser-died', messages.died));
    managed.browser.once('disconnected', onDisconnect);
    cleanups.push(() => managed.browser.off('disconnected', onDisconnect));
    if (signal) {
      const onAbort = () => reject(new PageFailure('interrupted', messages.interrupted));
      if (signal.aborted) onAbort();
      signal.addEventListener('abort', onAbort, { once: true });
      cleanups.push(() => signal.removeEventListener('abort', onAbort));
    }
  });
  guards.catch(() => undefined);
  return { guards, cleanups };
}

/** Chromium's net errors, turned into codes and sentences a person understands. */
export function classifyError(err: Error): PageFailure {
  const m = err.message ?? String(err);
  if (/ERR_TOO_MANY_REDIRECTS/.test(m)) return new PageFailure('redirect-loop', 'the page redirects in a loop (too many redirects)');
  if (/ERR_CONNECTION_REFUSED|ERR_NAME_NOT_RESOLVED|ERR_ADDRESS_UNREACHABLE|ERR_CONNECTION_RESET|ERR_EMPTY_RESPONSE|ERR_CONNECTION_CLOSED|ERR_INTERNET_DISCONNECTED|ERR_CONNECTION_TIMED_OUT|ERR_SSL|ERR_CERT|ERR_INVALID_RESPONSE|ERR_INVALID_HTTP_RESPONSE|ERR_UNSAFE_PORT|ERR_BLOCKED/.test(m)) {
    const code = /net::(ERR_[A-Z_]+)/.exec(m)?.[1] ?? 'network error';
    return new PageFailure('unreachable', `the server could not be reached (${code})`);
  }
  if (err.name === 'TimeoutError' || /timeout/i.test(m)) return new PageFailure('timeout', `the page did not load in time (${m.split('\n')[0]})`);
  if (/Target closed|Session closed|Protocol error.*(closed|crash)|Page crashed/i.test(m)) {
    return new PageFailure('crash', `the page's tab crashed or closed during the measure (${m.split('\n')[0]})`);
  }
  return new PageFailure('internal', `measurement failed: ${m.split('\n')[0]}`);
}

async function run(
  managed: ManagedBrowser,
  url: string,
  access: Access,
  protocol: Protocol,
  state: { context: BrowserContext | null; finalUrl: string | null },
  guards: Promise<never>,
): Promise<PageMeasurement> {
  const context = await managed.browser.createBrowserContext();
  state.context = context;
  const page = await context.newPage();
  const crashed = new Promise<never>((_, reject) =>
    page.once('error', (e) => reject(new PageFailure('crash', `the page's renderer crashed (${e.message})`))),
  );
  crashed.catch(() => undefined);
  await setUpPage(managed, context, page, url, access, protocol);
  const session = await page.createCDPSession();
  // Renderer crashes reach this session as Inspector.targetCrashed (puppeteer's own 'error' event may not fire).
  let reportCrash: (e: PageFailure) => void = () => undefined;
  const crashedHere = new Promise<never>((_, reject) => (reportCrash = reject));
  crashedHere.catch(() => undefined);
  const step = <T>(p: Promise<T>) => Promise.race([p, crashed, crashedHere, guards]);
  session.on('Inspector.targetCrashed', () => reportCrash(new PageFailure('crash', "the page's renderer crashed while it was measured")));
  await session.send('Inspector.enable');
  const recorder = new NetworkRecorder(session);
  await recorder.start();
  const consoleMessages = captureConsole(page);

  if (access.login.length) {
    await session.send('Network.setCacheDisabled', { cacheDisabled: true });
    try {
      await step(runLoginSteps(page, access.login, protocol.timeoutMs));
    } catch (err) {
      if (err instanceof PageFailure) throw err;
      throw new PageFailure('login-failed', `the login steps failed: ${(err as Error).message.split('\n')[0]}`);
    }
    await session.send('Network.setCacheDisabled', { cacheDisabled: false });
    // The login pages are not part of the measured page.
    recorder.reset();
    consoleMessages.length = 0;
  }

  if (protocol.coverage) {
    await Promise.all([
      page.coverage.startJSCoverage({ resetOnNavigation: false }),
      page.coverage.startCSSCoverage({ resetOnNavigation: false }),
    ]);
  }

  const started = Date.now();
  let response: HTTPResponse | null;
  try {
    response = await step(page.goto(url, { waitUntil: 'load', timeout: protocol.timeoutMs }));
  } catch (err) {
    if (err instanceof PageFailure) throw err;
    const failure = classifyError(err as Error);
    // A download (PDF, zip…) aborts the navigation: report it as what it is.
    const doc = recorder.requests.find((r) => r.resourceType === 'document');
    if (/ERR_ABORTED/.test((err as Error).message) && doc && doc.status > 0) throw notHtml(doc.mimeType, doc.status, doc.url);
    throw failure;
  }
  const loadMs = Date.now() - started;
  state.finalUrl = page.url();
  checkMainResponse(response, url, state.finalUrl);

  await step(sleep(protocol.waitBeforeScrollMs));
  const elementCountBeforeScroll = await step(evaluateStable(page, countElementsInPage));
  const requestCountBeforeScroll = recorder.totals.requests + recorder.inFlight();
  await step(
    evaluateStable(page, () => {
      const root = document.scrollingElement ?? document.documentElement;
      window.scrollTo({ top: root.scrollHeight, behavior: 'smooth' });
    }),
  );
  await step(sleep(protocol.waitAfterScrollMs));

  const domFacts = await step(evaluateStable(page, collectDomFactsInPage, DOM_LIST_CAPS));
  const coverage = protocol.coverage ? await step(stopCoverage(page)) : null;
  state.finalUrl = page.url();
  await recorder.settle(2000);
  recorder.stop();
  recorder.flushOpen();
  const cookies = await step(readCookies(session, recorder.requests.map((r) => r.url)));

  const totals = recorder.totals;
  const artifacts: PageArtifacts = {
    schemaVersion: ARTIFACTS_SCHEMA_VERSION,
    url,
    finalUrl: state.finalUrl,
    requestCountBeforeScroll,
    requests: recorder.requests,
    requestsOmitted: recorder.requestsOmitted,
    dom: { ...domFacts, elementCountBeforeScroll },
    coverage,
    cookies,
    console: consoleMessages,
  };
  return {
    ok: true,
    url,
    finalUrl: state.finalUrl,
    title: domFacts.title,
    metrics: pageMetrics(domFacts.elementCount, totals, response!.status(), loadMs),
    artifacts,
  };
}

export async function setUpPage(
  managed: ManagedBrowser,
  context: BrowserContext,
  page: Page,
  url: string,
  access: Access,
  protocol: Protocol,
): Promise<void> {
  const viewport = VIEWPORTS[protocol.device];
  await page.setViewport({ ...viewport, hasTouch: viewport.isMobile });
  let userAgent = access.userAgent;
  if (!userAgent && protocol.device === 'mobile') {
    // A phone's user agent, as Lighthouse's mobile emulation builds it from the desktop one.
    userAgent = (await managed.browser.userAgent())
      .replace(/\([^)]*\)/, '(Linux; Android 11; moto g power (2022))')
      .replace(/Safari\//, 'Mobile Safari/');
  }
  if (userAgent) await page.setUserAgent(userAgent);
  if (Object.keys(access.headers).length) await page.setExtraHTTPHeaders(access.headers);
  if (access.basicAuth) await page.authenticate(access.basicAuth);
  if (access.cookies.length) {
    await page.setCookie(
      ...access.cookies.map((c) =>
        c.domain ? { name: c.name, value: c.value, domain: c.domain, path: c.path ?? '/' } : { name: c.name, value: c.value, url },
      ),
    );
  }
  // alert/confirm/prompt would block the page forever; beforeunload must let it go.
  page.on('dialog', (d) => {
    (d.type() === 'beforeunload' ? d.accept() : d.dismiss()).catch(() => undefined);
  });
  // Popups are not part of the measured page: close them as they open.
  context.on('targetcreated', (t) => {
    if (t.type() !== 'page' || t === page.target()) return;
    t.page()
      .then((p) => p?.close())
      .catch(() => undefined);
  });
}

function notHtml(mimeType: string | null, status: number, url: string): PageFailure {
  return new PageFailure(
    'not-html',
    `the page is not HTML (${mimeType || 'no content type'}); EcoIndex measures web pages only`,
    status,
    url,
  );
}

export function checkMainResponse(response: HTTPResponse | null, url: string, finalUrl: string): void {
  if (!response) throw new PageFailure('internal', `no response for ${url} (same-document navigation?)`, null, finalUrl);
  const status = response.status();
  if (status !== 200) {
    throw new PageFailure(
      'http-status',
      `the page answered HTTP ${status}${response.statusText() ? ' ' + response.statusText() : ''}; EcoIndex needs a 200 answer`,
      status,
      finalUrl,
    );
  }
  const type = (response.headers()['content-type'] ?? '').toLowerCase();
  if (!/text\/html|application\/xhtml\+xml/.test(type)) throw notHtml(type || null, status, finalUrl);
}

/** Runs a function in the page; if the page navigated away meanwhile, waits for the new document and retries once. */
export async function evaluateStable<A extends unknown[], R>(page: Page, fn: (...args: A) => R, ...args: A): Promise<Awaited<R>> {
  try {
    return (await page.evaluate(fn as never, ...args)) as Awaited<R>;
  } catch (err) {
    if (!/Execution context was destroyed|Cannot find context|navigat/i.test((err as Error).message)) throw err;
    // The navigation may already be over: wait for the new document's load state rather than for an event.
    await page
      .waitForFunction(() => document.readyState === 'complete', { timeout: 10000, polling: 100 })
      .catch(() => undefined);
    return (await page.evaluate(fn as never, ...args)) as Awaited<R>;
  }
}

export function captureConsole(page: Page): ConsoleMessage[] {
  const messages: ConsoleMessage[] = [];
  const push = (m: ConsoleMessage) => {
    if (messages.length < MAX_CONSOLE) messages.push({ ...m, text: m.text.slice(0, MAX_CONSOLE_CHARS) });
  };
  page.on('console', (msg) => push({ type: msg.type(), text: msg.text(), url: msg.location()?.url ?? null }));
  page.on('pageerror', (err) => push({ type: 'pageerror', text: (err as Error).message ?? String(err), url: null }));
  return messages;
}

export async function stopCoverage(page: Page): Promise<CoverageEntry[]> {
  const [js, css] = await Promise.all([page.coverage.stopJSCoverage(), page.coverage.stopCSSCoverage()]);
  const used = (ranges: Array<{ start: number; end: number }>) => ranges.reduce((n, r) => n + (r.end - r.start), 0);
  return [
    ...js.map((e) => ({ url: e.url, kind: 'js' as const, totalBytes: e.text.length, usedBytes: used(e.ranges) })),
    ...css.map((e) => ({ url: e.url, kind: 'css' as const, totalBytes: e.text.length, usedBytes: used(e.ranges) })),
  ]
    .filter((e) => e.url)
    .slice(0, MAX_COVERAGE_ENTRIES)
    .map((e) => ({ ...e, url: e.url.slice(0, 2000) }));
}

export async function readCookies(session: CDPSession, urls: string[]): Promise<PageArtifacts['cookies']> {
  const unique = [...new Set(urls)].slice(0, 500);
  const { cookies } = await session.send('Network.getCookies', unique.length ? { urls: unique } : {});
  return cookies.slice(0, MAX_COOKIES).map((c) => ({
    name: c.name.slice(0, 200),
    domain: c.domain,
    size: c.size,
    httpOnly: c.httpOnly,
    secure: c.secure,
    sameSite: c.sameSite ?? null,
    expires: c.session ? -1 : c.expires,
  }));
}

/** The EcoIndex figures of a page or a journey step: its DOM count and what the network recorded for it. */
export function pageMetrics(dom: number, totals: NetworkTotals, httpStatus: number, loadMs: number | null): PageMetrics {
  return {
    dom,
    requests: totals.requests,
    sizeKb: totals.transferBytes / 1000,
    transferBytes: totals.transferBytes,
    failedRequests: totals.failedRequests,
    byType: totals.byType,
    httpStatus,
    loadMs,
  };
}
