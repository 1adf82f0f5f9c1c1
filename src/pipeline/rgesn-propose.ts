import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { type DisplayProbe, type LowBandwidthProbe, probeDisplay, probeLowBandwidth } from '../../collectors/browser/rgesn-probes.js';
import { launchBrowser, type ManagedBrowser } from '../chromium/launch.js';
import { practiceStatus } from '../practices/status.js';
import { PROPOSAL_METHOD_VERSION, type Proposal, proposeContact, proposeDisplay, proposeFromPractices, proposeHosting, proposeLowBandwidth } from '../rgesn/proposals.js';
import { requireService } from '../rgesn/status.js';
import type { Db } from '../store/database.js';
import { hostingOf, insertRgesnProposal, latestDeclarationFacts, servicePageUrls } from '../store/rgesn.js';

/**
 * `rgesn propose`: gathers what the store holds (declared contact, practice statuses, data-centre records) and
 * measures the service's pages for the purpose (display at 1,200 × 720 px, load at 512 kbit/s), judges each into a
 * proposal and appends the proposals. Decisions are untouched: the auditor accepts or not.
 */

export interface ProposeOptions {
  /** Pages to measure; by default the service's pages from its latest audit. */
  urls?: string[];
  maxPages?: number;
  /** Where screenshots go (created). */
  evidenceDir: string;
  /** false: only the store's evidence, no browser. */
  measure?: boolean;
  browser?: ManagedBrowser;
  now?: Date;
}

export interface ProposeReport {
  service: string;
  proposals: Proposal[];
  pagesMeasured: string[];
  display: DisplayProbe[];
  lowBandwidth: LowBandwidthProbe[];
}

export async function proposeForService(db: Db, service: string, options: ProposeOptions): Promise<ProposeReport> {
  const site = requireService(db, service);
  const proposals: Proposal[] = [proposeContact(latestDeclarationFacts(db, site.id)?.contact ?? null)];
  proposals.push(...proposeFromPractices(practiceStatus(db, site.code).practices));
  proposals.push(...proposeHosting(hostingOf(db, site.id)));
  const urls = options.urls?.length ? options.urls : servicePageUrls(db, site.id, options.maxPages ?? 5);
  const display: DisplayProbe[] = [];
  const lowBandwidth: LowBandwidthProbe[] = [];
  if (options.measure !== false && urls.length) {
    const dir = resolve(options.evidenceDir);
    mkdirSync(dir, { recursive: true });
    const own = !options.browser;
    const browser = options.browser ?? (await launchBrowser());
    try {
      const stamp = (options.now ?? new Date()).toISOString().replace(/[:.]/g, '-');
      for (const [i, url] of urls.entries()) {
        display.push(await probeDisplay(browser, url, join(dir, `${site.code.replace(/[^A-Za-z0-9_-]/g, '_')}-2.5-${stamp}-${i + 1}.png`)));
        lowBandwidth.push(await probeLowBandwidth(browser, url));
      }
    } finally {
      if (own) await browser.close();
    }
    const d = proposeDisplay(display);
    if (d) proposals.push(d);
    const l = proposeLowBandwidth(lowBandwidth);
    if (l) proposals.push(l);
  }
  const proposedAt = (options.now ?? new Date()).toISOString();
  db.transaction(() => {
    for (const p of proposals) insertRgesnProposal(db, { siteId: site.id, criterionId: p.criterionId, status: p.status, evidence: p.evidence, restsOn: p.restsOn, artifact: p.artifact, methodVersion: PROPOSAL_METHOD_VERSION, proposedAt });
  })();
  return { service: site.code, proposals, pagesMeasured: urls, display, lowBandwidth };
}
