#!/usr/bin/env node
import { format } from 'node:util';
import yargs from 'yargs';
import { hideBin } from 'yargs/helpers';
import { loadCommands } from '../src/cli/commands/index.js';
import { UserError } from '../src/model/errors.js';
import { storeProblem } from '../src/store/store-errors.js';
import { TOOL_VERSION } from '../src/version.js';
import { terminalSafe } from '../src/model/text.js';

/**
 * Every line the CLI prints goes through console.log/console.error: stored strings (device names pushed by agents,
 * page titles from audited sites) are printed with their control characters escaped (\x1b, not ESC), so no stored
 * value can clear the screen, set the window title or forge a line (issue 16.6). The progress bar writes to
 * process.stderr directly and keeps its own escapes.
 */
function escapeTerminalOutput(): void {
  for (const name of ['log', 'error', 'warn', 'info'] as const) {
    const original = console[name].bind(console);
    console[name] = (...args: unknown[]) => original(terminalSafe(format(...args)));
  }
}

async function main(argv: string[]): Promise<void> {
  escapeTerminalOutput();
  const cli = yargs(argv)
    .scriptName('numresp')
    .usage('$0 <command> [options]\n\nMeasure the digital footprint of an organisation for the Label Numérique Responsable.')
    .version(TOOL_VERSION)
    .strict()
    .demandCommand(1, 'name a command')
    .recommendCommands()
    .wrap(Math.min(110, process.stdout.columns || 110))
    // yargs passes a message for usage errors (unknown or missing options) and the error for thrown ones.
    .fail((message, err) => {
      throw message ? new UserError(`${message} (see numresp --help)`) : err;
    });
  for (const c of await loadCommands(argv)) cli.command(c);
  try {
    await cli.parseAsync();
  } catch (err) {
    process.exitCode = reportError(err);
  }
}

/** Known errors become one line; anything else is a bug and keeps its stack. */
function reportError(err: unknown): number {
  // A damaged, read-only or locked store met mid-command is a fact about the store, said in one line.
  const known = err instanceof UserError ? err : storeProblem(err);
  if (known) {
    console.error(`numresp: ${known.message}`);
    return known.exitCode;
  }
  console.error('numresp: internal error, please report it with the command you ran:');
  console.error(err);
  return 3;
}

await main(hideBin(process.argv));
