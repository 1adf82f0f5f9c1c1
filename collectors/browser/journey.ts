import type { BrowserContext, HTTPResponse, Page } from 'puppeteer';
import { ARTIFACTS_SCHEMA_VERSION, type PageArtifacts } from '../../src/model/artifacts.js';
import { AccessSchema, ProtocolSchema, type Access, type PageMeasurement, type Protocol } from '../../src/model/audit.js';
import { measureSteps, type Journey, type JourneyStep } from '../../src/model/journey.js';
import { settleWithin, type ManagedBrowser } from '../../src/chromium/launch.js';
import { collectDomFactsInPage, countElementsInPage, DOM_LIST_CAPS } from './dom-facts.js';
import { runLoginSteps } from './login.js';
import {
  captureConsole,
  checkMainResponse,
  classifyError,
  evaluateStable,
  failureGuards,
  PageFailure,
  pageMetrics,
  readCookies,
  setUpPage,
  sleep,
} from './measure.js';
import { NetworkRecorder } from './network.js';

/** One measure step's outcome: its figures and artifacts, or why it could not be measured. */
export interface JourneyStepMeasurement {
  /** Position among the journey's measure steps (0-based). */
  stepIndex: number;
  name: string;
  measurement: PageMeasurement;
}

export interface JourneyHooks {
  signal?: AbortSignal;
  /** Called as each measure step ends (measured or failed), so the caller stores it before the journey goes on. */
  onStep?: (step: JourneyStepMeasurement) => Promise<void> | void;
}

/**
 * Before counting, the network must have been quiet this long: requests a step triggers (an XHR after a click, the
 * images of a new view) belong to it, not to the next one. Bounded: a page that never goes quiet (polling) is
 * measured after MAX_QUIET_WAIT_MS with what is in flight counted at the bytes received so far.
 */
const QUIET_MS = 500;
const MAX_QUIET_WAIT_MS = 10_000;

/**
 * Plays a journey in ONE fresh browser context (cache disabled, as GreenIT-Analysis-cli's scenarios do:
 * src/cli-core/analysis.js `page.setCacheEnabled(false)`), and at each `measure` step records the EcoIndex figures
 * of the page as it stands: the DOM now, the requests and bytes since the previous measure (the first one includes
 * the page load). A failing action fails the journey from there: the next measure carries the reason, later ones
 * are "not reached"; measures already taken stay. Never throws for a page problem. Interrupted (signal): returns
 * what was measured; the steps not reported stay for a resume.
 */
export async function measureJourney(
  managed: ManagedBrowser,
  journey: Journey,
  protocolInput: Partial<Protocol> = {},
  accessInput: Partial<Access> = {},
  hooks: JourneyHooks = {},
): Promise<JourneyStepMeasurement[]> {
  const protocol = ProtocolSchema.parse(protocolInput);
  const access = AccessSchema.parse(accessInput);
  const plan = measureSteps(journey);
  const results: JourneyStepMeasurement[] = [];
  const report = async (step: JourneyStepMeasurement) => {
    results.push(step);
    await hooks.onStep?.(step);
  };
  let context: BrowserContext | null = null;
  // Browser death and Ctrl-C end the journey wherever it is (each action has its own timeout).
  const { guards, cleanups } = failureGuards(managed, hooks.signal, {
    died: 'the browser stopped during this journey',
    interrupted: 'the run was interrupted during this journey',
  });
  const player = new JourneyPlayer(managed, journey, protocol, access, guards, report);
  try {
    context = await Promise.race([managed.browser.createBrowserContext(), guards]);
    await player.play(context);
  } catch (err) {
    const failure = err instanceof PageFailure ? err : classifyError(err as Error);
    if (failure.code !== 'interrupted') await player.failRemaining(failure, plan);
  } finally {
    for (const c of cleanups) c();
    if (context && managed.connected) await settleWithin(context.close(), 5000);
  }
  return results;
}

/** Where the journey is: the action being played, for failure messages. */
interface Position {
  actionIndex: number;
  step: JourneyStep | null;
}

class JourneyPlayer {
  private position: Position = { actionIndex: -1, step: null };
  private measured = 0;
  private finalUrl: string | null = null;
  /** The failing action as failure messages name it, e.g. `steps[4] click "#buy"`. */
  private stoppedAt = '(start)';

  constructor(
    private readonly managed: ManagedBrowser,
    private readonly journey: Journey,
    private readonly protocol: Protocol,
    private readonly access: Access,
    private readonly guards: Promise<never>,
    private readonly report: (step: JourneyStepMeasurement) => Promise<void>,
  ) {}

