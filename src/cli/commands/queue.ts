import { existsSync } from 'node:fs';
import type { CommandModule } from 'yargs';
import { parseQueueUrl } from '../../queue/url.js';
import { openStore } from '../../store/database.js';
import { getStoreId } from '../../store/meta.js';
import { getRun } from '../../store/runs.js';
import { withDb } from '../common-options.js';
import { formatTable, printJson } from '../output.js';

interface QueueStatusArgs {
  queue: string;
  db: string;
  json: boolean;
}

const statusCommand: CommandModule<object, QueueStatusArgs> = {
  command: 'status',
  describe: 'Jobs waiting/active/completed/failed per run and per worker',
  builder: (y) =>
    withDb(y)
      .option('queue', { type: 'string', demandOption: true, describe: 'Redis URL: redis://HOST:PORT or rediss://' })
      .option('json', { type: 'boolean', default: false, describe: 'print one JSON document' }) as never,
  handler: async (a) => {
    const address = parseQueueUrl(a.queue);
    const { checkQueueReachable } = await import('../../queue/connection.js');
    const { readQueueStatus } = await import('../../queue/status.js');
    await checkQueueReachable(address);
    const status = await readQueueStatus(address);
    // Runs are matched against the local store when there is one: a job of an unknown run is reported, not hidden.
    const known = knownRuns(a.db);
    const runs = status.runs.map((r) => ({
      ...r,
      thisStore: known ? r.store === known.storeId : null,
      runInStore: known && r.store === known.storeId ? known.has(r.run) : null,
    }));
    if (a.json) {
      printJson({ queue: address.redactedUrl, ...status, runs });
      return;
    }
    console.log(`queue ${address.redactedUrl}`);
    console.log(
      formatTable(
        ['store', 'run', 'waiting', 'active', 'delayed', 'completed', 'failed', 'note'],
        runs.map((r) => [
          r.store.slice(0, 8),
          r.run,
          r.counts.waiting,
          r.counts.active,
          r.counts.delayed,
          r.counts.completed,
          r.counts.failed,
          r.thisStore === null ? null : !r.thisStore ? 'another store' : r.runInStore ? 'this store' : `run not in ${a.db}`,
        ]),
      ),
    );
    console.log('');
    console.log(formatTable(['worker', 'connected', 'active', 'completed', 'failed'], status.workers.map((w) => [w.name, w.connected ? 'yes' : 'no', w.active, w.completed, w.failed])));
    if (status.hostSlots.length) console.log(`\nhosts being measured: ${status.hostSlots.map((h) => `${h.host} ${h.inUse}`).join(', ')}`);
    if (status.foreignJobs) console.log(`\n${status.foreignJobs} job(s) in the queue are not numresp page jobs`);
    const unknown = runs.filter((r) => r.runInStore === false);
    if (unknown.length) {
      console.log(`\n${unknown.length} run(s) of this store's identity are not in ${a.db} (a restored or copied store?): their jobs stay in Redis`);
    }
  },
};

function knownRuns(dbFile: string): { storeId: string; has(run: number): boolean } | null {
  if (!existsSync(dbFile)) return null;
  try {
    const db = openStore(dbFile, { readonly: true });
    const storeId = getStoreId(db);
    return {
      storeId,
      has(run: number) {
        return getRun(db, run) !== undefined;
      },
    };
  } catch {
    return null;
  }
}

export const queueCommand: CommandModule = {
  command: 'queue <command>',
  describe: 'The Redis queue of `audit --queue` runs (see docs/scale-out.md)',
  builder: (y) => y.command(statusCommand).demandCommand(1, 'name a queue command: status'),
  handler: () => undefined,
};
