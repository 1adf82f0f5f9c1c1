import type { CDPSession, Protocol as Cdp } from 'puppeteer';
import type { NetworkRequest } from '../../src/model/artifacts.js';
import { imagePixels } from './image-size.js';
import { textFacts, textKind } from './text-facts.js';

/** Requests kept in detail; beyond, only counted (a page with 100,000 requests must not hold them all). */
export const MAX_DETAILED_REQUESTS = 1500;
/** Bodies larger than this are not fetched from Chromium for text facts or image headers. */
export const MAX_BODY_FETCH_BYTES = 10_000_000;
/** Bodies read per page for text facts and for image headers: enough for real pages, bounded for hostile ones. */
export const MAX_TEXT_BODY_READS = 400;
export const MAX_IMAGE_BODY_READS = 200;
const MAX_HEADERS = 80;
const MAX_HEADER_CHARS = 1000;
const MAX_URL_CHARS = 2000;

interface Pending {
  entry: NetworkRequest | null;
  /** Encoded bytes seen so far through dataReceived, for requests that fail mid-body. */
  encodedSoFar: number;
  decodedSoFar: number;
  resourceType: string;
}

export interface NetworkTotals {
  requests: number;
  transferBytes: number;
  failedRequests: number;
  byType: Record<string, { requests: number; transferBytes: number }>;
}

function cap(text: string, max: number): string {
  return text.length > max ? text.slice(0, max) + '…' : text;
}

function lowerHeaders(headers: Record<string, unknown> | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  if (!headers) return out;
  let n = 0;
  for (const [k, v] of Object.entries(headers)) {
    if (n++ >= MAX_HEADERS) break;
    out[k.toLowerCase()] = cap(String(v), MAX_HEADER_CHARS);
  }
  return out;
}

/** Only network requests count: data: and blob: URLs never leave the browser. */
function isNetworkUrl(url: string): boolean {
  return url.startsWith('http:') || url.startsWith('https:');
}

/**
 * Records every request of one page through the DevTools protocol. A request's transferred bytes are Chromium's
 * encodedDataLength at loadingFinished (headers + body on the wire), as in the HAR `_transferSize` the reference
 * scraper sums; a redirect hop counts as its own request, as in a HAR.
 */
export class NetworkRecorder {
  readonly requests: NetworkRequest[] = [];
  requestsOmitted = 0;
  totals: NetworkTotals = { requests: 0, transferBytes: 0, failedRequests: 0, byType: {} };
  /** The main document's response (last hop), for the 200 + HTML check. */
  private pending = new Map<string, Pending>();
  private bodyJobs: Promise<void>[] = [];
  private textReads = 0;
  private imageReads = 0;
  private listeners: Array<[string, (e: never) => void]> = [];
  /** Headers Chromium really sent (Cookie among them), when they arrive before the request itself. */
  private sentHeaders = new Map<string, Record<string, string>>();
  /** Detailed entries by request id: sent headers may also arrive after the request has finished. */
  private entriesById = new Map<string, NetworkRequest>();
  private recording = true;

  constructor(private readonly session: CDPSession) {}

  async start(): Promise<void> {
    this.on('Network.requestWillBeSent', (e: Cdp.Network.RequestWillBeSentEvent) => this.onRequest(e));
    // The Cookie header (and others added by the network stack) are only reported here, not in requestWillBeSent.
    this.on('Network.requestWillBeSentExtraInfo', (e: Cdp.Network.RequestWillBeSentExtraInfoEvent) => this.onSentHeaders(e));
    this.on('Network.responseReceived', (e: Cdp.Network.ResponseReceivedEvent) => this.onResponse(e));
    this.on('Network.dataReceived', (e: Cdp.Network.DataReceivedEvent) => this.onData(e));
    this.on('Network.loadingFinished', (e: Cdp.Network.LoadingFinishedEvent) => this.onFinished(e));
    this.on('Network.loadingFailed', (e: Cdp.Network.LoadingFailedEvent) => this.onFailed(e));
    this.on('Network.requestServedFromCache', (e: Cdp.Network.RequestServedFromCacheEvent) => {
      const p = this.pending.get(e.requestId);
      if (p?.entry) p.entry.fromCache = true;
    });
    await this.session.send('Network.enable', { maxResourceBufferSize: MAX_BODY_FETCH_BYTES, maxTotalBufferSize: 50_000_000 });
  }

