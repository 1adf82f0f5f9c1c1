/**
 * How a device's model name matched the Boavizta dataset (issue 17.3): exact, prefix or generic-words-removed, null
 * when no matched row gave a figure. Devices stored before this migration get it from `inventory recompute`
 * (their figures are unchanged until then; the summary counts them under 'none').
 */
export const migration011 = {
  version: 11,
  name: 'device-match-quality',
  sql: `ALTER TABLE devices ADD COLUMN lc_match_quality TEXT;`,
};
