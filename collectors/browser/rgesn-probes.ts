import type { BrowserContext, Page } from 'puppeteer';
import type { ManagedBrowser } from '../../src/chromium/launch.js';

/**
 * Two measurements made for RGESN proposals, each in a fresh browser context (no cache, no storage):
 * - display: the page in a 1,200 × 720 px viewport (RGESN 2024 criterion 2.5 test method: "affichage complet du
 *   service dans une zone de visualisation de 1 200 pixels de large" and, for interfaces that cannot scroll, "de
 *   720 pixels de hauteur"), with a screenshot;
 * - low bandwidth: the page loaded with the network limited to 512 kbit/s (criterion 2.3 test method: "512 Kbit/s
 *   en fixe"), timing when it becomes usable and counting the bytes transferred.
 * Never throws for a page problem: the failure is returned as `error`.
 */

export const RGESN_VIEWPORT = { width: 1200, height: 720 } as const;
/** 512 kbit/s, in bytes per second as the DevTools protocol wants it (1 kbit = 1,000 bit). */
export const LOW_BANDWIDTH_BYTES_PER_S = (512 * 1000) / 8;

export interface DisplayProbe {
  url: string;
  viewport: { width: number; height: number };
  /** Document width beyond the viewport (px): a horizontal scrollbar or, with overflow hidden, content cut. */
  scrollWidthPx: number;
  scrollHeightPx: number;
  /** Root overflow is hidden / clip, so content past the viewport cannot be reached. */
  rootClipsX: boolean;
  rootClipsY: boolean;
  horizontalOverflow: boolean;
  contentCut: boolean;
  screenshot: string | null;
  error: string | null;
}

export interface LowBandwidthProbe {
  url: string;
  bandwidthBytesPerS: number;
  /** From navigation start until the document is parsed and has painted content (max of DOMContentLoaded and FCP). */
  timeToUsableMs: number | null;
  loadMs: number | null;
  transferBytes: number;
  requests: number;
  error: string | null;
}

async function withContext<T>(managed: ManagedBrowser, fn: (page: Page) => Promise<T>): Promise<T> {
  const context: BrowserContext = await managed.browser.createBrowserContext();
  try {
    const page = await context.newPage();
    return await fn(page);
  } finally {
    await context.close().catch(() => undefined);
  }
}

export async function probeDisplay(managed: ManagedBrowser, url: string, screenshotFile: string, timeoutMs = 60_000): Promise<DisplayProbe> {
  const base = { url, viewport: { ...RGESN_VIEWPORT }, scrollWidthPx: 0, scrollHeightPx: 0, rootClipsX: false, rootClipsY: false, horizontalOverflow: false, contentCut: false, screenshot: null, error: null };
  try {
    return await withContext(managed, async (page) => {
      await page.setViewport({ ...RGESN_VIEWPORT });
      await page.goto(url, { waitUntil: 'load', timeout: timeoutMs });
      const m = await page.evaluate(() => {
        const root = document.documentElement;
        const body = document.body;
        const clips = (v: string) => v === 'hidden' || v === 'clip';
        const rs = getComputedStyle(root);
        const bs = body ? getComputedStyle(body) : rs;
        // The widest and tallest extent of any element, which overflow: hidden on the root would hide from scrollWidth.
        let right = root.scrollWidth;
        let bottom = root.scrollHeight;
        for (const el of Array.from(document.querySelectorAll('body *')).slice(0, 20000)) {
          const r = el.getBoundingClientRect();
          if (r.width === 0 || r.height === 0) continue;
          right = Math.max(right, r.right + window.scrollX);
          bottom = Math.max(bottom, r.bottom + window.scrollY);
        }
        return {
          scrollWidth: Math.ceil(right),
          scrollHeight: Math.ceil(bottom),
          clientWidth: root.clientWidth,
          innerHeight: window.innerHeight,
          rootClipsX: clips(rs.overflowX) || clips(bs.overflowX),
          rootClipsY: clips(rs.overflowY) || clips(bs.overflowY),
        };
      });
      await page.screenshot({ path: screenshotFile as `${string}.png` });
      const beyondX = m.scrollWidth > m.clientWidth + 1;
      const beyondY = m.scrollHeight > m.innerHeight + 1;
      return {
        ...base,
        scrollWidthPx: m.scrollWidth,
        scrollHeightPx: m.scrollHeight,
        rootClipsX: m.rootClipsX,
        rootClipsY: m.rootClipsY,
        horizontalOverflow: beyondX && !m.rootClipsX,
        contentCut: (beyondX && m.rootClipsX) || (beyondY && m.rootClipsY),
        screenshot: screenshotFile,
      };
    });
  } catch (err) {
    return { ...base, error: (err as Error).message.split('\n')[0] };
  }
}

export async function probeLowBandwidth(managed: ManagedBrowser, url: string, timeoutMs = 120_000): Promise<LowBandwidthProbe> {
  const base = { url, bandwidthBytesPerS: LOW_BANDWIDTH_BYTES_PER_S, timeToUsableMs: null, loadMs: null, transferBytes: 0, requests: 0, error: null };
  try {
    return await withContext(managed, async (page) => {
      const session = await page.createCDPSession();
      let transferBytes = 0;
      let requests = 0;
      session.on('Network.loadingFinished', (e: { encodedDataLength: number }) => {
        transferBytes += e.encodedDataLength;
        requests += 1;
      });
      await session.send('Network.enable');
      await session.send('Network.setCacheDisabled', { cacheDisabled: true });
      // Bandwidth only, both ways; no latency added (the criterion names a rate, not a round-trip time).
      await session.send('Network.emulateNetworkConditions', { offline: false, latency: 0, downloadThroughput: LOW_BANDWIDTH_BYTES_PER_S, uploadThroughput: LOW_BANDWIDTH_BYTES_PER_S });
      await page.setViewport({ ...RGESN_VIEWPORT });
      await page.goto(url, { waitUntil: 'load', timeout: timeoutMs });
      const t = await page.evaluate(() => {
        const nav = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming | undefined;
        const fcp = performance.getEntriesByName('first-contentful-paint')[0];
        return { dcl: nav?.domContentLoadedEventEnd ?? null, load: nav?.loadEventEnd || nav?.loadEventStart || null, fcp: fcp?.startTime ?? null };
      });
      const usable = t.dcl === null ? null : Math.max(t.dcl, t.fcp ?? 0);
      return { ...base, timeToUsableMs: usable === null ? null : Math.round(usable), loadMs: t.load === null ? null : Math.round(t.load), transferBytes, requests };
    });
  } catch (err) {
    return { ...base, error: (err as Error).message.split('\n')[0] };
  }
}
