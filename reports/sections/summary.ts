import { currentHeadlineFigures, GRADES, type HeadlineFigure } from '../../src/insights/index.js';
import type { ReportReadModel } from '../../src/insights/report-model.js';
import { tr, type BuildContext } from '../context.js';
import type { Figure, Section } from '../model.js';
import { actionLine } from './action-plan.js';

/** Section 1: headline figures with their change since the compared period, grade mix, the 5 next actions. */
export function summarySection(ctx: BuildContext, model: Pick<ReportReadModel, 'web' | 'practices' | 'fleet' | 'compare' | 'rgesn' | 'previousState'>): Section {
  const t = (fr: string, en: string) => tr(ctx, fr, en);
  const web = model.web.headline;
  const labels: Record<string, [string, string, number, 'number' | 'share']> = {
    'ecoindex.averageScore': [t('EcoIndex moyen', 'Average EcoIndex'), '/100', 1, 'number'],
    'ecoindex.shareAB': [t('Pages notées A ou B', 'Pages graded A or B'), '', 1, 'share'],
    'ecoindex.shareFG': [t('Pages notées F ou G', 'Pages graded F or G'), '', 1, 'share'],
    'ecoindex.averageGhgGrams': [t('GES moyen par vue', 'Average GHG per view'), 'gCO2e', 2, 'number'],
  };
  const fromHeadline = (h: HeadlineFigure): Figure => {
    const [label, unit, digits, kind] = labels[h.id] ?? [h.id, h.unit, 1, 'number'];
    return { id: h.id, label, value: h.value, previous: h.previous, delta: h.delta, better: h.better, unit, digits, kind };
  };
  const mix = model.web.overview.gradeDistribution;
  // Practice, RGESN and fleet figures in report units (share, years, tonnes, MWh) from the shared current figures.
  // [figure id in the report's unit, label, unit, digits, kind, divisor from the base unit]
  const display: Record<string, [string, string, string, number, 'number' | 'share', number]> = {
    'practices.compliantShare': ['practices.compliantShare', t('Pratiques conformes', 'Practices compliant'), '', 1, 'share', 1],
    'rgesn.averageScore': ['rgesn.averageScore', t('Score RGESN moyen', 'Average RGESN score'), '', 1, 'share', 1],
    'fleet.devices': ['fleet.devices', t('Équipements', 'Devices'), '', 0, 'number', 1],
    'fleet.averageAgeYears': ['fleet.averageAgeYears', t('Âge moyen du parc', 'Average fleet age'), t('ans', 'years'), 1, 'number', 1],
    'fleet.embodiedKgPerYear': ['fleet.embodiedTonnesPerYear', t('Empreinte fabrication', 'Embodied footprint'), t('tCO2e/an', 'tCO2e/year'), 1, 'number', 1000],
    'fleet.useKgPerYear': ['fleet.useTonnesPerYear', t('Empreinte usage', 'Use footprint'), t('tCO2e/an', 'tCO2e/year'), 1, 'number', 1000],
    'fleet.energyKwhPerYear': ['fleet.energyMwhPerYear', t('Électricité estimée', 'Estimated electricity'), t('MWh/an', 'MWh/year'), 1, 'number', 1000],
  };
  const inReportUnit = (v: number | null, divisor: number) => (v === null ? null : v / divisor);
  const now = { practiceTotals: model.practices.statuses.map((s) => s.totals), rgesn: model.rgesn, fleet: model.fleet.summary };
  const current = currentHeadlineFigures(now, model.previousState).map((h): Figure => {
    const [id, label, unit, digits, kind, divisor] = display[h.id];
    const [value, previous, change] = [h.value, h.previous, h.delta].map((v) => inReportUnit(v, divisor));
    return { id, label, value, previous, delta: change, better: h.better, unit, digits, kind };
  });
  const figures: Figure[] = [
    ...web.map(fromHeadline),
    { id: 'ecoindex.gradeMix', label: t('Répartition des notes (pages)', 'Grade mix (pages)'), value: null, text: GRADES.map((g) => `${g} ${mix[g]}`).join(' · '), unit: '', digits: 0, kind: 'number' },
    ...current,
  ];
  const notices: string[] = [];
  if (model.compare) {
    notices.push(t(
      `Évolutions calculées par rapport à la période ${model.compare.from} → ${model.compare.to} pour les mesures web ; pratiques, score RGESN et parc sont comparés à leur état au ${model.compare.to} (évaluations datées jusqu'à ce jour, équipements achetés à cette date avec leur statut d'alors).`,
      `Changes are computed against ${model.compare.from} → ${model.compare.to} for web measurements; practices, RGESN score and fleet are compared with their state on ${model.compare.to} (assessments dated up to that day, devices bought by then with their status on that day).`,
    ));
  } else {
    notices.push(t('Aucune période de comparaison (--compare) : les évolutions ne sont pas affichées.', 'No comparison period (--compare): changes are not shown.'));
  }
  const next = model.practices.plan.slice(0, 5);
  return {
    id: 'summary',
    number: 1,
    title: t('Synthèse', 'Summary'),
    intro: t(
      'Chiffres clés du périmètre et leur évolution, puis les 5 actions les plus utiles (section 5).',
      'Headline figures of the scope and their change, then the 5 most valuable next actions (section 5).',
    ),
    notices,
    figures,
    charts: [],
    items: next.length ? next.map((i) => actionLine(ctx, i)) : [t('Aucune action en attente.', 'No pending action.')],
    tables: [
      {
        id: 'summary-headline',
        display: false,
        caption: t('Chiffres clés et évolution', 'Headline figures and change'),
        columns: [
          { key: 'id', label: 'Id', kind: 'code' },
          { key: 'label', label: t('Indicateur', 'Figure'), kind: 'text' },
          { key: 'value', label: t('Valeur', 'Value'), kind: 'number', digits: 3 },
          { key: 'previous', label: t('Période comparée', 'Compared period'), kind: 'number', digits: 3 },
          { key: 'delta', label: t('Évolution', 'Change'), kind: 'number', digits: 3 },
          { key: 'unit', label: t('Unité', 'Unit'), kind: 'text' },
        ],
        rows: figures.map((f) => ({ id: f.id, label: f.label, value: f.value, previous: f.previous ?? null, delta: f.delta ?? null, unit: f.kind === 'share' ? 'share (0-1)' : f.unit })),
      },
      {
        // The HTML/PDF shows the 5 actions once, as the list above; the table is their CSV/JSON copy.
        id: 'summary-next-actions',
        display: false,
        caption: t('Les 5 prochaines actions', 'The 5 next actions'),
        columns: [
          { key: 'rank', label: t('Rang', 'Rank'), kind: 'number', digits: 0 },
          { key: 'action', label: t('Action', 'Action'), kind: 'text' },
        ],
        rows: next.map((i) => ({ rank: i.rank, action: actionLine(ctx, i) })),
      },
    ],
    data: { headline: web, gradeMix: mix },
  };
}
