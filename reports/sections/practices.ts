import { LIFECYCLE_PHASES, loadCatalogue, TIERS } from '../../rules/catalogue/index.js';
import type { CoverageGroup, PracticeStatusRow } from '../../src/practices/status.js';
import { coverageOver } from '../../src/insights/practice-coverage.js';
import type { ReportReadModel } from '../../src/insights/report-model.js';
import { GRADE_COLOURS, tr, type BuildContext } from '../context.js';
import type { Column, Section } from '../model.js';

export const STATUS_LABELS = {
  fr: { compliant: 'conforme', 'non-compliant': 'non conforme', 'not-applicable': 'non applicable', 'in-progress': 'en cours', unassessed: 'jamais évaluée' },
  en: { compliant: 'compliant', 'non-compliant': 'non-compliant', 'not-applicable': 'not applicable', 'in-progress': 'in progress', unassessed: 'never assessed' },
} as const;
export const SOURCE_LABELS = {
  fr: { manual: 'évaluation manuelle', override: 'correction d’un contrôle automatique', automated: 'contrôle automatique', none: '—' },
  en: { manual: 'manual assessment', override: 'override of an automated check', automated: 'automated check', none: '—' },
} as const;

/** Lifecycle phase names: the catalogue's French labels, and our English ones. */
const PHASE_EN: Record<string, string> = {
  '1-specification': '1. Specification', '2-concept': '2. Design', '3-developement': '3. Development', '4-production': '4. Production',
  '5-utilization': '5. Use', '6-support': '6. Support', '7-retirement': '7. End of life',
};
export function phaseNames(lang: 'fr' | 'en'): Record<string, string> {
  if (lang === 'en') return PHASE_EN;
  return Object.fromEntries(loadCatalogue().practices.map((p) => [p.phase as string, p.phaseLabelFr]));
}

function evidenceOf(row: PracticeStatusRow, lang: 'fr' | 'en'): string {
  const parts: string[] = [];
  if (row.manual) {
    if (row.manual.evidence) parts.push(row.manual.evidence);
    if (row.manual.evidenceFile) parts.push(row.manual.evidenceFile);
    if (row.manual.justification) parts.push((lang === 'fr' ? 'justification : ' : 'justification: ') + row.manual.justification);
    if (row.manual.overridesRule) parts.push((lang === 'fr' ? 'corrige ' : 'overrides ') + row.manual.overridesRule);
  }
  if (row.automated) {
    const a = row.automated;
    parts.push(
      lang === 'fr'
        ? `contrôles ${a.checks.map((c) => c.ruleId).join(', ')} : ${a.pagesFailing} page(s) en échec sur ${a.pagesJudged}`
        : `checks ${a.checks.map((c) => c.ruleId).join(', ')}: ${a.pagesFailing} failing page(s) of ${a.pagesJudged}`,
    );
  }
  return parts.join(' · ');
}

export function coverageColumns(ctx: BuildContext, keyLabel: string): Column[] {
  const t = (fr: string, en: string) => tr(ctx, fr, en);
  return [
    { key: 'key', label: keyLabel, kind: 'text' },
    { key: 'total', label: t('Pratiques × sites', 'Practices × sites'), kind: 'number', digits: 0 },
    { key: 'assessed', label: t('Évaluées', 'Assessed'), kind: 'number', digits: 0 },
    { key: 'compliant', label: t('Conformes', 'Compliant'), kind: 'number', digits: 0 },
    { key: 'nonCompliant', label: t('Non conformes', 'Non-compliant'), kind: 'number', digits: 0 },
    { key: 'inProgress', label: t('En cours', 'In progress'), kind: 'number', digits: 0 },
    { key: 'notApplicable', label: t('Non applicables', 'Not applicable'), kind: 'number', digits: 0 },
    { key: 'unassessed', label: t('Jamais évaluées', 'Never assessed'), kind: 'number', digits: 0 },
    { key: 'automated', label: t('Par contrôle auto.', 'By automated check'), kind: 'number', digits: 0 },
    { key: 'complianceShare', label: t('Taux de conformité', 'Compliance share'), kind: 'share', digits: 1 },
  ];
}

