import { Queue } from 'bullmq';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cli, runCli } from '../faults/cli.js';
import { bullConnection } from '../../src/queue/connection.js';
import { AUDIT_QUEUE_NAME, jobIdOf, NUMRESP_JOB_SCHEMA_VERSION } from '../../src/queue/job.js';
import { parseQueueUrl } from '../../src/queue/url.js';
import { freePort, startRedis, type TestRedis } from './redis-server.js';

// The worker command against a real redis-server (no mock): bad queue URLs, refused jobs, secrets kept out.
let redis: TestRedis;
let dir: string;
beforeAll(async () => {
  redis = await startRedis(['--requirepass', 'queue-pw-7']);
  dir = mkdtempSync(join(tmpdir(), 'numresp-worker-'));
});
afterAll(async () => {
  await redis.stop();
  rmSync(dir, { recursive: true, force: true });
});

const authedUrl = () => `redis://:queue-pw-7@127.0.0.1:${redis.port}`;

test('unreachable queue: one line, exit 2, within 10 s, password not printed', async () => {
  const port = await freePort();
  // The bound is on numresp's own wait: the CLI's start-up on this shared, loaded machine is measured beside it.
  const startupStarted = Date.now();
  await runCli(['--version']);
  const startupMs = Date.now() - startupStarted;
  const started = Date.now();
  const r = await runCli(['worker', '--queue', `redis://numresp:topsecret1@127.0.0.1:${port}`]);
  expect(Date.now() - started - startupMs).toBeLessThan(10000);
  expect(r.status).toBe(2);
  expect(r.stderr.trim().split('\n')).toHaveLength(1);
  expect(r.stderr).toMatch(/connection refused/);
  expect(r.stderr + r.stdout).not.toMatch(/topsecret1/);
});

test('malformed queue URL and wrong password: one line each, exit 2, password not printed', async () => {
  const bad = await runCli(['worker', '--queue', 'http://u:topsecret2@127.0.0.1:6379']);
  expect(bad.status).toBe(2);
  expect(bad.stderr).toMatch(/^numresp: --queue http:\/\/\*\*\*@127.0.0.1:6379\/?: must start with redis:\/\/ or rediss:\/\//);
  expect(bad.stderr).not.toMatch(/topsecret2/);

  const wrong = await runCli(['worker', '--queue', `redis://:topsecret3@127.0.0.1:${redis.port}`]);
  expect(wrong.status).toBe(2);
  expect(wrong.stderr.trim().split('\n')).toHaveLength(1);
  expect(wrong.stderr).toMatch(/refused the credentials/);
  expect(wrong.stderr).not.toMatch(/topsecret3/);
});

test('a job of an unknown schema version or needing access the worker lacks is refused, with the reason', async () => {
  const config = join(dir, 'access.json');
  writeFileSync(config, JSON.stringify({ sites: [{ code: 'with-access', urls: ['http://127.0.0.1:1/'], access: { cookies: [{ name: 's', value: 'v' }] } }] }));
  const worker = spawn(process.execPath, [cli, 'worker', '--queue', authedUrl(), '--config', config, '--name', 'w-refuse'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  worker.stderr.on('data', (d) => (log += d));
  const queue = new Queue(AUDIT_QUEUE_NAME, { connection: bullConnection(parseQueueUrl(authedUrl())) });
  try {
    const store = 'f'.repeat(32);
    const base = {
      store,
      run: 1,
      url: 'http://127.0.0.1:1/',
      protocol: { device: 'desktop', waitBeforeScrollMs: 0, waitAfterScrollMs: 0, timeoutMs: 1000, coverage: true },
      retries: 0,
      lighthouse: false,
      perHost: 2,
      enqueuedAt: Date.now(),
    };
    await queue.add('page', { ...base, v: 99, page: 1 }, { jobId: jobIdOf(store, 1, 1) });
    await queue.add('page', { ...base, v: NUMRESP_JOB_SCHEMA_VERSION, page: 2, site: { code: 'no-access', accessRequired: true } }, { jobId: jobIdOf(store, 1, 2) });
    const failed = async () => {
      for (let i = 0; i < 100; i++) {
        const jobs = await queue.getFailed();
        if (jobs.length === 2) return jobs;
        await new Promise((r) => setTimeout(r, 200));
      }
      throw new Error(`jobs not refused; worker said: ${log}`);
    };
    const jobs = (await failed()).sort((x, y) => x.data.page - y.data.page);
    expect(jobs[0].failedReason).toBe(
      `numresp job schema version 99 is unknown to worker w-refuse (it knows version ${NUMRESP_JOB_SCHEMA_VERSION}); run the same numresp version on the coordinator and the workers`,
    );
    expect(jobs[1].failedReason).toMatch(/worker w-refuse has no access for site "no-access" in its --config/);
    // Refused at once: an unknown version is not retried.
    expect(jobs[0].attemptsMade).toBe(1);
    expect(log).toMatch(/refused job .*version 99/);
    expect(log).not.toMatch(/queue-pw-7/);
  } finally {
    await queue.close();
    const exited = new Promise((r) => worker.once('close', r));
    worker.kill('SIGTERM');
    await exited;
  }
  expect(worker.exitCode).toBe(0);
}, 60000);
