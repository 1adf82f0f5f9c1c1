import { esc } from '../../reports/render/escape.js';
import { formatCell } from '../../reports/render/format.js';
import { renderChart } from '../../reports/render/svg.js';
import { renderHtml } from '../../reports/render/html.js';
import { loadLabelAxes } from '../../reports/sections/label.js';
import { rgesnCriteria } from '../../src/rgesn/catalogue.js';
import type { Report } from '../../reports/model.js';

test('esc neutralises every HTML metacharacter', () => {
  expect(esc(`<a href="x" onclick='y'>&</a>`)).toBe('&lt;a href=&quot;x&quot; onclick=&#39;y&#39;&gt;&amp;&lt;/a&gt;');
  expect(esc(null)).toBe('');
});

test('cells are formatted per column kind and language', () => {
  expect(formatCell(0.283, { key: 'k', label: 'l', kind: 'share', digits: 1 }, 'en')).toBe('28.3 %');
  expect(formatCell(1234.5, { key: 'k', label: 'l', kind: 'number', digits: 1 }, 'en')).toBe('1,234.5');
  expect(formatCell('2026-02-01T10:00:00Z', { key: 'k', label: 'l', kind: 'date' }, 'fr')).toBe('2026-02-01');
  expect(formatCell('d3e', { key: 'k', label: 'l', kind: 'code', labels: { d3e: 'D3E' } }, 'fr')).toBe('D3E');
  expect(formatCell(null, { key: 'k', label: 'l', kind: 'text' }, 'fr')).toBe('—');
});

test('charts are accessible SVG and escape their labels', () => {
  const svg = renderChart(
    { id: 'c', kind: 'bar', title: 'T <b>', description: 'D <script>', categories: ['<img src=x>'], series: [{ name: 's', values: [3] }], unit: 'u' },
    'fr',
  );
  expect(svg).toMatch(/role="img"/);
  expect(svg).toContain('<title id="c-t">T &lt;b&gt;</title>');
  expect(svg).toContain('<desc id="c-d">D &lt;script&gt;</desc>');
  expect(svg).not.toMatch(/<img|<script|<b>/);
  expect(renderChart({ id: 'e', kind: 'line', title: 'E', description: 'none', categories: [], series: [], unit: 'u' }, 'en')).toContain('No data');
});

test('RGESN mappings split into criteria; NA gives none', () => {
  expect(rgesnCriteria('1.2 et 2.7')).toEqual(['1.2', '2.7']);
  expect(rgesnCriteria('3.1, 8.10')).toEqual(['3.1', '8.10']);
  expect(rgesnCriteria('NA')).toEqual([]);
  expect(rgesnCriteria(null)).toEqual([]);
});

test('label axes data: the 5 axes of the roadmap, in its order', () => {
  expect(loadLabelAxes().axes.map((a) => a.title.fr)).toEqual([
    'Stratégie et gouvernance',
    'Formation et communication',
    'Démarches transversales',
    'Démarches centrées usages',
    'Démarches centrées organisations',
  ]);
});

test('the page forbids every load through its CSP and carries no script', () => {
  const report: Report = {
    modelVersion: 1,
    meta: { title: 'x', lang: 'en', generatedAt: 'g', toolVersion: 't', schemaVersion: 1, databaseFile: 'f', databaseSha256: 's', scope: { siteCodes: [], period: null, compare: null } },
    sections: [{ id: 'a', number: 1, title: 'A', notices: ['<i>n</i>'], figures: [], charts: [], tables: [], data: {} }],
  };
  const html = renderHtml(report);
  expect(html).toContain(`content="default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'"`);
  expect(html).not.toMatch(/<script|<link|<img|src=|@import|url\(/i);
  expect(html).toContain('&lt;i&gt;n&lt;/i&gt;');
});

test('a figure shows its change with the direction that is an improvement', () => {
  const report: Report = {
    modelVersion: 1,
    meta: { title: 'x', lang: 'fr', generatedAt: 'g', toolVersion: 't', schemaVersion: 1, databaseFile: 'f', databaseSha256: 's', scope: { siteCodes: [], period: null, compare: null } },
    sections: [
      {
        id: 'a',
        number: 1,
        title: 'A',
        notices: [],
        figures: [
          { id: 'up', label: 'EcoIndex', value: 100, previous: 72, delta: 28, better: 'higher', unit: '/100', digits: 1, kind: 'number' },
          { id: 'down', label: 'F ou G', value: 0.25, previous: 0.1, delta: 0.15, better: 'lower', unit: '', digits: 1, kind: 'share' },
        ],
        charts: [],
        tables: [],
        data: {},
      },
    ],
  };
  const html = renderHtml(report);
  expect(html).toContain('<div class="delta better">+28,0 (amélioration; avant 72,0)</div>');
  expect(html).toContain('<div class="delta worse">+15,0 pt (dégradation; avant 10,0 %)</div>');
});
