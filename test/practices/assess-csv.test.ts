import { openStore, type Db } from '../../src/store/database.js';
import { ensureSite } from '../../src/store/sites.js';
import { assessmentHistory } from '../../src/store/practices.js';
import { getSiteByCode } from '../../src/store/sites.js';
import { recordAssessment } from '../../src/practices/assess.js';
import { exportAssessments, importAssessments } from '../../src/practices/csv.js';
import { practiceStatus } from '../../src/practices/status.js';
import { UserError } from '../../src/model/errors.js';

const base = { site: 'PORTAIL', author: 'Alice' };

describe('recording assessments', () => {
  let db: Db;
  beforeEach(() => {
    db = openStore(':memory:');
    ensureSite(db, 'PORTAIL', { kind: 'web' });
  });
  afterEach(() => db.close());

  test('accepts RWEB ids and v4/v5 numbers, keeps every change, the latest counts', () => {
    recordAssessment(db, { ...base, practice: '#0046', status: 'in-progress' });
    recordAssessment(db, { ...base, practice: 'RWEB_0009', status: 'compliant', evidence: 'bundle' });
    recordAssessment(db, { ...base, practice: '116', status: 'compliant', evidence: 'yearly review', edition: 'v5' });
    const site = getSiteByCode(db, 'PORTAIL')!;
    expect(assessmentHistory(db, site.id, 'RWEB_0009').map((a) => a.status)).toEqual(['in-progress', 'compliant']);
    const s = practiceStatus(db, 'PORTAIL');
    expect(s.practices.find((r) => r.practice.id === 'RWEB_0009')!.status).toBe('compliant');
    expect(s.practices.find((r) => r.practice.id === 'RWEB_4036')!.status).toBe('compliant');
  });

  test('repeating the latest assessment appends nothing', () => {
    const first = recordAssessment(db, { ...base, practice: '46', status: 'compliant', evidence: 'x' });
    const again = recordAssessment(db, { ...base, practice: 'RWEB_0009', status: 'compliant', evidence: 'x' });
    expect(again).toMatchObject({ unchanged: true, id: first.id });
  });

  test.each([
    [{ practice: '46', status: 'compliant' }, /--evidence or a file reference is required/],
    [{ practice: '46', status: 'not-applicable' }, /--justification is required when the status is not-applicable/],
    [{ practice: '46', status: 'done' }, /--status must be one of compliant, non-compliant, not-applicable, in-progress/],
    [{ practice: '116', status: 'in-progress' }, /no practice #0116 in the v4 edition/],
    [{ practice: '46', status: 'compliant', evidence: 'e', override: 'domains-number', justification: 'j' }, /does not evidence RWEB_0009/],
    [{ practice: '46', status: 'compliant', evidence: 'e', override: 'nope', justification: 'j' }, /not an automated check id/],
    [{ practice: '46', status: 'compliant', evidence: 'e', override: 'http-requests' }, /--justification is required to override/],
    [{ practice: '46', status: 'in-progress', assessedAt: 'yesterday' }, /--assessedAt must be an ISO date-time/],
  ])('rejects %j with one line', (input, message) => {
    expect(() => recordAssessment(db, { ...base, ...(input as object) } as never)).toThrow(UserError);
    expect(() => recordAssessment(db, { ...base, ...(input as object) } as never)).toThrow(message);
  });
});

describe('CSV import/export', () => {
  let db: Db;
  beforeEach(() => {
    db = openStore(':memory:');
    ensureSite(db, 'PORTAIL', { kind: 'web' });
  });
  afterEach(() => db.close());

  test('imports French headers with ; and French status words; bad rows are reported by line, the rest recorded', () => {
    const csv = [
      'Pratique;Statut;Preuve;Justification;Auteur;Date',
      '46;Conforme;18 requêtes sur l’accueil;;Bob;2026-11-01',
      'RWEB_0001;Non applicable;;site vitrine sans fonctionnalité;Bob;',
      '#0095;en cours;;;;',
      '47;peut-être;;;Bob;',
      '200;conforme;x;;Bob;',
      '48;;;;;',
    ].join('\r\n');
    const r = importAssessments(db, 'LYC', 'eval.csv', Buffer.from(csv, 'utf8'), { author: 'Default' });
    expect(r).toMatchObject({ delimiter: ';', recorded: 3, unchanged: 0, skipped: 1 });
    expect(r.rejected).toEqual([
      { line: 5, reason: expect.stringMatching(/status "peut-être" is not one of/) },
      { line: 6, reason: expect.stringMatching(/no practice #0200/) },
    ]);
    const site = getSiteByCode(db, 'LYC')!;
    const h = assessmentHistory(db, site.id, 'RWEB_0009')[0];
    expect(h).toMatchObject({ status: 'compliant', author: 'Bob', assessedAt: '2026-11-01T00:00:00.000Z', source: 'csv:eval.csv' });
    // #0095 in v4 is RWEB_0086; its row has no author, so the default applies.
    expect(assessmentHistory(db, site.id, 'RWEB_0086')[0]).toMatchObject({ status: 'in-progress', author: 'Default' });
  });

  test('export → import round trip with English headers and , changes nothing; formulas are neutralised', () => {
    recordAssessment(db, { ...base, practice: '46', status: 'compliant', evidence: '=HYPERLINK("http://evil")' });
    recordAssessment(db, { ...base, practice: '1', status: 'not-applicable', justification: 'brochure, no features' });
    const csv = exportAssessments(db, 'PORTAIL');
    const lines = csv.trim().split('\r\n');
    expect(lines).toHaveLength(120);
    expect(lines[0]).toMatch(/^practice_id,number_v4,number_v5,title_fr,/);
    expect(csv).toContain(`"'=HYPERLINK(""http://evil"")"`);
    const r = importAssessments(db, 'PORTAIL', 'export.csv', Buffer.from(csv, 'utf8'));
    // The import strips the neutralising apostrophe again, so nothing is appended.
    expect(r).toMatchObject({ delimiter: ',', unchanged: 2, recorded: 0, skipped: 117, rejected: [] });
  });

  test('a file without the needed columns is one user error', () => {
    expect(() => importAssessments(db, 'X', 'bad.csv', Buffer.from('a,b\n1,2\n'))).toThrow(/needs a practice column/);
  });
});
