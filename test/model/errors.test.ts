import { z } from 'zod';
import { CLI_OPTION_STYLE, formatZodIssue } from '../../src/model/errors.js';

// The one formatting of zod errors (config files, CLI input, HTTP bodies, dashboard queries).
const Schema = z.object({ sites: z.array(z.object({ code: z.string().min(2) }).strict()), status: z.enum(['a', 'b']) }).strict();
const errorOf = (value: unknown) => Schema.safeParse(value).error!;

test('field path, message and the count of further issues', () => {
  expect(formatZodIssue(errorOf({ sites: [{ code: 'x' }], status: 'a' }))).toMatch(/^sites\.0\.code: .*2.*$/);
  expect(formatZodIssue(errorOf({ sites: [{ code: 'x' }], status: 'z' }))).toMatch(/^sites\.0\.code: .* \(and 1 more\)$/);
});

test('unknown keys are named; the root is "(top level)"', () => {
  expect(formatZodIssue(errorOf({ sites: [], status: 'a', colour: 1, size: 2 }))).toBe('(top level): unknown keys "colour", "size"');
  expect(formatZodIssue(errorOf({ sites: [{ code: 'ab', x: 1 }], status: 'a' }))).toBe('sites.0: unknown key "x"');
});

test('styles: CLI options and custom field names', () => {
  expect(formatZodIssue(errorOf({ sites: [], status: 'z' }), CLI_OPTION_STYLE)).toMatch(/^--status /);
  expect(formatZodIssue(errorOf({ sites: [], status: 'z' }), { field: (p) => `query parameter "${String(p[0])}"` })).toMatch(
    /^query parameter "status": /,
  );
});
