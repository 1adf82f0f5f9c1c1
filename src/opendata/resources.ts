import { GRADES, type InsightScope } from '../insights/types.js';
import { allMeasurements, pageEcoIndex, siteEcoIndex } from '../insights/web.js';
import { AGE_BUCKETS, fleetSummary, type AgeBucket } from '../inventory/summary.js';
import { practiceStatus } from '../practices/status.js';
import { DEVICE_TYPES, LIFECYCLE_METHOD_VERSION } from '../scoring/factors.js';
import type { Db } from '../store/database.js';
import { siteCodesOfKind } from '../store/insights.js';
import { rgesnServiceIds, RGESN_STATUSES } from '../store/rgesn.js';
import { listSites } from '../store/sites.js';
import { loadCriteria, RGESN_VERSION } from '../rgesn/catalogue.js';
import { rgesnStatus } from '../rgesn/status.js';
import { isoSeconds, rounded, type FieldSpec, type Table } from './table.js';

/**
 * The open-data tables, built only from the read model (src/insights) and the domain modules (practices, inventory),
 * so each published figure is the report's figure. What is left out on purpose: page titles (a logged-in page may
 * show a name), assessors' names and free-text evidence, device serials, names and users, and the RWEB practice
 * titles (CC BY-NC-ND 4.0: they cannot be republished under an open licence; the practice id and sheet URL are).
 */

const GRADE_ENUM = GRADES as readonly string[];

const WEB_MEASUREMENT_FIELDS: FieldSpec[] = [
  { name: 'campaign_id', type: 'integer', required: true, description: 'Audit campaign (run) number in the publishing store' },
  { name: 'campaign_label', type: 'string', required: true, description: 'Audit campaign name' },
  { name: 'site_code', type: 'string', description: 'Code of the web service the page belongs to (empty: none)' },
  { name: 'url', type: 'string', format: 'uri', required: true, description: 'Measured page address' },
  { name: 'measured_at', type: 'datetime', required: true, description: 'End of the measurement, UTC' },
  { name: 'ecoindex_score', type: 'integer', required: true, minimum: 0, maximum: 100, description: 'EcoIndex score, 0–100 (higher is better)' },
  { name: 'ecoindex_grade', type: 'string', required: true, enum: GRADE_ENUM, description: 'EcoIndex grade, A (best) to G' },
  { name: 'ghg_gco2e', type: 'number', required: true, description: 'Greenhouse-gas emissions per page view, grams CO2 equivalent (EcoIndex)' },
  { name: 'water_cl', type: 'number', required: true, description: 'Water consumption per page view, centilitres (EcoIndex)' },
  { name: 'dom_elements', type: 'integer', required: true, description: 'Elements in the page (EcoIndex DOM count, without SVG children)' },
  { name: 'requests', type: 'integer', required: true, description: 'HTTP requests made by the page load' },
  { name: 'size_kb', type: 'number', required: true, description: 'Bytes transferred by the page load, kilobytes (1 kB = 1,000 bytes)' },
  { name: 'method_version', type: 'string', required: true, description: 'EcoIndex method version that computed the score' },
];

function webMeasurements(db: Db, scope: InsightScope): Table {
  return {
    name: 'web-measurements',
    title: 'EcoIndex measurements per page and campaign',
    description:
      'Every successful EcoIndex measurement in scope: one row per page and audit campaign. Method: EcoIndex (cnumr), ' +
      'https://www.ecoindex.fr/comment-ca-marche/ ; each row carries the method version that computed it.',
    fields: WEB_MEASUREMENT_FIELDS,
    primaryKey: ['campaign_id', 'url'],
    rows: allMeasurements(db, scope).map((p) => ({
      campaign_id: p.runId,
      campaign_label: p.runLabel,
      site_code: p.siteCode,
      url: p.url,
      measured_at: isoSeconds(p.measuredAt),
      ecoindex_score: p.score,
      ecoindex_grade: p.grade,
      ghg_gco2e: rounded(p.ghgGrams, 2),
      water_cl: rounded(p.waterCl, 2),
      dom_elements: p.dom,
      requests: p.requests,
      size_kb: rounded(p.sizeKb, 3),
      method_version: p.methodVersion ?? 'unknown',
    })),
  };
}

const gradeColumn = (g: string) => `pages_grade_${g.toLowerCase()}`;

