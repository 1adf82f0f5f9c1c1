/**
 * Issue 17.3/17.4: Boavizta matching keeps every fact the dataset gives and reads French model names.
 * Expected values are recomputed here from the bundled CSV with this file's own small parser (quoted fields).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadBoavizta } from '../../src/inventory/boavizta.js';
import { deviceLifecycle } from '../../src/scoring/lifecycle.js';

function parseCsv(text: string): Record<string, string>[] {
  const lines: string[][] = [];
  let field = '';
  let row: string[] = [];
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') { field += '"'; i++; }
      else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') { row.push(field); field = ''; }
    else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      row.push(field); field = '';
      if (row.some((f) => f !== '')) lines.push(row);
      row = [];
    } else field += c;
  }
  if (field !== '' || row.length) { row.push(field); lines.push(row); }
  const [header, ...rest] = lines;
  return rest.map((r) => Object.fromEntries(header.map((h, i) => [h.replace(/^\uFEFF/, ''), r[i] ?? ''])));
}

const rows = parseCsv(readFileSync(join(process.cwd(), 'src/inventory/data/boavizta-data-us.csv'), 'utf8'));
function row(manufacturer: string, name: string): Record<string, string> {
  const found = rows.filter((r) => r.manufacturer === manufacturer && r.name === name);
  expect(found).toHaveLength(1);
  return found[0];
}
const embodied = (r: Record<string, string>) => Number(r.gwp_total) * (1 - Number(r.gwp_use_ratio));
const boavizta = loadBoavizta();

describe('Boavizta rows without gwp_use_ratio (17.3)', () => {
  test('OptiPlex 5090 Tower keeps its yearly_tec; the embodied figure falls back to the type default', () => {
    const tower = row('Dell', 'OptiPlex 5090 Tower');
    expect(tower.gwp_use_ratio).toBe('');
    const match = boavizta.match('Dell Inc.', 'OptiPlex 5090 Tower');
    expect(match).not.toBeNull();
    expect(match!.yearlyKwh).toBeCloseTo(Number(tower.yearly_tec), 9);
    expect(Number(tower.yearly_tec)).toBeCloseTo(103.95, 9);
    expect(match!.embodiedKg).toBeNull();
    expect(match!.quality).toBe('exact');
    const lc = deviceLifecycle({ type: 'desktop', manufacturer: 'Dell', model: 'OptiPlex 5090 Tower' } as never, boavizta);
    expect(lc.kwhSource).toBe('boavizta');
    expect(lc.yearlyKwh).toBeCloseTo(103.95, 9);
    expect(lc.embodiedSource).toBe('type-default');
  });

  test('a prefix match takes embodied only from rows with the ratio, kWh from every row', () => {
    const names = ['OptiPlex 5090 Micro Form Factor', 'OptiPlex 5090 Small Form Factor', 'OptiPlex 5090 Tower'];
    const all = names.map((n) => row('Dell', n));
    const withRatio = all.filter((r) => r.gwp_use_ratio !== '');
    expect(withRatio).toHaveLength(2);
    const match = boavizta.match('Dell', 'OptiPlex 5090');
    expect(match!.quality).toBe('prefix');
    expect(match!.embodiedKg).toBeCloseTo(withRatio.reduce((s, r) => s + embodied(r), 0) / withRatio.length, 9);
    expect(match!.yearlyKwh).toBeCloseTo(all.reduce((s, r) => s + Number(r.yearly_tec), 0) / all.length, 9);
  });
});

describe('French model names and variants (17.4)', () => {
  const p2422h = () => embodied(row('Dell', 'P2422H Monitor'));
  test.each(['Écran P2422H', 'Ecran P2422H', 'Moniteur Dell P2422H', 'ÉCRAN  p2422h'])('%s finds the Dell P2422H Monitor row', (model) => {
    const match = boavizta.match('Dell', model);
    expect(match).not.toBeNull();
    expect(match!.matchedNames).toBe('P2422H Monitor');
    expect(match!.embodiedKg).toBeCloseTo(p2422h(), 9);
    expect(Math.round(p2422h() * 10) / 10).toBe(369.9);
    expect(match!.quality).toBe('generic-words-removed');
  });

  test('"P2422H" alone is an exact match with the same figure', () => {
    const match = boavizta.match('Dell', 'P2422H');
    expect(match!.quality).toBe('exact');
    expect(match!.embodiedKg).toBeCloseTo(p2422h(), 9);
  });

  test.each([
    ['Ordinateur portable Latitude 5420'],
    ['PC portable Latitude 5420'],
    ['Unité centrale Latitude 5420'],
    ['Tour Latitude 5420'],
  ])('%s is read without its generic words', (model) => {
    const direct = boavizta.match('Dell', 'Latitude 5420');
    expect(direct).not.toBeNull();
    const match = boavizta.match('Dell', model);
    expect(match!.matchedNames).toBe(direct!.matchedNames);
    expect(match!.quality).toBe('generic-words-removed');
  });

  test('Wyse 5070: the Extended variant is not averaged into the base model, and the reverse', () => {
    const base = row('Dell', 'Wyse 5070 Thin Client');
    const extended = row('Dell', 'Wyse 5070 Extended Thin Client');
    const short = boavizta.match('Dell', 'Wyse 5070');
    expect(short!.matchedNames).toBe('Wyse 5070 Thin Client');
    expect(short!.embodiedKg).toBeCloseTo(embodied(base), 9);
    expect(short!.yearlyKwh).toBeCloseTo(Number(base.yearly_tec), 9);
    const full = boavizta.match('Dell', 'Wyse 5070 Extended Thin Client');
    expect(full!.matchedNames).toBe('Wyse 5070 Extended Thin Client');
    expect(full!.embodiedKg).toBeCloseTo(embodied(extended), 9);
    expect(boavizta.match('Dell', 'Wyse 5070 Extended')!.matchedNames).toBe('Wyse 5070 Extended Thin Client');
  });

  test('form factors of one model are still averaged (none is a variant of another)', () => {
    const match = boavizta.match('Dell', 'OptiPlex 5090');
    expect(match!.matchedNames.split(' | ').sort()).toEqual(
      ['OptiPlex 5090 Micro Form Factor', 'OptiPlex 5090 Small Form Factor', 'OptiPlex 5090 Tower'],
    );
  });

  test('an unknown model still matches nothing', () => {
    expect(boavizta.match('Dell', 'Écran Inconnu 9999')).toBeNull();
  });
});
