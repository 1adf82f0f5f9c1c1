/**
 * Issue 16.4: failed authentications have their own budget. A flood of bad tokens from one address must not lock
 * out a valid agent behind the same (NAT) address; guesses spread over 127.0.0.2–11 hit a global failure budget.
 */
import { join } from 'node:path';
import { openStore, type Db } from '../../src/store/database.js';
import { upsertSite } from '../../src/store/sites.js';
import { addPushToken } from '../../src/store/push-tokens.js';
import { sha256Hex, startInventoryServer, type RunningServer } from '../../src/inventory/server.js';
import { http, machineReport, tempDir } from './helpers.js';

const TOKEN = 'rateLimitTokenLycee0123456789abcdefXYZ';

describe('failed-authentication budget', () => {
  let db: Db;
  let srv: RunningServer;
  let url: string;
  const log: string[] = [];
  const post = (token: string, from: string, serial = 'RL-1') =>
    http(url, {
      method: 'POST',
      localAddress: from,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify(machineReport({ serial })),
    });

  beforeEach(async () => {
    db = openStore(join(tempDir(), 'store.db'));
    addPushToken(db, sha256Hex(TOKEN), upsertSite(db, { code: 'LYC-A', name: 'Lycée A', kind: 'lycee' }).id);
    log.length = 0;
    // Same budgets as the defaults, scaled down: 20 requests, 10 failures per address, 30 failures in all.
    srv = await startInventoryServer(db, { port: 0, rateLimit: 20, failureLimit: 10, globalFailureLimit: 30, log: (l) => log.push(l) });
    url = `${srv.url}/api/v1/inventory`;
  });
  afterEach(async () => {
    await srv.close();
    db.close();
  });

  test('a flood of bad tokens from 127.0.0.1 does not lock out the valid agent behind the same address', async () => {
    const flood: number[] = [];
    for (let i = 0; i < 60; i++) flood.push((await post(`guess${String(i).padStart(20, '0')}`, '127.0.0.1')).status);
    expect(flood.slice(0, 10)).toEqual(Array(10).fill(401));
    expect(flood.slice(10)).toEqual(Array(50).fill(429));
    const agent = await post(TOKEN, '127.0.0.1');
    expect(agent.status).toBe(201);
    // One log line for the spent budget, not one per refused guess.
    expect(log.filter((l) => /failed-authentication budget/.test(l))).toHaveLength(1);
  });

  test('guesses spread over 127.0.0.2–11 hit the global failure budget', async () => {
    const statuses: number[] = [];
    for (let round = 0; round < 5; round++) {
      for (let host = 2; host <= 11; host++) statuses.push((await post(`spread${round}x${host}`.padEnd(24, 'q'), `127.0.0.${host}`)).status);
    }
    // Each address stayed under its own 10 failures; together they passed 30.
    expect(statuses.slice(0, 30)).toEqual(Array(30).fill(401));
    expect(statuses.slice(30)).toEqual(Array(20).fill(429));
    // The valid agent is still served, from any address.
    expect((await post(TOKEN, '127.0.0.5')).status).toBe(201);
  });

  test('a valid agent still has a request budget of its own', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 22; i++) statuses.push((await post(TOKEN, '127.0.0.1', `RL-${i}`)).status);
    expect(statuses.slice(0, 20).every((s) => s === 201)).toBe(true);
    expect(statuses.slice(20)).toEqual([429, 429]);
  });
});
