import { inflateSync } from 'node:zlib';
import { USER_HMAC_SECRET_KEY, userPseudonym } from '../model/pseudonym.js';
import type { Db } from './database.js';
import { compactAfterErasure } from './retention.js';

/**
 * Where the store may hold data that identifies someone, directly or not (`numresp store find-personal`), for the
 * controller's record of processing and for access and erasure requests (docs/privacy.md). Every column listed here
 * is text written by a person, read from an imported file, or captured from an audited page.
 */

export type PersonalKind = 'name' | 'pseudonym' | 'identifier' | 'free-text' | 'page-capture';

interface PersonalColumn {
  table: string;
  column: string;
  kind: PersonalKind;
  why: string;
  /** Extra condition for the count (SQL on the table's own columns). */
  where?: string;
  /** Label when the same column is listed twice with different conditions. */
  label?: string;
}

const COLUMNS: PersonalColumn[] = [
  { table: 'devices', column: 'name', kind: 'name', why: 'device names often carry their user’s name (PORT-JDUPONT)' },
  { table: 'devices', column: 'user_hash', kind: 'pseudonym', why: 'HMAC of the user column (inventory import --keep-users): pseudonymous, re-identifiable with the store secret' },
  { table: 'devices', column: 'serial', kind: 'identifier', why: 'serial number of a device assigned to a user (it has a user hash)', where: 'user_hash IS NOT NULL', label: 'serial (linked to a user)' },
  { table: 'devices', column: 'serial', kind: 'identifier', why: 'serial number: identifies a device, and its user through the asset register' },
  { table: 'devices', column: 'uuid', kind: 'identifier', why: 'hardware UUID: identifies a device, and its user through the asset register' },
  { table: 'devices', column: 'hardware_json', kind: 'identifier', why: 'hardware facts pushed by the agent or imported (host name…)' },
  { table: 'device_status_history', column: 'note', kind: 'free-text', why: 'free-text note on a status change' },
  { table: 'vms', column: 'name', kind: 'identifier', why: 'virtual machine names may name a person or a team' },
  { table: 'practice_assessments', column: 'author', kind: 'name', why: 'who assessed the practice' },
  { table: 'practice_assessments', column: 'evidence', kind: 'free-text', why: 'free-text evidence may name people' },
  { table: 'practice_assessments', column: 'justification', kind: 'free-text', why: 'free-text justification may name people' },
  { table: 'practice_assessments', column: 'evidence_file', kind: 'free-text', why: 'file path may show an account name' },
  { table: 'rgesn_assessments', column: 'author', kind: 'name', why: 'who assessed the RGESN criterion' },
  { table: 'rgesn_assessments', column: 'justification', kind: 'free-text', why: 'free-text justification may name people (e.g. a referent)' },
  { table: 'rgesn_assessments', column: 'evidence', kind: 'free-text', why: 'free-text evidence may name people' },
  { table: 'rgesn_declaration_facts', column: 'contact', kind: 'name', why: 'contact published in the RGESN declaration' },
  { table: 'rgesn_declaration_facts', column: 'author', kind: 'name', why: 'who recorded the declaration facts' },
  { table: 'pages', column: 'title', kind: 'page-capture', why: 'a logged-in page’s title may show the user' },
  { table: 'pages', column: 'final_url', kind: 'page-capture', why: 'the address after redirects may carry a session or user id' },
  { table: 'pages', column: 'lighthouse_json', kind: 'page-capture', why: 'Lighthouse report, with screenshots of the page' },
  { table: 'page_artifacts', column: 'artifacts', kind: 'page-capture', why: 'request URLs, header values (credentials masked), cookie names, console messages' },
  { table: 'rule_results', column: 'evidence_json', kind: 'page-capture', why: 'check evidence quotes page addresses and content' },
  { table: 'imports', column: 'file', kind: 'free-text', why: 'import file path may show an account name (/home/jdupont/…)' },
];

export interface PersonalColumnCount {
  table: string;
  column: string;
  kind: PersonalKind;
  why: string;
  /** Rows where the column holds a value. */
  rows: number;
}

function columnsOf(db: Db, table: string): Set<string> {
  return new Set((db.prepare(`SELECT name FROM pragma_table_info(?)`).all(table) as { name: string }[]).map((r) => r.name));
}

/** Every place in the store that may identify someone, with how many rows hold a value there. */
export function personalDataInventory(db: Db): PersonalColumnCount[] {
  const out: PersonalColumnCount[] = [];
  const schema = new Map<string, Set<string>>();
  for (const c of COLUMNS) {
    if (!schema.has(c.table)) schema.set(c.table, columnsOf(db, c.table));
    if (!schema.get(c.table)!.has(c.column)) continue; // an older or newer schema: nothing to count there
    const rows = db
      .prepare(`SELECT COUNT(*) FROM "${c.table}" WHERE "${c.column}" IS NOT NULL AND "${c.column}" != ''${c.where ? ` AND ${c.where}` : ''}`)
      .pluck()
      .get() as number;
    out.push({ table: c.table, column: c.label ?? c.column, kind: c.kind, why: c.why, rows });
  }
  return out;
}