export function coverageRow(label: string, g: CoverageGroup): Record<string, string | number | null> {
  return {
    key: label,
    total: g.total,
    assessed: g.assessed,
    compliant: g.byStatus.compliant,
    nonCompliant: g.byStatus['non-compliant'],
    inProgress: g.byStatus['in-progress'],
    notApplicable: g.byStatus['not-applicable'],
    unassessed: g.byStatus.unassessed,
    automated: g.bySource.automated + g.bySource.override,
    complianceShare: g.complianceShare,
  };
}

function STATUS_COLUMNS(
  ctx: BuildContext,
  phaseLabels: Record<string, string>,
  tierLabels: Record<string, string>,
  statusLabels: Record<string, string>,
  sourceLabels: Record<string, string>,
): Column[] {
  const t = (fr: string, en: string) => tr(ctx, fr, en);
  return [
    { key: 'site', label: t('Site', 'Site'), kind: 'code' },
    { key: 'id', label: 'Id', kind: 'code' },
    { key: 'numberV4', label: 'v4', kind: 'code' },
    { key: 'numberV5', label: 'v5', kind: 'code' },
    { key: 'title', label: t('Pratique', 'Practice'), kind: 'text' },
    { key: 'phase', label: t('Phase', 'Phase'), kind: 'code', labels: phaseLabels },
    { key: 'tier', label: t('Tiers', 'Tier'), kind: 'code', labels: tierLabels },
    { key: 'status', label: t('Statut', 'Status'), kind: 'code', labels: { ...statusLabels } },
    { key: 'source', label: t('Origine', 'Source'), kind: 'code', labels: { ...sourceLabels } },
    { key: 'evidence', label: t('Preuve', 'Evidence'), kind: 'text' },
    { key: 'date', label: t('Date', 'Date'), kind: 'date' },
    { key: 'author', label: t('Auteur', 'Author'), kind: 'text' },
  ];
}

