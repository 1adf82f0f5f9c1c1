import type { DisplayProbe, LowBandwidthProbe } from '../../collectors/browser/rgesn-probes.js';
import type { PracticeStatusRow } from '../practices/status.js';
import type { HostingRecord, RgesnStatus } from '../store/rgesn.js';
import { practiceById } from '../../rules/catalogue/index.js';
import { rgesnCriteria } from './catalogue.js';

/**
 * Pure judgements that turn evidence into RGESN proposals. A proposal is never a verdict: it is stored beside the
 * auditor's decision, names what it rests on, and counts only once the auditor accepts it.
 */

export const PROPOSAL_METHOD_VERSION = 'rgesn-proposals 1.0';

export interface Proposal {
  criterionId: string;
  status: RgesnStatus;
  evidence: string;
  /** What it rests on: 'chromium 1200x720 (n pages)', 'rweb:RWEB_0009,…', 'datacentre:DC-NORD', 'declaration contact'. */
  restsOn: string;
  artifact: string | null;
}

/** 2.5: complete display in a 1,200 px wide viewport and, where the page cannot scroll, 720 px high. */
export function proposeDisplay(probes: DisplayProbe[]): Proposal | null {
  const measured = probes.filter((p) => !p.error);
  if (!measured.length) return null;
  const failing = measured.filter((p) => p.horizontalOverflow || p.contentCut);
  const describe = (p: DisplayProbe) =>
    `${p.url}: ${p.horizontalOverflow ? `horizontal overflow (content ${p.scrollWidthPx} px wide)` : p.contentCut ? `content cut (${p.scrollWidthPx} × ${p.scrollHeightPx} px, root overflow hidden)` : `fits (${p.scrollWidthPx} px wide)`}; screenshot ${p.screenshot}`;
  const errors = probes.length - measured.length;
  return {
    criterionId: '2.5',
    status: failing.length ? 'non-conforme' : 'conforme',
    evidence: `Chromium viewport 1200 × 720 px, ${measured.length} page(s)${errors ? ` (${errors} could not be loaded)` : ''}: ${(failing.length ? failing : measured).map(describe).join(' | ')}`,
    restsOn: `chromium viewport 1200x720 (${measured.length} pages)`,
    artifact: (failing[0] ?? measured[0]).screenshot,
  };
}

/**
 * 2.3: usable at 512 kbit/s. The criterion gives the rate, not a time: we propose conforme when every page is usable
 * within 10 s, the limit beyond which users abandon a task in Google's RAIL model (web.dev/articles/rail: "users are
 * frustrated and are likely to abandon tasks" past 10 s). The 10 s is our choice of threshold.
 */
export const USABLE_WITHIN_MS = 10_000;

export function proposeLowBandwidth(probes: LowBandwidthProbe[]): Proposal | null {
  if (!probes.length) return null;
  const slow = probes.filter((p) => p.error || p.timeToUsableMs === null || p.timeToUsableMs > USABLE_WITHIN_MS);
  const describe = (p: LowBandwidthProbe) =>
    p.error ? `${p.url}: not loaded (${p.error})` : `${p.url}: usable after ${((p.timeToUsableMs ?? 0) / 1000).toFixed(1)} s, loaded after ${((p.loadMs ?? 0) / 1000).toFixed(1)} s, ${Math.round(p.transferBytes / 1000)} kB in ${p.requests} requests`;
  return {
    criterionId: '2.3',
    status: slow.length ? 'non-conforme' : 'conforme',
    evidence: `Loaded at 512 kbit/s (no cache, no added latency), usable = parsed and painted, threshold ${USABLE_WITHIN_MS / 1000} s (our choice, after the RAIL model): ${probes.map(describe).join(' | ')}`,
    restsOn: `throttled load 512 kbit/s (${probes.length} pages)`,
    artifact: null,
  };
}

/** Themes whose criteria the RWEB practices support (UX/UI 4.x, Contenus 5.x, Frontend 6.x). */
const WEB_THEMES = ['4', '5', '6'];

function practiceEvidence(r: PracticeStatusRow): string {
  const auto = r.automated && (r.source === 'automated' || r.source === 'override') ? ` (automated: ${r.automated.pagesFailing}/${r.automated.pagesJudged} pages failing, run ${r.automated.runId})` : '';
  const manual = r.manual ? ` (auditor ${r.manual.author}, ${r.manual.assessedAt.slice(0, 10)})` : '';
  return `${r.practice.id} ${r.status}${r.source === 'automated' ? auto : manual}`;
}

