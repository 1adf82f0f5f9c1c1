import type { TextFacts } from '../src/model/artifacts.js';

/**
 * Minification heuristic of GreenIT-Analysis MinifiedCss/MinifiedJs, as described in greenit-checks.json: a body is
 * minified when it has fewer than 2 line breaks, or more than 1 semicolon per line on average and line breaks under
 * 1 % of its characters (lines longer than ~100 characters).
 */
export function looksMinified(t: TextFacts): boolean {
  if (t.lineBreaks < 2) return true;
  return t.semicolons / t.lineBreaks > 1 && t.lineBreaks / Math.max(1, t.chars) < 0.01;
}
