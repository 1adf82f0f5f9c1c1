import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { promisify } from 'node:util';

// Walks every registered command through its --help (the dist/ CLI, as a user runs it) and holds issue 10.8:
// a command that opens a store accepts --db, and one that prints data accepts --json.
const run = promisify(execFile);
const root = resolve(dirname(new URL(import.meta.url).pathname), '..', '..');
const bin = join(root, 'dist', 'bin', 'numresp.js');

/** Commands that open no store: pure computation, the device-side collector, the Redis queue and its workers. */
const NO_STORE = new Set(['ecoindex', 'inventory collect', 'queue', 'worker']);
/** Commands whose output is a file or a server, not data on stdout: --json has nothing to shape. */
const WRITES_FILE_OR_SERVES = new Set(['dashboard', 'report', 'practices export', 'rgesn export', 'rgesn declaration']);

async function help(path: string[]): Promise<string> {
  const { stdout } = await run(process.execPath, [bin, ...path, '--help'], { env: { ...process.env, NO_COLOR: '1' } });
  return stdout;
}

function subcommands(text: string, path: string[]): string[][] {
  const block = text.split(/\nCommands:\n/)[1]?.split(/\n\n/)[0] ?? '';
  return [...block.matchAll(/^ {2}numresp ((?:[\w-]+ )*[\w-]+)/gm)]
    .map((m) => m[1].split(' '))
    .filter((words) => words.length === path.length + 1 && words.slice(0, path.length).join(' ') === path.join(' '));
}

async function leaves(path: string[]): Promise<Array<{ name: string; text: string }>> {
  const text = await help(path);
  const subs = subcommands(text, path);
  if (subs.length === 0) return [{ name: path.join(' '), text }];
  const out: Array<{ name: string; text: string }> = [];
  for (const sub of subs) out.push(...(await leaves(sub)));
  return out;
}

describe('every command takes --db and --json where it reads or prints data', () => {
  let all: Array<{ name: string; text: string }> = [];
  beforeAll(async () => {
    if (!existsSync(bin)) throw new Error(`${bin} is missing: run npx tsc -p . first`);
    all = await leaves([]);
  }, 300_000);

  it('finds the commands', () => {
    expect(all.map((c) => c.name)).toEqual(expect.arrayContaining(['ecoindex', 'practices list', 'sites pue', 'inventory move']));
  });

  it('--db on every command that opens a store', () => {
    const missing = all.filter((c) => ![...NO_STORE].some((n) => c.name === n || c.name.startsWith(n + ' ')) && !/--db\b/.test(c.text));
    expect(missing.map((c) => c.name)).toEqual([]);
  });

  it('--json on every command that reads a store', () => {
    const missing = all.filter((c) => /--db\b/.test(c.text) && !/--json\b/.test(c.text) && !WRITES_FILE_OR_SERVES.has(c.name));
    expect(missing.map((c) => c.name)).toEqual([]);
  });
});
