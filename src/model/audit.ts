import { z } from 'zod';
import type { PageArtifacts } from './artifacts.js';
import { withoutControlChars } from './text-schema.js';

/**
 * What crosses the boundary between the pipeline and the browser collector: what to measure (a target), how
 * (the protocol), and what came back (a measurement or a failure with a human reason).
 */

/** An absolute http(s) URL; anything else is refused at the boundary with the offending text. */
export const HttpUrlSchema = z.string().refine(
  (s) => {
    try {
      const u = new URL(s);
      return u.protocol === 'http:' || u.protocol === 'https:';
    } catch {
      return false;
    }
  },
  { message: 'must be an absolute http:// or https:// URL' },
);

/** One step of a scripted login, run in the page's context before the measured navigation. */
export const LoginStepSchema = z.discriminatedUnion('action', [
  z.object({ action: z.literal('goto'), url: HttpUrlSchema }).strict(),
  z.object({ action: z.literal('fill'), selector: z.string().min(1), value: z.string() }).strict(),
  z.object({ action: z.literal('click'), selector: z.string().min(1) }).strict(),
  z
    .object({
      action: z.literal('waitFor'),
      /** Wait until this selector is in the page… */
      selector: z.string().min(1).optional(),
      /** …or until a navigation ends… */
      navigation: z.boolean().optional(),
      /** …or for this many milliseconds. */
      ms: z.number().int().nonnegative().max(60000).optional(),
    })
    .strict(),
]);
export type LoginStep = z.infer<typeof LoginStepSchema>;

export const CookieInputSchema = z
  .object({
    name: withoutControlChars(z.string().min(1)),
    value: withoutControlChars(),
    /** Defaults to the target's host. */
    domain: z.string().optional(),
    path: z.string().optional(),
  })
  .strict();

/** How to reach a page: everything that is about access, not about the measurement protocol. */
export const AccessSchema = z
  .object({
    // A line break in a header or user agent would split the request (header injection): refused with its path.
    headers: z.record(withoutControlChars(), withoutControlChars()).default({}),
    cookies: z.array(CookieInputSchema).default([]),
    basicAuth: z.object({ username: withoutControlChars(), password: z.string() }).strict().nullable().default(null),
    userAgent: withoutControlChars().nullable().default(null),
    login: z.array(LoginStepSchema).default([]),
  })
  .strict();
export type Access = z.infer<typeof AccessSchema>;

export interface PageTarget {
  url: string;
  access?: Partial<Access>;
}

export const DEVICES = ['desktop', 'mobile'] as const;
export type Device = (typeof DEVICES)[number];

/** The measurement protocol. Defaults are the reference scraper's (ecoindex_python_fullstack), 3 s waits as ecoindex-cli. */
export const ProtocolSchema = z
  .object({
    device: z.enum(DEVICES).default('desktop'),
    waitBeforeScrollMs: z.number().int().nonnegative().max(120000).default(3000),
    waitAfterScrollMs: z.number().int().nonnegative().max(120000).default(3000),
    /** Whole-page budget: navigation, waits, scroll and fact gathering. */
    timeoutMs: z.number().int().positive().max(600000).default(60000),
    /** Gather Chromium JS/CSS coverage (costs a little time). */
    coverage: z.boolean().default(true),
  })
  .strict();
export type Protocol = z.infer<typeof ProtocolSchema>;

export const VIEWPORTS: Record<Device, { width: number; height: number; deviceScaleFactor: number; isMobile: boolean }> =
  {
    // The reference scraper's default window (WindowSize 1920×1080).
    desktop: { width: 1920, height: 1080, deviceScaleFactor: 1, isMobile: false },
    // A common mid-range phone viewport (CSS px), as Lighthouse's moto g power emulation: 412×823 at DPR 1.75.
    mobile: { width: 412, height: 823, deviceScaleFactor: 1.75, isMobile: true },
  };

/** The figures EcoIndex needs plus the per-type breakdown the issue asks to record. */
export interface PageMetrics {
  /** Elements in the document, those inside <svg> excepted (EcoIndex DOM). */
  dom: number;
  /** Every request the page made (EcoIndex requests), failed ones included. */
  requests: number;
  /** Transferred bytes ÷ 1000 (EcoIndex size). */
  sizeKb: number;
  transferBytes: number;
  failedRequests: number;
  /** Transferred bytes and request count per Chromium resource type. */
  byType: Record<string, { requests: number; transferBytes: number }>;
  httpStatus: number;
  /** Wall time of the measured navigation until the load event. */
  loadMs: number | null;
}

/** Stable codes so reports and tests can group failures without parsing messages. */
export const PAGE_ERROR_CODES = [
  'http-status',
  'not-html',
  'unreachable',
  'timeout',
  'redirect-loop',
  'crash',
  'browser-died',
  'login-failed',
  /** A journey action failed (its selector never appeared, no navigation came): the journey stops there. */
  'step-failed',
  /** A journey step after the one that failed. */
  'not-reached',
  'interrupted',
  'internal',
] as const;
export type PageErrorCode = (typeof PAGE_ERROR_CODES)[number];

export type PageMeasurement =
  | {
      ok: true;
      url: string;
      finalUrl: string;
      title: string;
      metrics: PageMetrics;
      artifacts: PageArtifacts;
    }
  | {
      ok: false;
      url: string;
      finalUrl: string | null;
      httpStatus: number | null;
      errorCode: PageErrorCode;
      /** A sentence a person understands: what happened and, when useful, what to do. */
      error: string;
    };
