import type { Figure, Lang, Report, Section, Table } from '../model.js';
import { esc } from './escape.js';
import { htmlPage } from './html-page.js';
import { formatCell, formatNumber, formatShare } from './format.js';
import { renderChart } from './svg.js';
import { gradeBackgroundCss } from '../../src/model/grade-colours.js';

/**
 * One self-contained HTML file: inline CSS, inline SVG charts, no script, no font, no image, no link to fetch.
 * The Content-Security-Policy meta forbids any load, so even a value that slipped past escaping could not fetch.
 * Every stored value goes through esc().
 */

const CSS = `
:root { color-scheme: light; }
* { box-sizing: border-box; }
body { font-family: system-ui, "DejaVu Sans", Arial, sans-serif; color: #18181b; background: #fff; margin: 0 auto; max-width: 1100px; padding: 1.5rem; line-height: 1.45; font-size: 15px; }
h1 { font-size: 1.8rem; margin: 0 0 .25rem; }
h2 { font-size: 1.4rem; border-bottom: 3px solid #1d4ed8; padding-bottom: .2rem; margin-top: 2.5rem; }
h3 { font-size: 1.1rem; margin: 1.5rem 0 .5rem; }
.meta { color: #3f3f46; font-size: .9rem; }
nav.toc ol { columns: 2; list-style: none; padding-left: 0; }
nav.toc a { color: #1e40af; }
.figures { display: grid; grid-template-columns: repeat(auto-fill, minmax(190px, 1fr)); gap: .6rem; margin: 1rem 0; }
.figure { border: 1px solid #d4d4d8; border-radius: 6px; padding: .6rem .8rem; break-inside: avoid; }
.figure .label { font-size: .85rem; color: #3f3f46; }
.figure .value { font-size: 1.35rem; font-weight: 700; }
.figure .delta { font-size: .85rem; }
.better { color: #166534; } .worse { color: #991b1b; } .same { color: #3f3f46; }
.notice { border-left: 4px solid #b45309; background: #fffbeb; padding: .5rem .8rem; margin: .6rem 0; }
table { border-collapse: collapse; width: 100%; margin: .5rem 0 1rem; font-size: .85rem; }
caption { text-align: left; font-weight: 700; padding: .3rem 0; }
th, td { border: 1px solid #d4d4d8; padding: .25rem .4rem; vertical-align: top; text-align: left; }
thead th { background: #f4f4f5; }
td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
td.url, td.text { overflow-wrap: anywhere; }
.grade { display: inline-block; min-width: 1.6em; text-align: center; color: #fff; font-weight: 700; border-radius: 3px; }
${gradeBackgroundCss('.grade-')}
figure.chart { margin: 1rem 0; break-inside: avoid; max-width: 760px; }
figure.chart figcaption { font-size: .85rem; color: #3f3f46; }
.legend { list-style: none; padding: 0; display: flex; flex-wrap: wrap; gap: .8rem; font-size: .85rem; }
.swatch { display: inline-block; width: .9em; height: .9em; margin-right: .3em; vertical-align: -.1em; }
.more { font-size: .85rem; color: #3f3f46; }
footer { margin-top: 3rem; font-size: .8rem; color: #3f3f46; }
@page { size: A4; margin: 16mm 12mm 18mm; }
@media print {
  body { max-width: none; padding: 0; font-size: 10pt; }
  table { font-size: 7.5pt; }
  th, td { padding: 1px 3px; }
  section.report-section { break-before: page; }
  h2, h3, caption { break-after: avoid; }
  tr, .figure { break-inside: avoid; }
  thead { display: table-header-group; }
  nav.toc ol { columns: 1; }
  a { color: inherit; text-decoration: none; }
}
`;

function deltaText(f: Figure, lang: Lang): string {
  if (f.delta === null || f.delta === undefined || f.previous === null || f.previous === undefined) return '';
  const d = f.delta;
  const shown = f.kind === 'share' ? `${formatNumber(d * 100, 1, lang)} pt` : formatNumber(d, f.digits, lang);
  const sign = d > 0 ? '+' : '';
  const cls = d === 0 ? 'same' : (d > 0) === (f.better === 'higher') ? 'better' : 'worse';
  const word = d === 0 ? (lang === 'fr' ? 'stable' : 'unchanged') : cls === 'better' ? (lang === 'fr' ? 'amélioration' : 'improvement') : lang === 'fr' ? 'dégradation' : 'deterioration';
  const prev = f.kind === 'share' ? formatShare(f.previous, 1, lang) : formatNumber(f.previous, f.digits, lang);
  return `<div class="delta ${cls}">${esc(`${sign}${shown}`)} (${esc(word)}; ${esc(lang === 'fr' ? 'avant' : 'before')} ${esc(prev)})</div>`;
}

function figureHtml(f: Figure, lang: Lang): string {
  const value = f.text ?? (f.value === null ? '—' : f.kind === 'share' ? formatShare(f.value, f.digits || 1, lang) : formatNumber(f.value, f.digits, lang));
  const unit = f.kind === 'share' || f.text ? '' : f.unit;
  return `<div class="figure"><div class="label">${esc(f.label)}</div><div class="value">${esc(value)}${unit ? ` <small>${esc(unit)}</small>` : ''}</div>${deltaText(f, lang)}${f.source ? `<div class="label">${esc(f.source)}</div>` : ''}</div>`;
}