  /** Forgets everything recorded so far (after a login sequence, which is not part of the measure). */
  reset(): void {
    this.requests.length = 0;
    this.requestsOmitted = 0;
    this.totals = { requests: 0, transferBytes: 0, failedRequests: 0, byType: {} };
    this.pending.clear();
    this.sentHeaders.clear();
    this.entriesById.clear();
    this.bodyJobs = [];
    this.textReads = 0;
    this.imageReads = 0;
  }

  stop(): void {
    this.recording = false;
    for (const [event, fn] of this.listeners) this.session.off(event as never, fn as never);
    this.listeners = [];
  }

  /** Waits for body reads started so far (bounded: a body Chromium no longer holds just has no facts). */
  async settle(timeoutMs: number): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([Promise.allSettled(this.bodyJobs), new Promise((r) => (timer = setTimeout(r, timeoutMs)))]);
    clearTimeout(timer);
  }

  /** Requests still open (never finished): they count, with the bytes received so far. */
  flushOpen(): void {
    for (const [id, p] of this.pending) this.complete(id, p, p.encodedSoFar, false, null);
    this.pending.clear();
  }

  inFlight(): number {
    return this.pending.size;
  }

  private on<E>(event: string, fn: (e: E) => void): void {
    const guarded = (e: E) => {
      if (this.recording) fn(e);
    };
    this.session.on(event as never, guarded as never);
    this.listeners.push([event, guarded as never]);
  }

  private onRequest(e: Cdp.Network.RequestWillBeSentEvent): void {
    const previous = this.pending.get(e.requestId);
    if (previous && e.redirectResponse) {
      // Chromium reuses the request id for the next hop: close the previous hop as its own request.
      if (previous.entry) {
        this.applyResponse(previous.entry, e.redirectResponse);
        previous.entry.redirectTo = cap(e.request.url, MAX_URL_CHARS);
      }
      this.complete(e.requestId, previous, e.redirectResponse.encodedDataLength, false, null);
    }
    if (!isNetworkUrl(e.request.url)) return;
    const resourceType = (e.type ?? 'Other').toLowerCase();
    let entry: NetworkRequest | null = null;
    if (this.requests.length < MAX_DETAILED_REQUESTS) {
      entry = {
        url: cap(e.request.url, MAX_URL_CHARS),
        method: e.request.method,
        resourceType,
        status: 0,
        mimeType: null,
        protocol: null,
        requestHeaders: lowerHeaders(e.request.headers),
        responseHeaders: {},
        transferBytes: 0,
        bodyBytes: null,
        fromCache: false,
        failed: false,
        failureText: null,
      };
      const sent = this.sentHeaders.get(e.requestId);
      if (sent) {
        Object.assign(entry.requestHeaders, sent);
        this.sentHeaders.delete(e.requestId);
      }
      this.entriesById.set(e.requestId, entry);
      this.requests.push(entry);
    } else {
      this.requestsOmitted++;
    }
    this.pending.set(e.requestId, { entry, encodedSoFar: 0, decodedSoFar: 0, resourceType });
  }

  private onSentHeaders(e: Cdp.Network.RequestWillBeSentExtraInfoEvent): void {
    const headers = lowerHeaders(e.headers);
    const entry = this.entriesById.get(e.requestId);
    if (entry) Object.assign(entry.requestHeaders, headers);
    else if (this.sentHeaders.size < MAX_DETAILED_REQUESTS) this.sentHeaders.set(e.requestId, headers);
  }

  private applyResponse(entry: NetworkRequest, r: Cdp.Network.Response): void {
    entry.status = r.status;
    entry.mimeType = r.mimeType || null;
    entry.protocol = r.protocol ?? null;
    entry.responseHeaders = lowerHeaders(r.headers);
    if (r.requestHeaders) entry.requestHeaders = { ...entry.requestHeaders, ...lowerHeaders(r.requestHeaders) };
    if (r.fromDiskCache || r.fromServiceWorker || r.fromPrefetchCache) entry.fromCache = true;
  }

  private onResponse(e: Cdp.Network.ResponseReceivedEvent): void {
    const p = this.pending.get(e.requestId);
    if (!p) return;
    p.resourceType = (e.type ?? p.resourceType).toLowerCase();
    if (p.entry) {
      p.entry.resourceType = p.resourceType;
      this.applyResponse(p.entry, e.response);
    }
  }

  private onData(e: Cdp.Network.DataReceivedEvent): void {
    const p = this.pending.get(e.requestId);
    if (!p) return;
    p.encodedSoFar += e.encodedDataLength;
    p.decodedSoFar += e.dataLength;
  }

  private onFinished(e: Cdp.Network.LoadingFinishedEvent): void {
    const p = this.pending.get(e.requestId);
    if (!p) return;
    this.pending.delete(e.requestId);
    this.complete(e.requestId, p, e.encodedDataLength, false, null);
    if (p.entry) {
      p.entry.bodyBytes = p.decodedSoFar;
      this.readBody(e.requestId, p.entry);
    }
  }

  private onFailed(e: Cdp.Network.LoadingFailedEvent): void {
    const p = this.pending.get(e.requestId);
    if (!p) return;
    this.pending.delete(e.requestId);
    this.complete(e.requestId, p, p.encodedSoFar, true, e.errorText || (e.canceled ? 'canceled' : 'failed'));
  }

  private complete(_id: string, p: Pending, transferBytes: number, failed: boolean, failureText: string | null): void {
    const bytes = Math.max(0, transferBytes || 0);
    this.totals.requests++;
    this.totals.transferBytes += bytes;
    if (failed) this.totals.failedRequests++;
    const t = (this.totals.byType[p.resourceType] ??= { requests: 0, transferBytes: 0 });
    t.requests++;
    t.transferBytes += bytes;
    if (p.entry) {
      p.entry.transferBytes = bytes;
      p.entry.failed = failed;
      p.entry.failureText = failureText;
    }
  }

  /** Reads a finished body for text facts (CSS/JS/SVG/HTML) or bitmap pixel size, then drops it. */
  private readBody(requestId: string, entry: NetworkRequest): void {
    const kind = textKind(entry.mimeType, entry.resourceType);
    const isBitmap = entry.resourceType === 'image' && !!entry.mimeType && /png|jpe?g|gif|webp/i.test(entry.mimeType);
    if (!kind && !isBitmap) return;
    if ((entry.bodyBytes ?? 0) > MAX_BODY_FETCH_BYTES || entry.status < 200 || entry.status >= 300) return;
    if (kind ? ++this.textReads > MAX_TEXT_BODY_READS : ++this.imageReads > MAX_IMAGE_BODY_READS) return;
    const job = this.session
      .send('Network.getResponseBody', { requestId })
      .then(({ body, base64Encoded }) => {
        if (kind) {
          const text = base64Encoded ? Buffer.from(body, 'base64').toString('utf8') : body;
          entry.text = textFacts(text, kind);
        } else {
          const bytes = base64Encoded ? Buffer.from(body.slice(0, 100_000), 'base64') : Buffer.from(body, 'latin1');
          entry.imagePixels = imagePixels(bytes);
        }
      })
      .catch(() => {
        // Evicted or page gone: the request keeps its other facts.
      });
    this.bodyJobs.push(job);
  }
}
