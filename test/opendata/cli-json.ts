import { numresp } from '../reports/cli.js';

/** Runs a numresp command in-process and parses its --json output. */
export async function numrespJson<T>(...argv: string[]): Promise<T> {
  return JSON.parse((await numresp(...argv)).stdout);
}
