import { hostname } from 'node:os';
import type { CommandModule } from 'yargs';
import { loadWorkerAccess } from '../../config/worker-config.js';
import { ExitCode, UserError } from '../../model/errors.js';
import { checkBrowserAvailable } from '../../pipeline/audit.js';
import { parseConcurrency } from '../../pipeline/concurrency.js';
import { parseQueueUrl } from '../../queue/url.js';

interface WorkerArgs {
  queue: string;
  concurrency: string;
  config?: string;
  name?: string;
  'lock-duration': number;
}

export const workerCommand: CommandModule<object, WorkerArgs> = {
  command: 'worker',
  describe: 'Measure pages of `audit --queue` runs taken from a Redis queue (runs until Ctrl-C)',
  builder: (y) =>
    y
      .option('queue', { type: 'string', demandOption: true, describe: 'Redis URL: redis://[user:pass@]HOST:PORT[/db] or rediss:// (TLS)' })
      .option('concurrency', { type: 'string', default: 'auto', describe: 'pages measured at once: a number or auto (follows CPU and memory, as audit)' })
      .option('config', { type: 'string', describe: 'JSON file with each site\'s access (cookies, basic auth, login); same shape as audit --config' })
      .option('name', { type: 'string', describe: 'worker name in queue status (default HOST:PID)' })
      .option('lock-duration', { type: 'number', default: 30, hidden: true, describe: 'seconds before a silent worker\'s page is taken again' })
      .example('$0 worker --queue redis://10.0.0.5:6379 --concurrency auto --config access.json', 'one worker per machine') as never,
  handler: async (a) => {
    process.exitCode = await runWorkerCli(a);
  },
};

async function runWorkerCli(a: WorkerArgs): Promise<number> {
  // Loaded here, not at start-up: every other command would pay for BullMQ, ioredis and puppeteer.
  const { checkQueueReachable } = await import('../../queue/connection.js');
  const { BrowserSession } = await import('../../pipeline/browser-session.js');
  const { startQueueWorker } = await import('../../queue/worker.js');
  const address = parseQueueUrl(a.queue);
  const concurrency = parseConcurrency(a.concurrency);
  if (!Number.isFinite(a['lock-duration']) || a['lock-duration'] < 2) throw new UserError(`--lock-duration must be ≥ 2 s, got ${a['lock-duration']}`);
  const accessBySite = a.config ? loadWorkerAccess(a.config) : new Map();
  checkBrowserAvailable();
  const redisVersion = await checkQueueReachable(address);
  const name = a.name ?? `${hostname()}:${process.pid}`;
  const log = (m: string) => console.error(`numresp worker: ${m}`);
  const lockMs = Math.round(a['lock-duration'] * 1000);
  const worker = await startQueueWorker({
    address,
    concurrency,
    accessBySite,
    name,
    lockDurationMs: lockMs,
    stalledIntervalMs: lockMs,
    browser: new BrowserSession({ onRelaunch: log, tooManyRelaunches: (n) => `Chromium died ${n} times on this worker; check memory, then start the worker again` }),
    events: {
      onJobStart: (j) => log(`run ${j.run}: ${j.url} started`),
      onJobDone: (j) => log(`run ${j.run}: ${j.url} ${j.ok ? 'ok' : 'failed'} in ${(j.ms / 1000).toFixed(1)} s: ${j.detail}`),
      onRefused: (j) => log(`refused job ${j.jobId}: ${j.reason}`),
      onError: (m) => log(`queue error: ${m}`),
      onConcurrency: (c) => log(`${c.tabs} page(s) at a time: ${c.reason}`),
    },
  });
  log(`${name} taking pages from ${address.redactedUrl} (Redis ${redisVersion}), ${concurrency} at a time; Ctrl-C to stop`);
  const signal = await new Promise<NodeJS.Signals>((resolve) => {
    process.once('SIGINT', () => resolve('SIGINT'));
    process.once('SIGTERM', () => resolve('SIGTERM'));
  });
  log('stopping: pages in progress finish first (Ctrl-C again to quit now; their jobs go to another worker)');
  const again = () => process.exit(ExitCode.Interrupted);
  process.once('SIGINT', again);
  process.once('SIGTERM', again);
  await worker.close();
  return signal === 'SIGINT' ? ExitCode.Interrupted : ExitCode.Ok;
}
