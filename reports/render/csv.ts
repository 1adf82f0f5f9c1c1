import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { toCsv } from '../../src/util/csv.js';
import type { Report } from '../model.js';

/**
 * One CSV file per table (every row, codes rather than display labels), named `<table id>.csv` (table ids are unique across the report).
 * Formula-like cells are neutralised by src/util/csv.ts. Returns the files written.
 */
export function writeCsv(report: Report, dir: string): string[] {
  mkdirSync(dir, { recursive: true });
  const files: string[] = [];
  for (const section of report.sections) {
    for (const table of section.tables) {
      const file = join(dir, `${table.id}.csv`);
      const keys = table.columns.map((c) => c.key);
      const header = table.columns.map((c) => (c.unit ? `${c.key} (${c.unit})` : c.key));
      const rows = table.rows.map((r) => Object.fromEntries(keys.map((k, i) => [header[i], r[k]])));
      // UTF-8 BOM so that spreadsheet software opens accents correctly.
      writeFileSync(file, '\uFEFF' + toCsv(header, rows));
      files.push(file);
    }
  }
  return files;
}