export interface PersonalMatch {
  table: string;
  column: string;
  /** rowid (the row's id) of each row that holds the text or the user's pseudonym. */
  rowIds: number[];
}

/**
 * Rows that mention `text` (case-insensitive) in any column above, or whose user hash is `text`'s pseudonym, for an
 * access or erasure request. Deflated artifacts are inflated one page at a time.
 */
export function findPersonalMatches(db: Db, text: string): PersonalMatch[] {
  const needle = text.trim().toLowerCase();
  if (!needle) return [];
  const out: PersonalMatch[] = [];
  const seen = new Set<string>();
  for (const c of COLUMNS) {
    const key = `${c.table}.${c.column}`;
    if (seen.has(key) || c.column === 'user_hash' || c.table === 'page_artifacts') continue;
    seen.add(key);
    if (!columnsOf(db, c.table).has(c.column)) continue;
    const ids = db
      .prepare(`SELECT rowid FROM "${c.table}" WHERE instr(lower(CAST("${c.column}" AS TEXT)), ?) > 0 ORDER BY rowid`)
      .pluck()
      .all(needle) as number[];
    if (ids.length) out.push({ table: c.table, column: c.column, rowIds: ids });
  }
  const secret = db.prepare('SELECT value FROM store_meta WHERE key = ?').pluck().get(USER_HMAC_SECRET_KEY) as string | undefined;
  if (secret && columnsOf(db, 'devices').has('user_hash')) {
    const ids = db.prepare('SELECT id FROM devices WHERE user_hash = ? ORDER BY id').pluck().all(userPseudonym(secret, text)) as number[];
    if (ids.length) out.push({ table: 'devices', column: 'user_hash', rowIds: ids });
  }
  const artifactIds: number[] = [];
  for (const row of db.prepare('SELECT page_id AS id, artifacts FROM page_artifacts ORDER BY page_id').iterate() as Iterable<{ id: number; artifacts: Buffer }>) {
    if (inflateSync(row.artifacts).toString('utf8').toLowerCase().includes(needle)) artifactIds.push(row.id);
  }
  if (artifactIds.length) out.push({ table: 'page_artifacts', column: 'artifacts', rowIds: artifactIds });
  return out;
}

/**
 * What erasing a match does to each column: null where the column allows it, a neutral value where the schema needs
 * one, the whole row for page artifacts. Serials, UUIDs and VM names stay: they identify equipment, and the device's
 * link to the person (user hash, name) is what goes.
 */
const ERASE: Record<string, null | string | 'delete-row'> = {
  'devices.user_hash': null,
  'devices.name': null,
  'devices.hardware_json': null,
  'device_status_history.note': null,
  'practice_assessments.author': 'erased',
  'practice_assessments.evidence': null,
  'practice_assessments.justification': null,
  'practice_assessments.evidence_file': null,
  'rgesn_assessments.author': 'erased',
  'rgesn_assessments.justification': null,
  'rgesn_assessments.evidence': null,
  'rgesn_declaration_facts.contact': null,
  'rgesn_declaration_facts.author': 'erased',
  'pages.title': null,
  'pages.final_url': null,
  'pages.lighthouse_json': null,
  'page_artifacts.artifacts': 'delete-row',
  'rule_results.evidence_json': '[]',
  'imports.file': 'erased',
};

export interface ErasureResult {
  erased: PersonalMatch[];
  /** Matches left in place, with why. */
  kept: Array<PersonalMatch & { why: string }>;
}

/**
 * Erases what findPersonalMatches finds for `text` (an erasure request, GDPR art. 17), in one transaction, then
 * overwrites and compacts the file so nothing erased stays on disk.
 */
export function erasePersonalMatches(db: Db, text: string): ErasureResult {
  const matches = findPersonalMatches(db, text);
  const result: ErasureResult = { erased: [], kept: [] };
  db.pragma('secure_delete = ON');
  db.transaction(() => {
    for (const m of matches) {
      const key = `${m.table}.${m.column}`;
      if (!(key in ERASE)) {
        result.kept.push({ ...m, why: 'identifies equipment, not a person: its link to the person is erased' });
        continue;
      }
      const ids = JSON.stringify(m.rowIds);
      const action = ERASE[key];
      if (action === 'delete-row') db.prepare(`DELETE FROM "${m.table}" WHERE rowid IN (SELECT value FROM json_each(?))`).run(ids);
      else db.prepare(`UPDATE "${m.table}" SET "${m.column}" = ? WHERE rowid IN (SELECT value FROM json_each(?))`).run(action, ids);
      result.erased.push(m);
    }
  }).immediate();
  if (result.erased.length) compactAfterErasure(db);
  return result;
}
