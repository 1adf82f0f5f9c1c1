/**
 * The one source of the EcoIndex grade colours, for the report (HTML, SVG charts, PDF) and the dashboard (CSS and
 * charts). The hues are ecoindex.fr's A–G scale, darkened where needed so white text on them reaches the WCAG 2.1
 * 4.5:1 contrast ratio (criterion 1.4.3). test/model/grade-colours.test.ts checks the ratio and that no other file
 * writes one of these literals.
 */
export type GradeLetter = 'A' | 'B' | 'C' | 'D' | 'E' | 'F' | 'G';

export const GRADE_COLOURS: Readonly<Record<GradeLetter, string>> = Object.freeze({
  A: '#2e7d32',
  B: '#4f7f2b', // 4.8:1 (ecoindex.fr's #558b2f lighter is 4.1:1)
  C: '#857300', // 4.7:1
  D: '#b25e00',
  E: '#c2410c',
  F: '#b91c1c',
  G: '#7f1d1d',
});

/** CSS rules giving each grade class its background, e.g. gradeBackgroundCss('.grade-') → `.grade-A{background:…}`. */
export function gradeBackgroundCss(classPrefix: string): string {
  return (Object.entries(GRADE_COLOURS) as [GradeLetter, string][])
    .map(([grade, colour]) => `${classPrefix}${grade} { background: ${colour}; }`)
    .join('\n');
}
