import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { GRADE_COLOURS, gradeBackgroundCss } from '../src/model/grade-colours.js';
import { projectRoot } from '../src/util/project-root.js';
import { encode, etagOf, type Encoded } from './http.js';

/**
 * Static assets, loaded and compressed once at start-up and served under content-hashed names
 * (`/static/app.1a2b3c4d.js`) so browsers may cache them for a year without ever using a stale copy.
 */
export interface Asset {
  name: string;
  url: string;
  type: string;
  body: Encoded;
}

export type AssetName = 'app.css' | 'print.css' | 'app.js' | 'chart.js';
export type Assets = Record<AssetName, Asset>;

/** Static files are not compiled: they are read from the sources both under ts-jest and from dist/. */
function staticDir(): string {
  return join(projectRoot(), 'dashboard', 'static');
}

/** chart.js ships a UMD build that needs no bundler; resolve it from the installed package, never a CDN. */
function chartJsPath(): string {
  const require = createRequire(import.meta.url);
  return join(dirname(require.resolve('chart.js')), 'chart.umd.js');
}

/**
 * Our own CSS/JS are written readable and compacted here: comment lines and indentation go, lines are joined.
 * Safe because the sources end every statement with a semicolon and keep no multi-line strings
 * (test/dashboard/assets.test.ts compiles the result). Meets the GreenIT MinifiedJs/MinifiedCss heuristic.
 */
export function compact(source: string, kind: 'js' | 'css'): string {
  let text = source.replace(/\/\*[\s\S]*?\*\//g, '');
  const lines = text
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !(kind === 'js' && l.startsWith('//')));
  text = lines.join(kind === 'js' ? '\n' : '');
  if (kind === 'css') return text.replace(/\s*([{}:;,>])\s*/g, '$1').replace(/;}/g, '}');
  // Join JS lines only where automatic semicolon insertion cannot be at stake: after ; { , ( [ or a binary
  // operator, and before a closing bracket or a continuing operator. A line ending in } keeps its newline.
  return text.replace(/([;{,(\[=&|?:+])\n/g, '$1').replace(/\n(?=[}\]).,?:&|+])/g, '');
}

const GRADE_COLOURS_MARKER = 'var GRADE_COLOURS = {};';

/** The grade colours come from src/model/grade-colours.ts, never from a copy in the static files. */
function withGradeColoursJs(source: string): string {
  if (!source.includes(GRADE_COLOURS_MARKER)) throw new Error(`dashboard/static/app.js lost its line "${GRADE_COLOURS_MARKER}"`);
  return source.replace(GRADE_COLOURS_MARKER, `var GRADE_COLOURS = ${JSON.stringify(GRADE_COLOURS)};`);
}

function withGradeColoursCss(source: string): string {
  // .gD used black text on the old light amber; every colour now carries white text at 4.5:1.
  return `${source}\n${gradeBackgroundCss('.g')}\n`;
}

export function loadAssets(): Assets {
  const dir = staticDir();
  const make = (name: AssetName, file: string, type: string, transform?: (s: string) => string): Asset => {
    const raw = readFileSync(file, 'utf8');
    const text = transform ? transform(raw) : raw;
    const body = encode(text, 'max');
    const [base, ext] = name.split('.');
    const hash = etagOf(body.identity).slice(1, 9);
    return { name, url: `/static/${base}.${hash}.${ext}`, type, body };
  };
  return {
    'app.css': make('app.css', join(dir, 'app.css'), 'text/css; charset=utf-8', (s) => compact(withGradeColoursCss(s), 'css')),
    'print.css': make('print.css', join(dir, 'print.css'), 'text/css; charset=utf-8', (s) => compact(s, 'css')),
    'app.js': make('app.js', join(dir, 'app.js'), 'text/javascript; charset=utf-8', (s) => compact(withGradeColoursJs(s), 'js')),
    'chart.js': make('chart.js', chartJsPath(), 'text/javascript; charset=utf-8'),
  };
}
