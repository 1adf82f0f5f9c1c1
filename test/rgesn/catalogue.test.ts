import { readFileSync } from 'node:fs';
import { closestCriterionIds, findCriterion, loadCriteria, rgesnCriteria } from '../../src/rgesn/catalogue.js';

// The shipped file read on its own (no zod, no mapping), against the counts the référentiel publishes.
const raw = JSON.parse(readFileSync(new URL('../../src/rgesn/data/criteria-2024.json', import.meta.url), 'utf8')) as Array<Record<string, string>>;

test('78 criteria in the 9 themes with the published counts, read verbatim', () => {
  const published = { Stratégie: 10, Spécifications: 10, Architecture: 7, 'UX/UI': 15, Contenus: 8, Frontend: 7, Backend: 4, Hébergement: 10, Algorithmie: 7 };
  const criteria = loadCriteria();
  expect(criteria).toHaveLength(78);
  const byTheme: Record<string, number> = {};
  for (const c of criteria) byTheme[c.theme] = (byTheme[c.theme] ?? 0) + 1;
  expect(byTheme).toEqual(published);
  expect(criteria.map((c) => [c.id, c.theme, c.question, c.priority, c.applicability, c.testMethod])).toEqual(
    raw.map((r) => [r.numero, r.thematique, r.critere, r.priorite, r.cible, r.controle]),
  );
  // Ids are "<theme number>.<n>" with the theme number the position of the theme in the référentiel.
  const themes = Object.keys(published);
  for (const c of criteria) expect(themes[Number(c.id.split('.')[0]) - 1]).toBe(c.theme);
  const priorities = criteria.reduce<Record<string, number>>((n, c) => ({ ...n, [c.priority]: (n[c.priority] ?? 0) + 1 }), {});
  expect(priorities).toEqual({ Prioritaire: 30, Recommandé: 29, Modéré: 19 });
});

test('an unknown id is refused with the closest ids', () => {
  const r = findCriterion('2.11');
  expect(r.ok).toBe(false);
  expect(!r.ok && r.reason).toMatch(/no RGESN 2024 criterion "2\.11"; closest: 2\.10, 2\.9, 2\.8/);
  expect(closestCriterionIds('4.16')[0]).toBe('4.15');
  expect(findCriterion('2,5').ok).toBe(true);
});

test("the RWEB sheets' RGESN mapping is split into criterion ids, space-separated included", () => {
  expect(rgesnCriteria('1.2 et 2.7')).toEqual(['1.2', '2.7']);
  expect(rgesnCriteria('1.2 2.7')).toEqual(['1.2', '2.7']);
  expect(rgesnCriteria('3.1, 3.2, 8.9')).toEqual(['3.1', '3.2', '8.9']);
  expect(rgesnCriteria('NA')).toEqual([]);
});
