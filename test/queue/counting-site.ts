import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startStaticServer, type StaticServer } from '../../src/util/static-server.js';

/**
 * The fixture sites (test/fixtures/sites) served on 127.0.0.1, counting how many times each HTML page was requested:
 * the queue tests prove from it that every page was measured once, however workers, Redis or the coordinator fared.
 */
export async function startCountingSite(): Promise<{ site: StaticServer; hits: Map<string, number> }> {
  const site = await startStaticServer({ root: join(dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'sites') });
  const hits = new Map<string, number>();
  site.server.on('request', (req) => {
    if (/\.html/.test(req.url ?? '')) hits.set(req.url!, (hits.get(req.url!) ?? 0) + 1);
  });
  return { site, hits };
}
