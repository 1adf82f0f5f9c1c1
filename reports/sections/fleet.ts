import { AGE_BUCKETS, ENERGY_COVERAGE_WARNING_SHARE } from '../../src/inventory/summary.js';
import type { ScenarioResult } from '../../src/inventory/scenario.js';
import { REFURBISHED_EMBODIED_SHARE, TYPE_DEFAULTS, type DeviceType } from '../../src/scoring/factors.js';
import { SCENARIO_EXTEND_YEARS, type FleetReadModel, type ReportReadModel } from '../../src/insights/report-model.js';
import { tr, type BuildContext } from '../context.js';
import type { Section } from '../model.js';
import { formatNumber } from '../render/format.js';

export { SCENARIO_EXTEND_YEARS };

const TYPE_LABELS_FR: Record<string, string> = {
  laptop: 'portable', desktop: 'fixe', 'thin-client': 'client léger', monitor: 'écran', server: 'serveur', tablet: 'tablette',
  smartphone: 'smartphone', printer: 'imprimante', network: 'réseau', other: 'autre',
};
const STATUS_LABELS_FR: Record<string, string> = {
  'in-service': 'en service', 'in-stock': 'en stock', redeployed: 'redéployé', refurbished: 'donné / reconditionné', d3e: 'D3E', lost: 'perdu',
};

