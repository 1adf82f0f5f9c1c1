import type { ManagedBrowser } from '../../collectors/browser/index.js';
import { launchBrowser, measurePage, runLighthouse } from '../../collectors/browser/index.js';
import type { PageErrorCode, PageMeasurement, PageTarget, Protocol } from '../model/audit.js';
import { UserError } from '../model/errors.js';

// TEMPORARY: the same retry / relaunch rules as src/pipeline/audit.ts executeRun, until the audit pipeline exposes
// its single-target function (issue 13); then this file goes.

const RETRYABLE: ReadonlySet<PageErrorCode> = new Set(['timeout', 'crash', 'browser-died', 'unreachable', 'internal']);
const MAX_BROWSER_RELAUNCHES = 10;

/** One Chromium for a worker's lifetime, started on first use and started again if it dies. */
export class BrowserSession {
  private browser: ManagedBrowser | null = null;
  private launching: Promise<ManagedBrowser> | null = null;
  private relaunches = 0;

  constructor(private readonly args?: string[], private readonly onRelaunch?: (reason: string) => void) {}

  get version(): string | null {
    return this.browser?.version ?? null;
  }

  async get(): Promise<ManagedBrowser> {
    if (this.browser?.connected) return this.browser;
    if (!this.launching) {
      const previous = this.browser;
      this.launching = (async () => {
        if (previous) {
          if (++this.relaunches > MAX_BROWSER_RELAUNCHES) throw new UserError(`Chromium died ${this.relaunches} times; check memory`);
          this.onRelaunch?.('the browser stopped; starting a new one');
          await previous.close();
        }
        const b = await launchBrowser({ args: this.args });
        this.browser = b;
        return b;
      })().finally(() => {
        this.launching = null;
      });
    }
    return this.launching;
  }

  async close(): Promise<void> {
    const b = this.browser;
    this.browser = null;
    if (b) await b.close();
  }
}

export interface TargetSettings {
  protocol: Protocol;
  retries: number;
  lighthouse: boolean;
  serializeLighthouse?: <T>(run: () => Promise<T>) => Promise<T>;
}

export interface TargetOutcome {
  measurement: PageMeasurement;
  attempts: number;
  browserVersion: string | null;
  lighthouse?: unknown;
}

/** Measures one target with retries of the retryable failures, then Lighthouse if asked. */
export async function measureTarget(session: BrowserSession, target: PageTarget, settings: TargetSettings): Promise<TargetOutcome> {
  let result: PageMeasurement | null = null;
  let attempts = 0;
  for (let attempt = 0; attempt <= settings.retries; attempt++) {
    const b = await session.get();
    attempts++;
    result = await measurePage(b, target, settings.protocol);
    if (!result.ok && !b.connected && result.errorCode !== 'interrupted') {
      result = { ...result, errorCode: 'browser-died', error: 'the browser stopped while measuring this page' };
    }
    if (result.ok || !RETRYABLE.has(result.errorCode)) break;
  }
  const measurement = result!;
  let lighthouse: unknown;
  if (measurement.ok && settings.lighthouse) {
    const b = await session.get();
    const run = () => runLighthouse(b, measurement.finalUrl, settings.protocol.device, settings.protocol.timeoutMs);
    lighthouse = await (settings.serializeLighthouse ? settings.serializeLighthouse(run) : run());
  }
  return { measurement, attempts, browserVersion: session.version, ...(lighthouse === undefined ? {} : { lighthouse }) };
}
