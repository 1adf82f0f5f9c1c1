import type { Db } from '../store/database.js';
import type { AssessmentStatus } from '../store/practices.js';
import { toCsv } from '../util/csv.js';
import { recordAssessment } from './assess.js';
import { type DecisionSheet, type ImportReport, importDecisionSheet } from './decision-sheet.js';
import { practiceStatus } from './status.js';

/**
 * Spreadsheet round trip for auditors: export every practice of a site (manual columns to fill in, automated
 * columns for information), import the file back. Headers in French or English, `;` or `,` (the shared table
 * reader also handles UTF-8/UTF-16/Windows-1252).
 */

type Field = 'practice' | 'status' | 'evidence' | 'file' | 'justification' | 'author' | 'date' | 'override';

/** Accepted header names per field, compared without case, accents, spaces or punctuation. */
const HEADERS: Record<Field, readonly string[]> = {
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

/** Imports assessments row by row: a bad row is rejected with its line and reason, the others are recorded. */
export function importAssessments(
  db: Db,
  siteCode: string,
  fileName: string,
  bytes: Uint8Array,
  defaults: { author?: string; edition?: 'v4' | 'v5' } = {},
): ImportReport {
  const sheet: DecisionSheet<Field, AssessmentStatus> = {
    headers: HEADERS,
    idField: 'practice',
    statusField: 'status',
    dateField: 'date',
    requiredColumns: 'a practice column (practice_id / pratique) and a status column (status / statut)',
    statusWords: STATUS_WORDS,
    statusChoices: 'compliant, non-compliant, not-applicable, in-progress (or conforme, non conforme, non applicable, en cours)',
    record: ({ cell, status, assessedAt }) =>
      recordAssessment(
        db,
        {
          site: siteCode,
          practice: cell('practice'),
          status,
          evidence: cell('evidence'),
          file: cell('file'),
          justification: cell('justification'),
          author: cell('author') || defaults.author || '',
          override: cell('override'),
          assessedAt,
          edition: defaults.edition ?? 'v4',
        },
        `csv:${fileName}`,
      ),
  };
  return importDecisionSheet(bytes, fileName, sheet, (work) => db.transaction(work)());
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
