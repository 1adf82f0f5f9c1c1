/**
 * Reads an import file in chunks with two bounds, so that `inventory import /dev/zero` (or a binary file, or a
 * runaway export) is refused in one line after reading at most the bound instead of growing memory:
 *   - MAX_IMPORT_FILE_BYTES (256 MiB): ten times the largest regional export we have seen (100,000 devices ≈ 15 MB);
 *   - MAX_IMPORT_LINE_BYTES (1 MiB): no CSV line of an inventory export comes near it (a quoted cell may hold line
 *     breaks: each physical line is bounded, not the record).
 * Documented in docs/inventory-formats.md.
 */
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { UserError } from '../../model/errors.js';

export const MAX_IMPORT_FILE_BYTES = 256 * 1024 * 1024;
export const MAX_IMPORT_LINE_BYTES = 1024 * 1024;
const CHUNK_BYTES = 1024 * 1024;

export interface ReadBounds {
  maxFileBytes?: number;
  maxLineBytes?: number;
}

export function readImportFile(path: string, what = 'file', bounds: ReadBounds = {}): Buffer {
  const maxFile = bounds.maxFileBytes ?? MAX_IMPORT_FILE_BYTES;
  const maxLine = bounds.maxLineBytes ?? MAX_IMPORT_LINE_BYTES;
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (err) {
    throw new UserError(`cannot read ${what} ${path}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
  try {
    const st = fstatSync(fd);
    if (st.isDirectory()) throw new UserError(`${path} is a folder; give the exported CSV file`);
    if (st.isFile() && st.size > maxFile) {
      throw new UserError(`${path} is ${mib(st.size)}, over the ${mib(maxFile)} import bound; split the export (e.g. per site)`);
    }
    const chunks: Buffer[] = [];
    let total = 0;
    let lineBytes = 0;
    let line = 1;
    for (;;) {
      const chunk = Buffer.allocUnsafe(CHUNK_BYTES);
      let n: number;
      try {
        n = readSync(fd, chunk, 0, CHUNK_BYTES, null);
      } catch (err) {
        throw new UserError(`cannot read ${what} ${path}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
      }
      if (n === 0) break;
      total += n;
      if (total > maxFile) throw new UserError(`${path} is over the ${mib(maxFile)} import bound; split the export (e.g. per site)`);
      let start = 0;
      for (let nl = chunk.indexOf(10, 0); nl !== -1 && nl < n; nl = chunk.indexOf(10, nl + 1)) {
        if (lineBytes + (nl - start) > maxLine) break;
        lineBytes = 0;
        start = nl + 1;
        line++;
      }
      lineBytes += n - start;
      if (lineBytes > maxLine) {
        throw new UserError(`${path}: line ${line} is longer than ${mib(maxLine)}; this is not a CSV export (check the file)`);
      }
      chunks.push(n === CHUNK_BYTES ? chunk : chunk.subarray(0, n));
    }
    return Buffer.concat(chunks, total);
  } finally {
    closeSync(fd);
  }
}

function mib(bytes: number): string {
  return `${Math.round((bytes / 1048576) * 10) / 10} MiB`;
}
