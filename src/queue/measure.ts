import type { ManagedBrowser } from '../../collectors/browser/index.js';
import { launchBrowser } from '../../collectors/browser/index.js';
import { UserError } from '../model/errors.js';

/** A browser that keeps dying is a machine problem: as a local run, stop relaunching after this many. */
const MAX_BROWSER_RELAUNCHES = 10;

/**
 * One Chromium for a worker's lifetime, started on first use and started again if it dies (the rule of a local
 * run's executeRun, which keeps its browser per run instead).
 */
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
