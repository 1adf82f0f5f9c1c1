import { createHash } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { brotliCompressSync, constants as zlibConstants, gzipSync } from 'node:zlib';

/**
 * Response helpers shared by every route: security headers, compression, ETags and cache policy.
 * The dashboard practises what numresp checks (GreenIT-Analysis rules CompressHttp, UseETags,
 * AddExpiresOrCacheControlHeaders): every text response is compressed and carries an ETag.
 */

/** No inline script or style, nothing from another origin, never framed. */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'content-security-policy': CONTENT_SECURITY_POLICY,
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
  'permissions-policy': 'camera=(), microphone=(), geolocation=()',
};

/**
 * Cache policies. Pages may be reused for 30 s, then revalidated with their ETag (a 304 when the store has not
 * changed): short enough that figures written by a running audit show up quickly. Hashed assets never change.
 */
export const CACHE = {
  page: 'private, max-age=30',
  api: 'private, max-age=60',
  immutable: 'public, max-age=31536000, immutable',
  none: 'no-store',
} as const;

/** A body with its compressed forms, computed once (static assets) or per response (pages, API). */
export interface Encoded {
  identity: Buffer;
  br?: Buffer;
  gzip?: Buffer;
  etag: string;
}

/** Bodies smaller than this are sent as is: compression overhead would outweigh the gain. */
const MIN_COMPRESS_BYTES = 150;

export function etagOf(body: Buffer): string {
  return `"${createHash('sha1').update(body).digest('base64url').slice(0, 22)}"`;
}

/**
 * Compresses a body. `quality` 'max' is for static assets compressed once at start-up;
 * 'fast' keeps per-request latency low (brotli quality 5 is close to gzip -9 in size at a fraction of q11's cost).
 */
export function encode(body: Buffer | string, quality: 'fast' | 'max' = 'fast'): Encoded {
  const identity = typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
  const etag = etagOf(identity);
  if (identity.length < MIN_COMPRESS_BYTES) return { identity, etag };
  return {
    identity,
    etag,
    br: brotliCompressSync(identity, {
      params: {
        [zlibConstants.BROTLI_PARAM_QUALITY]: quality === 'max' ? 11 : 5,
        [zlibConstants.BROTLI_PARAM_SIZE_HINT]: identity.length,
      },
    }),
    gzip: gzipSync(identity, { level: quality === 'max' ? 9 : 6 }),
  };
}

/** Picks br, then gzip, from Accept-Encoding (q=0 excludes a coding). */
export function pickEncoding(acceptEncoding: string | undefined): 'br' | 'gzip' | 'identity' {
  if (!acceptEncoding) return 'identity';
  const accepted = new Set<string>();
  for (const part of acceptEncoding.split(',')) {
    const [name, ...params] = part.trim().toLowerCase().split(';');
    const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    if (q && Number(q.slice(2)) === 0) continue;
    accepted.add(name);
  }
  if (accepted.has('br')) return 'br';
  if (accepted.has('gzip') || accepted.has('*')) return 'gzip';
  return 'identity';
}

export interface Reply {
  status?: number;
  type: string;
  body: Encoded;
  cache: string;
  headers?: Record<string, string>;
}

/** Sends a reply with security headers, the best accepted encoding, and 304 on a matching If-None-Match. */
export function send(req: IncomingMessage, res: ServerResponse, reply: Reply): void {
  const status = reply.status ?? 200;
  const headers: Record<string, string | number> = {
    ...SECURITY_HEADERS,
    'content-type': reply.type,
    'cache-control': reply.cache,
    vary: 'Accept-Encoding',
    ...reply.headers,
  };
  if (status === 200) headers.etag = reply.body.etag;
  const inm = req.headers['if-none-match'];
  if (status === 200 && inm && inm.split(',').some((t) => t.trim().replace(/^W\//, '') === reply.body.etag)) {
    res.writeHead(304, pick304(headers));
    res.end();
    return;
  }
  const coding = pickEncoding(req.headers['accept-encoding'] as string | undefined);
  const body = (coding !== 'identity' && reply.body[coding]) || reply.body.identity;
  if (body !== reply.body.identity) headers['content-encoding'] = coding;
  headers['content-length'] = body.length;
  res.writeHead(status, headers);
  res.end(req.method === 'HEAD' ? undefined : body);
}

/** A 304 repeats the validators and cache policy, not the body headers. */
function pick304(headers: Record<string, string | number>): Record<string, string | number> {
  const keep = ['etag', 'cache-control', 'vary', ...Object.keys(SECURITY_HEADERS)];
  return Object.fromEntries(Object.entries(headers).filter(([k]) => keep.includes(k)));
}

/** Short plain-text replies (errors, 405), never cached. */
export function sendText(req: IncomingMessage, res: ServerResponse, status: number, text: string, extra: Record<string, string> = {}): void {
  send(req, res, { status, type: 'text/plain; charset=utf-8', body: encode(text + '\n'), cache: CACHE.none, headers: extra });
}
