import type { PageArtifacts } from '../src/model/artifacts.js';
import type { RuleResult } from '../src/model/rules.js';
import { type Check, errorResult, judgedArtifacts } from './check.js';
import addExpiresOrCacheControlHeaders from './checks/add-expires-or-cache-control-headers.js';
import analyticsTools from './checks/analytics-tools.js';
import autoplayMedia from './checks/autoplay-media.js';
import carousels from './checks/carousels.js';
import compressHttp from './checks/compress-http.js';
import consoleErrors from './checks/console-errors.js';
import domSize from './checks/dom-size.js';
import domainsNumber from './checks/domains-number.js';
import dontResizeImageInBrowser from './checks/dont-resize-image-in-browser.js';
import emptySrcTag from './checks/empty-src-tag.js';
import externalizeCss from './checks/externalize-css.js';
import externalizeJs from './checks/externalize-js.js';
import htmlCachePolicy from './checks/html-cache-policy.js';
import httpError from './checks/http-error.js';
import httpRequests from './checks/http-requests.js';
import iframes from './checks/iframes.js';
import imageDownloadedNotDisplayed from './checks/image-downloaded-not-displayed.js';
import imageFormats from './checks/image-formats.js';
import infiniteScroll from './checks/infinite-scroll.js';
import jsValidate from './checks/js-validate.js';
import lazyLoading from './checks/lazy-loading.js';
import maxCookiesLength from './checks/max-cookies-length.js';
import minifiedCss from './checks/minified-css.js';
import minifiedJs from './checks/minified-js.js';
import noCookieForStaticResources from './checks/no-cookie-for-static-resources.js';
import noRedirect from './checks/no-redirect.js';
import optimizeBitmapImages from './checks/optimize-bitmap-images.js';
import optimizeSvg from './checks/optimize-svg.js';
import pageTitle from './checks/page-title.js';
import pageWeight from './checks/page-weight.js';
import plugins from './checks/plugins.js';
import printStylesheet from './checks/print-stylesheet.js';
import rasterImages from './checks/raster-images.js';
import socialNetworkButton from './checks/social-network-button.js';
import styleSheets from './checks/style-sheets.js';
import thirdParty from './checks/third-party.js';
import unusedCss from './checks/unused-css.js';
import unusedJs from './checks/unused-js.js';
import useEtags from './checks/use-etags.js';
import useHttp2 from './checks/use-http2.js';
import useStandardTypefaces from './checks/use-standard-typefaces.js';
import webFontFormat from './checks/web-font-format.js';

export type { Check } from './check.js';

/** Every automated check, in id order. Adding a check = adding its file under checks/ and one line here. */
export const checks: readonly Check[] = [
  addExpiresOrCacheControlHeaders,
  analyticsTools,
  autoplayMedia,
  carousels,
  compressHttp,
  consoleErrors,
  domSize,
  domainsNumber,
  dontResizeImageInBrowser,
  emptySrcTag,
  externalizeCss,
  externalizeJs,
  htmlCachePolicy,
  httpError,
  httpRequests,
  iframes,
  imageDownloadedNotDisplayed,
  imageFormats,
  infiniteScroll,
  jsValidate,
  lazyLoading,
  maxCookiesLength,
  minifiedCss,
  minifiedJs,
  noCookieForStaticResources,
  noRedirect,
  optimizeBitmapImages,
  optimizeSvg,
  pageTitle,
  pageWeight,
  plugins,
  printStylesheet,
  rasterImages,
  socialNetworkButton,
  styleSheets,
  thirdParty,
  unusedCss,
  unusedJs,
  useEtags,
  useHttp2,
  useStandardTypefaces,
  webFontFormat,
];

export function checkById(id: string): Check | undefined {
  return checks.find((c) => c.id === id);
}

/** Ids of the practices that at least one automated check evidences. */
export function automatedPracticeIds(): Set<string> {
  return new Set(checks.flatMap((c) => c.practices));
}

/**
 * Judges one page's artifacts with every automated check (or the given ones). Pure: same artifacts → same results.
 * A check whose required artifact is missing, or that throws, gives an 'error' result; it never aborts the page.
 */
export function judgePage(artifacts: PageArtifacts, only: readonly Check[] = checks): RuleResult[] {
  return only.map((check) => {
    const judged = judgedArtifacts(check, artifacts);
    if ('missing' in judged) return errorResult(check, `missing artifact(s): ${judged.missing.join(', ')}`);
    try {
      return check.judge(judged.artifacts);
    } catch (err) {
      return errorResult(check, `check failed: ${(err as Error)?.message ?? String(err)}`);
    }
  });
}
