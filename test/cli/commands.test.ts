import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { COMMANDS, loadCommands } from '../../src/cli/commands/index.js';
import { cli } from '../faults/cli.js';

// Commands load on demand (issue 10.10): the manifest must name each module's command, and a command that drives no
// browser must load neither puppeteer nor lighthouse.
test('each manifest name is the first word of its module\'s command', async () => {
  for (const c of COMMANDS) expect([c.name, String((await c.load()).command).split(' ')[0]]).toEqual([c.name, c.name]);
  expect((await loadCommands(['ecoindex', '--dom', '1'])).map((c) => c.command)).toEqual(['ecoindex']);
  expect(await loadCommands(['--help'])).toHaveLength(COMMANDS.length);
  // Options before the command name (the inventory benchmark's form): still only that command, --db's value skipped.
  expect((await loadCommands(['--db', 'inventory', 'inventory', 'import', 'f.csv'])).map((c) => String(c.command).split(' ')[0])).toEqual(['inventory']);
  expect((await loadCommands(['--db=x.db', '--json', 'sites', 'list'])).map((c) => String(c.command).split(' ')[0])).toEqual(['sites']);
  expect(await loadCommands(['--version', 'inventory'])).toHaveLength(COMMANDS.length);
});

describe('packages loaded at start', () => {
  let dir: string;
  let register: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'numresp-startup-'));
    // A module hook that prints every package an ES import loads (CommonJS packages enter through an import too).
    const hooks = join(dir, 'hooks.mjs');
    writeFileSync(hooks, `import { writeSync } from 'node:fs';
export async function load(url, context, next) {
  const m = /node_modules\\/((?:@[^/]+\\/)?[^/]+)/.exec(url);
  if (m) writeSync(2, 'PACKAGE ' + m[1] + '\\n');
  return next(url, context);
}\n`);
    register = join(dir, 'register.mjs');
    writeFileSync(register, `import { register } from 'node:module';\nregister(${JSON.stringify(pathToFileURL(hooks).href)});\n`);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const packages = (...args: string[]) => {
    const r = spawnSync(process.execPath, ['--import', register, cli, ...args], { encoding: 'utf8', timeout: 60_000 });
    expect(r.status).toBe(0);
    return new Set([...r.stderr.matchAll(/^PACKAGE (.+)$/gm)].map((m) => m[1]));
  };

  test('ecoindex loads only yargs and its helpers: no SQLite, zod, browser or queue client', () => {
    const loaded = packages('ecoindex', '--dom', '100', '--requests', '100', '--size-kb', '100');
    expect(loaded).toContain('yargs');
    for (const heavy of ['puppeteer', 'puppeteer-core', 'lighthouse', 'better-sqlite3', 'zod', 'bullmq', 'ioredis']) {
      expect([heavy, loaded.has(heavy)]).toEqual([heavy, false]);
    }
  }, 60_000);

  test.each([['--help'], ['runs', '--help'], ['report', '--help'], ['inventory', 'summary', '--help'], ['worker', '--help'], ['queue', '--help']])('%s loads no browser and no queue client', (...args) => {
    const loaded = packages(...args);
    expect(loaded).toContain('yargs');
    for (const heavy of ['puppeteer', 'puppeteer-core', 'lighthouse', 'bullmq', 'ioredis']) expect([heavy, loaded.has(heavy)]).toEqual([heavy, false]);
  }, 60_000);
});
