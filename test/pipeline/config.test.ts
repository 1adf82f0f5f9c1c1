import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadAuditConfig, parseAuditConfig } from '../../src/config/audit-config.js';
import { UserError } from '../../src/model/errors.js';

const ok = { sites: [{ code: 'lycee-a', urls: ['https://a.example.fr/'] }] };

test('a valid config gets its defaults', () => {
  const c = parseAuditConfig({ ...ok, protocol: { waitBeforeScrollMs: 100 } }, 'c.json');
  expect(c.sites[0]).toMatchObject({ code: 'lycee-a', urls: ['https://a.example.fr/'] });
  expect(c.protocol).toEqual({ waitBeforeScrollMs: 100 });
});

test.each([
  [{ ...ok, colour: 'red' }, /config c\.json: \(top level\): unknown key "colour"/],
  [{ sites: [{ code: 'lycee-a', urls: ['https://a.example.fr/', 'nope'] }] }, /config c\.json: sites\.0\.urls\.1: must be an absolute http/],
  [{ ...ok, concurrency: 'four' }, /config c\.json: concurrency: must be "auto" or a whole number from 1 to 32$/],
  [{ ...ok, concurrency: 0 }, /config c\.json: concurrency: must be "auto" or a whole number from 1 to 32$/],
  [{ ...ok, repeat: 0 }, /config c\.json: repeat: must be a whole number from 1 to 20$/],
  [{ ...ok, repeat: 1000 }, /config c\.json: repeat: must be a whole number from 1 to 20$/],
  [{ ...ok, repeat: 2.5 }, /config c\.json: repeat: must be a whole number from 1 to 20$/],
  [{ ...ok, gate: { failUnder: 'H' } }, /config c\.json: gate\.failUnder: /],
  [{ ...ok, gate: { baseline: 0 } }, /config c\.json: gate\.baseline: /],
  [{ ...ok, gate: { budget: { budgets: [{ maxDom: 'many' }] } } }, /config c\.json: gate\.budget/],
  [{ ...ok, gate: { junit: 'r.xml', colour: 1 } }, /config c\.json: gate: unknown key "colour"/],
  [{ sites: [{ code: 'Lycée A', urls: ['https://a.example.fr/'] }] }, /sites\.0\.code: must be 1–63 letters, digits, _ \. - starting with a letter or digit/],
  [{ sites: [{ code: 'a' }] }, /sites\.0\.urls: give urls, input or sitemap/],
  [{ ...ok, protocol: { device: 'tablet' } }, /protocol\.device: /],
  [{ sites: [{ code: 'a', urls: ['https://a.fr/'], access: { login: [{ action: 'hover', selector: '#x' }] } }] }, /sites\.0\.access\.login\.0\.action/],
  [{ sites: [{ code: 'a', urls: ['https://a.fr/'] }, { code: 'a', urls: ['https://b.fr/'] }] }, /sites\.1\.code: "a" is used twice/],
])('config error %# names the field path', (value, message) => {
  expect(() => parseAuditConfig(value, 'c.json')).toThrow(UserError);
  expect(() => parseAuditConfig(value, 'c.json')).toThrow(message);
});

test('a config file that is not JSON is a one-line error', () => {
  const dir = mkdtempSync(join(tmpdir(), 'numresp-config-'));
  const file = join(dir, 'audit.json');
  writeFileSync(file, '{ sites: [');
  expect(() => loadAuditConfig(file)).toThrow(/config .*audit\.json is not valid JSON/);
  expect(() => loadAuditConfig(join(dir, 'missing.json'))).toThrow(/cannot read config .*ENOENT/);
});

test('input files and sitemap files in a config are relative to the config file', () => {
  const dir = mkdtempSync(join(tmpdir(), 'numresp-config-'));
  const file = join(dir, 'audit.json');
  writeFileSync(file, JSON.stringify({ sites: [{ code: 'a', input: 'urls.txt', sitemap: 'maps/sitemap.xml' }, { code: 'b', sitemap: 'https://b.fr/sitemap.xml' }] }));
  const c = loadAuditConfig(file);
  expect(c.sites[0].input).toBe(join(dir, 'urls.txt'));
  expect(c.sites[0].sitemap).toBe(join(dir, 'maps', 'sitemap.xml'));
  expect(c.sites[1].sitemap).toBe('https://b.fr/sitemap.xml');
});
