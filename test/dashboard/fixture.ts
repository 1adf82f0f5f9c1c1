import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { buildSyntheticStore } from '../../bench/fixtures/synthetic-store.js';

/** Values an attacker could get stored: a crawled page title, an imported site name, a check's evidence. */
export const HOSTILE = {
  title: `<script>window.__pwned=1</script>"'&<img src=x onerror="window.__pwned=2">`,
  url: `https://web1.example.org/"><script>window.__pwned=3</script>`,
  siteName: `=HYPERLINK("http://evil.invalid","x")<b>bold</b>`,
  evidence: `<svg onload="window.__pwned=4">`,
};

export interface Fixture {
  dir: string;
  file: string;
  hostilePageId: number;
  webSite: string;
  lycee: string;
  cleanup(): void;
}

/** A small synthetic store (same generator as the benchmark) with hostile values planted in it. */
export function buildFixture(): Fixture {
  const dir = mkdtempSync(join(tmpdir(), 'numresp-dashboard-'));
  const file = join(dir, 'store.db');
  buildSyntheticStore(file, { pages: 60, campaigns: 3, devices: 600, lycees: 4, offices: 1, webSites: 3 });
  // Test-only writes, straight to the file: no command would store these values this way.
  const db = new Database(file);
  const page = db.prepare(`SELECT p.id, s.code FROM pages p JOIN sites s ON s.id = p.site_id WHERE p.status = 'ok' ORDER BY p.run_id DESC, p.id LIMIT 1`).get() as { id: number; code: string };
  db.prepare('UPDATE pages SET title = ?, url = ?, final_url = ? WHERE id = ?').run(HOSTILE.title, HOSTILE.url, 'javascript:alert(1)', page.id);
  db.prepare('UPDATE sites SET name = ? WHERE code = ?').run(HOSTILE.siteName, page.code);
  db.prepare('UPDATE rule_results SET evidence_json = ?, message = ? WHERE page_id = ?').run(
    JSON.stringify([{ detail: HOSTILE.evidence, url: 'javascript:alert(5)' }]),
    HOSTILE.title,
    page.id,
  );
  const lycee = (db.prepare(`SELECT code FROM sites WHERE kind = 'lycee' ORDER BY code LIMIT 1`).get() as { code: string }).code;
  db.close();
  return { dir, file, hostilePageId: page.id, webSite: page.code, lycee, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}
