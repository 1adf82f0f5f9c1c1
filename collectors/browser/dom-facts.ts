import type { DomFacts } from '../../src/model/artifacts.js';

/** Caps on the lists DOM facts carry, so a page with 200,000 elements stays small in the store. */
export const DOM_LIST_CAPS = { images: 300, emptySrc: 50, iframes: 50, media: 50, carousels: 20 };

/** EcoIndex DOM count, in the page: every element except those inside <svg> (as the reference scraper counts). */
export function countElementsInPage(): number {
  return document.querySelectorAll('*').length - document.querySelectorAll('svg *').length;
}

/**
 * Runs in the page (serialised by puppeteer): it must not use anything from this module's scope.
 * Returns the DOM facts except elementCountBeforeScroll, which the collector fills.
 */
export function collectDomFactsInPage(caps: typeof DOM_LIST_CAPS): Omit<DomFacts, 'elementCountBeforeScroll'> {
  const describe = (el: Element): string => {
    const id = el.id ? `#${el.id}` : '';
    const cls = typeof el.className === 'string' && el.className.trim() ? '.' + el.className.trim().split(/\s+/).slice(0, 3).join('.') : '';
    return (el.tagName.toLowerCase() + id + cls).slice(0, 200);
  };
  const url = (s: string | null | undefined): string => (s ?? '').slice(0, 2000);
  const scrollY = window.scrollY;

  const allImages = Array.from(document.images);
  const images = allImages.slice(0, caps.images).map((img) => {
    const rect = img.getBoundingClientRect();
    const src = img.getAttribute('src') ?? '';
    return {
      src: url(img.src || src),
      currentSrc: url(img.currentSrc),
      naturalWidth: img.naturalWidth,
      naturalHeight: img.naturalHeight,
      displayedWidth: img.clientWidth,
      displayedHeight: img.clientHeight,
      loading: img.getAttribute('loading') ?? '',
      top: Math.round(rect.top + scrollY),
      isSvg: /\.svg(\?|#|$)/i.test(img.currentSrc || src) || /^data:image\/svg/i.test(src),
    };
  });

  const emptySrcElements: string[] = [];
  for (const el of Array.from(document.querySelectorAll('[src]'))) {
    if ((el.getAttribute('src') ?? '').trim() === '') {
      if (emptySrcElements.length < caps.emptySrc) emptySrcElements.push(describe(el));
    }
  }
  for (const el of Array.from(document.querySelectorAll('link[href]'))) {
    if ((el.getAttribute('href') ?? '').trim() === '' && emptySrcElements.length < caps.emptySrc) {
      emptySrcElements.push(describe(el));
    }
  }

  const printStylesheetCount = Array.from(document.querySelectorAll('link[rel~="stylesheet"], style')).filter((el) =>
    /\bprint\b/i.test(el.getAttribute('media') ?? ''),
  ).length +
    // @media print blocks inside readable stylesheets count too.
    Array.from(document.styleSheets).reduce((n, sheet) => {
      try {
        return n + Array.from(sheet.cssRules).filter((r) => r instanceof CSSMediaRule && /\bprint\b/i.test(r.conditionText)).length;
      } catch {
        return n; // cross-origin sheet
      }
    }, 0);

  const iframes = Array.from(document.querySelectorAll('iframe'))
    .slice(0, caps.iframes)
    .map((f) => ({ src: url(f.getAttribute('src')), loading: f.getAttribute('loading') ?? '' }));

  const media = Array.from(document.querySelectorAll('video, audio'))
    .slice(0, caps.media)
    .map((m) => {
      const el = m as HTMLMediaElement;
      return {
        tag: el.tagName.toLowerCase(),
        src: url(el.currentSrc || el.getAttribute('src') || el.querySelector('source')?.getAttribute('src')),
        autoplay: el.hasAttribute('autoplay'),
        muted: el.muted || el.hasAttribute('muted'),
        preload: el.getAttribute('preload') ?? '',
      };
    });

  // Sliders are recognised by the class or role names common libraries use (Swiper, Slick, Bootstrap, Owl, Splide…).
  const carouselSelector =
    '.carousel, .slider, .swiper, .swiper-container, .slick-slider, .owl-carousel, .splide, .glide, .flickity-enabled, [data-ride="carousel"], [aria-roledescription="carousel"]';
  const carouselEls = Array.from(document.querySelectorAll(carouselSelector)).filter(
    (el) => !el.parentElement?.closest(carouselSelector),
  );
  const carousels = carouselEls.slice(0, caps.carousels).map((el) => {
    const attrs = Array.from(el.attributes)
      .map((a) => `${a.name}=${a.value}`)
      .join(' ');
    return {
      selector: describe(el),
      autoplay: /autoplay|data-ride="?carousel|data-bs-ride=carousel|data-interval/i.test(attrs) || /autoplay/i.test(attrs),
    };
  });

  const scriptCount = Array.from(document.scripts).filter((s) => !s.src && (s.textContent ?? '').trim() !== '').length;

  return {
    elementCount: document.querySelectorAll('*').length - document.querySelectorAll('svg *').length,
    title: (document.title ?? '').slice(0, 500),
    lang: document.documentElement.getAttribute('lang') ?? '',
    viewportWidth: window.innerWidth,
    viewportHeight: window.innerHeight,
    documentHeight: Math.max(document.documentElement.scrollHeight, document.body?.scrollHeight ?? 0),
    images,
    imagesOmitted: Math.max(0, allImages.length - caps.images),
    emptySrcElements,
    inlineStyleCount: document.querySelectorAll('[style]').length + document.querySelectorAll('style').length,
    inlineScriptCount: scriptCount,
    pluginCount: document.querySelectorAll('object, embed, applet').length,
    printStylesheetCount,
    iframes,
    media,
    carousels,
  };
}
