import { numresp } from '../reports/cli.js';

/** Runs a numresp command in-process and parses its --json output (printed with process.stdout.write, which numresp() does not capture). */
export async function numrespJson<T>(...argv: string[]): Promise<T> {
  const chunks: string[] = [];
  const write = process.stdout.write;
  process.stdout.write = ((c: string) => chunks.push(String(c)) > 0) as typeof process.stdout.write;
  try {
    await numresp(...argv);
  } finally {
    process.stdout.write = write;
  }
  return JSON.parse(chunks.join(''));
}
