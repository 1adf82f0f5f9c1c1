import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { decodeText, detectDelimiter, wellFormedRecords } from '../../src/inventory/import/decode.js';
import { wellFormedObjects } from '../../src/inventory/boavizta.js';

/**
 * The fast reader of well-formed CSV (src/inventory/import/decode.ts) must give exactly the records csv-parse gives
 * with parseTable's options, or hand the text to csv-parse (null). Compared on every inventory fixture and on random
 * texts made of the characters that matter (delimiters, quotes, CR, LF, spaces, accents).
 */
const OPTIONS = { relax_column_count: true, relax_quotes: true } as const;

function csvParse(text: string, delimiter: string): string[][] | Error {
  try {
    return parse(text, { ...OPTIONS, delimiter }) as string[][];
  } catch (err) {
    return err as Error;
  }
}

test('every inventory fixture: same records as csv-parse, through the fast path', () => {
  const dir = join(process.cwd(), 'test', 'fixtures', 'inventory');
  const files = readdirSync(dir).filter((f) => f.endsWith('.csv'));
  expect(files.length).toBeGreaterThanOrEqual(5);
  for (const f of files) {
    const { text } = decodeText(readFileSync(join(dir, f)));
    const delimiter = detectDelimiter(text);
    const fast = wellFormedRecords(text, delimiter);
    expect([f, fast]).toEqual([f, csvParse(text, delimiter)]);
  }
});

test('shapes the exports really have: OCS CRLF before each row and no final newline, quoted line breaks, "" escapes', () => {
  const ocs = '"TAG";"Machine";"Fabricant"\r\n"LJM";"PC-01";"Dell Inc."\r\n"LJM";"PC-02";"HP"';
  expect(wellFormedRecords(ocs, ';')).toEqual([['TAG', 'Machine', 'Fabricant'], ['LJM', 'PC-01', 'Dell Inc.'], ['LJM', 'PC-02', 'HP']]);
  const quoted = 'name,comment\nPC-1,"two\nlines, and ""quotes"""\n,\n\nlast,';
  expect(wellFormedRecords(quoted, ',')).toEqual(csvParse(quoted, ','));
  // What the fast path leaves to csv-parse's relaxed rules.
  for (const text of ['a,b"c\n', '"ab"c,d\n', '"open,field\n', 'a\nb\r\nc', 'emoji \ud83d\ude00,x']) expect(wellFormedRecords(text, ',')).toBeNull();
});

test('random texts: whenever the fast path answers, csv-parse gives the same records', () => {
  // Deterministic generator (mulberry32), so a failure is reproducible.
  let seed = 0x5eed;
  const random = () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const pieces = ['a', 'b', ' ', 'é', ',', ';', '"', '""', '\n', '\r', '\r\n', '\t'];
  let answered = 0;
  for (let i = 0; i < 4000; i++) {
    const n = Math.floor(random() * 30);
    let text = '';
    for (let k = 0; k < n; k++) text += pieces[Math.floor(random() * pieces.length)];
    for (const delimiter of [',', ';']) {
      const fast = wellFormedRecords(text, delimiter);
      if (fast === null) continue;
      answered++;
      expect([JSON.stringify(text), fast]).toEqual([JSON.stringify(text), csvParse(text, delimiter)]);
    }
  }
  // The comparison means something only if the fast path answered often.
  expect(answered).toBeGreaterThan(1000);
});

test('the Boavizta dataset read through the fast path: the same rows as csv-parse with columns', () => {
  const text = readFileSync(join(process.cwd(), 'src', 'inventory', 'data', 'boavizta-data-us.csv'), 'utf8');
  const fast = wellFormedObjects(text);
  expect(fast).not.toBeNull();
  expect(fast).toEqual(parse(text, { columns: true, skip_empty_lines: true, bom: true }));
});
