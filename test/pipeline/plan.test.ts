import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { redactAccess, resolveSites, siteCode } from '../../src/pipeline/plan.js';
import { AccessSchema } from '../../src/model/audit.js';

test('site codes come from names, accents and punctuation folded', () => {
  expect(siteCode('Lycée Jean-Moulin (Albi)')).toBe('lycee-jean-moulin-albi');
  expect(siteCode('127.0.0.1:8080')).toBe('127-0-0-1-8080');
  expect(() => siteCode('—')).toThrow(/no letters or digits/);
});

test('sites merge their sources; a URL listed for two sites is measured once, under the first', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'numresp-plan-'));
  writeFileSync(join(dir, 'urls.txt'), 'https://a.fr/1\nbad\nhttps://a.fr/2\n');
  const warnings: string[] = [];
  const plans = await resolveSites(
    [
      { code: 'a', urls: ['https://a.fr/1'], input: join(dir, 'urls.txt') },
      { code: 'b', urls: ['https://a.fr/2', 'https://b.fr/'] },
    ],
    (w) => warnings.push(w),
  );
  expect(plans.map((p) => [p.code, p.urls])).toEqual([
    ['a', ['https://a.fr/1', 'https://a.fr/2']],
    ['b', ['https://b.fr/']],
  ]);
  expect(warnings).toEqual([
    expect.stringMatching(/urls\.txt:2: "bad" not an absolute http\(s\) URL; skipped/),
    'https://a.fr/2 is listed for sites a and b; measured once, under a',
  ]);
  await expect(resolveSites([{ code: 'x', urls: [], input: join(dir, 'urls.txt').replace('urls', 'none') }], () => undefined)).rejects.toThrow(/cannot read --input/);
});

test('stored access keeps names, never secrets', () => {
  const access = AccessSchema.parse({
    headers: { Authorization: 'Bearer s3cret' },
    cookies: [{ name: 'sid', value: 's3cret' }],
    basicAuth: { username: 'audit', password: 's3cret' },
    login: [{ action: 'fill', selector: '#p', value: 's3cret' }],
  });
  const stored = JSON.stringify(redactAccess(access));
  expect(stored).not.toMatch(/s3cret/);
  expect(stored).toMatch(/Authorization/);
  expect(stored).toMatch(/audit/);
});
