import yargs from 'yargs';
import { type AnyCommand, loadCommands } from '../../src/cli/commands/index.js';
import { UserError } from '../../src/model/errors.js';

/**
 * Parses argv with the given command modules, set up as bin/numresp.ts sets yargs up, and returns what was printed on
 * stdout (console.log and process.stdout.write, where printJson writes). Throws what the command throws (UserError for
 * bad input). process.exitCode is left as the command set it.
 */
export async function runCommand(commands: readonly AnyCommand[], argv: readonly string[]): Promise<string> {
  const out: string[] = [];
  const log = console.log;
  const error = console.error;
  const write = process.stdout.write.bind(process.stdout);
  console.log = (...a: unknown[]) => void out.push(a.map(String).join(' '));
  console.error = () => undefined;
  process.stdout.write = ((chunk: string) => (out.push(String(chunk).replace(/\n$/, '')), true)) as typeof process.stdout.write;
  try {
    const cli = yargs([...argv])
      .scriptName('numresp')
      .strict()
      .exitProcess(false)
      .fail((message, err) => {
        throw message ? new UserError(message) : err;
      });
    for (const c of commands) cli.command(c);
    await cli.parseAsync();
    return out.join('\n');
  } finally {
    console.log = log;
    console.error = error;
    process.stdout.write = write;
  }
}

/** Runs a numresp command in-process through the real command modules; the exit code is returned and then reset. */
export async function numresp(...argv: string[]): Promise<{ stdout: string; exitCode: number }> {
  process.exitCode = 0;
  try {
    const stdout = await runCommand(await loadCommands(argv), argv);
    return { stdout, exitCode: Number(process.exitCode ?? 0) };
  } finally {
    process.exitCode = 0;
  }
}
