import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import puppeteer, { type Browser } from 'puppeteer';
import type { Report } from '../model.js';
import { renderHtml } from './html.js';

/**
 * The PDF is the HTML printed by Chromium, with page numbers in the footer, PDF bookmarks (outline) and a table of
 * contents whose page numbers come from a first print: pdftotext (poppler) tells on which page each section heading
 * landed, then the page is printed again with those numbers. Every request is blocked: the HTML needs none.
 */

export function chromiumPath(): string {
  return process.env.PUPPETEER_EXECUTABLE_PATH || process.env.CHROME_PATH || '/usr/bin/chromium';
}

export async function launchBrowser(): Promise<Browser> {
  return puppeteer.launch({
    executablePath: chromiumPath(),
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-gpu',
      '--disable-dev-shm-usage',
    ],
  });
}

async function print(browser: Browser, html: string, lang: string): Promise<Uint8Array> {
  const page = await browser.newPage();
  try {
    await page.setRequestInterception(true);
    page.on('request', (req) => {
      // about:blank and data: navigations are local; anything else would be an external request.
      if (req.url().startsWith('data:') || req.url() === 'about:blank') void req.continue();
      else void req.abort('blockedbyclient');
    });
    await page.setContent(html, { waitUntil: 'load' });
    const pageWord = lang === 'fr' ? 'Page' : 'Page';
    return await page.pdf({
      format: 'A4',
      printBackground: true,
      displayHeaderFooter: true,
      headerTemplate: '<span></span>',
      footerTemplate: `<div style="font-size:8px;width:100%;text-align:center;color:#3f3f46">${pageWord} <span class="pageNumber"></span> / <span class="totalPages"></span></div>`,
      margin: { top: '16mm', bottom: '18mm', left: '12mm', right: '12mm' },
      preferCSSPageSize: false,
      outline: true,
      tagged: true,
      timeout: 120_000,
    });
  } finally {
    await page.close();
  }
}

/** Page (1-based) on which each section heading appears, from pdftotext; empty when pdftotext is unavailable. */
export function sectionPages(pdfFile: string, report: Report): Record<string, number> {
  let text: string;
  try {
    text = execFileSync('pdftotext', ['-layout', pdfFile, '-'], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  } catch {
    return {};
  }
  const pages = text.split('\f');
  const found: Record<string, number> = {};
  let from = 1; // page 1 holds the table of contents, which lists every heading too
  for (const s of report.sections) {
    const heading = `${s.number}. ${s.title}`;
    for (let i = from; i < pages.length; i++) {
      if (pages[i].split('\n').some((line) => line.trim().startsWith(heading))) {
        found[s.id] = i + 1;
        from = i;
        break;
      }
    }
  }
  return found;
}

export async function writePdf(report: Report, file: string, browser?: Browser): Promise<void> {
  const own = !browser;
  const b = browser ?? (await launchBrowser());
  try {
    writeFileSync(file, await print(b, renderHtml(report), report.meta.lang));
    const tocPages = sectionPages(file, report);
    if (Object.keys(tocPages).length) writeFileSync(file, await print(b, renderHtml(report, { tocPages }), report.meta.lang));
  } finally {
    if (own) await b.close();
  }
}
