import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import type { Browser, Page } from 'puppeteer';
import { launchBrowser, type ManagedBrowser } from '../../src/chromium/launch.js';
import type { Report } from '../model.js';
import { renderHtml } from './html.js';

/**
 * The PDF is the HTML printed by Chromium, with page numbers in the footer, PDF bookmarks (outline) and a table of
 * contents whose page numbers come from a first, untagged print: pdftotext (poppler) tells on which page each section
 * heading landed, the numbers are written into the contents and the page is printed again, tagged and with bookmarks.
 * Every request is blocked: the HTML needs none. Chromium is started by the launcher the audits use.
 */

async function openReportPage(browser: Browser, html: string): Promise<Page> {
  const page = await browser.newPage();
  await page.setRequestInterception(true);
  page.on('request', (req) => {
    // about:blank and data: navigations are local; anything else would be an external request.
    if (req.url().startsWith('data:') || req.url() === 'about:blank') void req.continue();
    else void req.abort('blockedbyclient');
  });
  await page.setContent(html, { waitUntil: 'load' });
  return page;
}

/** Prints the page; `final` adds the PDF structure tags and bookmarks (slower, so the page-finding pass skips them). */
function print(page: Page, lang: string, final: boolean): Promise<Uint8Array> {
  const pageWord = lang === 'fr' ? 'Page' : 'Page';
  return page.pdf({
    format: 'A4',
    printBackground: true,
    displayHeaderFooter: true,
    headerTemplate: '<span></span>',
    footerTemplate: `<div style="font-size:8px;width:100%;text-align:center;color:#3f3f46">${pageWord} <span class="pageNumber"></span> / <span class="totalPages"></span></div>`,
    margin: { top: '16mm', bottom: '18mm', left: '12mm', right: '12mm' },
    preferCSSPageSize: false,
    outline: final,
    tagged: final,
    timeout: 120_000,
  });
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

/** Opens the HTML in a blocked-network page of `browser` (or of a Chromium started and closed for the purpose). */
async function withHtmlPage(html: string, browser: ManagedBrowser | undefined, fn: (page: Page) => Promise<void>): Promise<void> {
  const own = !browser;
  const b = browser ?? (await launchBrowser());
  try {
    const page = await openReportPage(b.browser, html);
    try {
      await fn(page);
    } finally {
      await page.close();
    }
  } finally {
    if (own) await b.close();
  }
}

export async function writePdf(report: Report, file: string, browser?: ManagedBrowser): Promise<void> {
  await withHtmlPage(renderHtml(report), browser, async (page) => {
    // Pass 1 finds the page of each section; the table of contents then gets its page numbers in place (the
    // numbers are added beside the entries, which does not move any page break) and pass 2 prints the final PDF.
    writeFileSync(file, await print(page, report.meta.lang, false));
    const tocPages = sectionPages(file, report);
    if (Object.keys(tocPages).length) {
      const word = report.meta.lang === 'fr' ? 'page' : 'page';
      await page.evaluate(
        (pages: Record<string, number>, w: string) => {
          for (const [id, n] of Object.entries(pages)) {
            const link = document.querySelector(`nav.toc a[href="#section-${CSS.escape(id)}"]`);
            if (!link) continue;
            const span = document.createElement('span');
            span.className = 'toc-page';
            span.textContent = ` — ${w} ${n}`;
            link.after(span);
          }
        },
        tocPages,
        word,
      );
    }
    writeFileSync(file, await print(page, report.meta.lang, true));
  });
}

/** Prints one self-contained HTML document (the RGESN declaration) through the same Chromium path, in one pass. */
export async function writeHtmlPdf(html: string, lang: string, file: string, browser?: ManagedBrowser): Promise<void> {
  await withHtmlPage(html, browser, async (page) => writeFileSync(file, await print(page, lang, true)));
}
