/**
 * Text from outside (pushed reports, imported files, config) and text shown on a terminal.
 * C0 (U+0000–U+001F), DEL and C1 (U+0080–U+009F) control characters can drive a terminal (ESC [2J clears it,
 * OSC sets the window title) or split a log line; none belongs in a device, site or page name. Ingestion strips
 * them (cleanName); every terminal output escapes what is stored anyway (terminalSafe), older rows included.
 */
/** C0, DEL and C1 controls. */
const CONTROLS = /[\u0000-\u001f\u007f-\u009f]/g;
/** Controls plus the bidirectional overrides/isolates and line separators that reorder or split what a terminal shows. */
const TERMINAL_UNSAFE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

export function hasControlChars(text: string): boolean {
  CONTROLS.lastIndex = 0;
  return CONTROLS.test(text);
}

export const CONTROL_CHARS_MESSAGE = 'contains a control character (C0/C1, e.g. ESC, a tab or a line break); remove it';

/**
 * A name as it should be stored: tabs and line breaks become spaces, other control characters are removed,
 * runs of spaces are kept, and the ends are trimmed (so " SN1 " and "SN1" are one device). Empty → null.
 */
export function cleanName(text: string): string;
export function cleanName(text: string | null): string | null;
export function cleanName(text: string | null): string | null {
  if (text === null) return null;
  // Most names hold no control character: one test instead of two replacing passes (imports clean 600,000 cells).
  if (!hasControlChars(text)) return text.trim();
  const cleaned = text.replace(/[\t\n\r\u0085]/g, ' ').replace(CONTROLS, '').trim();
  return cleaned;
}

/** Like cleanName, but an empty result is null (an identifier made only of spaces identifies nothing). */
export function cleanIdentifier(text: string | null): string | null {
  if (text === null) return null;
  const cleaned = cleanName(text);
  return cleaned === '' ? null : cleaned;
}

/**
 * What a terminal may print: every control character except newline and tab, and the bidi/line-separator
 * characters, shown as a visible escape (`\x1b`, `\u202e`) instead of being interpreted.
 */
export function terminalSafe(text: string): string {
  return text.replace(TERMINAL_UNSAFE, (c) => {
    const code = c.charCodeAt(0);
    return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
  });
}

/** JSON text whose C1 controls (which JSON.stringify leaves raw) are \u-escaped too: still valid JSON, inert on a terminal. */
export function jsonTerminalSafe(json: string): string {
  return json.replace(/[\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
