/**
 * Turns an exported file's bytes into rows of cells: encoding (UTF-8 with or without BOM, UTF-16 with BOM,
 * else Windows-1252/Latin-1 as older GLPI and OCS exports and Excel "CSV (séparateur ;)" produce), and delimiter
 * (`;`, `,` or tab, chosen from the header line).
 */
import { parse } from 'csv-parse/sync';
import { UserError } from '../../model/errors.js';

export type Encoding = 'utf-8' | 'utf-16le' | 'utf-16be' | 'windows-1252';

export function decodeText(bytes: Uint8Array): { text: string; encoding: Encoding } {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    return { text: new TextDecoder('utf-8').decode(bytes.subarray(3)), encoding: 'utf-8' };
  }
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return { text: new TextDecoder('utf-16le').decode(bytes.subarray(2)), encoding: 'utf-16le' };
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return { text: new TextDecoder('utf-16be').decode(bytes.subarray(2)), encoding: 'utf-16be' };
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes), encoding: 'utf-8' };
  } catch {
    // Not valid UTF-8: the usual other encoding of French spreadsheets and older exports.
    return { text: new TextDecoder('windows-1252').decode(bytes), encoding: 'windows-1252' };
  }
}

export function detectDelimiter(text: string): string {
  const firstLine = text.slice(0, text.search(/\r?\n|$/));
  const counts = [';', ',', '\t'].map((d) => [d, firstLine.split(d).length - 1] as const);
  counts.sort((a, b) => b[1] - a[1]);
  return counts[0][1] > 0 ? counts[0][0] : ',';
}

const QUOTE = 0x22;
const LF = 0x0a;
const CR = 0x0d;
const SURROGATE = /[\ud800-\udfff]/;

/**
 * The records of a well-formed CSV text (RFC 4180: a field quoted whole or not at all, "" inside quotes, one kind of
 * line ending outside quotes), exactly as csv-parse gives them with the options of parseTable; null for anything
 * else (a quote inside an unquoted field, text after a closing quote, an unclosed quote, mixed line endings, UTF-16
 * surrogates), which csv-parse's relaxed rules then read. About ten times faster than csv-parse on a 100,000-row
 * export (it slices a Buffer and decodes every field), which is most of an import's parsing time (bench/inventory).
 * test/inventory/csv-records.test.ts compares both on the fixtures and on random texts.
 */
export function wellFormedRecords(text: string, delimiter: string): string[][] | null {
  const records: string[][] = [];
  const scan = scanRecords(text, delimiter);
  for (let step = scan.next(); ; step = scan.next()) {
    if (step.done) return step.value ? records : null;
    records.push(step.value);
  }
}

/** scanRecords, one record at a time (see wellFormedRecords): returns false where the text stops being well-formed. */
function* scanRecords(text: string, delimiter: string): Generator<string[], boolean> {
  if (delimiter.length !== 1 || SURROGATE.test(text)) return false;
  const d = delimiter.charCodeAt(0);
  const len = text.length;
  if (len === 0) return true;
  /** 0 not seen yet, 1 LF, 2 CRLF, 3 CR: csv-parse fixes the record delimiter at the first one met. */
  let lineEnd = 0;
  let record: string[] = [];
  let pos = 0;
  for (;;) {
    let field: string;
    if (text.charCodeAt(pos) === QUOTE) {
      field = '';
      let start = pos + 1;
      for (;;) {
        const q = text.indexOf('"', start);
        if (q === -1) return false;
        if (text.charCodeAt(q + 1) === QUOTE) {
          field += text.slice(start, q + 1);
          start = q + 2;
          continue;
        }
        field += text.slice(start, q);
        pos = q + 1;
        break;
      }
      const next = text.charCodeAt(pos);
      if (pos < len && next !== d && next !== LF && next !== CR) return false;
    } else {
      let end = pos;
      for (; end < len; end++) {
        const c = text.charCodeAt(end);
        if (c === d || c === LF || c === CR) break;
        if (c === QUOTE) return false;
      }
      field = text.slice(pos, end);
      pos = end;
    }
    record.push(field);
    if (pos >= len) {
      yield record;
      return true;
    }
    const c = text.charCodeAt(pos);
    if (c === d) {
      pos++;
      if (pos >= len) {
        record.push('');
        yield record;
        return true;
      }
      continue;
    }
    const kind = c === LF ? 1 : text.charCodeAt(pos + 1) === LF ? 2 : 3;
    if (lineEnd === 0) lineEnd = kind;
    else if (lineEnd !== kind) return false;
    pos += kind === 2 ? 2 : 1;
    yield record;
    record = [];
    if (pos >= len) return true;
  }
}

