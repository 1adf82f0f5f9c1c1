import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, dirname, resolve } from 'node:path';

// The dependency lines of ../shared/STYLE.md, held by a test: data flows one way, collectors → rules/scoring → store
// → reports/dashboard, and only bin/ and src/cli/ print or exit.
const root = resolve(dirname(new URL(import.meta.url).pathname), '..');

function sourceFiles(dir: string, skip: readonly string[] = ['node_modules', 'fixtures', 'static']): string[] {
  const out: string[] = [];
  for (const name of readdirSync(join(root, dir))) {
    const path = join(dir, name);
    if (skip.includes(name)) continue;
    if (statSync(join(root, path)).isDirectory()) out.push(...sourceFiles(path, skip));
    else if (name.endsWith('.ts') && !name.endsWith('.d.ts')) out.push(path);
  }
  return out;
}

function internalImports(file: string): string[] {
  const text = readFileSync(join(root, file), 'utf8');
  const specs = [...text.matchAll(/(?:import|export)[^'"]*?from\s+['"](\.{1,2}\/[^'"]+)['"]/g)].map((m) => m[1]);
  return specs.map((s) => relative(root, resolve(dirname(join(root, file)), s)));
}

const forbidden: Array<[string, string, RegExp]> = [
  ['src/model/', 'model depends on nothing', /^(src\/(?!model\/)|collectors|rules|reports|dashboard|bin)/],
  ['src/scoring/', 'scoring depends only on model', /^(src\/(?!model\/|scoring\/)|collectors|rules|reports|dashboard|bin)/],
  ['rules/', 'rules depend only on model', /^(src\/(?!model\/|util\/)|collectors|reports|dashboard|bin)/],
  ['collectors/', 'collectors do not know the store', /^(src\/(store|pipeline|cli|insights)|rules|reports|dashboard|bin)/],
  ['src/store/', 'the store knows no caller', /^(collectors|rules|reports|dashboard|bin|src\/(pipeline|cli|insights))/],
  ['reports/', 'reports only read', /^(collectors|src\/(pipeline|cli)|bin|dashboard)/],
  ['dashboard/', 'the dashboard only reads', /^(collectors|src\/(pipeline|cli)|bin|reports\/(?!.*model))/],
];

describe('architecture', () => {
  const dirs = ['bin', 'src', 'rules', 'reports', 'collectors', 'dashboard'];
  const files = dirs.flatMap((d) => {
    try {
      return sourceFiles(d);
    } catch {
      return [];
    }
  });

  test.each(forbidden)('%s — %s', (prefix, _why, bad) => {
    const offenders = files
      .filter((f) => f.startsWith(prefix))
      .flatMap((f) => internalImports(f).filter((i) => bad.test(i)).map((i) => `${f} → ${i}`));
    expect(offenders).toEqual([]);
  });

  // SQL lives in src/store (and its migrations) only. `.exec(` is also RegExp#exec: only calls given a string
  // literal (SQL text) or made on a database handle count.
  const SQL_CALL = /\.(?:prepare|pragma)\(|\.exec\(\s*[`'"]|\b(?:db|database)\.exec\(/;

  test('SQL only in src/store', () => {
    const offenders = files.filter(
      (f) => !f.startsWith('src/store/') && SQL_CALL.test(readFileSync(join(root, f), 'utf8')),
    );
    expect(offenders).toEqual([]);
  });

  test('only bin/ and src/cli/ exit the process', () => {
    const offenders = files.filter(
      (f) => !f.startsWith('src/cli/') && /process\.exit\(/.test(readFileSync(join(root, f), 'utf8')),
    );
    expect(offenders).toEqual([]);
  });

  // A plain clone has no ../shared folder (nor any other neighbour): every relative path a file names must stay
  // inside the repository, and no file may name the reference folder at all.
  test('no product, test or bench file reads outside the repository', () => {
    const all = ['bin', 'src', 'rules', 'reports', 'collectors', 'dashboard', 'test', 'bench'].flatMap((d) =>
      sourceFiles(d, ['node_modules', 'static']),
    );
    expect(all.length).toBeGreaterThan(100);
    const offenders = all.flatMap((f) => {
      const text = readFileSync(join(root, f), 'utf8');
      const literals = [...text.matchAll(/['"`]((?:\.\.\/)+[^'"`$]*)['"`]/g)].map((m) => m[1]);
      const outside = literals.filter((l) => relative(root, resolve(dirname(join(root, f)), l)).startsWith('..'));
      const named = [...text.matchAll(/['"`][^'"`\n]*\bshared\/(?:data|context)\b[^'"`\n]*['"`]|['"`]\/work\//g)].map((m) => m[0]);
      return [...outside, ...named].map((l) => `${f}: ${l}`);
    });
    expect(offenders).toEqual([]);
  });

  it('locates the project root in one place (src/util/project-root.ts), not from each module\'s import.meta.url', () => {
    // In src/util so that rules/ (which may depend on model and util only) uses the same locator as everyone else.
    const allowed = ['src/util/project-root.ts'];
    const offenders = files.filter((f) => !allowed.includes(f) && /fileURLToPath\(import\.meta\.url\)|new URL\(import\.meta\.url\)/.test(readFileSync(join(root, f), 'utf8')));
    expect(offenders).toEqual([]);
  });
});
