import type { Device } from '../../src/model/audit.js';
import { settleWithin, type ManagedBrowser } from '../../src/chromium/launch.js';

/** What numresp keeps of a Lighthouse report: the four category scores (0–100) and the key metrics. */
export interface LighthouseSummary {
  lighthouseVersion: string;
  formFactor: Device;
  scores: { performance: number | null; accessibility: number | null; bestPractices: number | null; seo: number | null };
  metrics: {
    firstContentfulPaintMs: number | null;
    largestContentfulPaintMs: number | null;
    totalBlockingTimeMs: number | null;
    cumulativeLayoutShift: number | null;
    speedIndexMs: number | null;
    interactiveMs: number | null;
  };
  /** Errors Lighthouse reported for its own run (e.g. a failed audit), if any. */
  runWarnings: string[];
}

const pct = (score: number | null | undefined) => (typeof score === 'number' ? Math.round(score * 100) : null);

/**
 * Runs Lighthouse 12 on the same browser, in its own context and navigation (so it never alters the EcoIndex
 * measure). Returns a summary, or an error sentence: Lighthouse problems never fail the page.
 */
export async function runLighthouse(
  managed: ManagedBrowser,
  url: string,
  device: Device,
  timeoutMs: number,
): Promise<LighthouseSummary | { error: string }> {
  // Loaded only when asked: Lighthouse is a large module.
  const { default: lighthouse } = await import('lighthouse');
  const config =
    device === 'desktop' ? (await import('lighthouse/core/config/desktop-config.js')).default : undefined;
  const context = await managed.browser.createBrowserContext();
  let timer: NodeJS.Timeout | undefined;
  try {
    const page = await context.newPage();
    const run = lighthouse(
      url,
      { logLevel: 'silent', output: 'json', onlyCategories: ['performance', 'accessibility', 'best-practices', 'seo'], maxWaitForLoad: timeoutMs },
      config,
      page as never,
    );
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`Lighthouse did not finish within ${timeoutMs / 1000} s`)), timeoutMs);
    });
    run.catch(() => undefined);
    const result = await Promise.race([run, timeout]);
    if (!result) return { error: 'Lighthouse returned no result' };
    const lhr = result.lhr;
    const metric = (id: string) => {
      const v = lhr.audits[id]?.numericValue;
      return typeof v === 'number' ? Math.round(v * 1000) / 1000 : null;
    };
    return {
      lighthouseVersion: lhr.lighthouseVersion,
      formFactor: device,
      scores: {
        performance: pct(lhr.categories.performance?.score),
        accessibility: pct(lhr.categories.accessibility?.score),
        bestPractices: pct(lhr.categories['best-practices']?.score),
        seo: pct(lhr.categories.seo?.score),
      },
      metrics: {
        firstContentfulPaintMs: metric('first-contentful-paint'),
        largestContentfulPaintMs: metric('largest-contentful-paint'),
        totalBlockingTimeMs: metric('total-blocking-time'),
        cumulativeLayoutShift: metric('cumulative-layout-shift'),
        speedIndexMs: metric('speed-index'),
        interactiveMs: metric('interactive'),
      },
      runWarnings: (lhr.runWarnings ?? []).slice(0, 10).map((w: string) => w.slice(0, 300)),
    };
  } catch (err) {
    return { error: `Lighthouse failed: ${(err as Error).message.split('\n')[0]}` };
  } finally {
    clearTimeout(timer);
    if (managed.connected) await settleWithin(context.close(), 5000);
  }
}
