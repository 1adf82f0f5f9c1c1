import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { checks, judgePage } from '../../rules/index.js';
import { MAX_EVIDENCE } from '../../rules/check.js';
import { findPractice, loadCatalogue, officialSheetUrl } from '../../rules/catalogue/index.js';
import { doc, many, page, req } from './factory.js';

const checksDir = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'rules', 'checks');

describe('check registry', () => {
  test('one file per check, named after its id, all registered, ids unique', () => {
    const files = readdirSync(checksDir).map((f) => f.replace(/\.ts$/, '')).sort();
    expect(checks.map((c) => c.id)).toEqual(files);
    expect(checks.length).toBeGreaterThanOrEqual(25 + 12);
  });

  test('every check names existing practices and declares metadata', () => {
    const ids = new Set(loadCatalogue().practices.map((p) => p.id));
    for (const c of checks) {
      expect(c.practices.length).toBeGreaterThan(0);
      for (const p of c.practices) expect(ids.has(p)).toBe(true);
      expect(c.requiredArtifacts.length).toBeGreaterThan(0);
      expect(c.version).toMatch(/^\d+\.\d+\.\d+$/);
      expect(c.description.length).toBeGreaterThan(20);
      expect(c.advice.length).toBeGreaterThan(10);
    }
  });

  test('referential numbers cited in a check\'s source exist in v4, the first one being a practice it evidences', () => {
    const byV4 = new Map(loadCatalogue().practices.filter((p) => p.numberV4).map((p) => [p.numberV4!, p.id]));
    for (const c of checks) {
      const cited = [...c.source.matchAll(/RWEB v4 #(\d{4})/g)].map((m) => m[1]);
      for (const n of cited) expect(byV4.has(n)).toBe(true);
      if (cited.length) expect([c.id, c.practices]).toEqual([c.id, expect.arrayContaining([byV4.get(cited[0])])]);
    }
  });

  test('a missing artifact or a throwing check gives an error result, the other checks still run', () => {
    const a = page();
    const broken = { ...a, dom: undefined } as unknown as typeof a;
    const results = judgePage(broken);
    expect(results).toHaveLength(checks.length);
    const domChecks = checks.filter((c) => c.requiredArtifacts.includes('dom')).map((c) => c.id);
    for (const r of results) {
      if (domChecks.includes(r.id)) expect(r).toMatchObject({ status: 'error', message: 'missing artifact(s): dom' });
      else expect(r.status).not.toBe('error');
    }
    const thrower = { ...checks[0], judge: () => { throw new Error('boom'); } };
    expect(judgePage(a, [thrower])[0]).toMatchObject({ status: 'error', message: 'check failed: boom', id: checks[0].id });
  });

  test('evidence is capped and says how many were left out', () => {
    const a = page({ requests: [doc(), ...many(60, (i) => req({ url: `https://www.example.test/e${i}`, status: 404 }))] });
    const r = judgePage(a).find((x) => x.id === 'http-error')!;
    expect(r.value).toBe(60);
    expect(r.evidence).toHaveLength(MAX_EVIDENCE);
    expect(r.message).toBe(`${60 - MAX_EVIDENCE} more item(s) not listed`);
  });
});

describe('catalogue', () => {
  test('119 sheets, 115 numbered in v4, verbatim titles and validation', () => {
    const { practices, attribution } = loadCatalogue();
    expect(practices).toHaveLength(119);
    expect(practices.filter((p) => p.numberV4)).toHaveLength(115);
    expect(attribution).toMatch(/GreenIT\.fr/);
    const p = practices.find((x) => x.id === 'RWEB_0009')!;
    expect(p).toMatchObject({ numberV4: '0046', numberV5: '0046', titleFr: 'Limiter le nombre de requêtes HTTP', tier: 'network', priority: 4 });
    expect(p.validation).toEqual([{ rule: 'de requêtes HTTP', maxValue: '40' }]);
  });

  test('finds a practice by id or by number in an edition', () => {
    for (const ref of ['RWEB_0009', 'rweb_0009', '46', '#0046', '0046']) {
      const r = findPractice(ref);
      expect(r.ok && r.practice.id).toBe('RWEB_0009');
    }
    expect(findPractice('116')).toMatchObject({ ok: false });
    const v5 = findPractice('116', 'v5');
    expect(v5.ok && v5.practice.id).toBe('RWEB_4036');
    expect(findPractice('abc')).toMatchObject({ ok: false });
  });

  test('official sheet URL follows ref.greenit.fr naming', () => {
    expect(officialSheetUrl('github.com/cnumr/best-practices@73d2666adab6:src/content/fiches/fr/RWEB_4022-limiter-le-nombre-d-appels-aux-api-http.mdx')).toBe(
      'https://ref.greenit.fr/rweb/fr/fiches/rweb_4022-limiter-le-nombre-d-appels-aux-api-http.html',
    );
  });
});
