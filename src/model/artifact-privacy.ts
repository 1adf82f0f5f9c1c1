import type { NetworkRequest, PageArtifacts } from './artifacts.js';

/**
 * What a page's artifacts may keep once stored for re-judging: no credentials or session ids, and a bounded size
 * whatever produced them (a collector, a queue worker, an older numresp). Applied by the store before it saves.
 */

/** Headers whose values are credentials or session identifiers (RFC 6265 Cookie/Set-Cookie, RFC 9110 §11 auth). */
export const SECRET_HEADERS: ReadonlySet<string> = new Set([
  'cookie',
  'set-cookie',
  'authorization',
  'proxy-authorization',
  'x-api-key',
  'x-auth-token',
  'x-csrf-token',
  'x-xsrf-token',
]);

/** Storage bounds, at least the browser collector's own caps so that a normal page is stored unchanged. */
export const STORED_LIMITS = {
  requests: 1500,
  headersPerRequest: 80,
  headerChars: 1000,
  urlChars: 2000,
  consoleMessages: 200,
  consoleChars: 500,
  images: 500,
  cookies: 200,
} as const;

/**
 * A secret value replaced by as many '*': its length stays, since the cookie checks (max-cookies-length,
 * no-cookie-for-static-resources) judge the Cookie header's length and must give the same verdict when re-run.
 */
export function redactValue(value: string): string {
  return '*'.repeat(value.length);
}

function cap(text: string, max: number): string {
  return text.length > max ? text.slice(0, max) + '…' : text;
}

/** Drops user:password@ from an http(s) URL (credentials never belong in a stored address). */
export function withoutUserInfo(url: string): string {
  return url.replace(/^(https?:\/\/)[^/?#@\s]*@/i, '$1');
}

function cleanHeaders(headers: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  let n = 0;
  for (const [name, value] of Object.entries(headers)) {
    if (n++ >= STORED_LIMITS.headersPerRequest) break;
    const capped = cap(String(value), STORED_LIMITS.headerChars);
    out[name] = SECRET_HEADERS.has(name.toLowerCase()) ? redactValue(capped) : capped;
  }
  return out;
}

function cleanRequest(r: NetworkRequest): NetworkRequest {
  return {
    ...r,
    url: cap(withoutUserInfo(r.url), STORED_LIMITS.urlChars),
    requestHeaders: cleanHeaders(r.requestHeaders),
    responseHeaders: cleanHeaders(r.responseHeaders),
    ...(r.redirectTo ? { redirectTo: cap(withoutUserInfo(r.redirectTo), STORED_LIMITS.urlChars) } : {}),
  };
}

/** The artifacts as they may be stored: secrets redacted, lists and texts capped (counts of what was cut kept). */
export function storableArtifacts(a: PageArtifacts): PageArtifacts {
  const kept = a.requests.slice(0, STORED_LIMITS.requests);
  return {
    ...a,
    url: withoutUserInfo(a.url),
    finalUrl: withoutUserInfo(a.finalUrl),
    requests: kept.map(cleanRequest),
    requestsOmitted: a.requestsOmitted + (a.requests.length - kept.length),
    dom: {
      ...a.dom,
      images: a.dom.images.slice(0, STORED_LIMITS.images),
      imagesOmitted: a.dom.imagesOmitted + Math.max(0, a.dom.images.length - STORED_LIMITS.images),
    },
    cookies: a.cookies.slice(0, STORED_LIMITS.cookies),
    console: a.console.slice(0, STORED_LIMITS.consoleMessages).map((m) => ({ ...m, text: cap(m.text, STORED_LIMITS.consoleChars) })),
  };
}
