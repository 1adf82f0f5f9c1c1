import yargs from 'yargs';
import { loadCommands } from '../../src/cli/commands/index.js';
import { UserError } from '../../src/model/errors.js';

/**
 * Runs a numresp command in-process through the real command modules (same yargs setup as bin/numresp.ts), capturing
 * what it prints. Throws what the command throws (UserError for bad input).
 */
export async function numresp(...argv: string[]): Promise<{ stdout: string; exitCode: number }> {
  const out: string[] = [];
  const log = console.log;
  const error = console.error;
  console.log = (...a: unknown[]) => void out.push(a.map(String).join(' '));
  console.error = () => undefined;
  process.exitCode = 0;
  try {
    const cli = yargs(argv)
      .scriptName('numresp')
      .strict()
      .exitProcess(false)
      .fail((message, err) => {
        throw message ? new UserError(message) : err;
      });
    for (const c of await loadCommands(argv)) cli.command(c);
    await cli.parseAsync();
    return { stdout: out.join('\n'), exitCode: Number(process.exitCode ?? 0) };
  } finally {
    console.log = log;
    console.error = error;
    process.exitCode = 0;
  }
}
