import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Declaration, DeclaredCriterion } from '../../src/rgesn/declaration.js';
import type { Lang } from '../model.js';
import { esc } from '../render/escape.js';
import { htmlPage } from '../render/html-page.js';
import { formatShare } from '../render/format.js';
import { writeHtmlPdf } from '../render/pdf.js';

/**
 * Renderers of the RGESN eco-design declaration. They only lay out the Declaration model: HTML self-contained (no
 * script, no fetch, CSP forbids any load; every value through esc()), Markdown (values escaped so a Markdown engine
 * renders them as text), PDF = the HTML printed by the report's Chromium path, JSON = the model.
 */

export const DECLARATION_FORMATS = ['html', 'pdf', 'json', 'md'] as const;
export type DeclarationFormat = (typeof DECLARATION_FORMATS)[number];

const T = {
  fr: {
    title: "Déclaration d'écoconception",
    objective: 'Objectif du service',
    score: "Score d'avancement",
    scoreHeading: 'Score, score précédent et objectif',
    scoreOf: (date: string) => `au ${date}`,
    previous: 'Score précédent',
    target: 'Objectif à deux ans',
    declared: 'déclaré',
    computed: 'calculé par numresp',
    counts: (c: Declaration['counts']) => `${c.conforme} conformes, ${c.nonConforme} non conformes, ${c.nonApplicable} non applicables, ${c.aEvaluer} à évaluer`,
    validated: 'Critères validés',
    notValidated: 'Critères non validés',
    notApplicable: 'Critères non applicables',
    toAssess: 'Critères à évaluer',
    actionPlan: "Plan d'action",
    actionList: 'Critères à traiter, les prioritaires et les plus faciles en premier',
    review: 'Fréquence des revues et audits',
    samples: 'Échantillons évalués (parcours critiques, unités fonctionnelles)',
    contact: 'Référent écoconception (critère 1.3)',
    justifications: 'Justification de chaque critère',
    method: 'Méthode',
    missing: 'Non renseigné (numresp rgesn describe).',
    none: 'Aucun.',
    cols: ['Critère', 'Thématique', 'Question', 'Priorité', 'Statut', 'Justification', 'Preuves', 'Date'],
    status: { conforme: 'Conforme', 'non-conforme': 'Non conforme', 'non-applicable': 'Non applicable', 'a-evaluer': 'À évaluer' },
    generated: 'Générée le',
    source: 'Référentiel',
  },
  en: {
    title: 'Eco-design declaration',
    objective: "Service's objective",
    score: 'Progress score',
    scoreHeading: 'Score, previous score and target',
    scoreOf: (date: string) => `as of ${date}`,
    previous: 'Previous score',
    target: 'Target in two years',
    declared: 'declared',
    computed: 'computed by numresp',
    counts: (c: Declaration['counts']) => `${c.conforme} conformant, ${c.nonConforme} not conformant, ${c.nonApplicable} not applicable, ${c.aEvaluer} to assess`,
    validated: 'Criteria validated',
    notValidated: 'Criteria not validated',
    notApplicable: 'Criteria not applicable',
    toAssess: 'Criteria to assess',
    actionPlan: 'Action plan',
    actionList: 'Criteria to work on, priority and easiest first',
    review: 'Review and audit frequency',
    samples: 'Samples assessed (critical user paths, functional units)',
    contact: 'Eco-design contact (criterion 1.3)',
    justifications: 'Justification of each criterion',
    method: 'Method',
    missing: 'Not given (numresp rgesn describe).',
    none: 'None.',
    cols: ['Criterion', 'Theme', 'Question (French, verbatim)', 'Priority', 'Status', 'Justification', 'Evidence', 'Date'],
    status: { conforme: 'Conformant', 'non-conforme': 'Not conformant', 'non-applicable': 'Not applicable', 'a-evaluer': 'To assess' },
    generated: 'Generated on',
    source: 'Referential',
  },
} as const;

function share(v: number | null, lang: Lang): string {
  return v === null ? '—' : formatShare(v, 1, lang);
}

function scoreLines(d: Declaration, lang: Lang): Array<[string, string]> {
  const t = T[lang];
  return [
    [t.score, `${share(d.score, lang)}${d.scoreDate ? ` ${t.scoreOf(d.scoreDate.slice(0, 10))}` : ''} (${t.counts(d.counts)})`],
    [t.previous, d.previousScore === null ? '—' : `${share(d.previousScore, lang)} ${t.scoreOf(d.previousScoreDate!)}`],
    [t.target, d.target === null ? '—' : `${share(d.target, lang)}${d.targetDate ? ` ${t.scoreOf(d.targetDate)}` : ''} (${d.targetSource === 'declared' ? t.declared : t.computed})`],
  ];
}