function webSites(db: Db, scope: InsightScope): Table {
  const latest = pageEcoIndex(db, scope).filter((p) => p.siteCode !== null);
  const methods = new Map<string, Set<string>>();
  for (const p of latest) {
    const set = methods.get(p.siteCode!) ?? new Set<string>();
    set.add(p.methodVersion ?? 'unknown');
    methods.set(p.siteCode!, set);
  }
  const fields: FieldSpec[] = [
    { name: 'site_code', type: 'string', required: true, description: 'Code of the web service' },
    { name: 'site_name', type: 'string', required: true, description: 'Name of the web service' },
    { name: 'pages', type: 'integer', required: true, description: 'Distinct pages measured (latest measurement of each in scope)' },
    { name: 'average_ecoindex_score', type: 'number', required: true, description: 'Mean EcoIndex score of those pages, 0–100' },
    { name: 'ecoindex_grade', type: 'string', required: true, enum: GRADE_ENUM, description: 'EcoIndex grade of the mean score' },
    { name: 'average_ghg_gco2e', type: 'number', required: true, description: 'Mean greenhouse-gas emissions per page view, gCO2e' },
    { name: 'average_water_cl', type: 'number', required: true, description: 'Mean water consumption per page view, centilitres' },
    { name: 'average_dom_elements', type: 'number', required: true, description: 'Mean DOM elements per page' },
    { name: 'average_requests', type: 'number', required: true, description: 'Mean HTTP requests per page' },
    { name: 'average_size_kb', type: 'number', required: true, description: 'Mean bytes transferred per page, kilobytes (1,000 bytes)' },
    ...GRADES.map((g): FieldSpec => ({ name: gradeColumn(g), type: 'integer', required: true, description: `Pages graded ${g}` })),
    { name: 'last_measured_at', type: 'datetime', required: true, description: 'Latest measurement of the service in scope, UTC' },
    { name: 'method_versions', type: 'string', required: true, description: 'EcoIndex method version(s) of the measurements, joined by " "' },
  ];
  return {
    name: 'web-sites',
    title: 'EcoIndex summary per web service',
    description: 'Per web service: the mean over the latest measurement of each of its pages in scope (pages attached to no service are left out).',
    fields,
    primaryKey: ['site_code'],
    rows: siteEcoIndex(db, scope, latest)
      .sort((a, b) => (a.siteCode ?? '').localeCompare(b.siteCode ?? ''))
      .map((s) => ({
        site_code: s.siteCode,
        site_name: s.siteName,
        pages: s.pages,
        average_ecoindex_score: rounded(s.averageScore, 2),
        ecoindex_grade: s.grade,
        average_ghg_gco2e: rounded(s.averageGhgGrams, 3),
        average_water_cl: rounded(s.averageWaterCl, 3),
        average_dom_elements: rounded(s.averageDom, 1),
        average_requests: rounded(s.averageRequests, 1),
        average_size_kb: rounded(s.averageSizeKb, 3),
        ...Object.fromEntries(GRADES.map((g) => [gradeColumn(g), s.gradeDistribution[g]])),
        last_measured_at: isoSeconds(s.lastMeasuredAt),
        method_versions: [...(methods.get(s.siteCode!) ?? [])].sort().join(' '),
      })),
  };
}

const PRACTICE_FIELDS: FieldSpec[] = [
  { name: 'site_code', type: 'string', required: true, description: 'Code of the web service' },
  { name: 'practice_id', type: 'string', required: true, description: 'RWEB practice sheet id (GreenIT.fr / Collectif Conception Numérique Responsable)' },
  { name: 'practice_number_v5', type: 'string', required: true, description: 'Practice number in the 5th edition (119 practices)' },
  { name: 'practice_number_v4', type: 'string', description: 'Practice number in the 4th edition (115 practices); empty when new in the 5th' },
  { name: 'lifecycle_phase', type: 'string', required: true, description: 'Lifecycle phase of the practice' },
  { name: 'tier', type: 'string', required: true, description: 'Tier the practice acts on (user-device, network, datacenter)' },
  {
    name: 'status',
    type: 'string',
    required: true,
    enum: ['compliant', 'non-compliant', 'not-applicable', 'in-progress', 'unassessed'],
    description: 'Status of the practice for the service',
  },
  {
    name: 'status_source',
    type: 'string',
    required: true,
    enum: ['manual', 'override', 'automated', 'none'],
    description: 'Where the status comes from: an assessor, an assessor correcting an automated check, an automated check, nothing yet',
  },
  { name: 'status_date', type: 'datetime', description: 'Date of the assessment, or start of the campaign whose automated checks gave the status, UTC' },
  { name: 'pages_judged', type: 'integer', description: 'Pages the automated checks of this practice judged (empty: no automated finding)' },
  { name: 'pages_failing', type: 'integer', description: 'Of those, pages where a check of this practice failed' },
  { name: 'practice_url', type: 'string', format: 'uri', required: true, description: 'Official practice sheet' },
];

