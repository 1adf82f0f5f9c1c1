import { cpus, freemem } from 'node:os';
import { readdirSync, readFileSync } from 'node:fs';
import { UserError } from '../model/errors.js';

/**
 * `--concurrency auto`: how many pages (tabs) are measured at once. The EcoIndex protocol spends most of a page's
 * time in wall-clock waits (3 s + 3 s) with the CPU idle, so tabs are added while the machine has CPU and memory to
 * spare and taken away when it has not (AIMD: +1 per tick, ×0.7 on pressure). A page's figures are counts (DOM,
 * requests, bytes), so a busy CPU does not change them as long as the page finishes loading within its waits;
 * pages that slow down are the sign it might not, and the controller backs off then too.
 */

export const CONCURRENCY_MIN = 1;
export const CONCURRENCY_MAX = 32;

/** `--concurrency` as typed: "auto" or a whole number of tabs within the allowed range. */
export function parseConcurrency(value: unknown, name = '--concurrency'): number | 'auto' {
  if (value === 'auto') return 'auto';
  const n = typeof value === 'number' ? value : typeof value === 'string' && /^\s*\d+\s*$/.test(value) ? Number(value) : NaN;
  if (!Number.isInteger(n) || n < CONCURRENCY_MIN || n > CONCURRENCY_MAX) {
    throw new UserError(`${name} must be auto or a whole number from ${CONCURRENCY_MIN} to ${CONCURRENCY_MAX}, got ${String(value)}`);
  }
  return n;
}

export interface LoadSample {
  /** Share of the machine's CPU time that was busy since the previous sample (all processes, 0…1). */
  cpuBusy: number;
  /** Memory the OS can still give (MemAvailable). */
  availableBytes: number;
  /** Resident memory of this process and its browser (sum of RSS, an over-estimate of PSS). */
  ownBytes: number;
}

export interface AutoConcurrencyOptions {
  start: number;
  max: number;
  /** Above this (smoothed) machine CPU share, tabs are taken away. */
  cpuHigh: number;
  /** Below this, a tab may be added. */
  cpuLow: number;
  /** Memory left to the rest of the machine. */
  reserveBytes: number;
  /** What one more tab is expected to take (a heavy page's renderer). */
  perTabBytes: number;
  /** Ceiling for this process and its browser (the 1.5 GB PSS target, on RSS to stay on the safe side). */
  ownLimitBytes: number;
  /** A page whose active time (time minus protocol waits) passes this multiple of the early pages' median is slow. */
  slowFactor: number;
}

export const AUTO_DEFAULTS: AutoConcurrencyOptions = {
  start: 2,
  max: 16,
  cpuHigh: 0.9,
  cpuLow: 0.7,
  reserveBytes: 512e6,
  perTabBytes: 150e6,
  ownLimitBytes: 1400e6,
  slowFactor: 2.5,
};

export interface ConcurrencyChange {
  tabs: number;
  reason: string;
}

/** A fixed limit (`--concurrency N`) or the adaptive one; the run asks `limit` before starting each page. */
export interface ConcurrencyLimit {
  readonly limit: number;
  /** A load sample, every tick; returns the change made, if any. */
  onSample(sample: LoadSample, inFlight: number): ConcurrencyChange | null;
  /** A finished page and how long it took beyond its protocol waits; returns the change made, if any. */
  onPageDone(activeMs: number, timedOut: boolean): ConcurrencyChange | null;
}

export class FixedConcurrency implements ConcurrencyLimit {
  constructor(readonly limit: number) {}
  onSample(): null {
    return null;
  }
  onPageDone(): null {
    return null;
  }
}

/** Pure AIMD controller (no clock, no I/O): fed with samples, it answers with a limit. */
export class AutoConcurrency implements ConcurrencyLimit {
  limit: number;
  private cpuSmoothed: number | null = null;
  private readonly early: number[] = [];
  private reference: number | null = null;
  private readonly recent: number[] = [];
  /** Ticks to wait after a back-off before adding again (lets the pages started meanwhile show their cost). */
  private cooldown = 0;
  private readonly o: AutoConcurrencyOptions;

  constructor(options: Partial<AutoConcurrencyOptions> = {}) {
    this.o = { ...AUTO_DEFAULTS, ...options };
    this.limit = Math.min(this.o.start, this.o.max);
  }

