import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'puppeteer';
import { UserError } from '../model/errors.js';

/**
 * The one way numresp starts Chromium, for the audit collectors and the PDF report alike: executable lookup, flags,
 * a temporary profile removed on close and swept after a crash. puppeteer is imported only when a browser starts,
 * so commands that never drive one do not pay for loading it.
 */

/** Where Debian and others put Chromium, after the environment's choice. */
export const CHROMIUM_CANDIDATES = [
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome',
  '/usr/bin/google-chrome-stable',
] as const;

/** Chromium flags: quiet (no background traffic to other hosts: updates, sync, metrics, default apps). */
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
] as const;

const TEMP_PREFIX = 'numresp-chromium-';
const INSTALL_HINT = 'run `bash .ci/setup` (installs Debian\'s chromium) or set CHROME_PATH to a Chromium binary';

/** The Chromium binary to start: CHROME_PATH, then PUPPETEER_EXECUTABLE_PATH, then the usual install places. */
export function findBrowserExecutable(
  env: NodeJS.ProcessEnv = process.env,
  candidates: readonly string[] = CHROMIUM_CANDIDATES,
): string {
  for (const name of ['CHROME_PATH', 'PUPPETEER_EXECUTABLE_PATH'] as const) {
    const path = env[name];
    if (path) {
      if (!existsSync(path)) throw new UserError(`${name}=${path} does not exist; ${INSTALL_HINT}, or unset ${name}`);
      return path;
    }
  }
  const found = candidates.find((p) => existsSync(p));
  if (!found) throw new UserError(`no Chromium found (looked at ${candidates.join(', ')}); ${INSTALL_HINT}`);
  return found;
}

/** Arguments for one launch: ours, the caller's, and --no-sandbox only as root (Chromium's sandbox refuses root). */
export function chromiumArgs(extra: readonly string[] = [], isRoot = process.getuid?.() === 0): string[] {
  return [...CHROMIUM_FLAGS, ...extra, ...(isRoot ? ['--no-sandbox'] : [])];
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
    readonly userDataDir: string,
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
  const { default: puppeteer } = await import('puppeteer');
  sweepStaleProfiles();
  const userDataDir = mkdtempSync(join(tmpdir(), `${TEMP_PREFIX}${process.pid}-`));
  let browser: Browser;
  try {
    browser = await puppeteer.launch({
      executablePath,
      headless: true,
      pipe: true,
      userDataDir,
      args: chromiumArgs(options.args),
      // The callers handle signals themselves (the pipeline marks the run interrupted first).
      handleSIGINT: false,
      handleSIGTERM: false,
      handleSIGHUP: false,
      defaultViewport: null,
      protocolTimeout: 120000,
    });
  } catch (err) {
    removeDir(userDataDir);
    throw new UserError(`cannot start Chromium at ${executablePath}: ${(err as Error).message.split('\n')[0]}; ${INSTALL_HINT}`);
  }
  const version = await browser.version();
  return new ManagedBrowser(browser, version, executablePath, userDataDir);
}
