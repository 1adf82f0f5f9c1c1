import type { DomFacts, ImageElement, NetworkRequest, PageArtifacts } from '../../src/model/artifacts.js';
import { ARTIFACTS_SCHEMA_VERSION, PageArtifactsSchema } from '../../src/model/artifacts.js';

/** Artifact objects for rule unit tests: a clean, minimal page that every check passes or finds not applicable. */
export const PAGE = 'https://www.example.test/';

export function req(over: Partial<NetworkRequest> = {}): NetworkRequest {
  return {
    url: PAGE + 'file',
    method: 'GET',
    resourceType: 'other',
    status: 200,
    mimeType: null,
    protocol: 'h2',
    requestHeaders: {},
    responseHeaders: {},
    transferBytes: 1000,
    bodyBytes: 1000,
    fromCache: false,
    failed: false,
    failureText: null,
    ...over,
  };
}

export const cached = { 'cache-control': 'public, max-age=31536000', etag: '"v1"', 'content-encoding': 'br' };

export function doc(over: Partial<NetworkRequest> = {}): NetworkRequest {
  return req({
    url: PAGE,
    resourceType: 'document',
    mimeType: 'text/html',
    responseHeaders: { 'content-type': 'text/html', 'cache-control': 'max-age=60', etag: '"d"', 'content-encoding': 'gzip' },
    text: { chars: 5000, lineBreaks: 2, semicolons: 0, spaceBeforeTag: 0 },
    ...over,
  });
}

export function css(name: string, over: Partial<NetworkRequest> = {}): NetworkRequest {
  return req({
    url: PAGE + name,
    resourceType: 'stylesheet',
    mimeType: 'text/css',
    responseHeaders: { 'content-type': 'text/css', ...cached },
    text: { chars: 4000, lineBreaks: 1, semicolons: 200, spaceBeforeTag: 0 },
    ...over,
  });
}

export function js(name: string, over: Partial<NetworkRequest> = {}): NetworkRequest {
  return req({
    url: PAGE + name,
    resourceType: 'script',
    mimeType: 'application/javascript',
    responseHeaders: { 'content-type': 'application/javascript', ...cached },
    text: { chars: 4000, lineBreaks: 1, semicolons: 200, spaceBeforeTag: 0, syntaxError: null },
    ...over,
  });
}

export function image(name: string, mime: string, bytes: number, over: Partial<NetworkRequest> = {}): NetworkRequest {
  return req({
    url: PAGE + name,
    resourceType: 'image',
    mimeType: mime,
    responseHeaders: { 'content-type': mime, 'cache-control': 'max-age=86400', etag: '"i"' },
    transferBytes: bytes,
    bodyBytes: bytes,
    ...over,
  });
}

export function img(over: Partial<ImageElement> = {}): ImageElement {
  return {
    src: PAGE + 'a.webp',
    currentSrc: PAGE + 'a.webp',
    naturalWidth: 200,
    naturalHeight: 100,
    displayedWidth: 200,
    displayedHeight: 100,
    loading: '',
    top: 100,
    isSvg: false,
    ...over,
  };
}

export function dom(over: Partial<DomFacts> = {}): DomFacts {
  return {
    elementCount: 300,
    elementCountBeforeScroll: 300,
    title: 'Accueil',
    lang: 'fr',
    viewportWidth: 1920,
    viewportHeight: 1080,
    documentHeight: 2000,
    images: [],
    imagesOmitted: 0,
    emptySrcElements: [],
    inlineStyleCount: 0,
    inlineScriptCount: 0,
    pluginCount: 0,
    printStylesheetCount: 1,
    iframes: [],
    media: [],
    carousels: [],
    ...over,
  };
}

export function page(over: Partial<Omit<PageArtifacts, 'dom'>> & { dom?: Partial<DomFacts> } = {}): PageArtifacts {
  const { dom: domOver, ...rest } = over;
  const a: PageArtifacts = {
    schemaVersion: ARTIFACTS_SCHEMA_VERSION,
    url: PAGE,
    finalUrl: PAGE,
    requestCountBeforeScroll: 3,
    requests: [doc(), css('a.css'), js('a.js')],
    requestsOmitted: 0,
    dom: dom(domOver),
    coverage: [],
    cookies: [],
    console: [],
    ...rest,
  };
  return PageArtifactsSchema.parse(a);
}

/** n copies of a request, with distinct URLs. */
export function many(n: number, make: (i: number) => NetworkRequest): NetworkRequest[] {
  return Array.from({ length: n }, (_, i) => make(i));
}
