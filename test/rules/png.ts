import { crc32, deflateSync } from 'node:zlib';

/**
 * A truecolour PNG (8-bit RGB, no filter) for fixtures. `noise` fills it with pseudo-random pixels, which deflate
 * cannot shrink, so the file weighs about width × height × 3 bytes; otherwise it is one flat colour (tiny file).
 */
export function png(width: number, height: number, noise = false): Buffer {
  const row = 1 + width * 3;
  const raw = Buffer.alloc(row * height);
  let seed = 12345;
  for (let y = 0; y < height; y++) {
    raw[y * row] = 0; // filter: none
    for (let i = 1; i < row; i++) {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      raw[y * row + i] = noise ? seed >>> 24 : 200;
    }
  }
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const out = Buffer.alloc(12 + data.length);
    out.writeUInt32BE(data.length, 0);
    body.copy(out, 4);
    out.writeUInt32BE(crc32(body), 8 + data.length);
    return out;
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8; // bit depth
  header[9] = 2; // colour type: RGB
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}
