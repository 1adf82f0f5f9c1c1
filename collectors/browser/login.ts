import type { Page } from 'puppeteer';
import type { LoginStep } from '../../src/model/audit.js';

/** Plays a scripted login (goto / fill / click / waitFor) in the page whose session the measure then uses. */
export async function runLoginSteps(page: Page, steps: readonly LoginStep[], timeoutMs: number): Promise<void> {
  // Set when a click already waited for the navigation its next waitFor step names.
  let navigated = false;
  for (const [i, s] of steps.entries()) {
    const where = `step ${i + 1} (${s.action})`;
    const justNavigated = navigated;
    navigated = false;
    try {
      switch (s.action) {
        case 'goto': {
          const response = await page.goto(s.url, { waitUntil: 'load', timeout: timeoutMs });
          if (response && response.status() >= 400) throw new Error(`HTTP ${response.status()} at ${s.url}`);
          break;
        }
        case 'fill':
          await page.waitForSelector(s.selector, { timeout: timeoutMs });
          // Clear first: a pre-filled field must end with exactly the given value.
          await page.$eval(s.selector, (el) => {
            (el as HTMLInputElement).value = '';
          });
          await page.type(s.selector, s.value);
          break;
        case 'click': {
          await page.waitForSelector(s.selector, { timeout: timeoutMs });
          const next = steps[i + 1];
          if (next?.action === 'waitFor' && next.navigation) {
            // Listen before clicking: a fast navigation would otherwise end before we start waiting for it.
            await Promise.all([page.waitForNavigation({ waitUntil: 'load', timeout: timeoutMs }), page.click(s.selector)]);
            navigated = true;
          } else {
            await page.click(s.selector);
          }
          break;
        }
        case 'waitFor':
          if (s.selector) await page.waitForSelector(s.selector, { timeout: timeoutMs });
          if (s.navigation && !justNavigated) await page.waitForNavigation({ waitUntil: 'load', timeout: timeoutMs });
          if (s.ms) await new Promise((r) => setTimeout(r, s.ms));
          break;
      }
    } catch (err) {
      throw new Error(`${where}: ${(err as Error).message.split('\n')[0]}`);
    }
  }
}
