import { type DecisionSheet, type ImportReport, importDecisionSheet } from '../practices/decision-sheet.js';
import type { Db } from '../store/database.js';
import type { RgesnStatus } from '../store/rgesn.js';
import { toCsv } from '../util/csv.js';
import { recordRgesnAssessment } from './assess.js';
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

const HEADERS: Record<Field, readonly string[]> = {
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
  const sheet: DecisionSheet<Field, RgesnStatus> = {
    headers: HEADERS,
    idField: 'criterion',
    statusField: 'status',
    dateField: 'date',
    requiredColumns: 'a criterion column (Critère) and a status column (Statut)',
    statusWords: STATUS_WORDS,
    statusChoices: 'Conforme, Non conforme, Non applicable, À évaluer',
    record: ({ cell, status, assessedAt }) =>
      recordRgesnAssessment(
        db,
        {
          service,
          criterion: cell('criterion'),
          status,
          justification: cell('justification'),
          evidence: cell('evidence'),
          author: cell('author') || defaults.author || '',
          assessedAt,
        },
        `csv:${fileName}`,
      ),
  };
  return importDecisionSheet(bytes, fileName, sheet, (work) => db.transaction(work)());
}
