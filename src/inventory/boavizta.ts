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
 *      A longer variant is not averaged in: a row whose name is another matching row's name with words added
 *      ("Wyse 5070 Extended Thin Client" beside "Wyse 5070 Thin Client") is left out of a prefix match;
 *   4. failing both, the same again with French generic words dropped from the model ("Écran P2422H" → "P2422H").
 * A row without gwp_use_ratio cannot give an embodied figure but still gives its yearly_tec (kWh) to the use phase.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { wellFormedRecords } from './import/decode.js';
import type { BoaviztaLookup, BoaviztaMatch, MatchQuality } from '../scoring/lifecycle.js';
import { projectRoot } from '../util/project-root.js';

export const BOAVIZTA_ATTRIBUTION = 'Boavizta – environmental-footprint-data, ODbL 1.0';

export function boaviztaCsvPath(): string {
  return join(projectRoot(), 'src', 'inventory', 'data', 'boavizta-data-us.csv');
}

interface Row {
  manufacturer: string;
  name: string;
  /** null when the row has no gwp_use_ratio (or no gwp_total). */
  embodiedKg: number | null;
  yearlyKwh: number | null;
}

const MANUFACTURER_ALIASES: Record<string, string> = {
  hewlett: 'hp',
  hewlettpackard: 'hp',
  hpe: 'hp',
  asustek: 'asus',
};
const GENERIC_WORDS = new Set(['monitor', 'display', 'notebook', 'pc', 'laptop', 'desktop', 'computer', 'series']);
/** Words French inventories put before a model ("Écran P2422H", "PC portable …", "Unité centrale …"), accents folded. */
const FRENCH_GENERIC_WORDS = new Set([
  'ecran', 'moniteur', 'ordinateur', 'portable', 'pc', 'tour', 'unite', 'centrale', 'fixe', 'poste', 'travail', 'de',
  'station', 'client', 'leger', 'imprimante', 'serveur', 'tablette', 'telephone', 'mobile', 'bureau',
]);

function fold(text: string): string {
  return text.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase();
}

export function manufacturerKey(raw: string | null | undefined): string {
  if (!raw) return '';
  const first = fold(raw).replace(/[^a-z0-9 ]+/g, ' ').trim().split(/\s+/)[0] ?? '';
  const joined = fold(raw).replace(/[^a-z0-9]+/g, '');
  return MANUFACTURER_ALIASES[joined] ?? MANUFACTURER_ALIASES[first] ?? first;
}

export function modelKey(raw: string | null | undefined, manufacturer: string, dropFrench = false): string {
  if (!raw) return '';
  const words = fold(raw)
    .replace(/[^a-z0-9]+/g, ' ')
    .trim()
    .split(/\s+/)
    .filter((w) => w && !GENERIC_WORDS.has(w) && !(dropFrench && FRENCH_GENERIC_WORDS.has(w)));
  // A repeated manufacturer name is dropped wherever the generic words left it ("Écran Dell P2422H").
  if (words[0] === manufacturer) words.shift();
  return words.join(' ');
}

/** True when every word of `shorter` appears in `longer`, in order, and `longer` has more words. */
function isVariantOf(longer: string[], shorter: string[]): boolean {
  if (longer.length <= shorter.length) return false;
  let i = 0;
  for (const w of longer) if (i < shorter.length && w === shorter[i]) i++;
  return i === shorter.length;
}

export class BoaviztaIndex implements BoaviztaLookup {
  private readonly exact = new Map<string, Row[]>();
  private readonly prefix = new Map<string, Row[]>();
  private readonly memo = new Map<string, BoaviztaMatch | null>();
  private readonly keyOf = new Map<Row, string[]>();
  readonly rowCount: number;

  constructor(rows: Row[]) {
    this.rowCount = rows.length;
    for (const row of rows) {
      const m = manufacturerKey(row.manufacturer);
      const key = modelKey(row.name, m);
      if (!key) continue;
      push(this.exact, `${m}|${key}`, row);
      const words = key.split(' ');
      this.keyOf.set(row, words);
      for (let n = 1; n < words.length; n++) {
        const p = words.slice(0, n).join(' ');
        if (/\d/.test(p)) push(this.prefix, `${m}|${p}`, row);
      }
    }
  }