function practices(db: Db, scope: InsightScope): Table {
  const rows = siteCodesOfKind(db, 'web', scope.siteCodes).flatMap((code) => {
    const status = practiceStatus(db, code, { edition: 'v5' });
    return status.practices.map((r) => ({
      site_code: code,
      practice_id: r.practice.id,
      practice_number_v5: r.practice.numberV5,
      practice_number_v4: r.practice.numberV4,
      lifecycle_phase: r.practice.phase,
      tier: r.practice.tier,
      status: r.status,
      status_source: r.source,
      status_date: isoSeconds(r.manual ? r.manual.assessedAt : r.source === 'automated' ? (status.run?.startedAt ?? null) : null),
      pages_judged: r.automated?.pagesJudged ?? null,
      pages_failing: r.automated?.pagesFailing ?? null,
      practice_url: r.practice.url,
    }));
  });
  return {
    name: 'practices',
    title: 'RWEB web eco-design practices: status per web service',
    description:
      'Current status of each of the 119 practices (Référentiel d’écoconception web, 5th edition) per web service: the ' +
      'assessor’s latest assessment, else the automated checks of the latest campaign. Practice titles are not republished ' +
      '(CC BY-NC-ND 4.0): follow practice_url. Not restricted by --period (a status is a current state).',
    fields: PRACTICE_FIELDS,
    primaryKey: ['site_code', 'practice_id'],
    rows,
  };
}

const AGE_COLUMNS: Record<AgeBucket, string> = {
  '0-1': 'owned_age_0_1_years',
  '1-3': 'owned_age_1_3_years',
  '3-5': 'owned_age_3_5_years',
  '5-7': 'owned_age_5_7_years',
  '7+': 'owned_age_7_plus_years',
  unknown: 'owned_age_unknown',
};
const AGE_TEXT: Record<AgeBucket, string> = {
  '0-1': 'less than 1 year old',
  '1-3': '1 to 3 years old',
  '3-5': '3 to 5 years old',
  '5-7': '5 to 7 years old',
  '7+': '7 years old or more',
  unknown: 'without a purchase date',
};

function fleet(db: Db, scope: InsightScope, at: string): Table {
  const fields: FieldSpec[] = [
    { name: 'site_code', type: 'string', required: true, description: 'Code of the site (school, office, data centre…)' },
    { name: 'site_name', type: 'string', required: true, description: 'Name of the site' },
    { name: 'site_kind', type: 'string', required: true, description: 'Kind of site (lycee, office, datacenter, web, other)' },
    { name: 'device_type', type: 'string', required: true, enum: DEVICE_TYPES as readonly string[], description: 'Type of equipment' },
    { name: 'devices', type: 'integer', required: true, description: 'Devices of this type on the site, whatever their status' },
    { name: 'devices_owned', type: 'integer', required: true, description: 'Of those, devices in service, in stock or redeployed' },
    ...AGE_BUCKETS.map((b): FieldSpec => ({ name: AGE_COLUMNS[b], type: 'integer', required: true, description: `Owned devices ${AGE_TEXT[b]} at as_of` })),
    { name: 'annual_embodied_kgco2e', type: 'number', required: true, description: 'Manufacturing footprint of owned devices spread over their lifetime, kgCO2e per year' },
    { name: 'annual_use_kgco2e', type: 'number', required: true, description: 'Use-phase footprint of powered devices (kWh per year × PUE × grid factor), kgCO2e per year' },
    { name: 'as_of', type: 'date', required: true, description: 'Reference date of ages and footprints' },
    { name: 'method_version', type: 'string', required: true, description: 'Lifecycle method and factor sources' },
  ];
  const asOf = at.slice(0, 10);
  const whole = fleetSummary(db, { siteCodes: scope.siteCodes ? [...scope.siteCodes] : undefined, at });
  const rows = whole.perSite
    .filter((s) => s.count > 0)
    .sort((a, b) => a.code.localeCompare(b.code))
    .flatMap((site) => {
      const one = fleetSummary(db, { siteCodes: [site.code], at });
      return DEVICE_TYPES.flatMap((type) => {
        const t = one.perType.find((x) => x.type === type);
        if (!t) return [];
        const byAge = one.ageByType[type];
        return [
          {
            site_code: site.code,
            site_name: site.name,
            site_kind: site.kind,
            device_type: type,
            devices: t.count,
            devices_owned: t.owned,
            ...Object.fromEntries(AGE_BUCKETS.map((b) => [AGE_COLUMNS[b], byAge?.[b] ?? 0])),
            annual_embodied_kgco2e: rounded(t.annualEmbodiedKg, 3),
            annual_use_kgco2e: rounded(t.annualUseKg, 3),
            as_of: asOf,
            method_version: one.methodVersion,
          },
        ];
      });
    });
  return {
    name: 'fleet',
    title: 'Equipment fleet per site and type',
    description:
      'Counts, age bands and annual footprint of the equipment per site and type, without any serial number, device ' +
      'name or user. Footprints are before the allocation of data-centre hosts to the sites their virtual machines serve; ' +
      'devices attached to no site are left out. Method: numresp docs/lifecycle.md (' + LIFECYCLE_METHOD_VERSION + ').',
    fields,
    primaryKey: ['site_code', 'device_type'],
    rows,
  };
}

