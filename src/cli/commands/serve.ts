import { randomBytes } from 'node:crypto';
import type { CommandModule } from 'yargs';
import { UserError } from '../../model/errors.js';
import { openStore } from '../../store/database.js';
import { getSiteByCode } from '../../store/sites.js';
import { addPushToken } from '../../store/push-tokens.js';
import { sha256Hex, startInventoryServer } from '../../inventory/server.js';
import { withDb } from '../common-options.js';

const tokenAdd: CommandModule<object, { site: string; db: string }> = {
  command: 'add <site>',
  describe: 'Create a push token for a site and print it once (only its SHA-256 is stored)',
  builder: (y) => withDb(y).positional('site', { type: 'string', demandOption: true }) as never,
  handler: (a) => {
    const db = openStore(a.db);
    try {
      const site = getSiteByCode(db, a.site);
      if (!site) throw new UserError(`unknown site ${a.site}; add it with numresp sites add`);
      const token = randomBytes(32).toString('base64url');
      addPushToken(db, sha256Hex(token), site.id);
      console.log(token);
    } finally {
      db.close();
    }
  },
};

const tokenCmd: CommandModule = {
  command: 'token <command>',
  describe: 'Bearer tokens for inventory pushes',
  builder: (y) => y.command(tokenAdd).demandCommand(1),
  handler: () => undefined,
};

interface ServeArgs { host: string; port: number; 'max-body-kb': number; 'rate-limit': number; db: string }
const serveRun: CommandModule<object, ServeArgs> = {
  command: '$0',
  describe: 'Run the collection server',
  builder: (y) =>
    withDb(y)
      .option('host', { type: 'string', default: '127.0.0.1', describe: 'address to listen on (0.0.0.0 to open it to the network)' })
      .option('port', { type: 'number', default: 8787 })
      .option('max-body-kb', { type: 'number', default: 256, describe: 'largest accepted report, KiB' })
      .option('rate-limit', { type: 'number', default: 60, describe: 'requests per client per minute' })
      .check((a) => {
        if (!Number.isInteger(a.port) || a.port < 0 || a.port > 65535) throw new UserError(`--port must be 0–65535, got ${a.port}`);
        if (!(a['max-body-kb'] > 0 && a['max-body-kb'] <= 10240)) throw new UserError('--max-body-kb must be 1–10240');
        if (!(Number.isInteger(a['rate-limit']) && a['rate-limit'] > 0)) throw new UserError('--rate-limit must be a whole number > 0');
        return true;
      }) as never,
  handler: async (a) => {
    const db = openStore(a.db);
    let running;
    try {
      running = await startInventoryServer(db, {
        host: a.host,
        port: a.port,
        maxBodyBytes: a['max-body-kb'] * 1024,
        rateLimit: a['rate-limit'],
        log: (line) => console.log(`${new Date().toISOString()} ${line}`),
      });
    } catch (err) {
      db.close();
      throw new UserError(`cannot listen on ${a.host}:${a.port}: ${(err as Error).message}`);
    }
    console.log(`numresp serve: POST ${running.url}/api/v1/inventory (Ctrl-C to stop)`);
    await new Promise<void>((resolve) => {
      const stop = () => {
        process.off('SIGINT', stop);
        process.off('SIGTERM', stop);
        void running.close().then(() => {
          db.close();
          resolve();
        });
      };
      process.on('SIGINT', stop);
      process.on('SIGTERM', stop);
    });
  },
};

export const serveCommand: CommandModule = {
  command: 'serve',
  describe: 'Collection server for inventory pushes (127.0.0.1 by default), and its tokens',
  builder: (y) => y.command(serveRun).command(tokenCmd),
  handler: () => undefined,
};
