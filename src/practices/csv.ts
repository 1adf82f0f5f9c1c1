import { parseTable } from '../inventory/import/decode.js';
import { UserError } from '../model/errors.js';
import type { Db } from '../store/database.js';
import type { AssessmentStatus } from '../store/practices.js';
import { toCsv, unneutralise } from '../util/csv.js';
import { type AssessmentInput, recordAssessment } from './assess.js';
import { practiceStatus } from './status.js';

/**
 * Spreadsheet round trip for auditors: export every practice of a site (manual columns to fill in, automated
 * columns for information), import the file back. Headers in French or English, `;` or `,` (the shared table
 * reader also handles UTF-8/UTF-16/Windows-1252).
 */

type Field = 'practice' | 'status' | 'evidence' | 'file' | 'justification' | 'author' | 'date' | 'override';

/** Accepted header names per field, compared without case, accents, spaces or punctuation. */
const HEADERS: Record<Field, string[]> = {
  practice: ['practice_id', 'practice', 'id', 'ref', 'reference', 'pratique', 'bonne pratique', 'id pratique', 'identifiant', 'fiche', 'number', 'numero', 'n°'],
  status: ['status', 'statut', 'etat', 'conformite', 'evaluation'],
  evidence: ['evidence', 'preuve', 'preuves', 'justificatif', 'elements de preuve'],
  file: ['evidence_file', 'file', 'fichier', 'piece jointe', 'document', 'fichier de preuve'],
  justification: ['justification', 'commentaire', 'comment', 'motif', 'raison'],
  author: ['author', 'auteur', 'auditeur', 'evaluateur', 'auditor'],
  date: ['assessed_at', 'date', 'date d evaluation', 'date evaluation'],
  override: ['overrides_rule', 'override', 'regle contredite', 'controle contredit'],
};

const STATUS_WORDS: Record<string, AssessmentStatus> = {
  compliant: 'compliant',
  conforme: 'compliant',
  oui: 'compliant',
  yes: 'compliant',
  noncompliant: 'non-compliant',
  nonconforme: 'non-compliant',
  non: 'non-compliant',
  no: 'non-compliant',
  notapplicable: 'not-applicable',
  nonapplicable: 'not-applicable',
  na: 'not-applicable',
  nonconcerne: 'not-applicable',
  inprogress: 'in-progress',
  encours: 'in-progress',
};

/** Header or status word without case, accents, spaces or punctuation. */
export function fold(s: string): string {
  return s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9°]+/g, ' ')
    .trim();
}

function statusFrom(cell: string): AssessmentStatus | undefined {
  return STATUS_WORDS[fold(cell).replace(/[^a-z]/g, '')];
}

export interface ImportReport {
  file: string;
  delimiter: string;
  recorded: number;
  unchanged: number;
  /** Rows without a status (left to fill in). */
  skipped: number;
  rejected: Array<{ line: number; reason: string }>;
}

/** Imports assessments row by row: a bad row is rejected with its line and reason, the others are recorded. */
export function importAssessments(
  db: Db,
  siteCode: string,
  fileName: string,
  bytes: Uint8Array,
  defaults: { author?: string; edition?: 'v4' | 'v5' } = {},
): ImportReport {
  const table = parseTable(bytes, fileName);
  const folded = table.header.map(fold);
  const column = {} as Record<Field, number>;
  for (const field of Object.keys(HEADERS) as Field[]) {
    column[field] = folded.findIndex((h) => HEADERS[field].map(fold).includes(h));
  }
  if (column.practice < 0 || column.status < 0) {
    throw new UserError(
      `${fileName}: needs a practice column (practice_id / pratique) and a status column (status / statut); found ${table.header.join(', ')}`,
    );
  }
  const report: ImportReport = { file: fileName, delimiter: table.delimiter, recorded: 0, unchanged: 0, skipped: 0, rejected: [] };
  const cell = (cells: string[], f: Field) => unneutralise(column[f] >= 0 ? (cells[column[f]] ?? '').trim() : '');
  db.transaction(() => {
    for (const { line, cells } of table.rows) {
      const statusCell = cell(cells, 'status');
      if (!statusCell) {
        report.skipped += 1;
        continue;
      }
      const status = statusFrom(statusCell);
      if (!status) {
        report.rejected.push({ line, reason: `status "${statusCell}" is not one of compliant, non-compliant, not-applicable, in-progress (or conforme, non conforme, non applicable, en cours)` });
        continue;
      }
      const date = cell(cells, 'date');
      const input: AssessmentInput = {
        site: siteCode,
        practice: cell(cells, 'practice'),
        status,
        evidence: cell(cells, 'evidence'),
        file: cell(cells, 'file'),
        justification: cell(cells, 'justification'),
        author: cell(cells, 'author') || defaults.author || '',
        override: cell(cells, 'override'),
        assessedAt: date ? (/^\d{4}-\d{2}-\d{2}$/.test(date) ? `${date}T00:00:00Z` : date) : undefined,
        edition: defaults.edition ?? 'v4',
      };
      try {
        const r = recordAssessment(db, input, `csv:${fileName}`);
        if (r.unchanged) report.unchanged += 1;
        else report.recorded += 1;
      } catch (err) {
        if (!(err instanceof UserError)) throw err;
        report.rejected.push({ line, reason: err.message });
      }
    }
  })();
  return report;
}

export const EXPORT_COLUMNS = [
  'practice_id',
  'number_v4',
  'number_v5',
  'title_fr',
  'phase',
  'tier',
  'priority',
  'status',
  'evidence',
  'evidence_file',
  'justification',
  'overrides_rule',
  'author',
  'assessed_at',
  'automated_verdict',
  'pages_failing',
  'pages_judged',
  'official_sheet',
  'title_licence',
] as const;

/** Attribution carried on every exported row, since a spreadsheet loses any header note. */
const TITLE_LICENCE = 'Title © GreenIT.fr / Collectif Conception Numérique Responsable, CC BY-NC-ND 4.0, verbatim';

/**
 * Every practice of the site, one per row. The manual columns (status … assessed_at) hold the latest assessment
 * and can be filled in and imported back; automated_* columns are information only. Titles: © GreenIT.fr,
 * CC BY-NC-ND 4.0 (verbatim). Cells that a spreadsheet would run as formulas are neutralised by toCsv.
 */
export function exportAssessments(db: Db, siteCode: string): string {
  const status = practiceStatus(db, siteCode);
  return toCsv(
    EXPORT_COLUMNS,
    status.practices.map((r) => ({
      practice_id: r.practice.id,
      number_v4: r.practice.numberV4,
      number_v5: r.practice.numberV5,
      title_fr: r.practice.titleFr,
      phase: r.practice.phase,
      tier: r.practice.tier,
      priority: r.practice.priority,
      status: r.manual?.status,
      evidence: r.manual?.evidence,
      evidence_file: r.manual?.evidenceFile,
      justification: r.manual?.justification,
      overrides_rule: r.manual?.overridesRule,
      author: r.manual?.author,
      assessed_at: r.manual?.assessedAt,
      automated_verdict: r.automated?.verdict,
      pages_failing: r.automated?.pagesFailing,
      pages_judged: r.automated?.pagesJudged,
      official_sheet: r.practice.url,
      title_licence: TITLE_LICENCE,
    })),
  );
}
