/** The browser collector: the only code that drives Chromium. Knows the model, never the store. */
// The launcher is shared with the PDF report: src/chromium/launch.ts.
export { launchBrowser, findBrowserExecutable, sweepStaleProfiles, ManagedBrowser, CHROMIUM_FLAGS } from '../../src/chromium/launch.js';
export { measurePage, type MeasureHooks } from './measure.js';
export { measureJourney, type JourneyHooks, type JourneyStepMeasurement } from './journey.js';
export { imagePixels } from './image-size.js';
export { textFacts, textKind, jsSyntaxError, TEXT_FACTS_MAX_CHARS } from './text-facts.js';
export { MAX_DETAILED_REQUESTS } from './network.js';
export { runLighthouse, type LighthouseSummary } from './lighthouse.js';
