import { jsonTerminalSafe } from '../model/text.js';

/** Plain-text table for terminals: columns padded to their widest cell. */
export function formatTable(columns: readonly string[], rows: readonly (readonly unknown[])[]): string {
  const cells = [columns.map(String), ...rows.map((r) => r.map((c) => (c === null || c === undefined ? '—' : String(c))))];
  const widths = columns.map((_, i) => Math.max(...cells.map((r) => (r[i] ?? '').length)));
  return cells
    .map((r) => r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i]))).join('  ').trimEnd())
    .join('\n');
}

export function printJson(value: unknown): void {
  // JSON escapes C0 controls itself; C1 and bidi controls are escaped too, so stored names stay inert on a terminal.
  process.stdout.write(jsonTerminalSafe(JSON.stringify(value, null, 2)) + '\n');
}
