import { gunzipSync } from 'node:zlib';

/** What discovery (sitemaps, robots.txt, crawl) may read from one address: bounded in time and size. */
export interface FetchLimits {
  maxBytes: number;
  timeoutMs: number;
  userAgent?: string;
}

export class FetchError extends Error {}

export interface FetchedText {
  url: string;
  status: number;
  contentType: string;
  body: Buffer;
}

/** GET with a size cap enforced while reading (a stream that never ends or a huge body stops at maxBytes). */
export async function fetchBounded(url: string, limits: FetchLimits): Promise<FetchedText> {
  let response: Response;
  try {
    response = await fetch(url, {
      redirect: 'follow',
      signal: AbortSignal.timeout(limits.timeoutMs),
      headers: { 'user-agent': limits.userAgent ?? 'numresp', accept: '*/*' },
    });
  } catch (err) {
    const cause = (err as { cause?: { code?: string } }).cause?.code;
    throw new FetchError(`cannot fetch ${url}: ${cause ?? (err as Error).message}`);
  }
  const chunks: Buffer[] = [];
  let size = 0;
  const reader = response.body?.getReader();
  try {
    while (reader) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > limits.maxBytes) {
        await reader.cancel();
        throw new FetchError(`${url} is larger than ${limits.maxBytes} bytes; refused`);
      }
      chunks.push(Buffer.from(value));
    }
  } catch (err) {
    if (err instanceof FetchError) throw err;
    throw new FetchError(`cannot read ${url}: ${(err as Error).message}`);
  }
  return { url: response.url || url, status: response.status, contentType: response.headers.get('content-type') ?? '', body: Buffer.concat(chunks) };
}

/** Gunzips when the bytes are gzip, refusing to inflate past maxBytes (a zip bomb stops there). */
export function maybeGunzip(body: Buffer, maxBytes: number, what: string): Buffer {
  if (body.length < 2 || body[0] !== 0x1f || body[1] !== 0x8b) return body;
  try {
    return gunzipSync(body, { maxOutputLength: maxBytes });
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ERR_BUFFER_TOO_LARGE' || /Cannot create a Buffer larger|maxOutputLength/i.test((err as Error).message)) {
      throw new FetchError(`${what} inflates to more than ${maxBytes} bytes; refused`);
    }
    throw new FetchError(`${what} is not valid gzip: ${(err as Error).message}`);
  }
}
