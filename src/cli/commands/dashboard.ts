import { spawn } from 'node:child_process';
import type { CommandModule } from 'yargs';
import { generateToken, isLoopback, startDashboard } from '../../../dashboard/server.js';
import { UserError } from '../../model/errors.js';
import { withDb } from '../common-options.js';

interface Args {
  db: string;
  port: number;
  host: string;
  open: boolean;
  token?: string;
}

/** Opens a URL in the desktop's browser; failing to do so is not an error (the URL is printed anyway). */
function openBrowser(url: string): void {
  const [cmd, args] =
    process.platform === 'darwin' ? ['open', [url]] : process.platform === 'win32' ? ['cmd', ['/c', 'start', '', url]] : ['xdg-open', [url]];
  const child = spawn(cmd, args as string[], { stdio: 'ignore', detached: true });
  child.on('error', () => console.error(`numresp: could not open a browser; open ${url} yourself`));
  child.unref();
}

export const dashboardCommand: CommandModule<object, Args> = {
  command: 'dashboard',
  describe: 'Serve the read-only dashboard for managers (EcoIndex, practices, fleet) on 127.0.0.1',
  builder: (y) =>
    withDb(y)
      .option('port', { type: 'number', default: 8765, describe: 'TCP port (0 picks a free one)' })
      .option('host', { type: 'string', default: '127.0.0.1', describe: 'interface to listen on; anything but loopback needs --token' })
      .option('open', { type: 'boolean', default: false, describe: 'open the dashboard in the default browser' })
      .option('token', { type: 'string', describe: 'access token (≥ 128 bits), required off loopback; "generate" makes one (env NUMRESP_DASHBOARD_TOKEN)' })
      .check((a) => {
        if (!Number.isInteger(a.port) || a.port < 0 || a.port > 65535) throw new UserError(`--port must be an integer 0–65535, got ${a.port}`);
        return true;
      })
      .example('$0 dashboard --db numresp.db --open', 'serve on http://127.0.0.1:8765/ and open it')
      .example('NUMRESP_DASHBOARD_TOKEN=$(openssl rand -hex 16) $0 dashboard --host 0.0.0.0', 'share on the LAN, with a token')
      .example('$0 dashboard --host 0.0.0.0 --token generate', 'share on the LAN with a new random token (printed once)') as never,
  handler: async (a) => {
    const given = a.token ?? (process.env.NUMRESP_DASHBOARD_TOKEN || undefined);
    const token = given === 'generate' ? generateToken() : given;
    const dashboard = await startDashboard({
      dbFile: a.db,
      host: a.host,
      port: a.port,
      token,
      onError: (err) => console.error('numresp dashboard: internal error while serving a request:', err),
    });
    const url = token ? `${dashboard.url}?token=${encodeURIComponent(token)}` : dashboard.url;
    console.log(`numresp dashboard: serving ${a.db} read-only at ${dashboard.url}`);
    if (!isLoopback(a.host)) {
      console.log(`numresp dashboard: listening on ${a.host}, beyond this machine: every request needs the token.`);
      console.log(`numresp dashboard: open ${url} once (the token then moves to a cookie), or send "Authorization: Bearer <token>".`);
    } else if (token) {
      console.log(`numresp dashboard: token required; open ${url}`);
    }
    console.log('numresp dashboard: Ctrl-C stops it.');
    if (a.open) openBrowser(url);
    await new Promise<void>((resolve) => {
      const stop = () => {
        process.off('SIGINT', stop);
        process.off('SIGTERM', stop);
        void dashboard.close().then(resolve);
      };
      process.on('SIGINT', stop);
      process.on('SIGTERM', stop);
    });
  },
};
