import type { NetworkRequest } from '../src/model/artifacts.js';

/** Shared readings of the network artifacts, so every check classifies requests the same way. */

export function header(r: NetworkRequest, name: string, side: 'response' | 'request' = 'response'): string | undefined {
  const headers = side === 'response' ? r.responseHeaders : r.requestHeaders;
  return headers[name] ?? Object.entries(headers).find(([k]) => k.toLowerCase() === name)?.[1];
}

export function contentType(r: NetworkRequest): string {
  return (r.mimeType || header(r, 'content-type') || '').split(';')[0].trim().toLowerCase();
}

export function hostOf(url: string): string | null {
  try {
    return new URL(url).hostname.toLowerCase();
  } catch {
    return null;
  }
}

/** Requests that went on the network: data: and blob: URIs are not requests (as both GreenIT tools count them). */
export function networkRequests(requests: readonly NetworkRequest[]): NetworkRequest[] {
  return requests.filter((r) => /^https?:/i.test(r.url));
}

/** Requests that got a response (not failed, not a redirect hop). */
export function responses(requests: readonly NetworkRequest[]): NetworkRequest[] {
  return networkRequests(requests).filter((r) => !r.failed && r.status > 0);
}

export function bodyBytes(r: NetworkRequest): number {
  return r.bodyBytes ?? r.transferBytes;
}

const STATIC_TYPES = new Set(['image', 'media', 'font', 'stylesheet', 'script', 'manifest']);
const STATIC_MIME = /^(image\/|video\/|audio\/|font\/|text\/css|text\/javascript|application\/(javascript|x-javascript|ecmascript|font-|x-font|vnd\.ms-fontobject|pdf|zip|octet-stream|manifest\+json))/;

/**
 * Static resources in the GreenIT-Analysis sense (greenit-checks.json, AddExpiresOrCacheControlHeaders): images,
 * scripts, stylesheets, fonts, audio/video, manifests, and pdf/zip/octet-stream by Content-Type.
 */
export function isStatic(r: NetworkRequest): boolean {
  return STATIC_TYPES.has(r.resourceType) || STATIC_MIME.test(contentType(r));
}

export function isCss(r: NetworkRequest): boolean {
  return r.resourceType === 'stylesheet' || contentType(r) === 'text/css';
}

export function isJs(r: NetworkRequest): boolean {
  return r.resourceType === 'script' || /(java|ecma)script/.test(contentType(r));
}

export function isSvg(r: NetworkRequest): boolean {
  return contentType(r) === 'image/svg+xml' || /\.svg(\?|#|$)/i.test(r.url);
}

export function isFont(r: NetworkRequest): boolean {
  return (
    r.resourceType === 'font' ||
    /^(font\/|application\/(font-|x-font|vnd\.ms-fontobject))/.test(contentType(r)) ||
    /\.(woff2?|ttf|otf|eot)(\?|#|$)/i.test(r.url)
  );
}

export function isBitmap(r: NetworkRequest): boolean {
  const type = contentType(r);
  if (type.startsWith('image/')) return type !== 'image/svg+xml';
  return r.resourceType === 'image' && !isSvg(r);
}

/** The main document response (the first document request that got a non-redirect answer). */
export function mainDocument(requests: readonly NetworkRequest[]): NetworkRequest | undefined {
  return responses(requests).find((r) => r.resourceType === 'document' && (r.status < 300 || r.status >= 400));
}

/** Registrable-ish site of a host: its last two labels (three under common two-level suffixes like .co.uk, .gouv.fr). */
export function siteOf(host: string): string {
  const labels = host.split('.');
  if (labels.length <= 2 || /^\d+$/.test(labels[labels.length - 1])) return host;
  const twoLevel = /^(co|com|gouv|ac|org|net|gov|edu)$/.test(labels[labels.length - 2]);
  return labels.slice(twoLevel ? -3 : -2).join('.');
}

/** The response that delivered a URL (an image's currentSrc, a script's src), redirects followed. */
export function requestFor(requests: readonly NetworkRequest[], url: string): NetworkRequest | undefined {
  let current = url;
  for (let hops = 0; hops < 10; hops++) {
    const r = requests.find((q) => q.url === current);
    if (!r || !r.redirectTo) return r;
    current = r.redirectTo;
  }
  return undefined;
}

/** Total bytes on the wire of the page's requests. */
export function totalTransferBytes(requests: readonly NetworkRequest[]): number {
  return requests.reduce((sum, r) => sum + r.transferBytes, 0);
}

/** A browser cookie as the collector lists it (size = name + value characters, as CDP reports). */
interface CookieFact {
  name: string;
  domain: string;
  size: number;
  secure: boolean;
}

function cookieApplies(c: CookieFact, url: string): boolean {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return false;
  }
  if (c.secure && u.protocol !== 'https:') return false;
  const host = u.hostname.toLowerCase();
  const domain = c.domain.toLowerCase();
  // RFC 6265 §5.1.3 domain matching: ".example.com" covers subdomains, a host-only cookie its host.
  return domain.startsWith('.') ? host === domain.slice(1) || host.endsWith(domain) : host === domain;
}

/**
 * Length in characters of the Cookie header a request carried: the header itself when the collector captured it,
 * else rebuilt from the page's cookies that apply to the URL ("name=value" joined by "; ", RFC 6265 §5.4), since
 * Chromium adds the header below the layer where request headers are first reported. 0 when none.
 */
export function cookieHeaderLength(r: NetworkRequest, cookies: readonly CookieFact[]): number {
  const sent = header(r, 'cookie', 'request');
  if (sent) return sent.length;
  const applying = cookies.filter((c) => cookieApplies(c, r.url));
  if (applying.length === 0) return 0;
  return applying.reduce((n, c) => n + c.size + 1, 0) + 2 * (applying.length - 1);
}