/** Section 4: fleet and lifecycle. */
export function fleetSection(ctx: BuildContext, model: Pick<ReportReadModel, 'fleet'>): Section {
  const f = model.fleet;
  const t = (fr: string, en: string) => tr(ctx, fr, en);
  const s = f.summary;
  const typeLabel = (k: string) => (ctx.lang === 'fr' ? TYPE_LABELS_FR[k] ?? k : k);
  const typeLabels = ctx.lang === 'fr' ? TYPE_LABELS_FR : undefined;
  const statusLabels = ctx.lang === 'fr' ? STATUS_LABELS_FR : undefined;
  const notices: string[] = [];
  if (!s.deviceCount) notices.push(t('Aucun équipement dans ce périmètre : importez l’inventaire avec `numresp inventory import`.', 'No equipment in this scope: import the inventory with `numresp inventory import`.'));
  const datacentres = s.perSite.filter((x) => x.kind === 'datacenter');
  for (const dc of datacentres) {
    if (dc.pue === null) notices.push(t(`Aucun PUE enregistré pour le data centre ${dc.code} : sa consommation est comptée sans PUE.`, `No PUE recorded for data centre ${dc.code}: its use is counted without PUE.`));
  }
  const vms = f.virtualisation;
  const cov = s.energy.coverage;
  const covShare = cov.windowDays ? cov.days / cov.windowDays : 0;
  const coverageText = s.energy.meteredSiteCodes.length
    ? t(
        `relevés sur ${formatNumber(cov.days, 0, 'fr')} j sur ${formatNumber(cov.windowDays, 0, 'fr')} (${formatNumber(covShare * 100, 0, 'fr')} %)`,
        `readings cover ${formatNumber(cov.days, 0, 'en')} of ${formatNumber(cov.windowDays, 0, 'en')} days (${formatNumber(covShare * 100, 0, 'en')} %)`,
      )
    : t('aucun relevé de site', 'no site reading');
  if (s.energy.meteredSiteCodes.length && covShare < ENERGY_COVERAGE_WARNING_SHARE) {
    notices.push(t(
      `Comparaison partielle : les relevés ne couvrent que ${formatNumber(cov.days, 0, 'fr')} jours sur ${formatNumber(cov.windowDays, 0, 'fr')} (${formatNumber(covShare * 100, 0, 'fr')} %, moins de 80 %). L’électricité relevée est comparée à l’estimation de ces seuls jours (${formatNumber(s.energy.estimatedKwhOnCoveredDays / 1000, 1, 'fr')} MWh), pas à l’année.`,
      `Partial comparison: readings cover only ${formatNumber(cov.days, 0, 'en')} of ${formatNumber(cov.windowDays, 0, 'en')} days (${formatNumber(covShare * 100, 0, 'en')} %, under 80 %). Metered electricity is compared with the estimate for those days only (${formatNumber(s.energy.estimatedKwhOnCoveredDays / 1000, 1, 'en')} MWh), not with the year.`,
    ));
  }
  const ageDesc = AGE_BUCKETS.map((b) => `${b} ${t('ans', 'years')}: ${s.byAge[b]}`).join(', ');
  const perTypeSorted = [...s.perType].sort((a, b) => b.annualTotalKg - a.annualTotalKg || a.type.localeCompare(b.type));
  return {
    id: 'fleet',
    number: 4,
    title: t('Parc et cycle de vie', 'Fleet and lifecycle'),
    intro: t(
      `Équipements au ${s.at.slice(0, 10)} : effectifs par type, site, âge et statut ; empreinte annuelle (fabrication amortie sur la durée de vie, et usage) ; énergie ; scénario d’allongement de la durée de vie. Méthode : ${s.methodVersion}.`,
      `Equipment as of ${s.at.slice(0, 10)}: counts by type, site, age and status; annual footprint (embodied spread over the lifetime, and use); energy; lifetime-extension scenario. Method: ${s.methodVersion}.`,
    ),
    notices,
    figures: [
      { id: 'fleet.devices', label: t('Équipements', 'Devices'), value: s.deviceCount, unit: '', digits: 0, kind: 'number' },
      { id: 'fleet.averageAgeYears', label: t('Âge moyen', 'Average age'), value: s.averageAgeYears, unit: t('ans', 'years'), digits: 1, kind: 'number' },
      { id: 'fleet.pastLifetimeShare', label: t('Au-delà de la durée de vie prévue', 'Past planned lifetime'), value: s.pastLifetimeShare, unit: '', digits: 1, kind: 'share' },
      { id: 'fleet.refurbishedShare', label: t('Achetés reconditionnés', 'Bought refurbished'), value: s.refurbishedShare, unit: '', digits: 1, kind: 'share' },
      { id: 'fleet.redeployedShare', label: t('Redéployés', 'Redeployed'), value: s.redeployedShare, unit: '', digits: 1, kind: 'share' },
      { id: 'fleet.donated', label: t('Donnés / reconditionnés', 'Donated / refurbished'), value: s.donatedCount, unit: '', digits: 0, kind: 'number' },
      { id: 'fleet.d3e12', label: t('Envoyés en D3E (12 mois)', 'Sent to WEEE (12 months)'), value: s.d3e.last12Months, unit: '', digits: 0, kind: 'number' },
      { id: 'fleet.embodied', label: t('Fabrication (annualisée)', 'Embodied (annualised)'), value: s.footprint.annualEmbodiedKg / 1000, unit: t('tCO2e/an', 'tCO2e/year'), digits: 1, kind: 'number' },
      { id: 'fleet.use', label: t('Usage (électricité)', 'Use (electricity)'), value: s.footprint.annualUseKg / 1000, unit: t('tCO2e/an', 'tCO2e/year'), digits: 1, kind: 'number' },
      { id: 'fleet.energy', label: t('Électricité estimée', 'Estimated electricity'), value: s.energy.estimatedYearlyKwh / 1000, unit: t('MWh/an', 'MWh/year'), digits: 1, kind: 'number' },
      {
        id: 'fleet.energyMeasured',
        label: t('Électricité relevée (12 mois)', 'Metered electricity (12 months)'),
        value: s.energy.measuredSiteKwh12Months / 1000,
        unit: 'MWh',
        digits: 1,
        kind: 'number',
        source: coverageText,
      },
      { id: 'fleet.energyEstimatedCovered', label: t('Électricité estimée, mêmes sites et mêmes jours', 'Estimated electricity, same sites and days'), value: s.energy.estimatedKwhOnCoveredDays / 1000, unit: 'MWh', digits: 1, kind: 'number' },
      { id: 'fleet.virtualisation', label: t('Ratio de virtualisation', 'Virtualisation ratio'), value: vms.hosts ? vms.vms / vms.hosts : null, unit: t('VM par hôte', 'VMs per host'), digits: 1, kind: 'number' },
    ],
    charts: [
      {
        id: 'fleet-age-pyramid',
        kind: 'pyramid',
        title: t('Pyramide des âges du parc (équipements possédés)', 'Fleet age pyramid (owned devices)'),
        description: t(`Équipements possédés par tranche d’âge : ${ageDesc}.`, `Owned devices per age band: ${ageDesc}.`),
        categories: [...AGE_BUCKETS].reverse().map((b) => (b === 'unknown' ? t('inconnu', 'unknown') : `${b} ${t('ans', 'years')}`)),
        series: ageSeries(ctx, f),
        unit: t('équipements', 'devices'),
      },
      {
        id: 'footprint-by-type',
        kind: 'stacked-bar',
        title: t('Empreinte annuelle par type d’équipement', 'Annual footprint by device type'),
        description: perTypeSorted.map((x) => `${typeLabel(x.type)}: ${formatNumber(x.annualEmbodiedKg / 1000, 1, ctx.lang)} t ${t('fabrication', 'embodied')} + ${formatNumber(x.annualUseKg / 1000, 1, ctx.lang)} t ${t('usage', 'use')}`).join('; '),
        categories: perTypeSorted.map((x) => typeLabel(x.type)),
        series: [
          { name: t('Fabrication', 'Embodied'), values: perTypeSorted.map((x) => x.annualEmbodiedKg / 1000), colour: '#7c3aed' },
          { name: t('Usage', 'Use'), values: perTypeSorted.map((x) => x.annualUseKg / 1000), colour: '#0e7490' },
        ],
        unit: t('tCO2e/an', 'tCO2e/year'),
      },
    ],
    tables: [
      {
        id: 'fleet-by-type',
        caption: t('Par type : effectifs, empreinte et source du facteur', 'By type: counts, footprint and factor source'),
        columns: [
          { key: 'type', label: t('Type', 'Type'), kind: 'code', labels: typeLabels },
          { key: 'count', label: t('Effectif', 'Count'), kind: 'number', digits: 0 },
          { key: 'owned', label: t('Possédés', 'Owned'), kind: 'number', digits: 0 },
          { key: 'annualEmbodiedKg', label: t('Fabrication / an', 'Embodied / year'), kind: 'number', digits: 0, unit: 'kgCO2e' },
          { key: 'annualUseKg', label: t('Usage / an', 'Use / year'), kind: 'number', digits: 0, unit: 'kgCO2e' },
          { key: 'annualTotalKg', label: t('Total / an', 'Total / year'), kind: 'number', digits: 0, unit: 'kgCO2e' },
          { key: 'embodiedSource', label: t('Source du facteur de fabrication par défaut', 'Default embodied factor source'), kind: 'text' },
          { key: 'kwhSource', label: t('Source de la consommation par défaut', 'Default electricity source'), kind: 'text' },
        ],
        rows: perTypeSorted.map((x) => ({
          type: x.type,
          count: x.count,
          owned: x.owned,
          annualEmbodiedKg: x.annualEmbodiedKg,
          annualUseKg: x.annualUseKg,
          annualTotalKg: x.annualTotalKg,
          embodiedSource: TYPE_DEFAULTS[x.type as DeviceType]?.embodiedSource ?? null,
          kwhSource: TYPE_DEFAULTS[x.type as DeviceType]?.yearlyKwhSource ?? null,
        })),
        note: t(
          `Origine des chiffres de fabrication, appareil par appareil : ${s.embodiedSources.device} fiche fournie, ${s.embodiedSources.boavizta} correspondance Boavizta (${s.attribution}), ${s.embodiedSources.typeDefault} valeur par défaut du type (source ci-dessus). Facteur électrique : ${formatNumber(s.gridFactor.value, 3, 'fr')} ${s.gridFactor.unit} (${s.gridFactor.year}, ${s.gridFactor.source}).`,
          `Origin of embodied figures, device by device: ${s.embodiedSources.device} given, ${s.embodiedSources.boavizta} Boavizta match (${s.attribution}), ${s.embodiedSources.typeDefault} type default (source above). Grid factor: ${s.gridFactor.value} ${s.gridFactor.unit} (${s.gridFactor.year}, ${s.gridFactor.source}).`,
        ),
      },
      {
        id: 'fleet-by-status',
        caption: t('Par statut', 'By status'),
        columns: [
          { key: 'status', label: t('Statut', 'Status'), kind: 'code', labels: statusLabels },
          { key: 'count', label: t('Effectif', 'Count'), kind: 'number', digits: 0 },
        ],
        rows: Object.entries(s.byStatus).map(([status, count]) => ({ status, count })),
      },
      {
        id: 'fleet-by-age',
        caption: t('Par âge (équipements possédés)', 'By age (owned devices)'),
        columns: [
          { key: 'age', label: t('Âge (ans)', 'Age (years)'), kind: 'code' },
          { key: 'count', label: t('Effectif', 'Count'), kind: 'number', digits: 0 },
        ],
        rows: AGE_BUCKETS.map((b) => ({ age: b, count: s.byAge[b] })),
      },
      {
        id: 'fleet-by-site',
        caption: t('Par site : effectifs et empreinte (avec répartition des serveurs selon les sites que servent leurs VM)', 'By site: counts and footprint (servers allocated to the sites their VMs serve)'),
        columns: [
          { key: 'code', label: t('Site', 'Site'), kind: 'code' },
          { key: 'name', label: t('Nom', 'Name'), kind: 'text' },
          { key: 'kind', label: t('Nature', 'Kind'), kind: 'code' },
          { key: 'count', label: t('Effectif', 'Count'), kind: 'number', digits: 0 },
          { key: 'pue', label: 'PUE', kind: 'number', digits: 2 },
          { key: 'annualEmbodiedKg', label: t('Fabrication / an', 'Embodied / year'), kind: 'number', digits: 0, unit: 'kgCO2e' },
          { key: 'annualUseKg', label: t('Usage / an', 'Use / year'), kind: 'number', digits: 0, unit: 'kgCO2e' },
          { key: 'annualAfterAllocationKg', label: t('Total après répartition', 'Total after allocation'), kind: 'number', digits: 0, unit: 'kgCO2e' },
        ],
        rows: s.perSite.map((x) => ({
          code: x.code,
          name: x.name,
          kind: x.kind,
          count: x.count,
          pue: x.pue,
          annualEmbodiedKg: x.annualEmbodiedKg,
          annualUseKg: x.annualUseKg,
          annualAfterAllocationKg: x.annualAfterAllocationKg,
        })),
        // Printed: 25 sites (a region has hundreds; the PDF's tags cost per cell); the CSV has every site.
        displayLimit: 25,
      },
      {
        id: 'fleet-scenario',
        caption: t(
          `Scénarios : durée de vie allongée de ${SCENARIO_EXTEND_YEARS} ans ; achats reconditionnés (part de fabrication ${formatNumber(REFURBISHED_EMBODIED_SHARE.value, 2, 'fr')})`,
          `Scenarios: lifetime extended by ${SCENARIO_EXTEND_YEARS} years; refurbished purchases (embodied share ${REFURBISHED_EMBODIED_SHARE.value})`,
        ),
        columns: [
          { key: 'scope', label: t('Périmètre', 'Scope'), kind: 'text' },
          { key: 'scenario', label: t('Scénario', 'Scenario'), kind: 'text' },
          { key: 'owned', label: t('Possédés', 'Owned'), kind: 'number', digits: 0 },
          { key: 'baselineKg', label: t('Actuel / an', 'Current / year'), kind: 'number', digits: 0, unit: 'kgCO2e' },
          { key: 'scenarioKg', label: t('Scénario / an', 'Scenario / year'), kind: 'number', digits: 0, unit: 'kgCO2e' },
          { key: 'deltaKg', label: t('Écart / an', 'Change / year'), kind: 'number', digits: 0, unit: 'kgCO2e' },
          { key: 'deltaShare', label: t('Écart', 'Change'), kind: 'share', digits: 1 },
        ],
        rows: [
          ...scenarioRows(f.extend, t(`+${SCENARIO_EXTEND_YEARS} ans`, `+${SCENARIO_EXTEND_YEARS} years`), typeLabel, t('Total', 'Total')),
          ...scenarioRows(f.refurbished, t('reconditionné', 'refurbished'), typeLabel, t('Total', 'Total')),
        ],
      },
    ],
    data: { summary: s, scenarios: { extendLifetime: f.extend, refurbished: f.refurbished }, virtualisation: vms },
  };
}

