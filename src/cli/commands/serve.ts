import { randomBytes } from 'node:crypto';
import type { CommandModule } from 'yargs';
import { UserError } from '../../model/errors.js';
import { openStore, type Db } from '../../store/database.js';
import { getSiteByCode } from '../../store/sites.js';
import { addPushToken, getPushToken, listPushTokens, revokePushToken, type PushTokenRow } from '../../store/push-tokens.js';
import { formatTable, printJson } from '../output.js';
import { sha256Hex, startInventoryServer } from '../../inventory/server.js';
import { withDb } from '../common-options.js';

/** `--expires 90d`: hours, days or weeks from now, as an ISO date-time. */
export function expiryFrom(text: string, now = Date.now()): string {
  const m = /^(\d{1,5})([hdw])$/.exec(text.trim());
  if (!m || Number(m[1]) === 0) throw new UserError(`--expires ${text}: give a duration like 90d, 12w or 48h`);
  const hours = Number(m[1]) * { h: 1, d: 24, w: 168 }[m[2] as 'h' | 'd' | 'w'];
  return new Date(now + hours * 3_600_000).toISOString();
}

/** A new token: 256 bits from the system's CSPRNG, base64url (43 characters). */
function newToken(): string {
  return randomBytes(32).toString('base64url');
}

function withStore<T>(file: string, fn: (db: Db) => T): T {
  const db = openStore(file);
  try {
    return fn(db);
  } finally {
    db.close();
  }
}

const jsonOption = { type: 'boolean', default: false, describe: 'print the result as JSON (the token included, once)' } as const;

const tokenAdd: CommandModule<object, { site: string; db: string; expires?: string; json: boolean }> = {
  command: 'add <site>',
  describe: 'Create a push token for a site and print it once (only its SHA-256 is stored)',
  builder: (y) =>
    withDb(y)
      .positional('site', { type: 'string', demandOption: true })
      .option('expires', { type: 'string', describe: 'lifetime, e.g. 90d, 12w, 48h (default: until revoked)' })
      .option('json', jsonOption) as never,
  handler: (a) =>
    withStore(a.db, (db) => {
      const expiresAt = a.expires ? expiryFrom(a.expires) : null;
      const site = getSiteByCode(db, a.site);
      if (!site) throw new UserError(`unknown site ${a.site}; add it with numresp sites add`);
      const token = newToken();
      const id = addPushToken(db, sha256Hex(token), site.id, expiresAt);
      if (a.json) return printJson({ id, site: site.code, expiresAt, token });
      console.error(`token ${id} for ${site.code}${expiresAt ? `, expires ${expiresAt}` : ''} (shown once; store it in the agent's NUMRESP_TOKEN):`);
      console.log(token);
    }),
};

function tokenState(t: PushTokenRow, now: string): string {
  if (t.revokedAt) return `revoked ${t.revokedAt.slice(0, 10)}`;
  if (t.expiresAt && t.expiresAt <= now) return `expired ${t.expiresAt.slice(0, 10)}`;
  return 'active';
}

const tokenList: CommandModule<object, { db: string; json: boolean }> = {
  command: 'list',
  describe: 'Push tokens: id, site, created, expires, last used, state (never the token itself)',
  builder: (y) => withDb(y).option('json', { type: 'boolean', default: false }) as never,
  handler: (a) =>
    withStore(a.db, (db) => {
      const now = new Date().toISOString();
      const tokens = listPushTokens(db);
      if (a.json) return printJson(tokens.map((t) => ({ ...t, state: tokenState(t, now).split(' ')[0] })));
      if (!tokens.length) return console.log('no push tokens; create one with numresp serve token add SITE');
      console.log(
        formatTable(
          ['id', 'site', 'created', 'expires', 'last used', 'state'],
          tokens.map((t) => [t.id, t.siteCode, t.createdAt.slice(0, 16), t.expiresAt?.slice(0, 16) ?? 'never', t.lastUsedAt?.slice(0, 16) ?? 'never', tokenState(t, now)]),
        ),
      );
    }),
};

function tokenById(db: Db, text: string) {
  const id = Number(text);
  const t = Number.isInteger(id) && id > 0 ? getPushToken(db, id) : undefined;
  if (!t) throw new UserError(`no push token with id ${text}; see numresp serve token list`);
  return t;
}