  onSample(sample: LoadSample, inFlight: number): ConcurrencyChange | null {
    // Smoothed over ~3 samples: a page's load is a burst of a second or two, followed by idle waits.
    this.cpuSmoothed = this.cpuSmoothed === null ? sample.cpuBusy : 0.6 * this.cpuSmoothed + 0.4 * sample.cpuBusy;
    const cpu = this.cpuSmoothed;
    if (sample.availableBytes < this.o.reserveBytes) return this.backOff(`memory low (${mb(sample.availableBytes)} MB available)`);
    if (sample.ownBytes > this.o.ownLimitBytes) return this.backOff(`numresp and its browser use ${mb(sample.ownBytes)} MB`);
    if (cpu > this.o.cpuHigh) return this.backOff(`machine CPU ${Math.round(cpu * 100)} % busy`);
    if (this.cooldown > 0) {
      this.cooldown--;
      return null;
    }
    const roomForTab =
      sample.availableBytes - this.o.perTabBytes > this.o.reserveBytes && sample.ownBytes + this.o.perTabBytes < this.o.ownLimitBytes;
    // Grow only a limit that is in use: a run with fewer pages left than tabs has nothing to gain.
    if (cpu < this.o.cpuLow && roomForTab && inFlight >= this.limit && this.limit < this.o.max) {
      this.limit++;
      return { tabs: this.limit, reason: `CPU ${Math.round(cpu * 100)} % busy, ${mb(sample.availableBytes)} MB available` };
    }
    return null;
  }

  onPageDone(activeMs: number, timedOut: boolean): ConcurrencyChange | null {
    if (timedOut) return this.backOff('a page timed out');
    if (this.reference === null) {
      this.early.push(activeMs);
      if (this.early.length >= 3) this.reference = median(this.early);
      return null;
    }
    this.recent.push(activeMs);
    if (this.recent.length > 4) this.recent.shift();
    // A median of the last four, so one heavy page is not taken for a slow machine.
    if (this.recent.length === 4 && median(this.recent) > this.o.slowFactor * this.reference + 500) {
      this.recent.length = 0;
      return this.backOff(`pages slowed down (${Math.round(activeMs)} ms beyond the waits, early pages ${Math.round(this.reference)} ms)`);
    }
    return null;
  }

  private backOff(reason: string): ConcurrencyChange | null {
    this.cooldown = 4;
    const next = Math.max(CONCURRENCY_MIN, Math.floor(this.limit * 0.7));
    if (next === this.limit) return null;
    this.limit = next;
    return { tabs: next, reason };
  }
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

const mb = (bytes: number) => Math.round(bytes / 1e6);

/** Samples the machine: CPU busy share since the previous call, available memory, RSS of this process tree. */
export class MachineLoad {
  private previous = cpuTimes();

  sample(): LoadSample {
    const now = cpuTimes();
    const total = now.total - this.previous.total;
    const idle = now.idle - this.previous.idle;
    this.previous = now;
    return { cpuBusy: total > 0 ? Math.min(1, Math.max(0, 1 - idle / total)) : 0, availableBytes: freemem(), ownBytes: treeRssBytes(process.pid) };
  }
}

function cpuTimes(): { idle: number; total: number } {
  let idle = 0;
  let total = 0;
  for (const c of cpus()) {
    idle += c.times.idle;
    total += c.times.user + c.times.nice + c.times.sys + c.times.idle + c.times.irq;
  }
  return { idle, total };
}

/** Sum of VmRSS of a process and its descendants, from /proc (0 where /proc is not there). */
function treeRssBytes(root: number): number {
  let entries: string[];
  try {
    entries = readdirSync('/proc').filter((n) => /^\d+$/.test(n));
  } catch {
    return 0;
  }
  const parent = new Map<number, number>();
  const rss = new Map<number, number>();
  for (const name of entries) {
    try {
      const status = readFileSync(`/proc/${name}/status`, 'utf8');
      parent.set(Number(name), Number(/PPid:\s+(\d+)/.exec(status)?.[1] ?? 0));
      rss.set(Number(name), Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) * 1024);
    } catch {
      // the process ended meanwhile
    }
  }
  const ours = new Set([root]);
  for (let grew = true; grew; ) {
    grew = false;
    for (const [pid, ppid] of parent) if (!ours.has(pid) && ours.has(ppid)) (ours.add(pid), (grew = true));
  }
  let sum = 0;
  for (const pid of ours) sum += rss.get(pid) ?? 0;
  return sum;
}
