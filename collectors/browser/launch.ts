import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import puppeteer, { type Browser } from 'puppeteer';
import { UserError } from '../../src/model/errors.js';

/** Where Debian and others put Chromium, after the environment's choice. */
const CANDIDATES = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome', '/usr/bin/google-chrome-stable'];

/** Chromium flags: quiet (no background traffic to other hosts) and able to run as root in a container. */
export const CHROMIUM_FLAGS = [
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-default-apps',
  '--disable-extensions',
  '--metrics-recording-only',
  '--mute-audio',
];

const TEMP_PREFIX = 'numresp-chromium-';

export function findBrowserExecutable(env: NodeJS.ProcessEnv = process.env): string {
  for (const name of ['CHROME_PATH', 'PUPPETEER_EXECUTABLE_PATH'] as const) {
    const path = env[name];
    if (path) {
      if (!existsSync(path)) throw new UserError(`${name}=${path} does not exist; point it at a Chromium binary or unset it`);
      return path;
    }
  }
  const found = CANDIDATES.find((p) => existsSync(p));
  if (!found) {
    throw new UserError(
      `no Chromium found (looked at ${CANDIDATES.join(', ')}); install it with \`apt-get install chromium\` or set CHROME_PATH`,
    );
  }
  return found;
}

export interface LaunchOptions {
  executablePath?: string;
  /** Extra Chromium arguments (e.g. for tests). */
  args?: string[];
}

/** A running Chromium that numresp owns: its temporary profile is removed when it closes or dies. */
export class ManagedBrowser {
  private closed = false;

  constructor(
    readonly browser: Browser,
    readonly version: string,
    readonly executablePath: string,
    private readonly userDataDir: string,
  ) {
    browser.once('disconnected', () => this.cleanUp());
  }

  /** Operating-system pid of the browser process, when known (fault tests kill it). */
  get pid(): number | null {
    return this.browser.process()?.pid ?? null;
  }

  get connected(): boolean {
    return !this.closed && this.browser.connected;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    try {
      await settleWithin(this.browser.close(), 5000);
    } catch {
      // Already gone: the kill below and the profile removal still apply.
    }
    this.cleanUp();
  }

  private cleanUp(): void {
    if (this.closed) return;
    this.closed = true;
    const child = this.browser.process();
    if (child && child.exitCode === null && child.pid) {
      try {
        // puppeteer starts Chromium as a process group leader: end its renderers and helpers too.
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        child.kill('SIGKILL');
      }
    }
    removeDir(this.userDataDir);
  }
}

/** Waits for a promise at most `ms`, leaving no timer behind. */
export async function settleWithin(promise: Promise<unknown>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([promise.catch(() => undefined), new Promise<void>((r) => (timer = setTimeout(r, ms)))]);
  clearTimeout(timer);
}

function removeDir(dir: string): void {
  try {
    rmSync(dir, { recursive: true, force: true, maxRetries: 3, retryDelay: 100 });
  } catch {
    // Chromium may still be writing while it dies; the sweep at the next launch removes what is left.
  }
}

/** Removes profiles left by numresp processes that are gone (e.g. killed with SIGKILL). */
export function sweepStaleProfiles(dir = tmpdir()): void {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return;
  }
  for (const name of names) {
    const m = new RegExp(`^${TEMP_PREFIX}(\\d+)-`).exec(name);
    if (!m) continue;
    const pid = Number(m[1]);
    if (pid === process.pid || isAlive(pid)) continue;
    removeDir(join(dir, name));
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Starts headless Chromium with a fresh temporary profile. It talks over a pipe, so if this process dies
 * (even by SIGKILL) Chromium sees the pipe close and exits: no orphan browsers.
 */
export async function launchBrowser(options: LaunchOptions = {}): Promise<ManagedBrowser> {
  const executablePath = options.executablePath ?? findBrowserExecutable();
  sweepStaleProfiles();
  const userDataDir = mkdtempSync(join(tmpdir(), `${TEMP_PREFIX}${process.pid}-`));
  const args = [...CHROMIUM_FLAGS, ...(options.args ?? [])];
  if (process.getuid?.() === 0) args.push('--no-sandbox');
  let browser: Browser;
  try {
    browser = await puppeteer.launch({
      executablePath,
      headless: true,
      pipe: true,
      userDataDir,
      args,
      // The pipeline handles signals itself (it marks the run interrupted first).
      handleSIGINT: false,
      handleSIGTERM: false,
      handleSIGHUP: false,
      defaultViewport: null,
      protocolTimeout: 120000,
    });
  } catch (err) {
    removeDir(userDataDir);
    throw new UserError(
      `cannot start Chromium at ${executablePath}: ${(err as Error).message.split('\n')[0]} ` +
        '(install it with `apt-get install chromium` or set CHROME_PATH)',
    );
  }
  const version = await browser.version();
  return new ManagedBrowser(browser, version, executablePath, userDataDir);
}
