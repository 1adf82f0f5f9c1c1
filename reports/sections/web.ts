import { GRADES } from '../../src/insights/index.js';
import { SIGNIFICANT_SCORE_POINTS } from '../../src/scoring/significance.js';
import type { ReportReadModel } from '../../src/insights/report-model.js';
import { GRADE_COLOURS, tr, type BuildContext } from '../context.js';
import type { Column, Section, Table } from '../model.js';
import { formatNumber } from '../render/format.js';

/** Section 2: web services — EcoIndex per site and per page, grade mix, trend across campaigns, worst pages, failures. */
export function webSection(ctx: BuildContext, model: Pick<ReportReadModel, 'web'>): Section {
  const { latest, overview, sites, trend, worst, failures, changes } = model.web;
  // Built by hand in some tests without journeys.
  const journeys = model.web.journeys ?? [];
  const t = (fr: string, en: string) => tr(ctx, fr, en);

  const pageColumns: Column[] = [
    { key: 'site', label: t('Site', 'Site'), kind: 'code' },
    { key: 'url', label: 'URL', kind: 'url' },
    { key: 'title', label: t('Titre', 'Title'), kind: 'text' },
    { key: 'measuredAt', label: t('Mesurée le', 'Measured on'), kind: 'date' },
    { key: 'score', label: 'EcoIndex', kind: 'number', digits: 0, unit: '/100' },
    { key: 'grade', label: t('Note', 'Grade'), kind: 'grade' },
    { key: 'ghgGrams', label: t('GES', 'GHG'), kind: 'number', digits: 2, unit: 'gCO2e' },
    { key: 'waterCl', label: t('Eau', 'Water'), kind: 'number', digits: 2, unit: 'cl' },
    { key: 'dom', label: 'DOM', kind: 'number', digits: 0 },
    { key: 'requests', label: t('Requêtes', 'Requests'), kind: 'number', digits: 0 },
    { key: 'sizeKb', label: t('Taille', 'Size'), kind: 'number', digits: 0, unit: 'KB' },
    { key: 'scoreChange', label: t('Écart EcoIndex', 'EcoIndex change'), kind: 'number', digits: 0 },
    { key: 'changeMark', label: t('Écart réel ?', 'Beyond noise?'), kind: 'text' },
  ];
  // Against the URL's previous measurement (or its measurement in the compared period): the same rule as numresp compare.
  const changeMark = (pageId: number) => {
    const c = changes.get(pageId);
    if (!c) return null;
    return c.significant ? t(`significatif (vs ${c.previousRunLabel})`, `significant (vs ${c.previousRunLabel})`) : t(`dans le bruit (vs ${c.previousRunLabel})`, `within noise (vs ${c.previousRunLabel})`);
  };
  const pageRow = (p: (typeof latest)[number]) => ({
    site: p.siteCode,
    url: p.url,
    title: p.title,
    measuredAt: p.measuredAt,
    score: p.score,
    grade: p.grade,
    ghgGrams: p.ghgGrams,
    waterCl: p.waterCl,
    dom: p.dom,
    requests: p.requests,
    sizeKb: p.sizeKb,
    scoreChange: changes.get(p.pageId)?.scoreChange ?? null,
    changeMark: changeMark(p.pageId),
  });

  const notices: string[] = [];
  if (!overview.urls) notices.push(t('Aucune page mesurée dans ce périmètre : lancez `numresp audit`.', 'No page measured in this scope: run `numresp audit`.'));
  if (overview.methodVersions.length > 1) {
    notices.push(t(
      `Plusieurs versions de méthode EcoIndex coexistent (${overview.methodVersions.join(', ')}) : les scores ne sont comparables qu'à méthode égale.`,
      `Several EcoIndex method versions coexist (${overview.methodVersions.join(', ')}): scores compare only within one method.`,
    ));
  }

  if (changes.size) {
    notices.push(t(
      `Écart EcoIndex : score de la dernière mesure moins celui de la mesure précédente de la même URL (avec --compare, celle de la période comparée). Il est « significatif » hors du bruit de mesure : hors des deux fourchettes min–max quand les deux mesures ont été répétées (--repeat), sinon d'au moins ${SIGNIFICANT_SCORE_POINTS} points ; sinon « dans le bruit ».`,
      `EcoIndex change: the latest measurement's score minus the URL's previous one (with --compare, its one in the compared period). It is "significant" beyond the measurement noise: outside both min–max ranges when both were repeated (--repeat), else by ${SIGNIFICANT_SCORE_POINTS} points or more; otherwise "within noise".`,
    ));
  }

  if (journeys.length) {
    notices.push(t(
      "Parcours utilisateurs : chaque étape mesurée compte le DOM tel qu'il est à cette étape et les requêtes et octets transférés depuis l'étape précédente (la première inclut le chargement de la page) ; ces étapes ne sont pas dans les moyennes par page ci-dessus (voir docs/ecoindex.md).",
      'User journeys: each measured step counts the DOM as it stands at that step and the requests and bytes transferred since the previous step (the first includes the page load); these steps are not in the per-page averages above (see docs/ecoindex.md).',
    ));
  }

  const distributionText = GRADES.map((g) => `${g} ${overview.gradeDistribution[g]}`).join(', ');
  return {
    id: 'web',
    number: 2,
    title: t('Services web', 'Web services'),
    intro: t(
      "EcoIndex de chaque page (dernière mesure de chaque URL dans la période), par site et par campagne. Le score d'un site est la moyenne des scores de ses pages ; sa note applique les seuils EcoIndex à cette moyenne.",
      "EcoIndex of each page (latest measurement of each URL in the period), per site and per campaign. A site's score is the mean of its pages' scores; its grade applies the EcoIndex thresholds to that mean.",
    ),
    notices,
    figures: [
      { id: 'web.averageScore', label: t('EcoIndex moyen', 'Average EcoIndex'), value: overview.averageScore, unit: '/100', digits: 1, kind: 'number' },
      { id: 'web.grade', label: t('Note moyenne', 'Grade of the mean'), value: null, text: overview.grade ?? '—', unit: '', digits: 0, kind: 'number' },
      { id: 'web.urls', label: t('Pages (URL) mesurées', 'Pages (URLs) measured'), value: overview.urls, unit: '', digits: 0, kind: 'number' },
      { id: 'web.campaigns', label: t('Campagnes', 'Campaigns'), value: overview.campaigns, unit: '', digits: 0, kind: 'number' },
      { id: 'web.measurements', label: t('Mesures réussies', 'Successful measurements'), value: overview.measurements, unit: '', digits: 0, kind: 'number' },
      { id: 'web.failed', label: t('Mesures en échec', 'Failed measurements'), value: overview.failedMeasurements, unit: '', digits: 0, kind: 'number' },
      { id: 'web.ghg', label: t('GES moyen par vue', 'Average GHG per view'), value: overview.averageGhgGrams, unit: 'gCO2e', digits: 2, kind: 'number' },
      { id: 'web.water', label: t('Eau moyenne par vue', 'Average water per view'), value: overview.averageWaterCl, unit: 'cl', digits: 2, kind: 'number' },
    ],
    charts: [
      {
        id: 'grade-distribution',
        kind: 'bar',
        title: t('Répartition des notes EcoIndex', 'EcoIndex grade distribution'),
        description: t(
          `Nombre de pages par note EcoIndex (dernière mesure de chaque URL) : ${distributionText}.`,
          `Pages per EcoIndex grade (latest measurement of each URL): ${distributionText}.`,
        ),
        categories: [...GRADES],
        series: [{ name: t('Pages', 'Pages'), values: GRADES.map((g) => overview.gradeDistribution[g]) }],
        unit: t('pages', 'pages'),
        categoryColours: GRADES.map((g) => GRADE_COLOURS[g]),
      },
      {
        id: 'ecoindex-trend',
        kind: 'line',
        title: t('EcoIndex moyen par campagne', 'Average EcoIndex per campaign'),
        description: t(
          `EcoIndex moyen de chaque campagne : ${trend.map((p) => `${p.runLabel} ${p.averageScore === null ? '—' : formatNumber(p.averageScore, 1, 'fr')}`).join(' ; ') || 'aucune'}.`,
          `Average EcoIndex of each campaign: ${trend.map((p) => `${p.runLabel} ${p.averageScore === null ? '—' : formatNumber(p.averageScore, 1, 'en')}`).join('; ') || 'none'}.`,
        ),
        categories: trend.map((p) => `${p.runLabel} (${p.startedAt.slice(0, 10)})`),
        series: [{ name: 'EcoIndex', values: trend.map((p) => p.averageScore) }],
        unit: '/100',
      },
    ],
    tables: [
      {
        id: 'web-sites',
        caption: t('EcoIndex par site', 'EcoIndex per site'),
        columns: [
          { key: 'site', label: t('Site', 'Site'), kind: 'code' },
          { key: 'name', label: t('Nom', 'Name'), kind: 'text' },
          { key: 'pages', label: t('Pages', 'Pages'), kind: 'number', digits: 0 },
          { key: 'averageScore', label: t('EcoIndex moyen', 'Average EcoIndex'), kind: 'number', digits: 1, unit: '/100' },
          { key: 'grade', label: t('Note', 'Grade'), kind: 'grade' },
          { key: 'averageGhgGrams', label: t('GES moyen', 'Average GHG'), kind: 'number', digits: 2, unit: 'gCO2e' },
          { key: 'averageWaterCl', label: t('Eau moyenne', 'Average water'), kind: 'number', digits: 2, unit: 'cl' },
          { key: 'averageDom', label: t('DOM moyen', 'Average DOM'), kind: 'number', digits: 0 },
          { key: 'averageRequests', label: t('Requêtes moyennes', 'Average requests'), kind: 'number', digits: 0 },
          { key: 'averageSizeKb', label: t('Taille moyenne', 'Average size'), kind: 'number', digits: 0, unit: 'KB' },
          { key: 'lastMeasuredAt', label: t('Dernière mesure', 'Last measured'), kind: 'date' },
        ],
        rows: sites.map((s) => ({
          site: s.siteCode,
          name: s.siteName,
          pages: s.pages,
          averageScore: s.averageScore,
          grade: s.grade,
          averageGhgGrams: s.averageGhgGrams,
          averageWaterCl: s.averageWaterCl,
          averageDom: s.averageDom,
          averageRequests: s.averageRequests,
          averageSizeKb: s.averageSizeKb,
          lastMeasuredAt: s.lastMeasuredAt,
        })),
      },
      {
        id: 'web-grades',
        caption: t('Répartition des notes', 'Grade distribution'),
        columns: [
          { key: 'grade', label: t('Note', 'Grade'), kind: 'grade' },
          { key: 'pages', label: t('Pages', 'Pages'), kind: 'number', digits: 0 },
          { key: 'share', label: t('Part', 'Share'), kind: 'share', digits: 1 },
        ],
        rows: GRADES.map((g) => ({
          grade: g,
          pages: overview.gradeDistribution[g],
          share: overview.urls ? overview.gradeDistribution[g] / overview.urls : null,
        })),
      },
      {
        id: 'web-trend',
        caption: t('Évolution par campagne', 'Trend across campaigns'),
        columns: [
          { key: 'campaign', label: t('Campagne', 'Campaign'), kind: 'text' },
          { key: 'startedAt', label: t('Début', 'Started'), kind: 'date' },
          { key: 'pages', label: t('Pages mesurées', 'Pages measured'), kind: 'number', digits: 0 },
          { key: 'averageScore', label: t('EcoIndex moyen', 'Average EcoIndex'), kind: 'number', digits: 1, unit: '/100' },
          { key: 'grade', label: t('Note', 'Grade'), kind: 'grade' },
          { key: 'averageGhgGrams', label: t('GES moyen', 'Average GHG'), kind: 'number', digits: 2, unit: 'gCO2e' },
          ...GRADES.map((g): Column => ({ key: `grade${g}`, label: g, kind: 'number', digits: 0 })),
        ],
        rows: trend.map((p) => ({
          campaign: p.runLabel,
          startedAt: p.startedAt,
          pages: p.pages,
          averageScore: p.averageScore,
          grade: p.grade,
          averageGhgGrams: p.averageGhgGrams,
          ...Object.fromEntries(GRADES.map((g) => [`grade${g}`, p.gradeDistribution[g]])),
        })),
      },
      { id: 'web-worst-pages', caption: t('Pages les moins bien notées', 'Worst pages'), columns: pageColumns, rows: worst.map(pageRow) },
      {
        id: 'web-pages',
        caption: t('Toutes les pages (dernière mesure)', 'Every page (latest measurement)'),
        columns: pageColumns,
        rows: latest.map(pageRow),
        // Printed: the first 30 (the PDF stays ≤ 2 MB on a 2,000-page store, its tags cost per cell); CSV: all.
        displayLimit: 30,
      },
      {
        id: 'web-failures',
        caption: t('Mesures en échec et leur motif', 'Failed measurements and their reason'),
        columns: [
          { key: 'campaign', label: t('Campagne', 'Campaign'), kind: 'text' },
          { key: 'site', label: t('Site', 'Site'), kind: 'code' },
          { key: 'url', label: 'URL', kind: 'url' },
          { key: 'reason', label: t('Motif', 'Reason'), kind: 'text' },
          { key: 'errorCode', label: t('Code', 'Code'), kind: 'code' },
          { key: 'attempts', label: t('Essais', 'Attempts'), kind: 'number', digits: 0 },
          { key: 'at', label: t('Date', 'Date'), kind: 'date' },
        ],
        rows: failures.map((f) => ({
          campaign: f.runLabel,
          site: f.siteCode,
          url: f.url,
          reason: f.reason,
          errorCode: f.errorCode,
          attempts: f.attempts,
          at: f.at,
        })),
        displayLimit: 20,
      },
      // Only when journeys were measured: a report without them keeps its tables.
      ...(journeys.length ? [<Table>{
        id: 'web-journeys',
        caption: t('Parcours utilisateurs, étape par étape (dernière exécution de chaque parcours)', 'User journeys, step by step (latest run of each journey)'),
        columns: [
          { key: 'site', label: t('Site', 'Site'), kind: 'code' },
          { key: 'journey', label: t('Parcours', 'Journey'), kind: 'text' },
          { key: 'step', label: t('Étape', 'Step'), kind: 'number', digits: 0 },
          { key: 'name', label: t('Nom', 'Name'), kind: 'text' },
          { key: 'url', label: 'URL', kind: 'url' },
          { key: 'score', label: 'EcoIndex', kind: 'number', digits: 0, unit: '/100' },
          { key: 'grade', label: t('Note', 'Grade'), kind: 'grade' },
          { key: 'dom', label: 'DOM', kind: 'number', digits: 0 },
          { key: 'requests', label: t('Requêtes depuis l’étape précédente', 'Requests since previous step'), kind: 'number', digits: 0 },
          { key: 'sizeKb', label: t('Taille depuis l’étape précédente', 'Size since previous step'), kind: 'number', digits: 0, unit: 'KB' },
          { key: 'reason', label: t('Motif d’échec', 'Failure reason'), kind: 'text' },
          { key: 'measuredAt', label: t('Mesurée le', 'Measured on'), kind: 'date' },
        ],
        rows: journeys.map((j) => ({
          site: j.siteCode,
          journey: j.journey,
          step: j.stepIndex,
          name: j.stepName,
          url: j.url,
          score: j.score,
          grade: j.grade,
          dom: j.dom,
          requests: j.requests,
          sizeKb: j.sizeKb,
          reason: j.reason,
          measuredAt: j.measuredAt,
        })),
        displayLimit: 60,
      }] : []),
    ],
    data: { overview, sites, trend, worstPages: worst, failures, journeys },
  };
}