function sectionsOf(d: Declaration, lang: Lang): Array<{ id: string; title: string; rows: DeclaredCriterion[] }> {
  const t = T[lang];
  return [
    { id: 'validated', title: `${t.validated} (${d.validated.length})`, rows: d.validated },
    { id: 'not-validated', title: `${t.notValidated} (${d.notValidated.length})`, rows: d.notValidated },
    { id: 'not-applicable', title: `${t.notApplicable} (${d.notApplicable.length})`, rows: d.notApplicable },
    { id: 'to-assess', title: `${t.toAssess} (${d.toAssess.length})`, rows: d.toAssess },
  ];
}

const CSS = `
body { font-family: system-ui, "DejaVu Sans", Arial, sans-serif; color: #18181b; margin: 0 auto; max-width: 1100px; padding: 1.5rem; line-height: 1.45; font-size: 15px; }
h1 { font-size: 1.7rem; margin: 0 0 .3rem; } h2 { font-size: 1.25rem; border-bottom: 3px solid #1d4ed8; margin-top: 2rem; }
.meta { color: #3f3f46; font-size: .9rem; } dl.facts dt { font-weight: 700; margin-top: .6rem; } dl.facts dd { margin-left: 0; white-space: pre-wrap; overflow-wrap: anywhere; }
table { border-collapse: collapse; width: 100%; font-size: .85rem; } th, td { border: 1px solid #d4d4d8; padding: .25rem .4rem; vertical-align: top; text-align: left; overflow-wrap: anywhere; }
thead th { background: #f4f4f5; white-space: nowrap; } tbody th { white-space: nowrap; } .method { font-size: .85rem; color: #3f3f46; }
@page { size: A4; margin: 16mm 12mm 18mm; }
@media print { body { max-width: none; padding: 0; font-size: 10pt; } table { font-size: 7.5pt; } tr { break-inside: avoid; } thead { display: table-header-group; } h2 { break-after: avoid; } }
`;

function criteriaTableHtml(rows: DeclaredCriterion[], lang: Lang): string {
  const t = T[lang];
  if (!rows.length) return `<p>${esc(t.none)}</p>`;
  const head = t.cols.map((c) => `<th scope="col">${esc(c)}</th>`).join('');
  const body = rows
    .map((r) => `<tr><th scope="row">${esc(r.id)}</th><td>${esc(r.theme)}</td><td>${esc(r.question)}</td><td>${esc(r.priority)}</td><td>${esc(t.status[r.status])}</td><td>${esc(r.justification ?? '—')}</td><td>${esc(r.evidence ?? '—')}</td><td>${esc(r.assessedAt?.slice(0, 10) ?? '—')}</td></tr>`)
    .join('\n');
  return `<table><thead><tr>${head}</tr></thead><tbody>${body}</tbody></table>`;
}

export function renderDeclarationHtml(d: Declaration, lang: Lang): string {
  const t = T[lang];
  const fact = (label: string, value: string | null) => `<dt>${esc(label)}</dt><dd>${esc(value ?? t.missing)}</dd>`;
  const scores = scoreLines(d, lang).map(([k, v]) => `<dt>${esc(k)}</dt><dd>${esc(v)}</dd>`).join('');
  const plan = d.actionPlan.items.map((r) => `<li>${esc(`${r.id} (${r.priority}, ${r.difficulty}) — ${t.status[r.status]} — ${r.question}`)}</li>`).join('');
  const body = `<header><h1>${esc(`${t.title} — ${d.service.name}`)}</h1>
<p class="meta">${esc(`${t.source}: ${d.referential} — ${d.attribution}`)}</p>
<p class="meta">${esc(`${t.generated} ${d.generatedAt} · numresp`)}</p></header>
<main>
<section id="objective"><h2>${esc(t.objective)}</h2><p>${esc(d.objective ?? t.missing)}</p></section>
<section id="score"><h2>${esc(t.scoreHeading)}</h2><dl class="facts">${scores}</dl>
<p class="method">${esc(d.method.score)} ${esc(d.method.target)}</p></section>
${sectionsOf(d, lang).map((s) => `<section id="${esc(s.id)}"><h2>${esc(s.title)}</h2>${criteriaTableHtml(s.rows, lang)}</section>`).join('\n')}
<section id="action-plan"><h2>${esc(t.actionPlan)}</h2><p>${esc(d.actionPlan.text ?? t.missing)}</p><h3>${esc(t.actionList)}</h3>${plan ? `<ol>${plan}</ol>` : `<p>${esc(t.none)}</p>`}</section>
<section id="facts"><h2>${esc(t.review)}</h2><dl class="facts">${fact(t.review, d.reviewFrequency)}${fact(t.samples, d.samples)}${fact(t.contact, d.contact)}</dl></section>
<section id="method"><h2>${esc(t.method)}</h2><p class="method">${esc(d.method.score)}</p><p class="method">${esc(d.method.weightedScore)} ${esc(share(d.weightedScore, lang))}</p><p class="method">${esc(d.method.target)}</p></section>
</main>`;
  return htmlPage({ lang, title: `${t.title} — ${d.service.name}`, css: CSS, body });
}

