/**
 * CLI start-up cost (issue 10.10): `numresp ecoindex --dom 100 --requests 100 --size-kb 100` against `node -e 0`,
 * interleaved in one script so both see the same machine load. Wall time per spawn, from spawn to exit.
 * Run: npx tsc -p . && node dist/bench/cli/run.js [rounds] [results-file]
 */
import { spawnSync } from 'node:child_process';
import { appendFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { projectRoot } from '../../src/util/project-root.js';

const rounds = Number(process.argv[2] ?? 15);
const out = process.argv[3] ?? join(projectRoot(), 'bench', 'cli', 'RESULTS.md');
const cli = join(projectRoot(), 'dist', 'bin', 'numresp.js');
const cases: Array<[string, string[]]> = [
  ['node -e 0 (baseline)', ['-e', '0']],
  ['numresp ecoindex --dom 100 --requests 100 --size-kb 100', [cli, 'ecoindex', '--dom', '100', '--requests', '100', '--size-kb', '100']],
  ['numresp --help', [cli, '--help']],
  ['numresp runs --help', [cli, 'runs', '--help']],
];

function once(args: string[]): number {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(process.execPath, args, { stdio: ['ignore', 'ignore', 'pipe'] });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  if (r.status !== 0) throw new Error(`${args.join(' ')} exited ${r.status}: ${r.stderr}`);
  return ms;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const loadBefore = loadavg();
for (const [, args] of cases) once(args); // warm the file cache
const times = cases.map(() => [] as number[]);
for (let i = 0; i < rounds; i++) cases.forEach(([, args], c) => times[c].push(once(args)));
const loadAfter = loadavg();
const base = median(times[0]);
const lines = cases.map(([name], c) => {
  const m = median(times[c]);
  return `${name.padEnd(58)} median ${m.toFixed(0).padStart(5)} ms  min ${Math.min(...times[c]).toFixed(0).padStart(5)} ms  ${(m / base).toFixed(2)}× baseline`;
});
const report = [
  `## ${new Date().toISOString()}`,
  '',
  `Command: \`node dist/bench/cli/run.js ${rounds}\` — ${rounds} interleaved rounds, Node ${process.version}, ${cpus().length} cores.`,
  `Load average (1/5/15 min): ${loadBefore.map((l) => l.toFixed(1)).join(' / ')} before, ${loadAfter.map((l) => l.toFixed(1)).join(' / ')} after.`,
  '',
  '```',
  ...lines,
  '```',
  '',
].join('\n');
appendFileSync(out, report + '\n');
console.log(report);