/** Web criteria from the statuses of the RWEB practices the sheets map to them (field "RGESN" of each sheet). */
export function proposeFromPractices(rows: PracticeStatusRow[]): Proposal[] {
  const byCriterion = new Map<string, PracticeStatusRow[]>();
  for (const r of rows) {
    for (const c of rgesnCriteria(practiceById(r.practice.id)?.rgesn ?? null)) if (WEB_THEMES.includes(c.split('.')[0])) byCriterion.set(c, [...(byCriterion.get(c) ?? []), r]);
  }
  const proposals: Proposal[] = [];
  for (const [criterionId, mapped] of byCriterion) {
    const known = mapped.filter((r) => r.status !== 'unassessed');
    if (!known.length) continue;
    const failing = mapped.filter((r) => r.status === 'non-compliant');
    const open = mapped.filter((r) => r.status === 'unassessed' || r.status === 'in-progress');
    const compliant = mapped.filter((r) => r.status === 'compliant');
    const status: RgesnStatus = failing.length ? 'non-conforme' : !open.length && compliant.length ? 'conforme' : 'a-evaluer';
    proposals.push({
      criterionId,
      status,
      evidence: `RWEB practices mapped to ${criterionId} by their sheets: ${mapped.map(practiceEvidence).join('; ')}`,
      restsOn: `rweb:${mapped.map((r) => r.practice.id).join(',')}`,
      artifact: null,
    });
  }
  return proposals;
}

/** RGESN 2024 criterion 8.3 test method: a measured PUE below 1.5 ("un PUE inférieur à 1,5 en réel"). */
export const PUE_LIMIT = 1.5;

/** 8.x from the data-centre records of the sites that host the service's VMs. */
export function proposeHosting(records: HostingRecord[]): Proposal[] {
  if (!records.length) return [];
  const where = records.map((r) => `${r.datacentre.code} (${r.vms} VM${r.vms > 1 ? 's' : ''}${r.vcpus ? `, ${r.vcpus} vCPUs` : ''})`).join(', ');
  const restsOn = `datacentre:${records.map((r) => r.datacentre.code).join(',')}`;
  const proposals: Proposal[] = [];
  const withPue = records.filter((r) => r.pue);
  if (withPue.length) {
    const worst = withPue.reduce((a, b) => (b.pue!.pue > a.pue!.pue ? b : a));
    proposals.push({
      criterionId: '8.3',
      status: withPue.length === records.length && worst.pue!.pue < PUE_LIMIT ? 'conforme' : worst.pue!.pue >= PUE_LIMIT ? 'non-conforme' : 'a-evaluer',
      evidence: `Hosted at ${where}. PUE recorded: ${withPue.map((r) => `${r.datacentre.code} ${r.pue!.pue} (${r.pue!.year}${r.pue!.source ? `, ${r.pue!.source}` : ''})`).join(', ')}; the criterion asks for a measured PUE below ${PUE_LIMIT}${withPue.length < records.length ? `; no PUE recorded for ${records.filter((r) => !r.pue).map((r) => r.datacentre.code).join(', ')}` : ''}. Check that the PUE is measured, not by design.`,
      restsOn,
      artifact: null,
    });
  }
  const metered = records.filter((r) => r.energy);
  if (metered.length) {
    proposals.push({
      criterionId: '8.1',
      status: 'a-evaluer',
      evidence: `Hosted at ${where}. Metered energy: ${metered.map((r) => `${r.datacentre.code} ${Math.round(r.energy!.kwh)} kWh from ${r.energy!.from.slice(0, 10)} to ${r.energy!.to.slice(0, 10)} (${r.energy!.readings} readings)`).join(', ')}. The energy is documented; the host's commitments (EU Code of Conduct for Data Centres, ISO 14001/50001) are not in the store.`,
      restsOn,
      artifact: null,
    });
  }
  return proposals;
}

/** 1.3: "validé si un contact (nominal ou générique) est précisé dans la déclaration d'écoconception". */
export function proposeContact(contact: string | null): Proposal {
  return contact
    ? { criterionId: '1.3', status: 'conforme', evidence: `Eco-design contact declared: ${contact}`, restsOn: 'declaration contact (rgesn describe --contact)', artifact: null }
    : { criterionId: '1.3', status: 'non-conforme', evidence: 'No eco-design contact recorded for the declaration (numresp rgesn describe --contact)', restsOn: 'declaration contact (rgesn describe --contact)', artifact: null };
}