function scenarioRows(r: ScenarioResult, name: string, typeLabel: (k: string) => string, totalLabel: string) {
  return [
    { scope: totalLabel, scenario: name, ...r.total },
    ...r.perType.map((x) => ({ scope: typeLabel(x.type), scenario: name, owned: x.owned, baselineKg: x.baselineKg, scenarioKg: x.scenarioKg, deltaKg: x.deltaKg, deltaShare: x.deltaShare })),
  ].map((row) => ({ scope: row.scope, scenario: row.scenario, owned: row.owned, baselineKg: row.baselineKg, scenarioKg: row.scenarioKg, deltaKg: row.deltaKg, deltaShare: row.deltaShare }));
}

/** End-user devices on the left of the age pyramid, shared and infrastructure devices on the right. */
const END_USER_TYPES = new Set(['laptop', 'desktop', 'thin-client', 'monitor', 'tablet', 'smartphone']);

/** Owned devices per age band, end-user devices against shared/infrastructure ones (from the shared age cross-tab). */
function ageSeries(ctx: BuildContext, f: FleetReadModel) {
  const pyramid = f.pyramid;
  const buckets = [...AGE_BUCKETS].reverse();
  const side = (endUser: boolean) =>
    buckets.map((b) => pyramid.rows.filter((r) => END_USER_TYPES.has(r.type) === endUser).reduce((a, r) => a + r.byAge[b], 0));
  return [
    { name: tr(ctx, 'Postes et écrans (utilisateurs)', 'End-user devices'), values: side(true), colour: '#1d4ed8' },
    { name: tr(ctx, 'Serveurs, réseau, impression, autres', 'Servers, network, printers, other'), values: side(false), colour: '#b45309' },
  ];
}
