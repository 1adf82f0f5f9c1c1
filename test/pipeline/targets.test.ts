import { normalizeUrl, parseUrlArgs, parseUrlList } from '../../src/pipeline/targets.js';
import { UserError } from '../../src/model/errors.js';

test('a URL list skips comments and blanks, reports garbage lines and keeps the rest', () => {
  const text = [
    '# campagne 2026',
    'https://www.example.fr/',
    '',
    '   https://www.example.fr/contact#form   ',
    'not a url',
    'ftp://files.example.fr/x',
    'javascript:alert(1)',
    'https://www.example.fr/',
    'https://www.example.fr/a b',
    'x'.repeat(10_000),
    '\uFEFFhttps://www.example.fr/bom',
  ].join('\r\n');
  const { urls, rejected } = parseUrlList(text, 'urls.txt');
  expect(urls).toEqual(['https://www.example.fr/', 'https://www.example.fr/contact', 'https://www.example.fr/bom']);
  expect(rejected.map((r) => r.line)).toEqual([5, 6, 7, 9, 10]);
  expect(rejected[0]).toMatchObject({ source: 'urls.txt', text: 'not a url', reason: 'not an absolute http(s) URL' });
  // A huge garbage line is reported by an excerpt, not copied whole.
  expect(rejected[4].text.length).toBeLessThan(100);
});

test('normalizeUrl resolves relative links and drops fragments', () => {
  expect(normalizeUrl('../b.html#x', 'https://e.fr/a/c.html')).toBe('https://e.fr/b.html');
  expect(normalizeUrl('mailto:a@e.fr')).toBeNull();
  expect(normalizeUrl('https://')).toBeNull();
});

test('a bad URL argument is a usage error naming it', () => {
  expect(() => parseUrlArgs(['https://ok.fr/', 'www.example.fr'])).toThrow(UserError);
  expect(() => parseUrlArgs(['www.example.fr'])).toThrow(/"www\.example\.fr" is not an absolute http\(s\) URL/);
});
