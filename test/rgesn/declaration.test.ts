import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { numresp } from './cli.js';

// A hand-made assessment at two dates, its declaration in the four formats, read back as a reader would.
let dir: string;
let db: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'numresp-rgesn-decl-'));
  db = join(dir, 'r.db');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const HOSTILE = `<script>document.title='pwned'</script><img src=x onerror=alert(1)>=cmd|' /C calc'!A0`;

const set = (criterion: string, status: string, date: string, ...rest: string[]) =>
  numresp('rgesn', 'set', 'PORTAIL', criterion, '--db', db, '--status', status, '--author', 'Alice', '--date', date, ...rest);

test('declaration: sections, score, previous score, target, escaped hostile text in HTML, Markdown and PDF', async () => {
  // First assessment (1 March): 1.1 conforme, 1.2 non conforme → 1 / 78.
  await set('1.1', 'conforme', '2026-03-01T09:00:00Z', '--justification', 'ODD 11 : villes durables');
  await set('1.2', 'non-conforme', '2026-03-01T09:30:00Z', '--justification', HOSTILE);
  // Second (1 September): 1.2 becomes conforme, 9.1 non applicable, 2.3 non conforme → 2 / 77.
  await set('1.2', 'conforme', '2026-09-01T09:00:00Z', '--justification', HOSTILE);
  await set('9.1', 'non-applicable', '2026-09-01T09:10:00Z', '--justification', "pas d'algorithme d'IA");
  await set('2.3', 'non-conforme', '2026-09-01T09:20:00Z', '--justification', 'page d’accueil 9 s à 512 kbit/s');
  await numresp('rgesn', 'describe', 'PORTAIL', '--db', db, '--objective', `Informer les usagers ${HOSTILE}`, '--contact', 'A. Martin, DSI', '--review-frequency', 'annuelle', '--samples', 'accueil ; recherche d’un lycée');
  const out = join(dir, 'out');
  await numresp('rgesn', 'declaration', 'PORTAIL', '--db', db, '--out', out, '--format', 'json,html,md,pdf');

  const json = JSON.parse(readFileSync(join(out, 'declaration-PORTAIL.json'), 'utf8'));
  expect(json.score).toBeCloseTo(2 / 77, 12);
  expect(json.scoreDate).toBe('2026-09-01T09:20:00.000Z');
  expect(json.previousScore).toBeCloseTo(1 / 78, 12);
  expect(json.previousScoreDate).toBe('2026-03-01');
  // No declared target: every applicable Prioritaire criterion met, plus those already met. 30 Prioritaire, 9.1 (P)
  // is not applicable → 29; of the met ones 1.1 and 1.2 are Prioritaire already → (29) / 77.
  expect(json.target).toBeCloseTo(29 / 77, 12);
  expect(json.targetDate).toBe('2028-09-01');
  expect(json.targetSource).toBe('computed');
  expect(json.validated.map((c: { id: string }) => c.id)).toEqual(['1.1', '1.2']);
  expect(json.notValidated.map((c: { id: string }) => c.id)).toEqual(['2.3']);
  expect(json.notApplicable.map((c: { id: string }) => c.id)).toEqual(['9.1']);
  expect(json.toAssess).toHaveLength(74);
  expect(json.contact).toBe('A. Martin, DSI');
  // The action plan lists Prioritaire criteria first (failing or unassessed), the failing 2.3 among the rest.
  expect(json.actionPlan.items[0].priority).toBe('Prioritaire');
  expect(json.actionPlan.items.map((c: { id: string }) => c.id)).toContain('2.3');

  const html = readFileSync(join(out, 'declaration-PORTAIL.html'), 'utf8');
  for (const heading of ['Objectif du service', "Score d'avancement", 'Score précédent', 'Objectif à deux ans', 'Critères validés (2)', 'Critères non validés (1)', 'Critères non applicables (1)', "Plan d'action", 'Fréquence des revues', 'Échantillons évalués', 'Référent écoconception']) {
    expect(html).toContain(heading.replace(/'/g, '&#39;'));
  }
  // Hostile text is inert: no tag from it survives, it is shown escaped; nothing can be fetched (CSP, no src).
  expect(html).not.toMatch(/<script|<img/i);
  expect(html).toContain('&lt;script&gt;document.title=&#39;pwned&#39;&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;');
  expect(html).toContain("default-src 'none'");

  const md = readFileSync(join(out, 'declaration-PORTAIL.md'), 'utf8');
  expect(md).not.toMatch(/<script|<img/i);
  expect(md).toContain('&lt;script&gt;');
  // Every table row of the Markdown stays on one line with the 8 columns (a | in the text is escaped).
  for (const line of md.split('\n').filter((l) => l.startsWith('| '))) expect(line.split(/(?<!\\)\|/).length).toBe(10);

  const text = execFileSync('pdftotext', ['-layout', join(out, 'declaration-PORTAIL.pdf'), '-'], { encoding: 'utf8' });
  for (const heading of ['Objectif du service', "Score d'avancement", 'Score précédent', 'Objectif à deux ans', 'Critères validés (2)', 'Critères non validés (1)', "Plan d'action", 'Référent écoconception']) {
    expect(text).toContain(heading);
  }
  expect(text).toMatch(/2,6\s%\sau 2026-09-01/);
  expect(text).toMatch(/1,3\s%\sau 2026-03-01/);
  // The hostile text printed as text, not run (the page title would have changed; the tag would not be printed).
  expect(text.replace(/\s+/g, ' ')).toContain("<script>document.title='pwned'</script>");
}, 120_000);

test('declaration: unknown format and unknown service are one-line errors', async () => {
  await expect(numresp('rgesn', 'declaration', 'PORTAIL', '--db', db, '--format', 'docx', '--out', dir)).rejects.toThrow(/--format docx: choose among html, pdf, json, md/);
  await expect(numresp('rgesn', 'declaration', 'NOPE', '--db', db, '--out', dir)).rejects.toThrow(/unknown service "NOPE"/);
});