export interface ParsedTable {
  header: string[];
  /** Data rows with the 1-based line number where each starts in the file. */
  rows: { line: number; cells: string[] }[];
  encoding: Encoding;
  delimiter: string;
}

/** A table read one row at a time: each rows() call reads the text again (unless held), so few rows are held. */
export interface StreamedTable {
  header: string[];
  /** Data rows (the header and blank lines left out). */
  rowCount: number;
  rows(): Iterable<{ line: number; cells: string[] }>;
  encoding: Encoding;
  delimiter: string;
}

/**
 * The file's table, streamed: a first pass checks that the text is well-formed CSV (else csv-parse reads it whole,
 * its relaxed rules need the text at once) and counts the rows; each rows() pass then reads the text again. An
 * import of 100,000 rows holds a few rows' cells at a time instead of all of them (peak RSS, issue 11).
 */
export function openTable(bytes: Uint8Array, what: string, options: { hold?: boolean } = {}): StreamedTable {
  const { text, encoding } = decodeText(bytes);
  const delimiter = detectDelimiter(text);
  let records: () => Iterable<string[]> = () => scanRecords(text, delimiter);
  let header: string[] | null = null;
  let rowCount = 0;
  // hold: the rows of the first pass are kept and every rows() pass reads them (one parse, more memory).
  let held: { line: number; cells: string[] }[] | null = options.hold ? [] : null;
  const count = (rows: Iterable<{ line: number; cells: string[] }>) => {
    for (const row of rows) {
      if (header === null) header = row.cells.map((h) => h.trim());
      else {
        rowCount++;
        held?.push(row);
      }
    }
  };
  // False when the fast reader stopped at something csv-parse's relaxed rules read.
  let wellFormed = false;
  count(
    numbered(
      (function* () {
        wellFormed = yield* scanRecords(text, delimiter);
      })(),
    ),
  );
  if (!wellFormed) {
    let all: string[][];
    try {
      // No `info`/`skip_empty_lines`: they double the parse time; line numbers are counted by numbered().
      all = parse(text, { delimiter, relax_column_count: true, relax_quotes: true }) as string[][];
    } catch (err) {
      throw new UserError(`${what}: not a readable CSV file (${(err as Error).message}); export it again as CSV`);
    }
    records = () => all;
    header = null;
    rowCount = 0;
    if (held) held = [];
    count(numbered(all));
  }
  if (header === null) throw new UserError(`${what}: the file is empty; export it again with a header line`);
  return {
    header,
    rowCount,
    *rows() {
      if (held) {
        yield* held;
        return;
      }
      let first = true;
      for (const row of numbered(records())) {
        if (first) first = false;
        else yield row;
      }
    },
    encoding,
    delimiter,
  };
}

/** Records with the line each starts on (quoted cells may hold line breaks); blank lines left out. */
function* numbered(records: Iterable<string[]>): Generator<{ line: number; cells: string[] }> {
  let line = 1;
  for (const record of records) {
    const start = line;
    line += 1;
    for (const cell of record) if (cell.includes('\n')) line += cell.split('\n').length - 1;
    if (record.length === 1 && record[0].trim() === '') continue;
    yield { line: start, cells: record };
  }
}

/** The whole table at once, for the small files of other imports (sites, energy, VMs, decision sheets). */
export function parseTable(bytes: Uint8Array, what: string): ParsedTable {
  const table = openTable(bytes, what, { hold: true });
  return { header: table.header, rows: [...table.rows()], encoding: table.encoding, delimiter: table.delimiter };
}
