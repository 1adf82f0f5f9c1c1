import { projectRoot } from '../../src/util/project-root.js';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { loadCatalogue } from '../../rules/catalogue/index.js';
import { compareCriterionIds, rgesnCriteria } from '../../src/rgesn/catalogue.js';
import type { ServiceScore } from '../../src/rgesn/status.js';
import type { SiteStatus } from '../../src/practices/status.js';
import { tr, type BuildContext } from '../context.js';
import type { Section } from '../model.js';
import { formatNumber, formatShare } from '../render/format.js';
import { phaseNames } from './practices.js';

const Text = z.object({ fr: z.string(), en: z.string() });
const Evidence = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('figure'), ref: z.string() }),
  z.object({ kind: z.literal('table'), ref: z.string() }),
  z.object({ kind: z.literal('practices'), phases: z.array(z.string()).optional(), tiers: z.array(z.string()).optional() }),
  z.object({ kind: z.literal('outside'), text: Text }),
  z.object({ kind: z.literal('rgesn') }),
]);
export const LabelAxesSchema = z.object({
  about: z
    .object({ source: z.string(), rgesnSource: z.string(), levelsNote: z.string().optional(), criteriaPublic: z.boolean().optional(), criteriaNote: z.string().optional() })
    .passthrough(),
  levels: z.array(z.object({ level: z.number().int(), minPoints: z.number(), maxPoints: z.number() })).optional(),
  axes: z.array(z.object({ id: z.string(), title: Text, roadmap: z.string(), evidence: z.array(Evidence) })).min(1),
  rgesnThemes: z.record(z.string(), Text),
});
export type LabelAxes = z.infer<typeof LabelAxesSchema>;

export const LABEL_GRIDS = ['2021', '2019'] as const;
export type LabelGrid = (typeof LABEL_GRIDS)[number];
/** 2021: the label's grid since its overhaul (default); 2019: the five axes the regional roadmap names. */
const GRID_FILES: Record<LabelGrid, string> = { '2021': 'label-grid-2021.json', '2019': 'label-axes.json' };

/** The grid's data file in reports/ (source tree, located by projectRoot() from src/ and dist/ alike). */
export function loadLabelAxes(grid: LabelGrid = '2019'): LabelAxes {
  const file = join(projectRoot(), 'reports', GRID_FILES[grid]);
  return LabelAxesSchema.parse(JSON.parse(readFileSync(file, 'utf8')));
}

function levelText(axes: LabelAxes, level: number): string {
  return String(axes.levels?.find((l) => l.level === level)?.minPoints ?? '—');
}

/** RGESN evidence: the services with an assessment in scope and their current score. */
function rgesnEvidence(ctx: BuildContext, scores: readonly ServiceScore[]): string {
  if (!scores.length) return tr(ctx, 'aucun service évalué (numresp rgesn set)', 'no service assessed (numresp rgesn set)');
  return scores.map((s) => `${s.code} ${s.score === null ? '—' : formatShare(s.score, 1, ctx.lang)}`).join(', ');
}

