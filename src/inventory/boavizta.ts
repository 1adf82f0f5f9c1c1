/**
 * Manufacturer + model look-up in the Boavizta footprint dataset
 * (Boavizta – environmental-footprint-data, ODbL 1.0; copy and notice in src/inventory/data/).
 *
 * Matching, in order (all case-, accent- and punctuation-insensitive):
 *   1. the manufacturer, reduced to the dataset's name ("Dell Inc." → dell, "Hewlett-Packard" → hp);
 *   2. the model key equals a dataset name key (generic words like "Monitor", "Notebook PC" and a repeated
 *      manufacturer name are dropped from both), or
 *   3. the model key is a whole-word prefix of dataset name keys ("OptiPlex 7090" → "OptiPlex 7090 Tower",
 *      "… Micro"); the mean over those rows is taken. A prefix must hold a digit, so "Latitude" alone matches nothing.
 * Rows without gwp_use_ratio cannot give an embodied figure and are left out.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import type { BoaviztaLookup, BoaviztaMatch } from '../scoring/lifecycle.js';
import { projectRoot } from '../version.js';

export const BOAVIZTA_ATTRIBUTION = 'Boavizta – environmental-footprint-data, ODbL 1.0';

export function boaviztaCsvPath(): string {
  return join(projectRoot(), 'src', 'inventory', 'data', 'boavizta-data-us.csv');
}

interface Row {
  manufacturer: string;
  name: string;
  embodiedKg: number;
  yearlyKwh: number | null;
}

const MANUFACTURER_ALIASES: Record<string, string> = {
  hewlett: 'hp',
  hewlettpackard: 'hp',
  hpe: 'hp',
  asustek: 'asus',
};
const GENERIC_WORDS = new Set(['monitor', 'display', 'notebook', 'pc', 'laptop', 'desktop', 'computer', 'series']);

function fold(text: string): string {
  return text.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase();
}

export function manufacturerKey(raw: string | null | undefined): string {
  if (!raw) return '';
  const first = fold(raw).replace(/[^a-z0-9 ]+/g, ' ').trim().split(/\s+/)[0] ?? '';
  const joined = fold(raw).replace(/[^a-z0-9]+/g, '');
  return MANUFACTURER_ALIASES[joined] ?? MANUFACTURER_ALIASES[first] ?? first;
}

export function modelKey(raw: string | null | undefined, manufacturer: string): string {
  if (!raw) return '';
  const words = fold(raw).replace(/[^a-z0-9]+/g, ' ').trim().split(/\s+/).filter((w) => w && !GENERIC_WORDS.has(w));
  if (words[0] === manufacturer) words.shift();
  return words.join(' ');
}

export class BoaviztaIndex implements BoaviztaLookup {
  private readonly exact = new Map<string, Row[]>();
  private readonly prefix = new Map<string, Row[]>();
  private readonly memo = new Map<string, BoaviztaMatch | null>();
  readonly rowCount: number;

  constructor(rows: Row[]) {
    this.rowCount = rows.length;
    for (const row of rows) {
      const m = manufacturerKey(row.manufacturer);
      const key = modelKey(row.name, m);
      if (!key) continue;
      push(this.exact, `${m}|${key}`, row);
      const words = key.split(' ');
      for (let n = 1; n < words.length; n++) {
        const p = words.slice(0, n).join(' ');
        if (/\d/.test(p)) push(this.prefix, `${m}|${p}`, row);
      }
    }
  }

  static fromCsv(text: string): BoaviztaIndex {
    const records = parse(text, { columns: true, skip_empty_lines: true, bom: true }) as Record<string, string>[];
    const rows: Row[] = [];
    for (const r of records) {
      const total = Number(r.gwp_total);
      const useRatio = r.gwp_use_ratio === '' ? NaN : Number(r.gwp_use_ratio);
      if (!Number.isFinite(total) || !Number.isFinite(useRatio)) continue;
      const tec = r.yearly_tec === '' ? NaN : Number(r.yearly_tec);
      rows.push({
        manufacturer: r.manufacturer,
        name: r.name,
        embodiedKg: total * (1 - useRatio),
        yearlyKwh: Number.isFinite(tec) ? tec : null,
      });
    }
    return new BoaviztaIndex(rows);
  }

  match(manufacturer: string | null | undefined, model: string | null | undefined): BoaviztaMatch | null {
    // Memo on the raw strings: a fleet repeats a few hundred models many times.
    const rawKey = `${manufacturer ?? ''}\u0000${model ?? ''}`;
    const cached = this.memo.get(rawKey);
    if (cached !== undefined) return cached;
    const m = manufacturerKey(manufacturer);
    const key = modelKey(model, m);
    const lookup = `${m}|${key}`;
    const rows = m && key ? (this.exact.get(lookup) ?? (/\d/.test(key) ? this.prefix.get(lookup) : undefined)) : undefined;
    const result = rows ? summarise(rows) : null;
    if (this.memo.size < 100_000) this.memo.set(rawKey, result);
    return result;
  }
}

function push(map: Map<string, Row[]>, key: string, row: Row): void {
  const list = map.get(key);
  if (list) list.push(row);
  else map.set(key, [row]);
}

function summarise(rows: Row[]): BoaviztaMatch {
  const embodiedKg = rows.reduce((s, r) => s + r.embodiedKg, 0) / rows.length;
  const withKwh = rows.filter((r) => r.yearlyKwh !== null);
  const yearlyKwh = withKwh.length ? withKwh.reduce((s, r) => s + (r.yearlyKwh as number), 0) / withKwh.length : null;
  return { embodiedKg, yearlyKwh, matchedNames: rows.map((r) => r.name).join(' | ') };
}

let shared: BoaviztaIndex | undefined;
/** The bundled dataset, parsed once per process. */
export function loadBoavizta(): BoaviztaIndex {
  shared ??= BoaviztaIndex.fromCsv(readFileSync(boaviztaCsvPath(), 'utf8'));
  return shared;
}
