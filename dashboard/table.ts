import { toCsv } from '../src/util/csv.js';
import { queryString, type Filters } from './filters.js';
import { html, join, type SafeHtml } from './html.js';

/**
 * One table model per dashboard table: the HTML table, its CSV download and its sorting come from the same
 * rows, so what a manager downloads is what they saw (minus the paging).
 */
export type Cell = string | number | null | undefined;

export interface Column<R> {
  key: string;
  label: string;
  /** Right-aligned, sorted numerically. */
  numeric?: boolean;
  /** The raw value, for sorting and CSV (defaults to row[key]). */
  value?: (row: R) => Cell;
  /** HTML for the cell (defaults to the escaped value). */
  render?: (row: R) => SafeHtml | Cell;
  /** In the CSV only (e.g. a URL already shown under the title on screen). */
  csvOnly?: boolean;
}

export interface Table<R = Record<string, unknown>> {
  id: string;
  title: string;
  columns: Column<R>[];
  rows: R[];
  /** Shown when there is no row. */
  empty?: string;
  /** Rows per HTML page; the CSV always has every row. */
  pageSize?: number;
  /** Where its CSV is served, when not /csv/<id>. */
  csvPath?: string;
}

export function cellValue<R>(column: Column<R>, row: R): Cell {
  return column.value ? column.value(row) : ((row as Record<string, unknown>)[column.key] as Cell);
}

/** Applies `sort=<id>:<column>:<dir>` when it names this table and one of its columns. */
export function sortRows<R>(table: Table<R>, filters: Filters): R[] {
  if (!filters.sort) return table.rows;
  const [id, key, dir] = filters.sort.split(':');
  const column = table.columns.find((c) => c.key === key);
  if (id !== table.id || !column) return table.rows;
  const sign = dir === 'desc' ? -1 : 1;
  const collator = new Intl.Collator('fr', { numeric: true, sensitivity: 'base' });
  return [...table.rows].sort((a, b) => {
    const x = cellValue(column, a);
    const y = cellValue(column, b);
    // Missing values sort last whatever the direction.
    if (x === null || x === undefined) return y === null || y === undefined ? 0 : 1;
    if (y === null || y === undefined) return -1;
    if (typeof x === 'number' && typeof y === 'number') return sign * (x - y);
    return sign * collator.compare(String(x), String(y));
  });
}

export function tableCsv<R>(table: Table<R>, filters: Filters): string {
  const labels = table.columns.map((c) => c.label);
  const rows = sortRows(table, filters).map((row) =>
    Object.fromEntries(table.columns.map((c) => [c.label, cellValue(c, row)])),
  );
  return toCsv(labels, rows);
}

function formatCell(value: Cell): string {
  if (value === null || value === undefined) return '—';
  if (typeof value === 'number') return Number.isInteger(value) ? value.toLocaleString('en-GB') : value.toLocaleString('en-GB', { maximumFractionDigits: 2 });
  return value;
}

/**
 * Renders the table with sort links in its headers and a CSV link: all plain links, so sorting, paging and
 * downloading work with JavaScript disabled. `path` is the page the links point back to.
 */
export function renderTable<R>(table: Table<R>, filters: Filters, path: string): SafeHtml {
  const rows = sortRows(table, filters);
  const [sortedId, sortedKey, sortedDir] = (filters.sort ?? '::').split(':');
  const pageSize = table.pageSize ?? Infinity;
  const offset = Math.min(filters.offset ?? 0, Math.max(0, rows.length - 1));
  const shown = Number.isFinite(pageSize) ? rows.slice(offset, offset + pageSize) : rows;
  const columns = table.columns.filter((c) => !c.csvOnly);
  const head = columns.map((c) => {
    const active = sortedId === table.id && sortedKey === c.key;
    const nextDir = active && sortedDir === 'asc' ? 'desc' : 'asc';
    const href = path + queryString(filters, { sort: `${table.id}:${c.key}:${nextDir}`, offset: undefined });
    const aria = active ? (sortedDir === 'asc' ? 'ascending' : 'descending') : undefined;
    return html`<th scope="col"${c.numeric ? html` class="n"` : ''}${aria ? html` aria-sort="${aria}"` : ''}><a href="${href}">${c.label}</a></th>`;
  });
  const body = shown.map(
    (row) =>
      html`<tr>${columns.map((c) => {
        const content = c.render ? c.render(row) : formatCell(cellValue(c, row));
        return html`<td${c.numeric ? html` class="n"` : ''}>${typeof content === 'number' ? formatCell(content) : content}</td>`;
      })}</tr>`,
  );
  const csvHref = (table.csvPath ?? `/csv/${table.id}`) + queryString(filters, { offset: undefined });
  const pager = Number.isFinite(pageSize) && rows.length > pageSize ? renderPager(rows.length, offset, pageSize, filters, path) : '';
  return html`<section class="t" id="${table.id}"><h3>${table.title}</h3>
<p class="tools"><a href="${csvHref}" download>CSV</a> <span>${rows.length} rows</span></p>
${rows.length === 0 ? html`<p class="empty">${table.empty ?? 'No data for this selection.'}</p>` : html`<div class="scroll"><table><thead><tr>${head}</tr></thead><tbody>${join(body, '\n')}</tbody></table></div>${pager}`}
</section>`;
}

function renderPager(total: number, offset: number, pageSize: number, filters: Filters, path: string): SafeHtml {
  const link = (label: string, to: number) => html`<a href="${path + queryString(filters, { offset: to || undefined })}">${label}</a>`;
  const last = Math.floor((total - 1) / pageSize) * pageSize;
  return html`<nav class="pager" aria-label="pages">${offset > 0 ? link('← previous', Math.max(0, offset - pageSize)) : ''}
<span>${offset + 1}–${Math.min(total, offset + pageSize)} of ${total}</span>
${offset < last ? link('next →', offset + pageSize) : ''}</nav>`;
}
