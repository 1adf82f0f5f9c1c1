import { loadCatalogue } from '../../rules/catalogue/index.js';
import { ECOINDEX_METHOD_VERSION, GRADE_THRESHOLDS } from '../../src/scoring/ecoindex.js';
import {
  FRENCH_GRID_FACTOR,
  LIFECYCLE_METHOD_VERSION,
  REFURBISHED_EMBODIED_SHARE,
  TYPE_DEFAULTS,
} from '../../src/scoring/factors.js';
import { DEFAULT_RETENTION } from '../../src/model/retention.js';
import type { ReportReadModel } from '../../src/insights/report-model.js';
import { tr, type BuildContext } from '../context.js';
import type { ReportMeta, Section } from '../model.js';

/** Section 7: how every figure was obtained — methods, protocol, factors with sources, attributions, identity. */
export function methodSection(ctx: BuildContext, model: Pick<ReportReadModel, 'runs'>, meta: ReportMeta): Section {
  const t = (fr: string, en: string) => tr(ctx, fr, en);
  const runs = model.runs;
  const catalogue = loadCatalogue();
  const factorRows: Record<string, string | number | null>[] = [
    { factor: t('Facteur d’émission de l’électricité (France)', 'Electricity emission factor (France)'), value: FRENCH_GRID_FACTOR.value, unit: FRENCH_GRID_FACTOR.unit, year: FRENCH_GRID_FACTOR.year, source: FRENCH_GRID_FACTOR.source },
    { factor: t('Part de l’empreinte de fabrication d’un appareil reconditionné', 'Embodied share of a refurbished device'), value: REFURBISHED_EMBODIED_SHARE.value, unit: REFURBISHED_EMBODIED_SHARE.unit, year: REFURBISHED_EMBODIED_SHARE.year, source: REFURBISHED_EMBODIED_SHARE.source },
  ];
  // Types without any public default carry no factor row; the table's note names them.
  const withoutDefault: string[] = [];
  for (const [type, d] of Object.entries(TYPE_DEFAULTS)) {
    if (d.embodiedKg === null || d.lifetimeYears === null || d.yearlyKwh === null) {
      withoutDefault.push(type);
      continue;
    }
    factorRows.push({ factor: t(`Fabrication + distribution : ${type}`, `Manufacture + distribution: ${type}`), value: d.embodiedKg, unit: 'kgCO2e', year: sourceYear(d.embodiedSource), source: d.embodiedSource });
    factorRows.push({ factor: t(`Durée de vie par défaut : ${type}`, `Default lifetime: ${type}`), value: d.lifetimeYears, unit: t('ans', 'years'), year: sourceYear(d.lifetimeSource), source: d.lifetimeSource });
    factorRows.push({ factor: t(`Consommation annuelle par défaut : ${type}`, `Default yearly electricity: ${type}`), value: d.yearlyKwh, unit: t('kWh/an', 'kWh/year'), year: sourceYear(d.yearlyKwhSource), source: d.yearlyKwhSource });
  }
  const grades = GRADE_THRESHOLDS.map(([g, min]) => `${g} > ${min}`).join(', ') + ', G ≤ 10';
  return {
    id: 'method',
    number: 7,
    title: t('Méthode et sources', 'Method and sources'),
    notices: [],
    figures: [],
    charts: [],
    items: [
      t(
        `EcoIndex, méthode ${ECOINDEX_METHOD_VERSION} : score = 100 − 5 × (3·q(DOM) + 2·q(requêtes) + q(taille)) / 6, où q est la position interpolée dans les tables de quantiles de cnumr/ecoindex_reference ; notes ${grades} ; GES = 2 + 2·(50 − score)/100 gCO2e et eau = 3 + 3·(50 − score)/100 cl par vue (cnumr/ecoindex_python_fullstack, components/ecoindex/compute/ecoindex.py).`,
        `EcoIndex, method ${ECOINDEX_METHOD_VERSION}: score = 100 − 5 × (3·q(DOM) + 2·q(requests) + q(size)) / 6, q being the interpolated position in the quantile tables of cnumr/ecoindex_reference; grades ${grades}; GHG = 2 + 2·(50 − score)/100 gCO2e and water = 3 + 3·(50 − score)/100 cl per view (cnumr/ecoindex_python_fullstack, components/ecoindex/compute/ecoindex.py).`,
      ),
      t(
        'Protocole de mesure de référence (cnumr/ecoindex_python_fullstack, components/ecoindex/scraper/scrap.py) : Chromium sans interface, fenêtre 1920 × 1080, attente après chargement, défilement jusqu’en bas de page, nouvelle attente, puis comptage des éléments du DOM (hors contenu des <svg>), des requêtes HTTP et des octets transférés. Les réglages exacts de chaque campagne sont dans le tableau des campagnes ci-dessous.',
        'Reference measurement protocol (cnumr/ecoindex_python_fullstack, components/ecoindex/scraper/scrap.py): headless Chromium, 1920 × 1080 window, wait after load, scroll to the bottom, wait again, then count DOM elements (outside <svg> content), HTTP requests and transferred bytes. Each campaign’s exact settings are in the campaigns table below.',
      ),
      t(
        `Cycle de vie des équipements : ${LIFECYCLE_METHOD_VERSION}. Empreinte annuelle = fabrication ÷ durée de vie + consommation annuelle × PUE (sites data centre) × facteur d’émission de l’électricité ; chaque appareil garde la source de son chiffre de fabrication (fiche constructeur, Boavizta, ou valeur par défaut du type).`,
        `Equipment lifecycle: ${LIFECYCLE_METHOD_VERSION}. Annual footprint = embodied ÷ lifetime + yearly electricity × PUE (data-centre sites) × grid emission factor; each device keeps the source of its embodied figure (manufacturer sheet, Boavizta, or the type default).`,
      ),
      t(
        `Référentiel des bonnes pratiques : ${catalogue.attribution}. Titres et règles de validation reproduits à l’identique (CC BY-NC-ND 4.0), sans modification ; chaque pratique renvoie à sa fiche officielle.`,
        `Good-practice referential: ${catalogue.attribution}. Titles and validation rules reproduced verbatim (CC BY-NC-ND 4.0), unmodified; each practice links to its official sheet.`,
      ),
      t(
        'Empreintes constructeurs : Boavizta – environmental-footprint-data, ODbL 1.0 (contenus DbCL 1.0), https://github.com/Boavizta/environmental-footprint-data. Les mainteneurs préviennent que ces données ont de larges marges d’erreur.',
        'Manufacturer footprints: Boavizta – environmental-footprint-data, ODbL 1.0 (contents DbCL 1.0), https://github.com/Boavizta/environmental-footprint-data. The maintainers warn that these data carry large error margins.',
      ),
      t(
        `Conservation par défaut (docs/privacy.md) : artefacts bruts des pages ${DEFAULT_RETENTION.artifacts}, détail des mesures (résultats des contrôles, titres, métriques brutes, évaluations remplacées) ${DEFAULT_RETENTION.measurements}, supprimés par « numresp store purge » ; les chiffres EcoIndex par page, dont sont tirées les tendances, sont conservés.`,
        `Default retention (docs/privacy.md): raw page artifacts ${DEFAULT_RETENTION.artifacts}, measurement detail (check results, titles, raw metrics, superseded assessments) ${DEFAULT_RETENTION.measurements}, removed by "numresp store purge"; per-page EcoIndex figures, which the trends come from, are kept.`,
      ),
      t(
        `Outil : numresp ${meta.toolVersion} (AGPL-3.0-or-later). Base : ${meta.databaseFile}, schéma v${meta.schemaVersion}, SHA-256 ${meta.databaseSha256}. Généré le ${meta.generatedAt}.`,
        `Tool: numresp ${meta.toolVersion} (AGPL-3.0-or-later). Database: ${meta.databaseFile}, schema v${meta.schemaVersion}, SHA-256 ${meta.databaseSha256}. Generated on ${meta.generatedAt}.`,
      ),
    ],
    tables: [
      {
        id: 'method-campaigns',
        caption: t('Campagnes de mesure', 'Measurement campaigns'),
        columns: [
          { key: 'id', label: 'Id', kind: 'number', digits: 0 },
          { key: 'label', label: t('Campagne', 'Campaign'), kind: 'text' },
          { key: 'status', label: t('État', 'Status'), kind: 'code' },
          { key: 'startedAt', label: t('Début', 'Started'), kind: 'text' },
          { key: 'finishedAt', label: t('Fin', 'Finished'), kind: 'text' },
          { key: 'pagesOk', label: t('Pages mesurées', 'Pages measured'), kind: 'number', digits: 0 },
          { key: 'pagesFailed', label: t('Échecs', 'Failures'), kind: 'number', digits: 0 },
          { key: 'methodVersion', label: t('Méthode', 'Method'), kind: 'code' },
          { key: 'toolVersion', label: t('Outil', 'Tool'), kind: 'code' },
          { key: 'browserVersion', label: t('Navigateur', 'Browser'), kind: 'text' },
          { key: 'settings', label: t('Réglages', 'Settings'), kind: 'text' },
        ],
        rows: runs.map((r) => ({
          id: r.id,
          label: r.label,
          status: r.status,
          startedAt: r.startedAt,
          finishedAt: r.finishedAt,
          pagesOk: r.pagesOk,
          pagesFailed: r.pagesFailed,
          methodVersion: r.methodVersion,
          toolVersion: r.toolVersion,
          browserVersion: r.browserVersion,
          settings: r.settingsJson,
        })),
      },
      {
        id: 'method-factors',
        caption: t('Facteurs de référence (valeur, unité, année, source)', 'Reference factors (value, unit, year, source)'),
        columns: [
          { key: 'factor', label: t('Facteur', 'Factor'), kind: 'text' },
          { key: 'value', label: t('Valeur', 'Value'), kind: 'number', digits: 3 },
          { key: 'unit', label: t('Unité', 'Unit'), kind: 'text' },
          { key: 'year', label: t('Année', 'Year'), kind: 'text' },
          { key: 'source', label: 'Source', kind: 'text' },
        ],
        rows: factorRows,
        note: withoutDefault.length
          ? t(
              `Sans valeur publique par défaut (ADEME/Arcep 2022, Boavizta) : ${withoutDefault.join(', ')} ; leur empreinte n’est comptée que lorsque l’inventaire la donne (colonnes embodied_kg, yearly_kwh) ou qu’un modèle Boavizta correspond.`,
              `No public default (ADEME/Arcep 2022, Boavizta): ${withoutDefault.join(', ')}; their footprint counts only when the inventory gives it (embodied_kg, yearly_kwh columns) or a Boavizta model matches.`,
            )
          : undefined,
      },
    ],
    data: { ecoindexMethodVersion: ECOINDEX_METHOD_VERSION, lifecycleMethodVersion: LIFECYCLE_METHOD_VERSION, campaigns: runs },
  };
}

/** Reference year of a factor whose source text carries it (e.g. "ADEME/Arcep 2022", "Boavizta … 2023-02-23"). */
function sourceYear(source: string): number | null {
  const m = /\b(20\d\d)\b/.exec(source);
  return m ? Number(m[1]) : null;
}
