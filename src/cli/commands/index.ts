import type { CommandModule } from 'yargs';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyCommand = CommandModule<any, any>;

/**
 * Every CLI command, in the order `--help` lists them: its name and how to load its module. One file per command.
 * Modules load on demand so that a command pays only for what it uses (`numresp ecoindex` loads no SQLite, no
 * browser, no queue client): see loadCommands and bench/cli. The name must be the first word of the module's
 * `command` (test/cli/commands.test.ts holds this).
 */
export const COMMANDS: ReadonlyArray<{ name: string; load: () => Promise<AnyCommand> }> = [
  { name: 'ecoindex', load: async () => (await import('./ecoindex.js')).ecoindexCommand },
  { name: 'audit', load: async () => (await import('./audit.js')).auditCommand },
  { name: 'runs', load: async () => (await import('./runs.js')).runsCommand },
  { name: 'results', load: async () => (await import('./results.js')).resultsCommand },
  { name: 'compare', load: async () => (await import('./compare.js')).compareCommand },
  { name: 'sample', load: async () => (await import('./sample.js')).sampleCommand },
  { name: 'store', load: async () => (await import('./store.js')).storeCommand },
  { name: 'dashboard', load: async () => (await import('./dashboard.js')).dashboardCommand },
  { name: 'practices', load: async () => (await import('./practices.js')).practicesCommand },
  { name: 'rgesn', load: async () => (await import('./rgesn.js')).rgesnCommand },
  { name: 'report', load: async () => (await import('./report.js')).reportCommand },
  { name: 'export', load: async () => (await import('./export.js')).exportCommand },
  { name: 'sites', load: async () => (await import('./sites.js')).sitesCommand },
  { name: 'inventory', load: async () => (await import('./inventory.js')).inventoryCommand },
  { name: 'energy', load: async () => (await import('./energy.js')).energyCommand },
  { name: 'serve', load: async () => (await import('./serve.js')).serveCommand },
  { name: 'worker', load: async () => (await import('./worker.js')).workerCommand },
  { name: 'queue', load: async () => (await import('./queue.js')).queueCommand },
];

/** Options that take a value and may come before the command name (`numresp --db x.db inventory import f.csv`). */
const VALUE_OPTIONS_BEFORE_COMMAND = new Set(['--db']);

/**
 * The command modules to register for these arguments: only the named command when the first word that is not an
 * option (nor --db's value) names one, otherwise all of them (`--help`, `--version`, a typo that yargs should answer
 * with the closest command).
 */
export async function loadCommands(argv: readonly string[] = []): Promise<AnyCommand[]> {
  let word: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--help' || a === '-h' || a === '--version') break;
    if (!a.startsWith('-')) {
      word = a;
      break;
    }
    if (VALUE_OPTIONS_BEFORE_COMMAND.has(a)) i++;
  }
  const named = COMMANDS.find((c) => c.name === word);
  if (named) return [await named.load()];
  return Promise.all(COMMANDS.map((c) => c.load()));
}
