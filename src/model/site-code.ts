import { z } from 'zod';

/**
 * The one grammar of a site code, for `sites add`, `sites import`, audit configs, worker configs and the codes
 * numresp derives from a name or a host: 1–63 letters (either case), digits, `_`, `.` or `-`, starting with a letter
 * or a digit. Codes are stored and compared as written (LYC-001 and lyc-001 are two sites).
 */
export const SITE_CODE_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,62}$/;
export const SITE_CODE_RULE = '1–63 letters, digits, _ . - starting with a letter or digit (e.g. LYC-001, lycee-jean-moulin)';

export const SiteCodeSchema = z.string().regex(SITE_CODE_PATTERN, `must be ${SITE_CODE_RULE}`);

export function isSiteCode(text: string): boolean {
  return SITE_CODE_PATTERN.test(text);
}

/** A site code from a free name or a host: "Lycée Jean-Moulin" → "lycee-jean-moulin"; null when nothing is left. */
export function siteCodeFromName(name: string): string | null {
  const code = name
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 63)
    .replace(/-+$/, '');
  return code || null;
}

/**
 * The known codes nearest to a mistyped one: case-insensitive edit distance (a swap of two neighbours counts one) at
 * most a quarter of the code's length (1–3), or one code containing the other.
 */
export function closeSiteCodes(code: string, known: readonly string[], max = 5): string[] {
  const wanted = code.toLowerCase();
  return known
    .map((k) => ({ k, d: editDistance(wanted, k.toLowerCase()) }))
    .filter(({ k, d }) => d <= Math.min(3, Math.max(1, Math.floor(wanted.length / 4))) || k.toLowerCase().includes(wanted) || wanted.includes(k.toLowerCase()))
    .sort((a, b) => a.d - b.d || a.k.localeCompare(b.k))
    .slice(0, max)
    .map(({ k }) => k);
}

/** Optimal-string-alignment distance: insertions, deletions, substitutions and swaps of neighbours. */
function editDistance(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return d[a.length][b.length];
}
