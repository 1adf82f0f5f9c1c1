import { rgesnCommand } from '../../src/cli/commands/rgesn.js';
import { runCommand } from '../reports/cli.js';

/** The rgesn command wired through yargs as bin/numresp.ts does; stdout captured and returned. */
export function numresp(...args: string[]): Promise<string> {
  return runCommand([rgesnCommand], args);
}