/** Section 3: the whole referential (119 sheets, v4 and v5 numbers) with status, evidence and date per web site. */
export function practicesSection(ctx: BuildContext, model: Pick<ReportReadModel, 'practices'>): Section {
  const statuses = model.practices.statuses;
  const t = (fr: string, en: string) => tr(ctx, fr, en);
  const catalogue = loadCatalogue();
  const tierLabels: Record<string, string> = ctx.lang === 'fr'
    ? { 'user-device': 'terminal utilisateur', network: 'réseau', datacenter: 'centre de données' }
    : { 'user-device': 'user device', network: 'network', datacenter: 'data centre' };
  const total = coverageOver('all', statuses.map((s) => s.totals));
  const byPhase = LIFECYCLE_PHASES.map((ph) => coverageOver(ph, statuses.flatMap((s) => s.byPhase.filter((g) => g.key === ph))));
  const byTier = TIERS.map((tier) => coverageOver(tier, statuses.flatMap((s) => s.byTier.filter((g) => g.key === tier))));
  const notices: string[] = [];
  if (!statuses.length) notices.push(t('Aucun site web dans ce périmètre : les pratiques sont évaluées par site web.', 'No web site in this scope: practices are assessed per web site.'));
  const statusLabels = STATUS_LABELS[ctx.lang];
  const sourceLabels = SOURCE_LABELS[ctx.lang];

  const rows = statuses.flatMap((s) =>
    s.practices.map((r) => ({
      site: s.site.code,
      id: r.practice.id,
      numberV4: r.practice.numberV4,
      numberV5: r.practice.numberV5,
      title: r.practice.titleFr,
      phase: r.practice.phase,
      tier: r.practice.tier,
      status: r.status,
      source: r.source,
      evidence: evidenceOf(r, ctx.lang),
      date: r.manual?.assessedAt ?? (r.automated ? s.run?.startedAt ?? null : null),
      author: r.manual?.author ?? null,
      sheet: r.practice.url,
    })),
  );
  // The referential itself once, even when no site is in scope: every one of the 119 sheets is listed.
  const referential = catalogue.practices.map((p) => ({
    id: p.id,
    numberV4: p.numberV4,
    numberV5: p.numberV5,
    title: p.titleFr,
    phase: p.phase,
    tier: p.tier,
    priority: p.priority,
    environmentalImpact: p.environmentalImpact,
    ease: p.ease,
    rgesn: p.rgesn,
    sheet: p.url,
  }));
  const phaseLabels = phaseNames(ctx.lang);
  return {
    id: 'practices',
    number: 3,
    title: t('Bonnes pratiques', 'Good practices'),
    intro: t(
      `Les 119 fiches du référentiel RWEB (115 numérotées dans la 4e édition, 119 dans la 5e), avec pour chaque site web leur statut : contrôle automatique, évaluation manuelle, correction d’un contrôle, non applicable (avec justification) ou jamais évaluée. Titres reproduits à l’identique : ${catalogue.attribution}.`,
      `The 119 sheets of the RWEB referential (115 numbered in the 4th edition, 119 in the 5th), with each web site's status: automated check, manual assessment, override of a check, not applicable (with justification) or never assessed. Titles reproduced verbatim (French official titles): ${catalogue.attribution}.`,
    ),
    notices,
    figures: [
      { id: 'practices.compliantShare', label: t('Taux de conformité', 'Compliance share'), value: total.complianceShare, unit: '', digits: 1, kind: 'share' },
      { id: 'practices.assessed', label: t('Évaluations (pratique × site)', 'Assessed (practice × site)'), value: total.assessed, unit: `/ ${total.total}`, digits: 0, kind: 'number' },
      { id: 'practices.neverAssessed', label: t('Jamais évaluées', 'Never assessed'), value: total.byStatus.unassessed, unit: '', digits: 0, kind: 'number' },
      { id: 'practices.sites', label: t('Sites web', 'Web sites'), value: statuses.length, unit: '', digits: 0, kind: 'number' },
    ],
    charts: [
      {
        id: 'coverage-by-phase',
        kind: 'stacked-bar',
        title: t('Couverture des pratiques par phase du cycle de vie', 'Practice coverage by lifecycle phase'),
        description: byPhase
          .map((g) => `${phaseLabels[g.key] ?? g.key}: ${g.byStatus.compliant} ${statusLabels.compliant}, ${g.byStatus['non-compliant']} ${statusLabels['non-compliant']}, ${g.byStatus['in-progress']} ${statusLabels['in-progress']}, ${g.byStatus['not-applicable']} ${statusLabels['not-applicable']}, ${g.byStatus.unassessed} ${statusLabels.unassessed}`)
          .join('; '),
        categories: byPhase.map((g) => phaseLabels[g.key] ?? g.key),
        series: [
          { name: statusLabels.compliant, values: byPhase.map((g) => g.byStatus.compliant), colour: GRADE_COLOURS.A },
          { name: statusLabels['non-compliant'], values: byPhase.map((g) => g.byStatus['non-compliant']), colour: GRADE_COLOURS.F },
          { name: statusLabels['in-progress'], values: byPhase.map((g) => g.byStatus['in-progress']), colour: '#b45309' },
          { name: statusLabels['not-applicable'], values: byPhase.map((g) => g.byStatus['not-applicable']), colour: '#64748b' },
          { name: statusLabels.unassessed, values: byPhase.map((g) => g.byStatus.unassessed), colour: '#cbd5e1' },
        ],
        unit: t('pratiques × sites', 'practices × sites'),
      },
    ],
    tables: [
      {
        id: 'practices-coverage-phase',
        caption: t('Couverture par phase du cycle de vie', 'Coverage by lifecycle phase'),
        columns: coverageColumns(ctx, t('Phase', 'Phase')),
        rows: [...byPhase.map((g) => coverageRow(phaseLabels[g.key] ?? g.key, g)), coverageRow(t('Total', 'Total'), total)],
      },
      {
        id: 'practices-coverage-tier',
        caption: t('Couverture par tiers (terminal, réseau, centre de données)', 'Coverage by tier (device, network, data centre)'),
        columns: coverageColumns(ctx, t('Tiers', 'Tier')),
        rows: byTier.map((g) => coverageRow(tierLabels[g.key] ?? g.key, g)),
      },
      {
        id: 'practices-coverage-site',
        caption: t('Couverture par site web', 'Coverage per web site'),
        columns: [...coverageColumns(ctx, t('Site', 'Site')), { key: 'weighted', label: t('Conformité pondérée (priorité)', 'Priority-weighted compliance'), kind: 'share', digits: 1 }],
        rows: statuses.map((s) => ({ ...coverageRow(s.site.code, s.totals), weighted: s.totals.weightedComplianceShare })),
      },
      {
        id: 'practices-matrix',
        caption: t('Les 119 pratiques et leur statut sur chaque site web', 'The 119 practices and their status on each web site'),
        columns: [
          { key: 'id', label: 'Id', kind: 'code' },
          { key: 'numberV4', label: 'v4', kind: 'code' },
          { key: 'numberV5', label: 'v5', kind: 'code' },
          { key: 'title', label: t('Pratique (titre officiel)', 'Practice (official title)'), kind: 'text' },
          ...statuses.map((s): Column => ({ key: `site:${s.site.code}`, label: s.site.code, kind: 'code', labels: { ...statusLabels } })),
        ],
        rows: catalogue.practices.map((p) => ({
          id: p.id,
          numberV4: p.numberV4,
          numberV5: p.numberV5,
          title: p.titleFr,
          ...Object.fromEntries(statuses.map((s) => [`site:${s.site.code}`, s.practices.find((r) => r.practice.id === p.id)?.status ?? null])),
        })),
        // Wide when many sites: then the per-site evidence table and the CSV carry the statuses.
        display: statuses.length <= 12,
      },
      {
        id: 'practices-evidence',
        caption: t('Pratiques évaluées : statut, origine, preuve et date', 'Assessed practices: status, source, evidence and date'),
        columns: STATUS_COLUMNS(ctx, phaseLabels, tierLabels, statusLabels, sourceLabels),
        rows: rows.filter((r) => r.status !== 'unassessed'),
        // Bounded so the printed report stays readable (and its tagged PDF small) whatever the number of sites; the
        // CSV has every row.
        displayLimit: 40,
        note: t('Les pratiques jamais évaluées figurent dans le tableau précédent et dans practices-status.csv.', 'Never-assessed practices are in the previous table and in practices-status.csv.'),
      },
      {
        id: 'practices-status',
        display: false,
        caption: t('Statut de chaque pratique par site', 'Status of each practice per site'),
        columns: STATUS_COLUMNS(ctx, phaseLabels, tierLabels, statusLabels, sourceLabels),
        rows,
      },
      {
        id: 'practices-referential',
        display: false,
        caption: t('Le référentiel (119 fiches, numéros v4 et v5)', 'The referential (119 sheets, v4 and v5 numbers)'),
        columns: [
          { key: 'id', label: 'Id', kind: 'code' },
          { key: 'numberV4', label: 'v4', kind: 'code' },
          { key: 'numberV5', label: 'v5', kind: 'code' },
          { key: 'title', label: t('Titre officiel', 'Official title'), kind: 'text' },
          { key: 'phase', label: t('Phase', 'Phase'), kind: 'code', labels: phaseLabels },
          { key: 'tier', label: t('Tiers', 'Tier'), kind: 'code', labels: tierLabels },
          { key: 'priority', label: t('Priorité', 'Priority'), kind: 'number', digits: 0 },
          { key: 'environmentalImpact', label: t('Impact', 'Impact'), kind: 'number', digits: 0 },
          { key: 'ease', label: t('Facilité', 'Ease'), kind: 'number', digits: 0 },
          { key: 'rgesn', label: 'RGESN', kind: 'code' },
          { key: 'sheet', label: t('Fiche officielle', 'Official sheet'), kind: 'url' },
        ],
        rows: referential,
      },
    ],
    data: {
      totals: total,
      byPhase,
      byTier,
      sites: statuses.map((s) => ({ site: s.site, run: s.run, totals: s.totals, byPhase: s.byPhase, byTier: s.byTier, neverAssessed: s.neverAssessed })),
      attribution: catalogue.attribution,
    },
  };
}
