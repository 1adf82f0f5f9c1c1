/**
 * CSV writing for exports. Cells that a spreadsheet would run as a formula (=, +, -, @, tab, CR at the start)
 * are neutralised with a leading apostrophe (OWASP "CSV injection"), since page titles and imported names are untrusted.
 */
export function csvCell(value: unknown): string {
  if (value === null || value === undefined) return '';
  let text = typeof value === 'object' ? JSON.stringify(value) : String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n;]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** `delimiter` ';' for files opened by French-locale spreadsheets (where ',' is the decimal separator). */
export function toCsv(columns: readonly string[], rows: Iterable<Record<string, unknown>>, delimiter: ',' | ';' = ','): string {
  const lines = [columns.map(csvCell).join(delimiter)];
  for (const row of rows) lines.push(columns.map((c) => csvCell(row[c])).join(delimiter));
  return lines.join('\r\n') + '\r\n';
}

/** Undoes csvCell's formula neutralisation (a leading apostrophe before = + - @ tab CR), so a round trip is lossless. */
export function unneutralise(cell: string): string {
  return cell.replace(/^'(?=[=+\-@\t\r])/, '');
}
