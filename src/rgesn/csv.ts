import { parseTable } from '../inventory/import/decode.js';
import { UserError } from '../model/errors.js';
import { fold, type ImportReport } from '../practices/csv.js';
import type { Db } from '../store/database.js';
import type { RgesnStatus } from '../store/rgesn.js';
import { toCsv, unneutralise } from '../util/csv.js';
import { type RgesnInput, recordRgesnAssessment } from './assess.js';
import { loadCriteria, RGESN_ATTRIBUTION } from './catalogue.js';
import { rgesnStatus } from './status.js';

/**
 * The RGESN assessment as a spreadsheet for auditors: French headers, `;` (French-locale spreadsheets), one row
 * per criterion. Statut … Date are the auditor's columns to fill in and import back; the proposal columns are
 * information. Every cell a spreadsheet would run as a formula is neutralised (toCsv) and restored on import.
 */

export const EXPORT_HEADERS = [
  'Critère',
  'Thématique',
  'Question',
  'Priorité',
  'Difficulté',
  'Statut',
  'Justification',
  'Preuves',
  'Auteur',
  "Date d'évaluation",
  'Proposition numresp',
  'Éléments de la proposition',
  'Source du référentiel',
] as const;

type Field = 'criterion' | 'status' | 'justification' | 'evidence' | 'author' | 'date';

const HEADERS: Record<Field, string[]> = {
  criterion: ['critère', 'critere', 'criterion', 'id', 'numéro', 'numero', 'n°'],
  status: ['statut', 'status', 'état', 'conformité', 'evaluation'],
  justification: ['justification', 'commentaire', 'comment', 'motif'],
  evidence: ['preuves', 'preuve', 'evidence', 'éléments de preuve'],
  author: ['auteur', 'author', 'auditeur', 'évaluateur'],
  date: ["date d'évaluation", 'date', 'assessed_at'],
};

const STATUS_WORDS: Record<string, RgesnStatus> = {
  conforme: 'conforme',
  compliant: 'conforme',
  nonconforme: 'non-conforme',
  noncompliant: 'non-conforme',
  nonapplicable: 'non-applicable',
  notapplicable: 'non-applicable',
  na: 'non-applicable',
  aevaluer: 'a-evaluer',
  toassess: 'a-evaluer',
};

function statusFrom(cell: string): RgesnStatus | undefined {
  return STATUS_WORDS[fold(cell).replace(/[^a-z]/g, '')];
}

const STATUS_LABEL: Record<RgesnStatus, string> = {
  conforme: 'Conforme',
  'non-conforme': 'Non conforme',
  'non-applicable': 'Non applicable',
  'a-evaluer': 'À évaluer',
};

/** Every criterion with the service's current decision and numresp's proposal. */
export function exportRgesn(db: Db, service: string): string {
  const status = rgesnStatus(db, service);
  const criteria = new Map(loadCriteria().map((c) => [c.id, c]));
  return toCsv(
    EXPORT_HEADERS,
    status.criteria.map((s) => {
      const c = criteria.get(s.id)!;
      return {
        Critère: s.id,
        Thématique: c.theme,
        Question: c.question,
        Priorité: c.priority,
        Difficulté: c.difficulty,
        Statut: s.source ? STATUS_LABEL[s.status] : '',
        Justification: s.justification,
        Preuves: s.evidence,
        Auteur: s.author,
        "Date d'évaluation": s.assessedAt,
        'Proposition numresp': s.proposal ? STATUS_LABEL[s.proposal.status] : '',
        'Éléments de la proposition': s.proposal ? `${s.proposal.evidence} (${s.proposal.restsOn})` : '',
        'Source du référentiel': RGESN_ATTRIBUTION,
      };
    }),
    ';',
  );
}

/** Imports decisions row by row: a bad row is rejected with its line and reason, the others are recorded. */
export function importRgesn(db: Db, service: string, fileName: string, bytes: Uint8Array, defaults: { author?: string } = {}): ImportReport {
  const table = parseTable(bytes, fileName);
  const folded = table.header.map(fold);
  const column = {} as Record<Field, number>;
  for (const field of Object.keys(HEADERS) as Field[]) column[field] = folded.findIndex((h) => HEADERS[field].map(fold).includes(h));
  if (column.criterion < 0 || column.status < 0) {
    throw new UserError(`${fileName}: needs a criterion column (Critère) and a status column (Statut); found ${table.header.join(', ')}`);
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
        report.rejected.push({ line, reason: `status "${statusCell}" is not one of Conforme, Non conforme, Non applicable, À évaluer` });
        continue;
      }
      const date = cell(cells, 'date');
      const input: RgesnInput = {
        service,
        criterion: cell(cells, 'criterion'),
        status,
        justification: cell(cells, 'justification'),
        evidence: cell(cells, 'evidence'),
        author: cell(cells, 'author') || defaults.author || '',
        assessedAt: date ? (/^\d{4}-\d{2}-\d{2}$/.test(date) ? `${date}T00:00:00Z` : date) : undefined,
      };
      try {
        const r = recordRgesnAssessment(db, input, `csv:${fileName}`);
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