function tableHtml(table: Table, lang: Lang): string {
  const shown = table.displayLimit ? table.rows.slice(0, table.displayLimit) : table.rows;
  const head = table.columns.map((c) => `<th scope="col">${esc(c.label)}${c.unit ? ` <small>(${esc(c.unit)})</small>` : ''}</th>`).join('');
  const body = shown
    .map((row) => {
      const cells = table.columns.map((c, i) => {
        const v = row[c.key];
        const text = formatCell(v, c, lang);
        const content = c.kind === 'grade' && typeof v === 'string' && /^[A-G]$/.test(v) ? `<span class="grade grade-${v}">${esc(v)}</span>` : esc(text);
        const cls = c.kind === 'number' || c.kind === 'share' ? 'num' : c.kind === 'url' ? 'url' : 'text';
        return i === 0 ? `<th scope="row" class="${cls}">${content}</th>` : `<td class="${cls}">${content}</td>`;
      });
      return `<tr>${cells.join('')}</tr>`;
    })
    .join('\n');
  const more = shown.length < table.rows.length
    ? `<p class="more">${esc(lang === 'fr' ? `${table.rows.length - shown.length} lignes de plus dans le fichier CSV « ${table.id}.csv ».` : `${table.rows.length - shown.length} more rows in the CSV file "${table.id}.csv".`)}</p>`
    : '';
  const empty = table.rows.length ? '' : `<p class="more">${esc(lang === 'fr' ? 'Aucune ligne.' : 'No rows.')}</p>`;
  return `<div class="table-wrap" id="table-${esc(table.id)}"><table><caption>${esc(table.caption)}</caption><thead><tr>${head}</tr></thead><tbody>${body}</tbody></table>${more}${empty}${table.note ? `<p class="more">${esc(table.note)}</p>` : ''}</div>`;
}

function sectionHtml(s: Section, lang: Lang): string {
  const parts = [`<section class="report-section" id="section-${esc(s.id)}" aria-labelledby="h-${esc(s.id)}">`, `<h2 id="h-${esc(s.id)}">${esc(`${s.number}. ${s.title}`)}</h2>`];
  if (s.intro) parts.push(`<p>${esc(s.intro)}</p>`);
  for (const n of s.notices) parts.push(`<p class="notice" role="note">${esc(n)}</p>`);
  if (s.figures.length) parts.push(`<div class="figures">${s.figures.map((f) => figureHtml(f, lang)).join('')}</div>`);
  if (s.items?.length) parts.push(`<ol class="items">${s.items.map((i) => `<li>${esc(i)}</li>`).join('')}</ol>`);
  for (const c of s.charts) parts.push(renderChart(c, lang));
  for (const t of s.tables) if (t.display !== false) parts.push(tableHtml(t, lang));
  parts.push('</section>');
  return parts.join('\n');
}

export function renderHtml(report: Report): string {
  const { meta } = report;
  const lang = meta.lang;
  const fr = lang === 'fr';
  const scope = [
    meta.scope.siteCodes.length ? `${fr ? 'sites' : 'sites'} ${meta.scope.siteCodes.join(', ')}` : fr ? 'tous les sites' : 'every site',
    meta.scope.period ? `${fr ? 'période' : 'period'} ${meta.scope.period.from} → ${meta.scope.period.to}` : fr ? 'toutes les dates' : 'all dates',
    meta.scope.compare ? `${fr ? 'comparée à' : 'compared with'} ${meta.scope.compare.from} → ${meta.scope.compare.to}` : '',
  ].filter(Boolean).join(' · ');
  const toc = report.sections.map((s) => `<li><a href="#section-${esc(s.id)}">${esc(`${s.number}. ${s.title}`)}</a></li>`).join('');
  const body = `<header>
<h1>${esc(meta.title)}</h1>
<p class="meta">${esc(scope)}</p>
<p class="meta">${esc(fr ? 'Généré le' : 'Generated on')} ${esc(meta.generatedAt)} · numresp ${esc(meta.toolVersion)} · ${esc(fr ? 'base' : 'database')} ${esc(meta.databaseFile)} (SHA-256 ${esc(meta.databaseSha256)})</p>
</header>
<nav class="toc" aria-labelledby="toc-title"><h2 id="toc-title" class="toc-title">${esc(fr ? 'Sommaire' : 'Contents')}</h2><ol>${toc}</ol></nav>
<main>
${report.sections.map((s) => sectionHtml(s, lang)).join('\n')}
</main>
<footer><p>${esc(fr ? 'Rapport produit par numresp à partir de sa base de mesures ; chaque chiffre renvoie à sa méthode et à sa source (section « Méthode et sources »).' : 'Report produced by numresp from its measurement store; every figure points to its method and source (section "Method and sources").')}</p></footer>`;
  return htmlPage({ lang, title: meta.title, css: CSS, body });
}