const tokenRevoke: CommandModule<object, { id: string; db: string; json: boolean }> = {
  command: 'revoke <id>',
  describe: 'Revoke a push token at once (agents using it get 401)',
  builder: (y) => withDb(y).positional('id', { type: 'string', demandOption: true }).option('json', { type: 'boolean', default: false, describe: 'print the revoked token (never its value) as JSON' }) as never,
  handler: (a) =>
    withStore(a.db, (db) => {
      const t = tokenById(db, a.id);
      if (!revokePushToken(db, t.id)) throw new UserError(`token ${t.id} was already revoked (${t.revokedAt})`);
      if (a.json) return printJson({ id: t.id, site: t.siteCode, revokedAt: getPushToken(db, t.id)!.revokedAt });
      console.log(`revoked token ${t.id} of ${t.siteCode}`);
    }),
};

const tokenRotate: CommandModule<object, { id: string; db: string; expires?: string; json: boolean }> = {
  command: 'rotate <id>',
  describe: 'Replace a push token: revoke it and print a new one for the same site (same lifetime unless --expires)',
  builder: (y) =>
    withDb(y)
      .positional('id', { type: 'string', demandOption: true })
      .option('expires', { type: 'string', describe: 'lifetime of the new token, e.g. 90d' })
      .option('json', jsonOption) as never,
  handler: (a) =>
    withStore(a.db, (db) => {
      const old = tokenById(db, a.id);
      if (old.revokedAt) throw new UserError(`token ${old.id} is revoked; create a new one with numresp serve token add ${old.siteCode}`);
      const lifetimeMs = old.expiresAt ? Date.parse(old.expiresAt) - Date.parse(old.createdAt) : null;
      const expiresAt = a.expires ? expiryFrom(a.expires) : lifetimeMs ? new Date(Date.now() + lifetimeMs).toISOString() : null;
      const token = newToken();
      const id = db.transaction(() => {
        revokePushToken(db, old.id);
        return addPushToken(db, sha256Hex(token), old.siteId, expiresAt);
      })();
      if (a.json) return printJson({ revoked: old.id, id, site: old.siteCode, expiresAt, token });
      console.error(`token ${old.id} revoked; new token ${id} for ${old.siteCode}${expiresAt ? `, expires ${expiresAt}` : ''} (shown once):`);
      console.log(token);
    }),
};

const tokenCmd: CommandModule = {
  command: 'token <command>',
  describe: 'Bearer tokens for inventory pushes: add, list, revoke, rotate',
  builder: (y) => y.command(tokenAdd).command(tokenList).command(tokenRevoke).command(tokenRotate).demandCommand(1),
  handler: () => undefined,
};

interface ServeArgs { host: string; port: number; 'max-body-kb': number; 'rate-limit': number; 'busy-wait': number; db: string }
const serveRun: CommandModule<object, ServeArgs> = {
  command: '$0',
  describe: 'Run the collection server',
  builder: (y) =>
    withDb(y)
      .option('host', { type: 'string', default: '127.0.0.1', describe: 'address to listen on (0.0.0.0 to open it to the network)' })
      .option('port', { type: 'number', default: 8787 })
      .option('max-body-kb', { type: 'number', default: 256, describe: 'largest accepted report, KiB' })
      .option('rate-limit', { type: 'number', default: 60, describe: 'requests per client per minute' })
      .option('busy-wait', { type: 'number', default: 20, describe: 'seconds a push waits for the store while another process writes, then 503' })
      .check((a) => {
        if (!Number.isInteger(a.port) || a.port < 0 || a.port > 65535) throw new UserError(`--port must be 0–65535, got ${a.port}`);
        if (!(a['max-body-kb'] > 0 && a['max-body-kb'] <= 10240)) throw new UserError('--max-body-kb must be 1–10240');
        if (!(Number.isInteger(a['rate-limit']) && a['rate-limit'] > 0)) throw new UserError('--rate-limit must be a whole number > 0');
        if (!(a['busy-wait'] >= 0 && a['busy-wait'] <= 300)) throw new UserError('--busy-wait must be 0–300 seconds');
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
        busyWaitMs: a['busy-wait'] * 1000,
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
