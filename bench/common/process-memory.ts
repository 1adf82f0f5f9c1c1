import { readdirSync, readFileSync } from 'node:fs';

export interface TreeMemory {
  /** Proportional set size: shared pages split between the processes that share them (Chromium shares a lot). */
  pss: number;
  /** Resident set size summed per process: an upper bound, counts shared pages once per process. */
  rss: number;
  processes: number;
}

/** Memory in bytes of a process and all its descendants, read from /proc (Linux). */
export function treeMemory(rootPid: number): TreeMemory {
  const children = new Map<number, number[]>();
  const mem = new Map<number, { pss: number; rss: number }>();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const status = readFileSync(`/proc/${name}/status`, 'utf8');
      const ppid = Number(/PPid:\s+(\d+)/.exec(status)?.[1]);
      const rssKb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
      let pssKb = rssKb;
      try {
        pssKb = Number(/^Pss:\s+(\d+)/m.exec(readFileSync(`/proc/${name}/smaps_rollup`, 'utf8'))?.[1] ?? rssKb);
      } catch {
        // no smaps_rollup (old kernel): RSS, an upper bound
      }
      mem.set(Number(name), { pss: pssKb * 1024, rss: rssKb * 1024 });
      children.set(ppid, [...(children.get(ppid) ?? []), Number(name)]);
    } catch {
      // the process ended while we read it
    }
  }
  const total: TreeMemory = { pss: 0, rss: 0, processes: 0 };
  const stack = [rootPid];
  while (stack.length) {
    const pid = stack.pop()!;
    const m = mem.get(pid);
    if (m) {
      total.pss += m.pss;
      total.rss += m.rss;
      total.processes++;
    }
    stack.push(...(children.get(pid) ?? []));
  }
  return total;
}

export const mb = (bytes: number) => Math.round(bytes / 1e6);
