import { z } from 'zod';

/**
 * Raw facts gathered from one page load: the only input of the automated practice checks (rules/).
 * Stored per page so that `numresp practices rerun` re-judges a run without a browser.
 * Bump ARTIFACTS_SCHEMA_VERSION when a field changes meaning; add optional fields freely.
 */
export const ARTIFACTS_SCHEMA_VERSION = 1;

/** Text facts computed from a CSS/JS/SVG/HTML body, so rules need not keep whole bodies. */
export const TextFactsSchema = z.object({
  chars: z.number().int().nonnegative(),
  lineBreaks: z.number().int().nonnegative(),
  semicolons: z.number().int().nonnegative(),
  /** Occurrences of " <" (a space before a tag): the sign of pretty-printed SVG/HTML. */
  spaceBeforeTag: z.number().int().nonnegative(),
  /** JS only: the first syntax error reported when compiling the script, null when it parses. */
  syntaxError: z.string().nullable().optional(),
  /** True when the body was larger than the collector's cap and facts cover only its start. */
  truncated: z.boolean().optional(),
});
export type TextFacts = z.infer<typeof TextFactsSchema>;

export const NetworkRequestSchema = z.object({
  url: z.string(),
  method: z.string(),
  /** Chromium resource type: document, stylesheet, image, media, font, script, xhr, fetch, other… */
  resourceType: z.string(),
  /** HTTP status; 0 when the request failed before a response. */
  status: z.number().int(),
  mimeType: z.string().nullable(),
  /** e.g. "h2", "http/1.1"; null when unknown. */
  protocol: z.string().nullable(),
  /** Lower-cased header names. */
  requestHeaders: z.record(z.string(), z.string()),
  responseHeaders: z.record(z.string(), z.string()),
  /** Bytes on the wire (headers + body), as Chromium's encodedDataLength reports. */
  transferBytes: z.number().nonnegative(),
  /** Decoded body size in bytes, when known. */
  bodyBytes: z.number().nonnegative().nullable(),
  fromCache: z.boolean(),
  failed: z.boolean(),
  failureText: z.string().nullable(),
  /** URL this request was redirected to (3xx with Location). */
  redirectTo: z.string().nullable().optional(),
  /** Facts about the body for text resources (css, js, svg, html), when captured. */
  text: TextFactsSchema.nullable().optional(),
  /** Pixel size decoded from bitmap image headers, when captured. */
  imagePixels: z.object({ width: z.number(), height: z.number() }).nullable().optional(),
});
export type NetworkRequest = z.infer<typeof NetworkRequestSchema>;

export const ImageElementSchema = z.object({
  src: z.string(),
  currentSrc: z.string(),
  naturalWidth: z.number(),
  naturalHeight: z.number(),
  /** CSS pixels as rendered (clientWidth/Height); 0 when not displayed. */
  displayedWidth: z.number(),
  displayedHeight: z.number(),
  /** The loading attribute ("lazy", "eager" or "" when absent). */
  loading: z.string(),
  /** Distance in CSS px from the document top to the image top. */
  top: z.number(),
  isSvg: z.boolean(),
});
export type ImageElement = z.infer<typeof ImageElementSchema>;

export const DomFactsSchema = z.object({
  /** EcoIndex DOM count: every element of the document except those inside <svg>. */
  elementCount: z.number().int().nonnegative(),
  /** Same count measured before the scroll step (growth hints at infinite scroll). */
  elementCountBeforeScroll: z.number().int().nonnegative(),
  title: z.string(),
  lang: z.string(),
  viewportWidth: z.number(),
  viewportHeight: z.number(),
  documentHeight: z.number(),
  images: z.array(ImageElementSchema),
  /** Number of images beyond the collector's cap (images lists the first ones). */
  imagesOmitted: z.number().int().nonnegative(),
  emptySrcElements: z.array(z.string()),
  inlineStyleCount: z.number().int().nonnegative(),
  inlineScriptCount: z.number().int().nonnegative(),
  pluginCount: z.number().int().nonnegative(),
  printStylesheetCount: z.number().int().nonnegative(),
  iframes: z.array(z.object({ src: z.string(), loading: z.string() })),
  media: z.array(
    z.object({ tag: z.string(), src: z.string(), autoplay: z.boolean(), muted: z.boolean(), preload: z.string() }),
  ),
  /** Elements that look like carousels/sliders, with whether they advertise autoplay. */
  carousels: z.array(z.object({ selector: z.string(), autoplay: z.boolean() })),
});
export type DomFacts = z.infer<typeof DomFactsSchema>;

export const CoverageEntrySchema = z.object({
  url: z.string(),
  kind: z.enum(['js', 'css']),
  totalBytes: z.number().nonnegative(),
  usedBytes: z.number().nonnegative(),
});
export type CoverageEntry = z.infer<typeof CoverageEntrySchema>;

export const CookieSchema = z.object({
  name: z.string(),
  domain: z.string(),
  size: z.number(),
  httpOnly: z.boolean(),
  secure: z.boolean(),
  sameSite: z.string().nullable(),
  /** Seconds since epoch; -1 for session cookies. */
  expires: z.number(),
});

export const ConsoleMessageSchema = z.object({
  /** "error", "warning", "log"…, or "pageerror" for an uncaught exception. */
  type: z.string(),
  text: z.string(),
  url: z.string().nullable(),
});
export type ConsoleMessage = z.infer<typeof ConsoleMessageSchema>;

export const PageArtifactsSchema = z.object({
  schemaVersion: z.number().int(),
  url: z.string(),
  finalUrl: z.string(),
  /** Requests made after load and before the scroll step (for lazy-loading and infinite-scroll checks). */
  requestCountBeforeScroll: z.number().int().nonnegative(),
  requests: z.array(NetworkRequestSchema),
  /** Number of requests beyond the collector's cap (the figures in metrics still count them all). */
  requestsOmitted: z.number().int().nonnegative(),
  dom: DomFactsSchema,
  coverage: z.array(CoverageEntrySchema).nullable(),
  cookies: z.array(CookieSchema),
  console: z.array(ConsoleMessageSchema),
});
export type PageArtifacts = z.infer<typeof PageArtifactsSchema>;
