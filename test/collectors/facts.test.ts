import { deflateSync } from 'node:zlib';
import { imagePixels, jsSyntaxError, textFacts, textKind, TEXT_FACTS_MAX_CHARS } from '../../collectors/browser/index.js';

// Minimal headers written byte by byte from the format specifications, not produced by an encoder.
function png(width: number, height: number): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]), Buffer.from('IHDR'), ihdr, deflateSync(Buffer.alloc(1))]);
}

test('reads pixel sizes from PNG, GIF, JPEG and WebP headers', () => {
  expect(imagePixels(png(640, 480))).toEqual({ width: 640, height: 480 });
  expect(imagePixels(Buffer.from([...Buffer.from('GIF89a'), 0x20, 0x03, 0x58, 0x02, 0, 0]))).toEqual({ width: 800, height: 600 });
  // SOI, an APP0 segment of 16 bytes, then SOF2 (progressive): precision 8, height 0x0100, width 0x0200.
  const jpeg = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, ...Buffer.alloc(14), 0xff, 0xc2, 0x00, 0x11, 0x08, 0x01, 0x00, 0x02, 0x00, 0x03, ...Buffer.alloc(9)]);
  expect(imagePixels(jpeg)).toEqual({ width: 512, height: 256 });
  // A DHT (0xC4) segment before SOF0 must be skipped, not read as a frame header.
  const withDht = Buffer.from([0xff, 0xd8, 0xff, 0xc4, 0x00, 0x04, 0, 0, 0xff, 0xc0, 0x00, 0x11, 0x08, 0x00, 0x10, 0x00, 0x20, 0x03, ...Buffer.alloc(9)]);
  expect(imagePixels(withDht)).toEqual({ width: 32, height: 16 });
  const riff = (chunk: string, payload: number[]) =>
    Buffer.from([...Buffer.from('RIFF'), 0, 0, 0, 0, ...Buffer.from('WEBP'), ...Buffer.from(chunk), 0, 0, 0, 0, ...payload, ...Buffer.alloc(20)]);
  // VP8X: canvas width−1 and height−1 on 24 bits, after 4 bytes of flags.
  expect(imagePixels(riff('VP8X', [0, 0, 0, 0, 0x7f, 0x02, 0x00, 0xdf, 0x01, 0x00]))).toEqual({ width: 640, height: 480 });
  // VP8L: signature 0x2f then 14 bits width−1, 14 bits height−1.
  const bits = (99 & 0x3fff) | ((49 & 0x3fff) << 14);
  expect(imagePixels(riff('VP8L', [0x2f, bits & 0xff, (bits >> 8) & 0xff, (bits >> 16) & 0xff, (bits >> 24) & 0xff]))).toEqual({ width: 100, height: 50 });
  // VP8 (lossy): frame tag (3 bytes), start code 9d 01 2a, then 14-bit width and height.
  expect(imagePixels(riff('VP8 ', [0, 0, 0, 0x9d, 0x01, 0x2a, 0x2c, 0x01, 0xc8, 0x00]))).toEqual({ width: 300, height: 200 });
  expect(imagePixels(Buffer.from('not an image at all, just text'))).toBeNull();
  expect(imagePixels(Buffer.from([0xff, 0xd8]))).toBeNull();
});

test('text facts count characters, line breaks, semicolons and spaces before tags', () => {
  expect(textFacts('a{b:c;d:e}\n.f{g:h;}\n', 'css')).toEqual({ chars: 20, lineBreaks: 2, semicolons: 2, spaceBeforeTag: 0 });
  expect(textFacts('<svg>\n  <g> <path/></g></svg>', 'svg')).toEqual({ chars: 29, lineBreaks: 1, semicolons: 0, spaceBeforeTag: 2 });
  const big = textFacts('x;'.repeat(TEXT_FACTS_MAX_CHARS), 'js');
  expect(big).toMatchObject({ chars: 2 * TEXT_FACTS_MAX_CHARS, semicolons: TEXT_FACTS_MAX_CHARS / 2, truncated: true });
  expect(big.syntaxError).toBeUndefined();
});

test('JS syntax errors: classic scripts through V8, modules through a module parse', () => {
  expect(jsSyntaxError('var a = 1; function f() { return a; }')).toBeNull();
  expect(jsSyntaxError('import x from "./x.js"; export const y = x;')).toBeNull();
  expect(jsSyntaxError('var = ;')).toMatch(/Unexpected token/);
  expect(jsSyntaxError('export const = 1;')).not.toBeNull();
  expect(textFacts('function () {', 'js').syntaxError).not.toBeNull();
});

test('text kinds come from the MIME type, then the resource type', () => {
  expect(textKind('image/svg+xml', 'image')).toBe('svg');
  expect(textKind('text/css', 'stylesheet')).toBe('css');
  expect(textKind('application/javascript', 'script')).toBe('js');
  expect(textKind('text/html', 'document')).toBe('html');
  expect(textKind('image/png', 'image')).toBeNull();
});
