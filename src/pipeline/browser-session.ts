import type { ManagedBrowser } from '../../collectors/browser/index.js';
import { launchBrowser } from '../../collectors/browser/index.js';
import { UserError } from '../model/errors.js';

/** A browser that keeps dying is a machine problem, not a page problem: stop relaunching after this many. */
export const MAX_BROWSER_RELAUNCHES = 10;

export interface BrowserSessionOptions {
  /** Chromium arguments (tests and benchmarks). */
  args?: string[];
  /** A browser already running, used first and never closed by the session (a warm browser for benchmarks). */
  borrowed?: ManagedBrowser;
  /** Each browser the session starts (a run stores its version). */
  onLaunch?(browser: ManagedBrowser): void;
  /** Before starting a new browser because the previous one stopped. */
  onRelaunch?(reason: string): void;
  /** The one-line error when the browser died more than MAX_BROWSER_RELAUNCHES times (names what to do next). */
  tooManyRelaunches?(relaunches: number): string;
}

/**
 * One Chromium, started on first use and started again if it dies, for a local run (executeRun) and for a queue
 * worker's lifetime: the relaunch rule in one place. Concurrent callers share one launch.
 */
export class BrowserSession {
  private browser: ManagedBrowser | null;
  private launching: Promise<ManagedBrowser> | null = null;
  private relaunches = 0;

  constructor(private readonly options: BrowserSessionOptions = {}) {
    this.browser = options.borrowed ?? null;
  }

  /** The version of the browser in use, null before the first launch. */
  get version(): string | null {
    return this.browser?.version ?? null;
  }

  async get(): Promise<ManagedBrowser> {
    if (this.browser?.connected) return this.browser;
    if (!this.launching) {
      const previous = this.browser;
      this.launching = (async () => {
        if (previous) {
          if (++this.relaunches > MAX_BROWSER_RELAUNCHES) {
            throw new UserError(this.options.tooManyRelaunches?.(this.relaunches) ?? `Chromium died ${this.relaunches} times; check memory`);
          }
          this.options.onRelaunch?.('the browser stopped; starting a new one');
          if (previous !== this.options.borrowed) await previous.close();
        }
        const b = await launchBrowser({ args: this.options.args });
        this.browser = b;
        this.options.onLaunch?.(b);
        return b;
      })().finally(() => {
        this.launching = null;
      });
    }
    return this.launching;
  }

  /** Closes the browser the session started (a borrowed one stays open). */
  async close(): Promise<void> {
    const b = this.browser;
    this.browser = null;
    if (b && b !== this.options.borrowed) await b.close();
  }
}
