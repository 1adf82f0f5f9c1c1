import yargs from 'yargs';
import { rgesnCommand } from '../../src/cli/commands/rgesn.js';
import { UserError } from '../../src/model/errors.js';

/** The rgesn command wired through yargs as bin/numresp.ts does; stdout captured and returned. */
export async function numresp(...args: string[]): Promise<string> {
  const out: string[] = [];
  const realLog = console.log;
  const realWrite = process.stdout.write.bind(process.stdout);
  console.log = (...a: unknown[]) => void out.push(a.join(' '));
  process.stdout.write = ((chunk: string) => (out.push(String(chunk)), true)) as typeof process.stdout.write;
  try {
    await yargs(args)
      .strict()
      .fail((message, err) => {
        throw message ? new UserError(message) : err;
      })
      .command(rgesnCommand)
      .parseAsync();
  } finally {
    console.log = realLog;
    process.stdout.write = realWrite;
  }
  return out.join('\n');
}
