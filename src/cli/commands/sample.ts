import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { CommandModule } from 'yargs';
import { resolveSites } from '../../pipeline/plan.js';
import { startStaticServer, type Route } from '../../util/static-server.js';
import { projectRoot } from '../../version.js';
import { runAuditCli, withAuditOptions, type AuditArgs } from './audit.js';

/** The sample sitemap names this origin; the server rewrites it to the port it really got. */
export const SAMPLE_SITEMAP_ORIGIN = 'http://sample.numresp.invalid';

function rewritten(file: string, type: string, origin: () => string): Route {
  return (_req, res) => {
    res.writeHead(200, { 'content-type': `${type}; charset=utf-8` });
    res.end(readFileSync(file, 'utf8').split(SAMPLE_SITEMAP_ORIGIN).join(origin()));
  };
}

export const sampleCommand: CommandModule<object, AuditArgs> = {
  command: 'sample',
  describe: 'Serve the bundled sample website on 127.0.0.1 and audit it through its sitemap',
  builder: (y) =>
    withAuditOptions(y)
      .option('db', { type: 'string', default: 'numresp-sample.db', describe: 'SQLite store file' })
      .example('$0 sample', 'audit the sample site into ./numresp-sample.db') as never,
  handler: async (a) => {
    const root = join(projectRoot(), 'samples', 'site');
    let origin = '';
    const live = await startStaticServer({
      root,
      // sitemap.xml and robots.txt name a placeholder origin, rewritten to the ephemeral port the server got.
      routes: {
        '/sitemap.xml': rewritten(join(root, 'sitemap.xml'), 'application/xml', () => origin),
        '/robots.txt': rewritten(join(root, 'robots.txt'), 'text/plain', () => origin),
      },
    });
    origin = live.origin;
    try {
      console.error(`numresp: sample site served at ${live.origin}/ (Ctrl-C to stop)`);
      const warn = (m: string) => console.error(`numresp: warning: ${m}`);
      const sites = await resolveSites(
        [{ code: 'lycee-exemple', name: 'Lycée Exemple (site d’exemple)', urls: [], sitemap: `${live.origin}/sitemap.xml` }],
        warn,
      );
      const code = await runAuditCli({ ...a, label: a.label ?? 'sample site' }, sites);
      console.log(`\nResults are stored in ${resolve(a.db)}: numresp results --db ${a.db} (or --json / --csv), numresp runs --db ${a.db}`);
      process.exitCode = code;
    } finally {
      await live.close();
    }
  },
};
