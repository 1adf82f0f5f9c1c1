import type { HeadlineOptions } from '../../src/insights/index.js';
import type { Db } from '../../src/store/database.js';

/**
 * Practice and fleet headline figures, composed from their own modules (never recomputed here).
 * Filled in as those modules land; until then the overview shows the web figures only.
 */
export function headlineExtras(_db: Db): HeadlineOptions['extra'] {
  return {};
}
