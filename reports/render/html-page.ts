import { esc } from './escape.js';

/**
 * The shell of every self-contained HTML document numresp writes (report, RGESN declaration): the
 * Content-Security-Policy forbids any load (no script, no font, no fetch; only inline style and data: images), so a
 * value that slipped past escaping could still fetch nothing; no referrer leaves the file.
 */
export function htmlPage(page: { lang: string; title: string; css: string; body: string }): string {
  return `<!DOCTYPE html>
<html lang="${esc(page.lang)}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'">
<meta name="referrer" content="no-referrer">
<title>${esc(page.title)}</title>
<style>${page.css}</style>
</head>
<body>
${page.body}
</body>
</html>
`;
}
