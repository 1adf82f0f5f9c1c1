import type { Chart, Lang } from '../model.js';
import { esc } from './escape.js';
import { formatNumber } from './format.js';

/**
 * Charts as inline SVG, drawn here so the report needs no script and no external file. Each chart carries role="img",
 * a <title> and a <desc> (the chart's description in words) for screen readers, and the figure below repeats the
 * data in a table elsewhere in the section.
 */

const PALETTE = ['#1d4ed8', '#b45309', '#047857', '#7c3aed', '#be123c', '#0e7490', '#4d7c0f', '#9f1239', '#334155', '#a16207'];
const W = 640;
const H = 260;
const M = { top: 16, right: 16, bottom: 64, left: 56 };

function niceMax(max: number): number {
  if (max <= 0) return 1;
  const p = 10 ** Math.floor(Math.log10(max));
  for (const m of [1, 2, 2.5, 5, 10]) if (m * p >= max) return m * p;
  return 10 * p;
}

function axis(maxValue: number, lang: Lang, plotH: number): string {
  const ticks = 4;
  let out = '';
  for (let i = 0; i <= ticks; i++) {
    const v = (maxValue * i) / ticks;
    const y = M.top + plotH - (plotH * i) / ticks;
    out += `<line x1="${M.left}" x2="${W - M.right}" y1="${y.toFixed(1)}" y2="${y.toFixed(1)}" stroke="#d4d4d8" stroke-width="1"/>`;
    out += `<text x="${M.left - 6}" y="${(y + 4).toFixed(1)}" text-anchor="end" font-size="11" fill="#3f3f46">${esc(formatNumber(v, v < 10 && maxValue <= 5 ? 1 : 0, lang))}</text>`;
  }
  return out;
}

function label(x: number, text: string, many: boolean): string {
  const max = many ? 18 : 22;
  const t = text.length > max ? text.slice(0, max - 1) + '…' : text;
  return many
    ? `<text transform="translate(${x.toFixed(1)},${H - M.bottom + 12}) rotate(35)" font-size="10" fill="#3f3f46">${esc(t)}</text>`
    : `<text x="${x.toFixed(1)}" y="${H - M.bottom + 16}" text-anchor="middle" font-size="11" fill="#3f3f46">${esc(t)}</text>`;
}

function legend(chart: Chart): string {
  if (chart.series.length < 2) return '';
  return `<ul class="legend">${chart.series
    .map((s, i) => `<li><span class="swatch" style="background:${esc(s.colour ?? PALETTE[i % PALETTE.length])}"></span>${esc(s.name)}</li>`)
    .join('')}</ul>`;
}

function bars(chart: Chart, lang: Lang, stacked: boolean): string {
  const plotW = W - M.left - M.right - (chart.categories.length > 8 ? 60 : 0);
  const plotH = H - M.top - M.bottom;
  const n = Math.max(chart.categories.length, 1);
  const totals = chart.categories.map((_, i) =>
    stacked ? chart.series.reduce((a, s) => a + (s.values[i] ?? 0), 0) : Math.max(0, ...chart.series.map((s) => s.values[i] ?? 0)),
  );
  const max = niceMax(Math.max(0, ...totals));
  const band = plotW / n;
  const groups = stacked ? 1 : chart.series.length;
  const barW = Math.max(2, (band * 0.7) / groups);
  let out = axis(max, lang, plotH);
  chart.categories.forEach((cat, i) => {
    let base = 0;
    chart.series.forEach((s, j) => {
      const v = s.values[i] ?? 0;
      const h = (plotH * v) / max;
      const x = M.left + band * i + band * 0.15 + (stacked ? 0 : j * barW);
      const y = M.top + plotH - h - (stacked ? (plotH * base) / max : 0);
      const colour = chart.categoryColours?.[i] ?? s.colour ?? PALETTE[j % PALETTE.length];
      out += `<rect x="${x.toFixed(1)}" y="${y.toFixed(1)}" width="${(stacked ? band * 0.7 : barW).toFixed(1)}" height="${h.toFixed(1)}" fill="${esc(colour)}"><title>${esc(`${cat} — ${s.name}: ${formatNumber(v, Number.isInteger(v) ? 0 : 1, lang)} ${chart.unit}`)}</title></rect>`;
      if (stacked) base += v;
    });
    if (!stacked && chart.series.length === 1) {
      const v = chart.series[0].values[i];
      if (v !== null && v !== undefined) {
        const y = M.top + plotH - (plotH * v) / max - 4;
        out += `<text x="${(M.left + band * i + band / 2).toFixed(1)}" y="${y.toFixed(1)}" text-anchor="middle" font-size="11" fill="#18181b">${esc(formatNumber(v, Number.isInteger(v) ? 0 : 1, lang))}</text>`;
      }
    }
    out += label(M.left + band * i + band / 2, cat, n > 8);
  });
  return out;
}

