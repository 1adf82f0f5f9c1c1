/** Every file import, for traceability in reports. */
import type { Db } from './database.js';

export function recordImport(
  db: Db,
  r: { kind: string; file: string; sha256: string; importedAt: string; counts: Record<string, number> },
): void {
  db.prepare('INSERT INTO imports (kind, file, sha256, imported_at, counts_json) VALUES (?, ?, ?, ?, ?)').run(
    r.kind,
    r.file,
    r.sha256,
    r.importedAt,
    JSON.stringify(r.counts),
  );
}
