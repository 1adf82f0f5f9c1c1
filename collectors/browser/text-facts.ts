import { parse as acornParse } from 'acorn';
import vm from 'node:vm';
import type { TextFacts } from '../../src/model/artifacts.js';

/** Facts cover at most this many characters of a body, so one huge bundle cannot hold memory or CPU. */
export const TEXT_FACTS_MAX_CHARS = 2_000_000;

export type TextKind = 'css' | 'js' | 'svg' | 'html';

/** Which text kind a response is, from its MIME type and resource type; null when facts are not collected. */
export function textKind(mimeType: string | null, resourceType: string): TextKind | null {
  const mime = (mimeType ?? '').toLowerCase();
  if (mime.includes('svg')) return 'svg';
  if (mime === 'text/css' || resourceType === 'stylesheet') return 'css';
  if (/javascript|ecmascript/.test(mime) || resourceType === 'script') return 'js';
  if (mime === 'text/html' || mime === 'application/xhtml+xml') return 'html';
  return null;
}

function count(text: string, needle: string): number {
  let n = 0;
  for (let i = text.indexOf(needle); i !== -1; i = text.indexOf(needle, i + needle.length)) n++;
  return n;
}

export function textFacts(body: string, kind: TextKind): TextFacts {
  const truncated = body.length > TEXT_FACTS_MAX_CHARS;
  const text = truncated ? body.slice(0, TEXT_FACTS_MAX_CHARS) : body;
  const facts: TextFacts = {
    chars: body.length,
    lineBreaks: count(text, '\n'),
    semicolons: count(text, ';'),
    spaceBeforeTag: count(text, ' <'),
  };
  if (truncated) facts.truncated = true;
  // A truncated script would always look broken: only whole scripts are compiled.
  if (kind === 'js' && !truncated) facts.syntaxError = jsSyntaxError(text);
  return facts;
}

/** Errors V8 gives for module syntax in a classic script: the body is then re-checked as a module. */
const MODULE_ONLY = /import statement outside a module|Unexpected token 'export'|await is only valid|import\.meta/;

/**
 * The first syntax error of a script, or null when it compiles. V8 compiles it without running it (vm.Script);
 * ES modules, which vm.Script refuses, are parsed with acorn as a module instead.
 */
export function jsSyntaxError(source: string): string | null {
  try {
    new vm.Script(source, { filename: 'resource.js' });
    return null;
  } catch (err) {
    const message = (err as Error).message;
    if (!MODULE_ONLY.test(message)) return message;
    try {
      acornParse(source, { ecmaVersion: 'latest', sourceType: 'module' });
      return null;
    } catch (moduleErr) {
      return (moduleErr as Error).message;
    }
  }
}
