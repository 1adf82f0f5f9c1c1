import { ACTION_PLAN_METHOD, type ActionItem } from '../../src/practices/action-plan.js';
import type { ReportReadModel } from '../../src/insights/report-model.js';
import { tr, type BuildContext } from '../context.js';
import type { Section } from '../model.js';
import { formatNumber } from '../render/format.js';

/**
 * One line of a plan item, for the summary's next actions. Each site gets the verb of its own status: a practice
 * never assessed there is to assess ("Évaluer"), never to fix, even when another site has it non-compliant.
 */
export function actionLine(ctx: BuildContext, item: ActionItem): string {
  const number = item.practice.numberV4 ? `#${item.practice.numberV4} (v4)` : `#${item.practice.numberV5} (v5)`;
  const title = tr(ctx, `« ${item.practice.titleFr} »`, `“${item.practice.titleFr}”`);
  const fix = item.sites.filter((s) => s.status !== 'unassessed').map((s) => s.code);
  const assess = item.sites.filter((s) => s.status === 'unassessed').map((s) => s.code);
  const parts = [
    ...(fix.length ? [`${tr(ctx, 'corriger sur', 'fix on')} ${fix.join(', ')}`] : []),
    ...(assess.length ? [`${tr(ctx, 'évaluer sur', 'assess on')} ${assess.join(', ')}`] : []),
  ];
  const verb = fix.length ? tr(ctx, 'Corriger', 'Fix') : tr(ctx, 'Évaluer', 'Assess');
  return `${verb} ${number} ${title} — ${parts.join(tr(ctx, ' ; ', '; '))} (score ${formatNumber(item.score, 2, ctx.lang)})`;
}

/** Section 5: failing and unassessed practices ranked by impact × ease × breadth, with what to do and where. */
export function actionPlanSection(ctx: BuildContext, model: Pick<ReportReadModel, 'practices'>): Section {
  const items = model.practices.plan;
  const t = (fr: string, en: string) => tr(ctx, fr, en);
  const kindLabels = ctx.lang === 'fr' ? { fix: 'corriger', assess: 'évaluer' } : { fix: 'fix', assess: 'assess' };
  return {
    id: 'action-plan',
    number: 5,
    title: t('Plan d’action', 'Action plan'),
    intro: t(
      `Pratiques non conformes, en cours ou jamais évaluées, classées par impact environnemental et facilité (métadonnées du référentiel), pondérées par l’étendue du problème (part des pages en échec). Calcul : ${ACTION_PLAN_METHOD}.`,
      `Non-compliant, in-progress and never-assessed practices, ranked by environmental impact and ease (catalogue metadata), weighted by how widespread the problem is (share of failing pages). Computation: ${ACTION_PLAN_METHOD}.`,
    ),
    notices: items.length ? [] : [t('Aucune action : aucun site web dans le périmètre, ou toutes les pratiques sont conformes ou non applicables.', 'No action: no web site in scope, or every practice is compliant or not applicable.')],
    figures: [
      { id: 'plan.fix', label: t('Pratiques à corriger', 'Practices to fix'), value: items.filter((i) => i.kind === 'fix').length, unit: '', digits: 0, kind: 'number' },
      { id: 'plan.assess', label: t('Pratiques à évaluer', 'Practices to assess'), value: items.filter((i) => i.kind === 'assess').length, unit: '', digits: 0, kind: 'number' },
    ],
    charts: [],
    tables: [
      {
        id: 'action-plan',
        caption: t('Actions classées', 'Ranked actions'),
        columns: [
          { key: 'rank', label: t('Rang', 'Rank'), kind: 'number', digits: 0 },
          { key: 'id', label: 'Id', kind: 'code' },
          { key: 'numberV4', label: 'v4', kind: 'code' },
          { key: 'title', label: t('Pratique', 'Practice'), kind: 'text' },
          { key: 'kind', label: t('Action', 'Action'), kind: 'code', labels: kindLabels },
          { key: 'score', label: 'Score', kind: 'number', digits: 2 },
          { key: 'impact', label: t('Impact', 'Impact'), kind: 'number', digits: 0 },
          { key: 'ease', label: t('Facilité', 'Ease'), kind: 'number', digits: 0 },
          { key: 'sites', label: t('Où (sites, pages en échec / jugées)', 'Where (sites, failing / judged pages)'), kind: 'text' },
          { key: 'whatToDo', label: t('Que faire', 'What to do'), kind: 'text' },
          { key: 'where', label: t('Ressources en cause', 'Offending resources'), kind: 'text' },
        ],
        rows: items.map((i) => ({
          rank: i.rank,
          id: i.practice.id,
          numberV4: i.practice.numberV4,
          title: i.practice.titleFr,
          kind: i.kind,
          score: i.score,
          impact: i.practice.environmentalImpact,
          ease: i.practice.ease,
          sites: i.sites.map((s) => (s.pagesJudged ? `${s.code} (${s.pagesFailing}/${s.pagesJudged})` : `${s.code} (${s.status})`)).join(', '),
          whatToDo: i.whatToDo.join(' · '),
          where: [...new Set(i.sites.flatMap((s) => s.where))].slice(0, 5).join(' '),
        })),
        // Printed: the first 25 (the summary lists the top 5); CSV/JSON: all.
        displayLimit: 25,
      },
    ],
    data: { method: ACTION_PLAN_METHOD, items },
  };
}