/** Services in scope that have RGESN assessments or proposals, by code. */
function rgesnServices(db: Db, scope: InsightScope): string[] {
  const ids = new Set(rgesnServiceIds(db));
  return listSites(db)
    .filter((s) => ids.has(s.id) && (!scope.siteCodes || scope.siteCodes.includes(s.code)))
    .map((s) => s.code);
}

/**
 * RGESN 2024 criteria status per service, as decided by the auditor (or accepted proposals) up to the period's end.
 * Neither authors, justifications nor evidence are published; the criteria texts are in the RGESN itself.
 */
function rgesn(db: Db, scope: InsightScope, services: readonly string[]): Table[] {
  const at = scope.period ? `${scope.period.to}T23:59:59.999Z` : undefined;
  const priorities = new Map(loadCriteria().map((c) => [c.id, c.priority]));
  const statuses = services.map((code) => rgesnStatus(db, code, at));
  const criteria: Table = {
    name: 'rgesn-criteria',
    title: 'RGESN criteria: status per digital service',
    description: `Status of each criterion of the ${RGESN_VERSION} per digital service, as recorded by the auditor.`,
    fields: [
      { name: 'site_code', type: 'string', required: true, description: 'Code of the digital service' },
      { name: 'criterion_id', type: 'string', required: true, description: 'RGESN criterion number (theme.criterion)' },
      { name: 'theme', type: 'string', required: true, description: 'RGESN theme' },
      { name: 'priority', type: 'string', required: true, description: 'RGESN priority of the criterion' },
      { name: 'status', type: 'string', required: true, enum: RGESN_STATUSES, description: 'conforme, non-conforme, non-applicable, or a-evaluer (not decided yet)' },
      { name: 'status_source', type: 'string', enum: ['auditor', 'proposal'], description: 'The auditor’s own decision, or a numresp proposal the auditor accepted; empty when not decided' },
      { name: 'assessed_at', type: 'datetime', description: 'Date of the decision, UTC' },
    ],
    primaryKey: ['site_code', 'criterion_id'],
    rows: statuses.flatMap((st) =>
      st.criteria.map((c) => ({
        site_code: st.service,
        criterion_id: c.id,
        theme: c.theme,
        priority: priorities.get(c.id) ?? null,
        status: c.status,
        status_source: c.source,
        assessed_at: isoSeconds(c.assessedAt),
      })),
    ),
  };
  const scores: Table = {
    name: 'rgesn-services',
    title: 'RGESN score per digital service',
    description: `Share of applicable ${RGESN_VERSION} criteria met, per digital service (numresp rgesn status).`,
    fields: [
      { name: 'site_code', type: 'string', required: true, description: 'Code of the digital service' },
      { name: 'score', type: 'number', minimum: 0, maximum: 1, description: 'Criteria met ÷ applicable criteria, 0–1 (empty: none applicable)' },
      { name: 'weighted_score', type: 'number', minimum: 0, maximum: 1, description: 'Same share weighted by priority (Prioritaire 3, Recommandé 2, Modéré 1), 0–1' },
      { name: 'criteria_met', type: 'integer', required: true, description: 'Criteria conforme' },
      { name: 'criteria_not_met', type: 'integer', required: true, description: 'Criteria non-conforme' },
      { name: 'criteria_not_applicable', type: 'integer', required: true, description: 'Criteria non-applicable' },
      { name: 'criteria_to_assess', type: 'integer', required: true, description: 'Criteria not decided yet' },
      { name: 'assessed_at', type: 'datetime', description: 'Latest decision counted, UTC' },
      { name: 'method_version', type: 'string', required: true, description: 'Referential version' },
    ],
    primaryKey: ['site_code'],
    rows: statuses.map((st) => ({
      site_code: st.service,
      score: rounded(st.score, 4),
      weighted_score: rounded(st.weightedScore, 4),
      criteria_met: st.counts.conforme,
      criteria_not_met: st.counts.nonConforme,
      criteria_not_applicable: st.counts.nonApplicable,
      criteria_to_assess: st.counts.aEvaluer,
      assessed_at: isoSeconds(st.at),
      method_version: RGESN_VERSION,
    })),
  };
  return [criteria, scores];
}

/**
 * Every open-data table of a scope; `at` is the reference date of fleet figures (ISO date-time). The RGESN tables are
 * there only when the store holds RGESN assessments for a service in scope.
 */
export function openDataTables(db: Db, scope: InsightScope, at: string): Table[] {
  const services = rgesnServices(db, scope);
  return [
    webMeasurements(db, scope),
    webSites(db, scope),
    practices(db, scope),
    ...(services.length ? rgesn(db, scope, services) : []),
    fleet(db, scope, at),
  ];
}