export function labelSection(ctx: BuildContext, others: readonly Section[], statuses: readonly SiteStatus[], grid: LabelGrid = '2021', rgesnScores: readonly ServiceScore[] = []): Section {
  const t = (fr: string, en: string) => tr(ctx, fr, en);
  const axes = loadLabelAxes(grid);
  const figures = new Map(others.flatMap((s) => s.figures.map((f) => [f.id, { f, s }] as const)));
  const tables = new Map(others.flatMap((s) => s.tables.map((tb) => [tb.id, { tb, s }] as const)));
  const rows = statuses.flatMap((s) => s.practices);
  const phaseLabels = phaseNames(ctx.lang);

  const evidenceRows: Record<string, string | number | null>[] = [];
  for (const axis of axes.axes) {
    for (const e of axis.evidence) {
      let evidence = '';
      let value = '';
      let where = '';
      if (e.kind === 'figure') {
        const hit = figures.get(e.ref);
        evidence = hit?.f.label ?? e.ref;
        if (hit) {
          const f = hit.f;
          value = f.text ?? (f.value === null ? '—' : f.kind === 'share' ? formatShare(f.value, f.digits || 1, ctx.lang) : `${formatNumber(f.value, f.digits, ctx.lang)} ${f.unit}`.trim());
          where = `${hit.s.number}. ${hit.s.title}`;
        } else value = t('non disponible', 'not available');
      } else if (e.kind === 'table') {
        const hit = tables.get(e.ref);
        evidence = hit?.tb.caption ?? e.ref;
        value = hit ? t(`${hit.tb.rows.length} ligne(s)`, `${hit.tb.rows.length} row(s)`) : t('non disponible', 'not available');
        where = hit ? `${hit.s.number}. ${hit.s.title} — ${e.ref}.csv` : '';
      } else if (e.kind === 'practices') {
        const match = rows.filter((r) => (!e.phases || e.phases.includes(r.practice.phase)) && (!e.tiers || e.tiers.includes(r.practice.tier)));
        const compliant = match.filter((r) => r.status === 'compliant').length;
        const applicable = match.filter((r) => r.status !== 'not-applicable').length;
        const unassessed = match.filter((r) => r.status === 'unassessed').length;
        const phases = (e.phases ?? []).map((p) => phaseLabels[p] ?? p).join(', ');
        evidence = t(`Bonnes pratiques${phases ? ` — phases ${phases}` : ''}${e.tiers ? ` — tiers ${e.tiers.join(', ')}` : ''}`, `Good practices${phases ? ` — phases ${phases}` : ''}${e.tiers ? ` — tiers ${e.tiers.join(', ')}` : ''}`);
        value = match.length
          ? t(`${compliant} conformes sur ${applicable} applicables ; ${unassessed} jamais évaluées`, `${compliant} compliant of ${applicable} applicable; ${unassessed} never assessed`)
          : t('aucune pratique évaluée dans ce périmètre', 'no practice in this scope');
        where = t('3. Bonnes pratiques — practices-status.csv', '3. Good practices — practices-status.csv');
      } else if (e.kind === 'rgesn') {
        evidence = t('Score RGESN 2024 des services évalués (critères conformes ÷ applicables)', 'RGESN 2024 score of the assessed services (conformant ÷ applicable criteria)');
        value = rgesnEvidence(ctx, rgesnScores);
        where = 'numresp rgesn status / rgesn declaration';
      } else {
        evidence = e.text[ctx.lang];
        value = t('à fournir par l’organisation (hors numresp)', 'to be supplied by the organisation (outside numresp)');
      }
      evidenceRows.push({ axis: axis.title[ctx.lang], kind: e.kind, evidence, value, where });
    }
  }

  // RGESN view: every criterion a sheet maps to, with the statuses of its practices over the sites in scope.
  const byCriterion = new Map<string, Set<string>>();
  for (const p of loadCatalogue().practices) {
    for (const c of rgesnCriteria(p.rgesn)) {
      if (!byCriterion.has(c)) byCriterion.set(c, new Set());
      byCriterion.get(c)!.add(p.id);
    }
  }
  const rgesnRows = [...byCriterion.keys()].sort(compareCriterionIds).map((c) => {
    const ids = byCriterion.get(c)!;
    const match = rows.filter((r) => ids.has(r.practice.id));
    const count = (s: string) => match.filter((r) => r.status === s).length;
    const theme = axes.rgesnThemes[c.split('.')[0]];
    return {
      criterion: c,
      theme: theme ? theme[ctx.lang] : null,
      practices: [...ids].sort().join(' '),
      compliant: count('compliant'),
      nonCompliant: count('non-compliant'),
      inProgress: count('in-progress'),
      notApplicable: count('not-applicable'),
      unassessed: count('unassessed'),
    };
  });
  const unmapped = loadCatalogue().practices.filter((p) => !rgesnCriteria(p.rgesn).length).length;
  return {
    id: 'label',
    number: 6,
    title: t('Vue label Numérique Responsable', 'Label Numérique Responsable view'),
    intro:
      grid === '2021'
        ? t(
            `Les preuves de ce rapport rangées selon la grille du label depuis sa refonte de 2021 : quatre thématiques (stratégie et gouvernance ; soutien à la stratégie NR ; cycle de vie des services numériques ; étendre sa démarche NR) et la thématique sectorielle des collectivités (leviers externes des collectivités) ; niveau 1 à partir de ${levelText(axes, 1)} points sur 1 000, niveau 2 à partir de ${levelText(axes, 2)}. La correspondance est une donnée (reports/label-grid-2021.json, avec ses sources ; --label-grid 2019 pour les 5 axes de la feuille de route). Puis une vue RGESN 2024, par la correspondance que donne chaque fiche du référentiel.`,
            `This report's evidence arranged on the label's grid since its 2021 overhaul: four themes (strategy and governance; support for the NR strategy; life cycle of digital services; extending the NR approach) and the local-authority sector theme (external levers of local authorities); level 1 from ${levelText(axes, 1)} of 1,000 points, level 2 from ${levelText(axes, 2)}. The mapping is data (reports/label-grid-2021.json, with its sources; --label-grid 2019 for the roadmap's 5 axes). Then an RGESN 2024 view, through the mapping each referential sheet states.`,
          )
        : t(
            `Les preuves de ce rapport rangées selon les 5 axes du label tels que les nomme la feuille de route (stratégie et gouvernance, formation et communication, démarches transversales, démarches centrées usages, démarches centrées organisations), grille de 2019 (reports/label-axes.json ; la grille en vigueur depuis 2021 est celle par défaut). Puis une vue RGESN 2024, par la correspondance que donne chaque fiche du référentiel.`,
            `This report's evidence arranged along the label's 5 axes as the roadmap names them (strategy and governance, training and communication, cross-cutting approaches, user-centred approaches, organisation-centred approaches), the 2019 grid (reports/label-axes.json; the grid in use since 2021 is the default). Then an RGESN 2024 view, through the mapping each referential sheet states.`,
          ),
    notices: [
      ...(axes.about.criteriaPublic === false
        ? [t(
            'Les critères détaillés de la grille et leurs points ne sont pas publics : numresp range ses preuves par thématique seulement et ne calcule aucun score du label. Le choix des preuves sous chaque thématique est celui de numresp.',
            "The grid's detailed criteria and their points are not public: numresp arranges its evidence by theme only and computes no label score. The evidence chosen under each theme is numresp's choice.",
          )]
        : []),
      ...(axes.about.levelsNote ? [axes.about.levelsNote] : []),
      t(`${unmapped} fiches du référentiel n’ont pas de correspondance RGESN (« NA ») et n’apparaissent pas dans la vue RGESN.`, `${unmapped} referential sheets have no RGESN mapping ("NA") and do not appear in the RGESN view.`),
    ],
    figures: [],
    charts: [],
    tables: [
      {
        id: 'label-axes',
        caption: grid === '2021' ? t('Preuves par thématique du label (grille 2021)', 'Evidence per label theme (2021 grid)') : t('Preuves par axe du label (grille 2019)', 'Evidence per label axis (2019 grid)'),
        columns: [
          { key: 'axis', label: grid === '2021' ? t('Thématique', 'Theme') : t('Axe', 'Axis'), kind: 'text' },
          { key: 'kind', label: t('Nature', 'Kind'), kind: 'code', labels: ctx.lang === 'fr' ? { figure: 'chiffre', table: 'tableau', practices: 'pratiques', rgesn: 'RGESN', outside: 'hors outil' } : { figure: 'figure', table: 'table', practices: 'practices', rgesn: 'RGESN', outside: 'outside the tool' } },
          { key: 'evidence', label: t('Preuve', 'Evidence'), kind: 'text' },
          { key: 'value', label: t('Valeur', 'Value'), kind: 'text' },
          { key: 'where', label: t('Où la vérifier', 'Where to check it'), kind: 'text' },
        ],
        rows: evidenceRows,
      },
      {
        id: 'label-rgesn',
        caption: t('Vue RGESN : critères et statut des pratiques correspondantes (pratique × site)', 'RGESN view: criteria and status of the mapped practices (practice × site)'),
        columns: [
          { key: 'criterion', label: t('Critère', 'Criterion'), kind: 'code' },
          { key: 'theme', label: t('Thématique', 'Theme'), kind: 'text' },
          { key: 'practices', label: t('Fiches RWEB', 'RWEB sheets'), kind: 'text' },
          { key: 'compliant', label: t('Conformes', 'Compliant'), kind: 'number', digits: 0 },
          { key: 'nonCompliant', label: t('Non conformes', 'Non-compliant'), kind: 'number', digits: 0 },
          { key: 'inProgress', label: t('En cours', 'In progress'), kind: 'number', digits: 0 },
          { key: 'notApplicable', label: t('Non applicables', 'Not applicable'), kind: 'number', digits: 0 },
          { key: 'unassessed', label: t('Jamais évaluées', 'Never assessed'), kind: 'number', digits: 0 },
        ],
        rows: rgesnRows,
        note: axes.about.rgesnSource,
      },
    ],
    data: { grid, levels: axes.levels ?? null, axesSource: axes.about.source, axes: axes.axes.map((a) => ({ id: a.id, title: a.title[ctx.lang] })) },
  };
}