function line(chart: Chart, lang: Lang): string {
  // Rotated category labels run right of their point: keep room for the last one.
  const plotW = W - M.left - M.right - (chart.categories.length > 6 ? 80 : 0);
  const plotH = H - M.top - M.bottom;
  const n = chart.categories.length;
  const max = chart.unit === '/100' ? 100 : niceMax(Math.max(0, ...chart.series.flatMap((s) => s.values.map((v) => v ?? 0))));
  const x = (i: number) => M.left + (n <= 1 ? plotW / 2 : (plotW * i) / (n - 1));
  const y = (v: number) => M.top + plotH - (plotH * v) / max;
  let out = axis(max, lang, plotH);
  chart.series.forEach((s, j) => {
    const colour = s.colour ?? PALETTE[j % PALETTE.length];
    const points = s.values.map((v, i) => (v === null ? null : `${x(i).toFixed(1)},${y(v).toFixed(1)}`)).filter(Boolean);
    if (points.length > 1) out += `<polyline fill="none" stroke="${esc(colour)}" stroke-width="2" points="${points.join(' ')}"/>`;
    s.values.forEach((v, i) => {
      if (v === null) return;
      out += `<circle cx="${x(i).toFixed(1)}" cy="${y(v).toFixed(1)}" r="3.5" fill="${esc(colour)}"><title>${esc(`${chart.categories[i]}: ${formatNumber(v, 1, lang)}`)}</title></circle>`;
    });
  });
  chart.categories.forEach((c, i) => (out += label(x(i), c, n > 6)));
  return out;
}

/** Population-pyramid layout: one row per category, series 0 to the left, series 1 to the right. */
function pyramid(chart: Chart, lang: Lang): string {
  const rowH = 18;
  const height = M.top + rowH * chart.categories.length + 24;
  const mid = W / 2;
  const half = W / 2 - 70;
  const [left, right] = chart.series;
  const max = niceMax(Math.max(1, ...chart.series.flatMap((s) => s.values.map((v) => v ?? 0))));
  let out = '';
  chart.categories.forEach((cat, i) => {
    const yy = M.top + i * rowH;
    const lv = left?.values[i] ?? 0;
    const rv = right?.values[i] ?? 0;
    const lw = (half * lv) / max;
    const rw = (half * rv) / max;
    out += `<rect x="${(mid - 30 - lw).toFixed(1)}" y="${yy}" width="${lw.toFixed(1)}" height="${rowH - 4}" fill="${esc(left?.colour ?? PALETTE[0])}"><title>${esc(`${cat} — ${left?.name}: ${lv}`)}</title></rect>`;
    out += `<rect x="${mid + 30}" y="${yy}" width="${rw.toFixed(1)}" height="${rowH - 4}" fill="${esc(right?.colour ?? PALETTE[1])}"><title>${esc(`${cat} — ${right?.name}: ${rv}`)}</title></rect>`;
    out += `<text x="${mid}" y="${yy + 11}" text-anchor="middle" font-size="11" fill="#18181b">${esc(cat)}</text>`;
    out += `<text x="${(mid - 34 - lw).toFixed(1)}" y="${yy + 11}" text-anchor="end" font-size="10" fill="#3f3f46">${esc(formatNumber(lv, 0, lang))}</text>`;
    out += `<text x="${(mid + 34 + rw).toFixed(1)}" y="${yy + 11}" font-size="10" fill="#3f3f46">${esc(formatNumber(rv, 0, lang))}</text>`;
  });
  return `<svg viewBox="0 0 ${W} ${height}" width="100%" role="img" aria-labelledby="${esc(chart.id)}-t ${esc(chart.id)}-d" xmlns="http://www.w3.org/2000/svg"><title id="${esc(chart.id)}-t">${esc(chart.title)}</title><desc id="${esc(chart.id)}-d">${esc(chart.description)}</desc>${out}</svg>`;
}

export function renderChart(chart: Chart, lang: Lang): string {
  const empty = !chart.categories.length || chart.series.every((s) => s.values.every((v) => !v));
  let svg: string;
  if (empty) {
    svg = `<p class="empty">${esc(lang === 'fr' ? 'Pas de données pour ce graphique.' : 'No data for this chart.')}</p>`;
  } else if (chart.kind === 'pyramid') {
    svg = pyramid(chart, lang);
  } else {
    const body = chart.kind === 'line' ? line(chart, lang) : bars(chart, lang, chart.kind === 'stacked-bar');
    svg = `<svg viewBox="0 0 ${W} ${H}" width="100%" role="img" aria-labelledby="${esc(chart.id)}-t ${esc(chart.id)}-d" xmlns="http://www.w3.org/2000/svg"><title id="${esc(chart.id)}-t">${esc(chart.title)}</title><desc id="${esc(chart.id)}-d">${esc(chart.description)}</desc>${body}</svg>`;
  }
  return `<figure class="chart" id="chart-${esc(chart.id)}">${svg}${legend(chart)}<figcaption>${esc(chart.title)} (${esc(chart.unit)})</figcaption></figure>`;
}