/** Text for a Markdown cell or line: no HTML, no Markdown syntax, no line break (a table row stays one line). */
export function mdText(value: unknown): string {
  return String(value ?? '')
    .replace(/\r?\n|\r/g, ' ')
    .replace(/[\\`*_{}[\]|<>&~]/g, (c) => (c === '<' ? '&lt;' : c === '>' ? '&gt;' : c === '&' ? '&amp;' : `\\${c}`));
}

export function renderDeclarationMd(d: Declaration, lang: Lang): string {
  const t = T[lang];
  const out: string[] = [`# ${mdText(`${t.title} — ${d.service.name}`)}`, '', mdText(`${t.source}: ${d.referential} — ${d.attribution}`), '', mdText(`${t.generated} ${d.generatedAt}`), ''];
  out.push(`## ${mdText(t.objective)}`, '', mdText(d.objective ?? t.missing), '');
  out.push(`## ${mdText(t.scoreHeading)}`, '', ...scoreLines(d, lang).map(([k, v]) => `- **${mdText(k)}** : ${mdText(v)}`), '', mdText(`${d.method.score} ${d.method.target}`), '');
  for (const s of sectionsOf(d, lang)) {
    out.push(`## ${mdText(s.title)}`, '');
    if (!s.rows.length) out.push(mdText(t.none), '');
    else {
      out.push(`| ${t.cols.map(mdText).join(' | ')} |`, `|${t.cols.map(() => ' --- ').join('|')}|`);
      for (const r of s.rows) out.push(`| ${[r.id, r.theme, r.question, r.priority, t.status[r.status], r.justification ?? '—', r.evidence ?? '—', r.assessedAt?.slice(0, 10) ?? '—'].map(mdText).join(' | ')} |`);
      out.push('');
    }
  }
  out.push(`## ${mdText(t.actionPlan)}`, '', mdText(d.actionPlan.text ?? t.missing), '', `### ${mdText(t.actionList)}`, '');
  d.actionPlan.items.forEach((r, i) => out.push(`${i + 1}. ${mdText(`${r.id} (${r.priority}, ${r.difficulty}) — ${t.status[r.status]} — ${r.question}`)}`));
  out.push('', `## ${mdText(t.review)}`, '');
  for (const [k, v] of [[t.review, d.reviewFrequency], [t.samples, d.samples], [t.contact, d.contact]] as const) out.push(`- **${mdText(k)}** : ${mdText(v ?? t.missing)}`);
  out.push('', `## ${mdText(t.method)}`, '', mdText(d.method.score), '', mdText(`${d.method.weightedScore} ${share(d.weightedScore, lang)}`), '', mdText(d.method.target), '');
  return out.join('\n');
}

/** Writes the declaration in each format into `dir` as declaration-<service>.<ext>; returns the files written. */
export async function writeDeclaration(d: Declaration, formats: readonly DeclarationFormat[], dir: string, lang: Lang): Promise<string[]> {
  mkdirSync(dir, { recursive: true });
  const base = join(dir, `declaration-${d.service.code.replace(/[^A-Za-z0-9_.-]/g, '_')}`);
  const written: string[] = [];
  for (const format of formats) {
    const file = `${base}.${format}`;
    if (format === 'json') writeFileSync(file, JSON.stringify(d, null, 2) + '\n');
    else if (format === 'html') writeFileSync(file, renderDeclarationHtml(d, lang));
    else if (format === 'md') writeFileSync(file, renderDeclarationMd(d, lang));
    else await writeHtmlPdf(renderDeclarationHtml(d, lang), lang, file);
    written.push(file);
  }
  return written;
}