  async play(context: BrowserContext): Promise<void> {
    const { protocol, access } = this;
    const page = await context.newPage();
    const crashed = new Promise<never>((_, reject) =>
      page.once('error', (e) => reject(new PageFailure('crash', `the page's renderer crashed (${e.message})`))),
    );
    crashed.catch(() => undefined);
    const firstGoto = this.journey.steps.find((s) => s.action === 'goto') as { url: string };
    await setUpPage(this.managed, context, page, firstGoto.url, access, protocol);
    const session = await page.createCDPSession();
    let reportCrash: (e: PageFailure) => void = () => undefined;
    const crashedHere = new Promise<never>((_, reject) => (reportCrash = reject));
    crashedHere.catch(() => undefined);
    session.on('Inspector.targetCrashed', () => reportCrash(new PageFailure('crash', "the page's renderer crashed during the journey")));
    await session.send('Inspector.enable');
    const guarded = <T>(p: Promise<T>) => Promise.race([p, crashed, crashedHere, this.guards]);
    const recorder = new NetworkRecorder(session);
    await recorder.start();
    const consoleMessages = captureConsole(page);
    await session.send('Network.setCacheDisabled', { cacheDisabled: true });
    if (access.login.length) {
      try {
        await guarded(runLoginSteps(page, access.login, protocol.timeoutMs));
      } catch (err) {
        if (err instanceof PageFailure) throw err;
        throw new PageFailure('login-failed', `the login steps failed: ${(err as Error).message.split('\n')[0]}`);
      }
      // The login pages are not part of the journey.
      recorder.reset();
      consoleMessages.length = 0;
    }
    // No JS/CSS coverage in journeys: restarting it at each step makes DevTools fetch the page's stylesheets again
    // (with the cache off), requests that would count in the next step; the unused-code checks skip journey steps.

    // The status of the last document loaded in the tab (a soft navigation keeps the previous one).
    let documentStatus = 200;
    page.on('response', (r: HTTPResponse) => {
      if (r.request().isNavigationRequest() && r.frame() === page.mainFrame()) documentStatus = r.status();
    });
    // Counts before the first scroll since the previous measure (the infinite-scroll check compares them).
    let beforeScroll: { elements: number; requests: number } | null = null;
    let navigated = false;

    for (const [i, step] of this.journey.steps.entries()) {
      this.position = { actionIndex: i, step };
      const timeout = ('timeoutMs' in step && step.timeoutMs) || protocol.timeoutMs;
      const justNavigated = navigated;
      navigated = false;
      try {
        switch (step.action) {
          case 'goto': {
            const response = await guarded(page.goto(step.url, { waitUntil: 'load', timeout }));
            this.finalUrl = page.url();
            checkMainResponse(response, step.url, this.finalUrl);
            break;
          }
          case 'click': {
            await guarded(page.waitForSelector(step.selector, { timeout }));
            const next = this.journey.steps[i + 1];
            if (next?.action === 'waitFor' && next.navigation) {
              // Listen before clicking: a fast navigation (or a pushState) would end before we start waiting.
              const nextTimeout = next.timeoutMs ?? protocol.timeoutMs;
              await guarded(Promise.all([page.waitForNavigation({ waitUntil: 'load', timeout: nextTimeout }), page.click(step.selector)]));
              navigated = true;
            } else {
              await guarded(page.click(step.selector));
            }
            break;
          }
          case 'fill':
            await guarded(page.waitForSelector(step.selector, { timeout }));
            // Cleared first: a pre-filled field ends with exactly the given value; typed, so key handlers run.
            await guarded(page.$eval(step.selector, (el) => void ((el as HTMLInputElement).value = '')));
            await guarded(page.type(step.selector, step.value));
            break;
          case 'select':
            await guarded(page.waitForSelector(step.selector, { timeout }));
            await guarded(page.select(step.selector, ...(Array.isArray(step.value) ? step.value : [step.value])));
            break;
          case 'scroll':
            beforeScroll ??= { elements: await guarded(evaluateStable(page, countElementsInPage)), requests: recorder.totals.requests + recorder.inFlight() };
            await guarded(
              evaluateStable(
                page,
                (by: number | null) => {
                  const root = document.scrollingElement ?? document.documentElement;
                  if (by === null) window.scrollTo({ top: root.scrollHeight, behavior: 'instant' });
                  else window.scrollBy({ top: by, behavior: 'instant' });
                },
                step.by ?? null,
              ),
            );
            break;
          case 'waitFor':
            if (step.selector) await guarded(page.waitForSelector(step.selector, { timeout }));
            if (step.navigation && !justNavigated) await guarded(page.waitForNavigation({ waitUntil: 'load', timeout }));
            if (step.ms) await guarded(sleep(step.ms));
            break;
          case 'measure': {
            const measurement = await guarded(this.measure(page, session, recorder, consoleMessages, documentStatus, beforeScroll));
            beforeScroll = null;
            await this.report({ stepIndex: this.measured++, name: step.name, measurement });
            break;
          }
        }
      } catch (err) {
        throw this.failureAt(err as Error, timeout);
      }
    }
  }

