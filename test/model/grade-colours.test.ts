import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { GRADE_COLOURS, gradeBackgroundCss } from '../../src/model/grade-colours.js';
import { loadAssets } from '../../dashboard/assets.js';

const root = resolve(dirname(new URL(import.meta.url).pathname), '..', '..');

/** WCAG 2.1 relative luminance and contrast ratio (https://www.w3.org/TR/WCAG21/#dfn-contrast-ratio). */
function luminance(hex: string): number {
  const [r, g, b] = [1, 3, 5].map((i) => {
    const c = parseInt(hex.slice(i, i + 2), 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}
const contrastOnWhite = (hex: string): number => 1.05 / (luminance(hex) + 0.05);

function files(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(join(root, dir))) {
    if (['node_modules', 'dist', '.git', 'coverage'].includes(name)) continue;
    const path = join(dir, name);
    if (statSync(join(root, path)).isDirectory()) out.push(...files(path));
    else if (/\.(ts|js|css|html)$/.test(name)) out.push(path);
  }
  return out;
}

describe('grade colours', () => {
  it('carry white text at the WCAG 4.5:1 ratio', () => {
    // Hand check of the formula: pure white against black is 21:1.
    expect(1.05 / (luminance('#000000') + 0.05)).toBeCloseTo(21, 5);
    for (const [grade, colour] of Object.entries(GRADE_COLOURS)) {
      expect({ grade, ok: contrastOnWhite(colour) >= 4.5 }).toEqual({ grade, ok: true });
    }
  });

  it('are written in src/model/grade-colours.ts and nowhere else', () => {
    const literals = Object.values(GRADE_COLOURS).map((c) => c.toLowerCase());
    const holders = ['bin', 'src', 'reports', 'dashboard', 'collectors', 'rules']
      .flatMap((d) => files(d))
      .filter((f) => f !== 'src/model/grade-colours.ts')
      .filter((f) => literals.some((c) => readFileSync(join(root, f), 'utf8').toLowerCase().includes(c)));
    expect(holders).toEqual([]);
  });

  it('reach the dashboard CSS and chart script from the one module', () => {
    const assets = loadAssets();
    const css = assets['app.css'].body.identity.toString('utf8');
    const js = assets['app.js'].body.identity.toString('utf8');
    expect(css).toContain(`.gC{background:${GRADE_COLOURS.C}}`);
    expect(js).toContain(JSON.stringify(GRADE_COLOURS));
    expect(gradeBackgroundCss('.grade-')).toContain(`.grade-G { background: ${GRADE_COLOURS.G}; }`);
  });
});
