import type { NetworkRequest } from '../../src/model/artifacts.js';
import { type Check, kb, notApplicable, verdict } from '../check.js';
import { bodyBytes, contentType, header, responses } from '../http.js';

/** Text-like types worth compressing (the list GreenIT-Analysis CompressHttp describes, plus wasm-free modern JSON types). */
const COMPRESSIBLE =
  /^(text\/|application\/(javascript|x-javascript|ecmascript|json|ld\+json|manifest\+json|xml|xhtml\+xml|rss\+xml|atom\+xml|vnd\.ms-fontobject|x-font-ttf|x-font-otf|font-sfnt)|image\/(svg\+xml|x-icon|vnd\.microsoft\.icon|bmp)|font\/(otf|ttf|eot))/;
/** Below this body size compression does not pay (GreenIT-Analysis CompressHttp: responses over 150 bytes). */
const MIN_BYTES = 150;
const ENCODINGS = /\b(br|gzip|deflate|compress|pack200-gzip|zstd)\b/;

export function isCompressible(r: NetworkRequest): boolean {
  return COMPRESSIBLE.test(contentType(r)) && bodyBytes(r) > MIN_BYTES;
}

const check: Check<'requests'> = {
  id: 'compress-http',
  version: '1.0.0',
  title: 'Text responses are compressed',
  practices: ['RWEB_0078'],
  requiredArtifacts: ['requests'],
  description:
    'Counts text responses over 150 bytes (HTML, CSS, JavaScript, JSON, XML, SVG, icons, some font formats) that ' +
    'arrive without Content-Encoding br, gzip, deflate or zstd.',
  advice: 'Enable Brotli or gzip compression on the web server or CDN for text types.',
  source: 'GreenIT-Analysis CompressHttp (what is compressible); RWEB v4 #0076 validation: 0 uncompressed files',
  judge(a) {
    const candidates = responses(a.requests).filter((r) => r.status < 300 && r.status !== 204 && isCompressible(r));
    if (candidates.length === 0) return notApplicable(check, 'no compressible response on this page');
    const plain = candidates.filter((r) => !ENCODINGS.test(header(r, 'content-encoding')?.toLowerCase() ?? ''));
    return verdict(check, 'A = 0 uncompressed text responses (RWEB v4 #0076: 0)', {
      grade: plain.length === 0 ? 'A' : 'C',
      value: plain.length,
      evidence: plain.map((r) => ({ url: r.url, detail: `${contentType(r)} sent uncompressed, ${kb(bodyBytes(r))}`, value: bodyBytes(r) })),
      message: `${plain.length} of ${candidates.length} compressible responses uncompressed`,
    });
  },
};
export default check;
