/**
 * A minimal PNG encoder (8-bit RGBA, no interlacing): enough to save plots without a dependency.
 * A PNG is the 8-byte signature and a list of chunks [length u32 BE][type][data][CRC32 of type+data];
 * we write IHDR (size and pixel format), one IDAT (the zlib-compressed scanlines) and IEND.
 * Pure bytes, no file system: fflate compresses (node:zlib would keep this out of browsers); the
 * Node io's writePngAtomic writes the result to a path.
 */
import { zlibSync } from 'fflate';
import { ArgumentError } from '../core/errors.js';
import type { Image } from './canvas.js';

const SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

/** CRC-32 (polynomial 0xEDB88320, as in PNG and zlib), table-driven one byte at a time. */
const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

/**
 * The CRC-32 of `bytes`, as an unsigned 32-bit number.
 * @example crc32(new TextEncoder().encode('IEND')) // 0xae426082
 */
export function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (let i = 0; i < bytes.length; i++) c = CRC_TABLE[(c ^ bytes[i]) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Uint8Array): Uint8Array {
  const out = new Uint8Array(12 + data.length);
  const view = new DataView(out.buffer);
  view.setUint32(0, data.length);
  for (let i = 0; i < 4; i++) out[4 + i] = type.charCodeAt(i);
  out.set(data, 8);
  view.setUint32(8 + data.length, crc32(out.subarray(4, 8 + data.length)));
  return out;
}

/**
 * Encodes row-major 8-bit RGBA pixels (`width * height * 4` bytes, top row first) as a PNG file.
 * @example const bytes = io.encodePng(img.width, img.height, img.rgba); // then io.writePngAtomic (fluxion/node)
 */
export function encodePng(width: number, height: number, rgba: Uint8Array): Uint8Array {
  if (!Number.isInteger(width) || !Number.isInteger(height) || width < 1 || height < 1 || width > 0x7fffffff || height > 0x7fffffff) {
    throw new ArgumentError(`encodePng: width and height must be positive integers, got ${width}x${height}.`);
  }
  if (rgba.length !== width * height * 4) {
    throw new ArgumentError(`encodePng: a ${width}x${height} RGBA image needs ${width * height * 4} bytes, got ${rgba.length}.`);
  }
  const ihdr = new Uint8Array(13);
  const v = new DataView(ihdr.buffer);
  v.setUint32(0, width);
  v.setUint32(4, height);
  ihdr.set([8, 6, 0, 0, 0], 8); // bit depth 8, colour type 6 (RGBA), deflate, adaptive filtering, no interlace
  // Each scanline starts with its filter type; 0 (None) keeps the encoder trivial, and deflate
  // still compresses the flat backgrounds of plots well.
  const stride = width * 4;
  const raw = new Uint8Array((stride + 1) * height);
  for (let y = 0; y < height; y++) raw.set(rgba.subarray(y * stride, (y + 1) * stride), y * (stride + 1) + 1);
  const parts = [Uint8Array.from(SIGNATURE), chunk('IHDR', ihdr), chunk('IDAT', zlibSync(raw)), chunk('IEND', new Uint8Array(0))];
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) { out.set(p, o); o += p.length; }
  return out;
}

/**
 * Encodes an {@link Image} (what the plot functions return) as a PNG file.
 * @example await io.writePngAtomic('loss.png', io.encodePngImage(io.gridImages(digits, 10)));
 */
export const encodePngImage = (img: Image): Uint8Array => encodePng(img.width, img.height, img.rgba);
