/**
 * Percent-decoding of client bytes (URL paths, cookies). decodeURIComponent throws URIError on a malformed escape
 * such as "%ZZ" or a lone "%"; a client's mistake must be a 400, never an uncaught error (issue 16.5).
 */
export function decodeComponent(text: string): string | null {
  try {
    return decodeURIComponent(text);
  } catch {
    return null;
  }
}
