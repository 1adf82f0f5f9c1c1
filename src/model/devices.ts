/**
 * The fleet's vocabulary: device types, device statuses and site kinds, one list each, shared by the store's
 * CHECK constraints (migration 005 writes the same lists), imports, scoring and reports.
 */

export const DEVICE_TYPES = [
  'laptop',
  'desktop',
  'thin-client',
  'monitor',
  'server',
  'tablet',
  'smartphone',
  'printer',
  'network',
  // Equipment schools hold (issue 11): classroom and office devices that are neither computers nor monitors.
  'video-projector',
  'interactive-display',
  'ups',
  'storage',
  'desk-phone',
  'docking-station',
  'document-camera',
  'other',
] as const;
export type DeviceType = (typeof DEVICE_TYPES)[number];

/** `unknown`: the export's status word is not one numresp knows; the raw word is kept beside it. */
export const DEVICE_STATUSES = ['in-service', 'in-stock', 'redeployed', 'refurbished', 'd3e', 'lost', 'unknown'] as const;
export type DeviceStatus = (typeof DEVICE_STATUSES)[number];
/** Statuses of a device that left the organisation (sent to D3E, donated or sold, lost): its date is when it left. */
export const GONE_STATUSES: readonly DeviceStatus[] = ['d3e', 'refurbished', 'lost'];

export const SITE_KINDS = ['lycee', 'college', 'office', 'datacenter', 'web', 'other'] as const;
export type SiteKind = (typeof SITE_KINDS)[number];

/** SQL list literal of a vocabulary, for CHECK constraints: ('a','b'). */
export function sqlList(values: readonly string[]): string {
  return `(${values.map((v) => `'${v.replace(/'/g, "''")}'`).join(',')})`;
}
