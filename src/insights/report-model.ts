/**
 * The report's read model: everything the report's sections show, read from the store once per report. Sections
 * (reports/sections/*) are pure functions of it and of the language, so no figure is computed twice (practice
 * status once per site, the fleet summary once, the web measurements once) and a section can be tested from a model
 * built by hand.
 *
 *   const model = readReportModel(db, { scope, compare, at });
 *   const section = webSection({ lang: 'fr', scope, compare }, model);
 *
 * Add fields here when a section needs more; keep their meaning stable (JSON consumers read section data).
 */
import type { Db } from '../store/database.js';
import { listRunsInScope, siteCodesOfKind, type RunRow } from '../store/insights.js';
import { getSiteByCode } from '../store/sites.js';
import { hostsWithVms } from '../store/devices.js';
import { listVms } from '../store/vms.js';
import { practiceStatus, type SiteStatus } from '../practices/status.js';
import { actionPlanOf, type ActionItem } from '../practices/action-plan.js';
import { fleetSummary, type FleetSummary } from '../inventory/summary.js';
import { fleetScenarios, type ScenarioResult } from '../inventory/scenario.js';
import { agePyramidOf, type AgePyramid } from './fleet-age.js';
import { rgesnScores, type ServiceScore } from '../rgesn/status.js';
import { stateAt, webHeadline, type StateFigureInput } from './headline.js';
import { pageChanges, type PageChange } from './page-change.js';
import {
  allMeasurements,
  ecoIndexTrend,
  failedMeasurements,
  journeySteps,
  pageEcoIndex,
  siteEcoIndex,
  toReadScope,
  webOverview,
  worstPages,
} from './web.js';
import type {
  FailedMeasurement,
  HeadlineFigure,
  InsightScope,
  JourneyStepEcoIndex,
  PageEcoIndex,
  Period,
  SiteEcoIndex,
  TrendPoint,
  WebOverview,
} from './types.js';

/** Lifetime extension shown in the report's scenario: keeping every device 2 more years (a common label target). */
export const SCENARIO_EXTEND_YEARS = 2;

export interface WebReadModel {
  /** Latest measurement of each URL in scope. */
  latest: PageEcoIndex[];
  /** Every measurement in scope. */
  all: PageEcoIndex[];
  overview: WebOverview;
  /** Web headline figures with their value over the compared period. */
  headline: HeadlineFigure[];
  sites: SiteEcoIndex[];
  trend: TrendPoint[];
  /** The 10 lowest EcoIndex among the latest measurements. */
  worst: PageEcoIndex[];
  /**
   * Per latest page id: its score against the URL's previous measurement (with --compare, its latest one in the
   * compared period), significant or within the noise (src/insights/page-change.ts).
   */
  changes: Map<number, PageChange>;
  failures: FailedMeasurement[];
  /** User journeys: each journey's steps from the latest run that played it (not in the page figures above). */
  journeys: JourneyStepEcoIndex[];
}

export interface PracticesReadModel {
  /** Web sites in scope (practices are assessed per web site). */
  webSiteCodes: string[];
  /** Practice status of each of them (v5 edition), computed once. */
  statuses: SiteStatus[];
  /** The action plan over those statuses. */
  plan: ActionItem[];
}

export interface FleetReadModel {
  summary: FleetSummary;
  extend: ScenarioResult;
  refurbished: ScenarioResult;
  pyramid: AgePyramid;
  /** Hosts with VMs at the sites in scope, and their VMs. */
  virtualisation: { hosts: number; vms: number };
}

export interface ReportReadModel {
  scope: InsightScope;
  compare: Period | null;
  /** The instant fleet figures are taken at (ISO). */
  at: string;
  web: WebReadModel;
  practices: PracticesReadModel;
  fleet: FleetReadModel;
  /** Campaigns in scope. */
  runs: RunRow[];
  /** RGESN 2024 score of each assessed service in scope (as of the period's end when a period is given). */
  rgesn: ServiceScore[];
  /** Practice, RGESN and fleet inputs as of the compared period's last day (null without --compare). */
  previousState: StateFigureInput | null;
}

export function readReportModel(db: Db, options: { scope: InsightScope; compare: Period | null; at: string }): ReportReadModel {
  const { scope, compare, at } = options;
  const readScope = toReadScope(scope);
  const runs = listRunsInScope(db, readScope);

  const latest = pageEcoIndex(db, scope);
  const all = allMeasurements(db, scope);
  const failures = failedMeasurements(db, scope);
  const overview = webOverview(db, scope, latest, all, failures);
  const before = compare ? webOverview(db, { ...scope, period: compare }) : null;
  const web: WebReadModel = {
    latest,
    all,
    overview,
    headline: webHeadline(overview, before),
    sites: siteEcoIndex(db, scope, latest),
    trend: ecoIndexTrend(db, scope, all, runs),
    worst: worstPages(db, scope, 10, latest),
    failures,
    changes: pageChanges(db, latest, compare ? pageEcoIndex(db, { ...scope, period: compare }) : all),
    journeys: journeySteps(db, scope),
  };

  // With a period, practices and RGESN are read as of its end (as the fleet), so that an assessment dated after the
  // period does not leak into its figures; without one, their current state.
  const assessedAt = scope.period ? at : undefined;
  const webSiteCodes = siteCodesOfKind(db, 'web', scope.siteCodes);
  const statuses = webSiteCodes.map((code) => practiceStatus(db, code, { edition: 'v5', at: assessedAt }));
  const practices: PracticesReadModel = { webSiteCodes, statuses, plan: statuses.length ? actionPlanOf(statuses).items : [] };

  const siteCodes = scope.siteCodes?.length ? [...scope.siteCodes] : undefined;
  const summary = fleetSummary(db, { siteCodes, at });
  const [extend, refurbished] = fleetScenarios(db, { siteCodes, at }, [{ extendLifetimeYears: SCENARIO_EXTEND_YEARS }, { refurbished: true }]);
  const fleet: FleetReadModel = {
    summary,
    extend,
    refurbished,
    pyramid: agePyramidOf(summary),
    virtualisation: virtualisation(db, siteCodes, at),
  };
  const previousState = compare ? stateAt(db, { webSiteCodes, siteCodes: scope.siteCodes, day: compare.to }) : null;
  return { scope, compare, at, web, practices, fleet, runs, rgesn: rgesnScores(db, scope.siteCodes, assessedAt), previousState };
}

/** VMs per physical host, over the hosts (with VMs) owned on `at` at the sites in scope. */
function virtualisation(db: Db, siteCodes: string[] | undefined, at: string): { hosts: number; vms: number } {
  const siteIds = siteCodes ? new Set(siteCodes.map((c) => getSiteByCode(db, c)?.id)) : null;
  const hosts = hostsWithVms(db, at).filter((h) => !siteIds || siteIds.has(h.siteId ?? undefined));
  const hostIds = new Set(hosts.map((h) => h.id));
  return { hosts: hosts.length, vms: listVms(db).filter((v) => hostIds.has(v.hostDeviceId)).length };
}