  /** The figures of the page as it stands, with the requests since the previous measure; then starts the next slice. */
  private async measure(
    page: Page,
    session: Awaited<ReturnType<Page['createCDPSession']>>,
    recorder: NetworkRecorder,
    consoleMessages: ReturnType<typeof captureConsole>,
    httpStatus: number,
    beforeScroll: { elements: number; requests: number } | null,
  ): Promise<PageMeasurement> {
    await waitForQuietNetwork(recorder);
    const domFacts = await evaluateStable(page, collectDomFactsInPage, DOM_LIST_CAPS);
    this.finalUrl = page.url();
    await recorder.settle(2000);
    recorder.flushOpen();
    const requests = [...recorder.requests];
    const cookies = await readCookies(session, requests.map((r) => r.url));
    const totals = recorder.totals;
    const artifacts: PageArtifacts = {
      schemaVersion: ARTIFACTS_SCHEMA_VERSION,
      url: this.finalUrl,
      finalUrl: this.finalUrl,
      requestCountBeforeScroll: beforeScroll?.requests ?? totals.requests,
      requests,
      requestsOmitted: recorder.requestsOmitted,
      dom: { ...domFacts, elementCountBeforeScroll: beforeScroll?.elements ?? domFacts.elementCount },
      coverage: null,
      cookies,
      console: consoleMessages.splice(0),
    };
    // The next measure counts from here.
    recorder.reset();
    return {
      ok: true,
      url: this.finalUrl,
      finalUrl: this.finalUrl,
      title: domFacts.title,
      metrics: pageMetrics(domFacts.elementCount, totals, httpStatus, null),
      artifacts,
    };
  }

  /** The failure of the action being played, naming it as the journey file does (steps[4] click "#buy"). */
  private failureAt(err: Error, timeoutMs: number): PageFailure {
    const { actionIndex, step } = this.position;
    const where = (this.stoppedAt = `steps[${actionIndex}] ${describeStep(step)}`);
    if (err instanceof PageFailure) {
      return new PageFailure(err.code, `${where}: ${err.message}`, err.httpStatus, err.finalUrl ?? this.finalUrl);
    }
    const message = (err.message ?? String(err)).split('\n')[0];
    if (err.name === 'TimeoutError' && step && step.action !== 'goto') {
      const what = 'selector' in step && step.selector && !/navigation/i.test(message) ? `${JSON.stringify(step.selector)} did not appear` : 'no navigation happened';
      return new PageFailure('step-failed', `${where}: ${what} within ${timeoutMs / 1000} s`, null, this.finalUrl);
    }
    const classified = classifyError(err);
    if (classified.code === 'internal' || (step && step.action !== 'goto')) {
      return new PageFailure('step-failed', `${where}: ${message}`, null, this.finalUrl);
    }
    return new PageFailure(classified.code, `${where}: ${classified.message}`, classified.httpStatus, this.finalUrl);
  }

  /** After a failure: the next measure carries the reason, the later ones say where the journey stopped. */
  async failRemaining(failure: PageFailure, plan: ReturnType<typeof measureSteps>): Promise<void> {
    for (const m of plan.slice(this.measured)) {
      const first = m.stepIndex === this.measured;
      await this.report({
        stepIndex: m.stepIndex,
        name: m.name,
        measurement: {
          ok: false,
          url: m.url,
          finalUrl: failure.finalUrl ?? this.finalUrl,
          httpStatus: first ? failure.httpStatus : null,
          errorCode: first ? failure.code : 'not-reached',
          error: first ? failure.message : `not reached: the journey stopped at ${this.stoppedAt}`,
        },
      });
    }
  }
}

function describeStep(step: JourneyStep | null): string {
  if (!step) return '(start)';
  switch (step.action) {
    case 'goto':
      return `goto ${step.url}`;
    case 'measure':
      return `measure ${JSON.stringify(step.name)}`;
    case 'scroll':
      return step.by === undefined ? 'scroll to bottom' : `scroll by ${step.by}`;
    case 'waitFor':
      return step.selector ? `waitFor ${JSON.stringify(step.selector)}` : step.navigation ? 'waitFor navigation' : `waitFor ${step.ms} ms`;
    default:
      return `${step.action} ${JSON.stringify(step.selector)}`;
  }
}

async function waitForQuietNetwork(recorder: NetworkRecorder): Promise<void> {
  const deadline = Date.now() + MAX_QUIET_WAIT_MS;
  let quietSince = recorder.inFlight() ? null : Date.now();
  while (Date.now() < deadline) {
    if (quietSince !== null && Date.now() - quietSince >= QUIET_MS) return;
    await sleep(50);
    if (recorder.inFlight()) quietSince = null;
    else quietSince ??= Date.now();
  }
}
