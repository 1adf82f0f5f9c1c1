import { parseTable } from '../inventory/import/decode.js';
import { UserError } from '../model/errors.js';
import { unneutralise } from '../util/csv.js';

/**
 * Reading back an auditor's decision sheet (RWEB practices, RGESN criteria): one row a decision, headers in French or
 * English compared folded, `;` or `,`. A row without a status is left to fill in (skipped); a bad row is rejected with
 * its line and reason and the others are recorded; a row equal to the latest decision counts as unchanged.
 */

export interface ImportReport {
  file: string;
  delimiter: string;
  recorded: number;
  unchanged: number;
  /** Rows without a status (left to fill in). */
  skipped: number;
  rejected: Array<{ line: number; reason: string }>;
}

export interface DecisionSheet<F extends string, S> {
  /** Accepted header names per field, compared folded. */
  headers: Record<F, readonly string[]>;
  /** The column naming what is decided (practice id, criterion id), required with the status column. */
  idField: F;
  statusField: F;
  dateField: F;
  /** What the two required columns are called, for the error naming them. */
  requiredColumns: string;
  /** Status words, folded to letters only. */
  statusWords: Readonly<Record<string, S>>;
  /** The accepted status words, for the rejection reason. */
  statusChoices: string;
  /** Records one row's decision; a UserError rejects the row. */
  record(row: { cell(field: F): string; status: S; assessedAt: string | undefined }): { unchanged: boolean };
}

/** Header or status word without case, accents, spaces or punctuation. */
export function fold(s: string): string {
  return s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9°]+/g, ' ')
    .trim();
}

/** Reads the sheet and records its rows inside `inTransaction` (all or nothing on a bug; bad rows are only rejected). */
export function importDecisionSheet<F extends string, S>(
  bytes: Uint8Array,
  fileName: string,
  sheet: DecisionSheet<F, S>,
  inTransaction: (work: () => void) => void,
): ImportReport {
  const table = parseTable(bytes, fileName);
  const folded = table.header.map(fold);
  const fields = Object.keys(sheet.headers) as F[];
  const column = Object.fromEntries(fields.map((f) => [f, folded.findIndex((h) => sheet.headers[f].map(fold).includes(h))])) as Record<F, number>;
  if (column[sheet.idField] < 0 || column[sheet.statusField] < 0) {
    throw new UserError(`${fileName}: needs ${sheet.requiredColumns}; found ${table.header.join(', ')}`);
  }
  const report: ImportReport = { file: fileName, delimiter: table.delimiter, recorded: 0, unchanged: 0, skipped: 0, rejected: [] };
  inTransaction(() => {
    for (const { line, cells } of table.rows) {
      const cell = (f: F) => unneutralise(column[f] >= 0 ? (cells[column[f]] ?? '').trim() : '');
      const statusCell = cell(sheet.statusField);
      if (!statusCell) {
        report.skipped += 1;
        continue;
      }
      const status = sheet.statusWords[fold(statusCell).replace(/[^a-z]/g, '')];
      if (status === undefined) {
        report.rejected.push({ line, reason: `status "${statusCell}" is not one of ${sheet.statusChoices}` });
        continue;
      }
      const date = cell(sheet.dateField);
      const assessedAt = date ? (/^\d{4}-\d{2}-\d{2}$/.test(date) ? `${date}T00:00:00Z` : date) : undefined;
      try {
        if (sheet.record({ cell, status, assessedAt }).unchanged) report.unchanged += 1;
        else report.recorded += 1;
      } catch (err) {
        if (!(err instanceof UserError)) throw err;
        report.rejected.push({ line, reason: err.message });
      }
    }
  });
  return report;
}