  static fromCsv(text: string): BoaviztaIndex {
    const records = wellFormedObjects(text) ?? (parse(text, { columns: true, skip_empty_lines: true, bom: true }) as Record<string, string>[]);
    const rows: Row[] = [];
    for (const r of records) {
      const total = r.gwp_total === '' ? NaN : Number(r.gwp_total);
      const useRatio = r.gwp_use_ratio === '' ? NaN : Number(r.gwp_use_ratio);
      const tec = r.yearly_tec === '' ? NaN : Number(r.yearly_tec);
      const embodiedKg = Number.isFinite(total) && Number.isFinite(useRatio) ? total * (1 - useRatio) : null;
      const yearlyKwh = Number.isFinite(tec) ? tec : null;
      // A row with neither figure has nothing to give.
      if (embodiedKg === null && yearlyKwh === null) continue;
      rows.push({ manufacturer: r.manufacturer, name: r.name, embodiedKg, yearlyKwh });
    }
    return new BoaviztaIndex(rows);
  }

  match(manufacturer: string | null | undefined, model: string | null | undefined): BoaviztaMatch | null {
    // Memo on the raw strings: a fleet repeats a few hundred models many times.
    const rawKey = `${manufacturer ?? ''}\u0000${model ?? ''}`;
    const cached = this.memo.get(rawKey);
    if (cached !== undefined) return cached;
    const m = manufacturerKey(manufacturer);
    let result: BoaviztaMatch | null = null;
    if (m) {
      const key = modelKey(model, m);
      const french = modelKey(model, m, true);
      result = this.find(m, key, 'exact', 'prefix');
      if (!result && french !== key) result = this.find(m, french, 'generic-words-removed', 'generic-words-removed');
    }
    if (this.memo.size < 100_000) this.memo.set(rawKey, result);
    return result;
  }

  private find(m: string, key: string, exactQuality: MatchQuality, prefixQuality: MatchQuality): BoaviztaMatch | null {
    if (!key) return null;
    const exact = this.exact.get(`${m}|${key}`);
    if (exact) return summarise(exact, exactQuality);
    const prefixed = /\d/.test(key) ? this.prefix.get(`${m}|${key}`) : undefined;
    if (!prefixed) return null;
    const words = (row: Row) => this.keyOf.get(row) ?? [];
    const bases = prefixed.filter((row) => !prefixed.some((other) => isVariantOf(words(row), words(other))));
    return summarise(bases, prefixQuality);
  }
}

function push(map: Map<string, Row[]>, key: string, row: Row): void {
  const list = map.get(key);
  if (list) list.push(row);
  else map.set(key, [row]);
}

/** Mean of each figure over the rows that have it (docs/lifecycle.md says why the mean here). */
function summarise(rows: Row[], quality: MatchQuality): BoaviztaMatch {
  const mean = (values: number[]) => (values.length ? values.reduce((s, v) => s + v, 0) / values.length : null);
  const embodiedKg = mean(rows.flatMap((r) => (r.embodiedKg === null ? [] : [r.embodiedKg])));
  const yearlyKwh = mean(rows.flatMap((r) => (r.yearlyKwh === null ? [] : [r.yearlyKwh])));
  return { embodiedKg, yearlyKwh, matchedNames: rows.map((r) => r.name).join(' | '), quality };
}

let shared: BoaviztaIndex | undefined;
/** The bundled dataset, parsed once per process. */
export function loadBoavizta(): BoaviztaIndex {
  shared ??= BoaviztaIndex.fromCsv(readFileSync(boaviztaCsvPath(), 'utf8'));
  return shared;
}

/**
 * The dataset's rows as csv-parse's `columns: true, skip_empty_lines: true, bom: true` gives them, through the fast
 * reader of well-formed CSV (every command that saves a device loads the dataset: about a tenth of a small import's
 * time went to csv-parse here); null when the text needs csv-parse (not well-formed, or a row of another width).
 */
export function wellFormedObjects(text: string): Record<string, string>[] | null {
  const records = wellFormedRecords(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text, ',');
  if (!records || records.length === 0) return null;
  const [header, ...rows] = records;
  const objects: Record<string, string>[] = [];
  for (const r of rows) {
    if (r.length === 1 && r[0] === '') continue;
    if (r.length !== header.length) return null;
    const o: Record<string, string> = {};
    for (let i = 0; i < header.length; i++) o[header[i]] = r[i];
    objects.push(o);
  }
  return objects;
}
