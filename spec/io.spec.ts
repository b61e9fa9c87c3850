/**
 * io: safetensors checkpoints (round trip of a nested pytree, the byte layout against the
 * format specification, a hand-built file as PyTorch would write it, validation errors,
 * atomicity under a failing write), the PNG encoder decoded by hand, and plot pixels.
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inflateSync } from 'node:zlib';
import * as zlib from 'node:zlib';
import { np, io, Tensor } from '../src/node.js';
import { fileFromJson } from './helpers/safetensors-bytes.js';
import { layoutSafetensors } from '../src/io/safetensors-format.js';

let dir: string;
beforeAll(async () => { dir = await mkdtemp(join(tmpdir(), 'fluxion-io-')); });
afterAll(async () => { await rm(dir, { recursive: true, force: true }); });

const values = async (t: Tensor) => [...(await t.data())];

/** Splits a safetensors file into header length, parsed JSON header and byte buffer. */
function splitFile(bytes: Uint8Array) {
  const n = Number(new DataView(bytes.buffer, bytes.byteOffset).getBigUint64(0, true));
  const text = new TextDecoder().decode(bytes.subarray(8, 8 + n));
  return { n, text, header: JSON.parse(text) as Record<string, any>, buffer: bytes.subarray(8 + n) };
}

/** A file in the official layout, built by hand: header JSON, space padding, then the bytes. */
const handBuilt = (header: object, buffer: Uint8Array, pad = true): Uint8Array => fileFromJson(JSON.stringify(header), buffer, pad);

describe('safetensors', () => {
  const tree = () => ({
    params: { w1: np.array([[1, 2, 3], [4, 5, 6]]), b1: np.array([0.5, -0.25, 3]) },
    opt: {
      mu: { layers: [{ b: np.array([1e-3, -7], { dtype: 'float64' }) }, { b: np.array([9, 8]) }] },
      count: np.array(42, { dtype: 'int32' }),
    },
    seed: np.array(new Uint32Array([0xffffffff, 7]), { dtype: 'uint32' }),
    mask: np.array([true, false, true]),
    empty: np.zeros([0, 3]),
    scalar: np.array(2.5),
    nothing: null,
  });

  it('round-trips a nested pytree with dtypes, shapes, a scalar and an empty tensor', async () => {
    const path = join(dir, 'roundtrip.safetensors');
    const original = tree();
    await io.saveSafetensors(path, original, { note: 'hello' });
    const loaded = await io.loadSafetensors<ReturnType<typeof tree>>(path);
    expect(Object.keys(loaded).sort()).toEqual(Object.keys(original).sort());
    expect(loaded.nothing).toBeNull();
    const pairs: [Tensor, Tensor][] = [
      [loaded.params.w1, original.params.w1], [loaded.params.b1, original.params.b1],
      [loaded.opt.mu.layers[0].b, original.opt.mu.layers[0].b], [loaded.opt.mu.layers[1].b, original.opt.mu.layers[1].b],
      [loaded.opt.count, original.opt.count], [loaded.seed, original.seed], [loaded.mask, original.mask],
      [loaded.empty, original.empty], [loaded.scalar, original.scalar],
    ];
    for (const [a, b] of pairs) {
      expect(a.dtype).toBe(b.dtype);
      expect(a.shape).toEqual(b.shape);
      expect(await values(a)).toEqual(await values(b));
    }
    expect(Array.isArray(loaded.opt.mu.layers)).toBe(true);
    expect(await values(loaded.seed)).toEqual([0xffffffff, 7]);
    const { metadata } = await io.readSafetensorsHeader(path);
    expect(metadata.note).toBe('hello');
    // The same file read flat: names are dot-joined paths.
    const flat = await io.loadSafetensorsFlat(path);
    expect(Object.keys(flat).sort()).toEqual([
      'empty', 'mask', 'opt.count', 'opt.mu.layers.0.b', 'opt.mu.layers.1.b', 'params.b1', 'params.w1', 'scalar', 'seed',
    ]);
    // A tree that is one tensor.
    await io.saveSafetensors(path, np.array([3, 4]));
    expect(await values(await io.loadSafetensors<Tensor>(path))).toEqual([3, 4]);
  });

  it('writes the byte layout of the specification', async () => {
    const path = join(dir, 'layout.safetensors');
    await io.saveSafetensors(path, tree());
    const bytes = new Uint8Array(await readFile(path));
    const { n, text, header, buffer } = splitFile(bytes);
    expect((8 + n) % 8).toBe(0);
    expect(text.trimEnd().endsWith('}')).toBe(true);
    expect(/^ *$/.test(text.slice(text.trimEnd().length))).toBe(true);
    expect(Object.keys(header)[0]).toBe('__metadata__');
    expect(header.__metadata__['fluxion.format']).toBe('1');
    expect(JSON.parse(header.__metadata__['fluxion.treedef']).kind).toBe('object');
    const entries = Object.entries(header).filter(([k]) => k !== '__metadata__');
    const size: Record<string, number> = { F64: 8, F32: 4, I32: 4, U32: 4, BOOL: 1 };
    let pos = 0;
    for (const [name, e] of entries) {
      expect(Object.keys(e).sort()).toEqual(['data_offsets', 'dtype', 'shape']);
      expect(e.data_offsets[0]).toBe(pos); // contiguous, in header order
      expect(e.data_offsets[1] - e.data_offsets[0]).toBe(e.shape.reduce((a: number, b: number) => a * b, 1) * size[e.dtype]);
      expect(e.data_offsets[0] % size[e.dtype]).toBe(0); // naturally aligned
      pos = e.data_offsets[1];
      expect(name).not.toBe('');
    }
    expect(pos).toBe(buffer.length);
    const dtypes = Object.fromEntries(entries.map(([k, e]) => [k, e.dtype]));
    expect(dtypes).toEqual({
      'opt.mu.layers.0.b': 'F64', empty: 'F32', 'opt.count': 'I32', 'opt.mu.layers.1.b': 'F32', 'params.b1': 'F32',
      'params.w1': 'F32', scalar: 'F32', seed: 'U32', mask: 'BOOL',
    });
    expect(Object.keys(dtypes)).toEqual(Object.keys(dtypes).sort((a, b) => size[dtypes[b]] - size[dtypes[a]] || (a < b ? -1 : 1)));
    expect(header.scalar.shape).toEqual([]);
    expect(header.empty.shape).toEqual([0, 3]);
    const b1 = header['params.b1'].data_offsets[0];
    expect([...buffer.subarray(b1, b1 + 4)]).toEqual([0x00, 0x00, 0x00, 0x3f]); // 0.5 as LE f32
    const mask = header.mask.data_offsets[0];
    expect([...buffer.subarray(mask, mask + 3)]).toEqual([1, 0, 1]);
  });

  it('lays out a header byte for byte', () => {
    const { header, bufferLength } = layoutSafetensors([{ name: 'a', dtype: 'float32', shape: [2] }, { name: 'b', dtype: 'bool', shape: [] }], {});
    const json = '{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},"b":{"dtype":"BOOL","shape":[],"data_offsets":[8,9]}}';
    const padded = json.padEnd(Math.ceil(json.length / 8) * 8, ' ');
    expect([...header.subarray(0, 8)]).toEqual([padded.length, 0, 0, 0, 0, 0, 0, 0]);
    expect(new TextDecoder().decode(header.subarray(8))).toBe(padded);
    expect(bufferLength).toBe(9);
  });

  it('reads a hand-built file in the official format, including F16 and BF16', async () => {
    const f16 = new Uint16Array([0x3c00, 0xc000, 0x3800, 0x7bff, 0x7c00, 0x0001, 0x8000, 0x7e00]);
    const bf16 = new Uint16Array([0x3f80, 0xc040]); // 1, -3
    const i32 = new Int32Array([-5, 2147483647]);
    const buffer = new Uint8Array(16 + 4 + 8 + 2);
    buffer.set(new Uint8Array(f16.buffer), 0);
    buffer.set(new Uint8Array(bf16.buffer), 16);
    buffer.set(new Uint8Array(i32.buffer), 20);
    buffer.set([1, 0], 28);
    const bytes = handBuilt({
      __metadata__: { format: 'pt' },
      'layer.weight': { dtype: 'F16', shape: [2, 4], data_offsets: [0, 16] },
      'layer.bias': { dtype: 'BF16', shape: [2], data_offsets: [16, 20] },
      ids: { dtype: 'I32', shape: [2], data_offsets: [20, 28] },
      flags: { dtype: 'BOOL', shape: [2], data_offsets: [28, 30] },
    }, buffer);
    const path = join(dir, 'torch.safetensors');
    await writeFile(path, bytes);
    const t = await io.loadSafetensorsFlat(path);
    expect(t['layer.weight'].dtype).toBe('float16');
    expect(t['layer.bias'].dtype).toBe('bfloat16');
    expect(t['layer.weight'].shape).toEqual([2, 4]);
    const w = await values(t['layer.weight']);
    expect(w.slice(0, 6)).toEqual([1, -2, 0.5, 65504, Infinity, 2 ** -24]);
    expect(Object.is(w[6], -0)).toBe(true);
    expect(w[7]).toBeNaN();
    expect(await values(t['layer.bias'])).toEqual([1, -3]);
    // { dtype: 'float32' } widens every float tensor (exactly, for the 16-bit ones).
    const wide = await io.loadSafetensorsFlat(path, { dtype: 'float32' });
    expect([wide['layer.weight'].dtype, wide['layer.bias'].dtype]).toEqual(['float32', 'float32']);
    expect((await values(wide['layer.weight'])).slice(0, 6)).toEqual([1, -2, 0.5, 65504, Infinity, 2 ** -24]);
    expect(t.ids.dtype).toBe('int32');
    expect(await values(t.ids)).toEqual([-5, 2147483647]);
    expect(t.flags.dtype).toBe('bool');
    expect(await values(t.flags)).toEqual([1, 0]);
    // Unpadded headers are legal too; and in-memory decoding sees the metadata.
    const { metadata } = io.decodeSafetensors(handBuilt({ __metadata__: { format: 'pt' } }, new Uint8Array(0), false));
    expect(metadata).toEqual({ format: 'pt' });
    await expect(io.loadSafetensors(path)).rejects.toThrow(/torch\.safetensors.*no "fluxion\.treedef".*loadSafetensorsFlat/);
  });

  it('rejects malformed files with errors naming the file and the tensor', async () => {
    const ok = { dtype: 'F32', shape: [2], data_offsets: [0, 8] };
    const cases: [Uint8Array, RegExp][] = [
      [new Uint8Array(4), /bad\.safetensors: 4 bytes is too short/],
      [handBuilt({ x: ok }, new Uint8Array(8)).subarray(0, 20), /header length \d+ runs past the end/],
      [handBuilt({ x: { ...ok, dtype: 'F33' } }, new Uint8Array(8)), /tensor "x": unknown dtype "F33"/],
      [handBuilt({ x: { ...ok, shape: [3] } }, new Uint8Array(8)), /tensor "x": F32\[3\] needs 12 bytes but data_offsets \[0, 8\] span 8/],
      [handBuilt({ x: { ...ok, shape: [-2] } }, new Uint8Array(8)), /tensor "x": shape must be an array of non-negative integers/],
      [handBuilt({ x: ok, y: { ...ok, data_offsets: [12, 20] } }, new Uint8Array(20)), /tensor "y" starts at byte 12 but tensor "x" ends at 8 \(a gap\)/],
      [handBuilt({ x: ok, y: { ...ok, data_offsets: [4, 12] } }, new Uint8Array(12)), /tensor "y" starts at byte 4 .*an overlap/],
      [handBuilt({ x: ok }, new Uint8Array(12)), /cover 8 bytes but the byte buffer holds 12 \(trailing bytes\)/],
      [handBuilt({ __metadata__: { a: 1 } }, new Uint8Array(0)), /__metadata__\["a"\] must be a string/],
      [handBuilt({ x: { dtype: 'I64', shape: [1], data_offsets: [0, 8] } }, new Uint8Array(8)), /tensor "x": dtype I64 is not supported/],
    ];
    const path = join(dir, 'bad.safetensors');
    const notJson = handBuilt({}, new Uint8Array(0));
    notJson[8] = 0x5b; // '['
    cases.push([notJson, /not valid UTF-8 JSON|must be a JSON object/]);
    for (const [bytes, message] of cases) {
      await writeFile(path, bytes);
      await expect(io.loadSafetensorsFlat(path)).rejects.toThrow(message);
    }
  });

  it('rejects trees it cannot store faithfully', async () => {
    const path = join(dir, 'reject.safetensors');
    await expect(io.saveSafetensors(path, { a: np.array([1]), b: 3 })).rejects.toThrow(/leaf "b" is the number 3, not a Tensor/);
    await expect(io.saveSafetensors(path, { 'a.b': np.array([1]), a: { b: np.array([2]) } })).rejects.toThrow(/both named "a\.b"/);
    await expect(io.saveSafetensors(path, { a: np.array([1]) }, { 'fluxion.treedef': 'x' })).rejects.toThrow(/reserved "fluxion\." prefix/);
    expect(await readdir(dir)).not.toContain('reject.safetensors');
  });

  it('is atomic: a failing tensor read leaves the previous checkpoint intact and no temp file', async () => {
    const sub = await mkdtemp(join(dir, 'atomic-'));
    const path = join(sub, 'ckpt.safetensors');
    await io.saveSafetensors(path, { a: np.array([1, 2, 3]), z: np.array([4, 5]) });
    const before = await readFile(path);
    const broken = np.array([7, 8]);
    // Sorted after "a", so the header and a's bytes are already in the temp file when this fails.
    Object.defineProperty(broken, 'data', { value: () => Promise.reject(new Error('device lost')) });
    await expect(io.saveSafetensors(path, { a: np.array([9, 9, 9]), z: broken }))
      .rejects.toThrow(/reading tensor "z" \(f32\[2\]\) failed: device lost/);
    expect(Buffer.compare(await readFile(path), before)).toBe(0);
    expect(await readdir(sub)).toEqual(['ckpt.safetensors']);
    expect(await values((await io.loadSafetensors<{ a: Tensor }>(path)).a)).toEqual([1, 2, 3]);
  });
});

/** PNG chunks, each checked against its CRC. */
function readChunks(png: Uint8Array) {
  const v = new DataView(png.buffer, png.byteOffset, png.byteLength);
  const chunks: { type: string; data: Uint8Array; crc: number; computed: number }[] = [];
  for (let o = 8; o < png.length;) {
    const len = v.getUint32(o);
    const type = String.fromCharCode(...png.subarray(o + 4, o + 8));
    chunks.push({ type, data: png.subarray(o + 8, o + 8 + len), crc: v.getUint32(o + 8 + len), computed: io.crc32(png.subarray(o + 4, o + 8 + len)) });
    o += 12 + len;
  }
  return chunks;
}

describe('png', () => {
  it('encodes signature, IHDR, IDAT and IEND with valid CRCs and the exact pixels', () => {
    const w = 3, h = 2;
    const rgba = Uint8Array.from({ length: w * h * 4 }, (_, i) => (i * 37) % 256);
    const png = io.encodePng(w, h, rgba);
    expect([...png.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    const chunks = readChunks(png);
    expect(chunks.map((c) => c.type)).toEqual(['IHDR', 'IDAT', 'IEND']);
    for (const c of chunks) expect(c.crc).toBe(c.computed);
    expect(chunks[2].crc).toBe(0xae426082); // the well-known CRC of an empty IEND
    const zcrc = (zlib as { crc32?: (b: Uint8Array) => number }).crc32;
    // Node >= 20.15 has its own CRC-32: an independent check of ours.
    if (zcrc) for (const c of chunks) expect(c.computed).toBe(zcrc(Buffer.concat([Buffer.from(c.type), c.data])));
    const ihdr = new DataView(chunks[0].data.buffer, chunks[0].data.byteOffset, 13);
    expect([ihdr.getUint32(0), ihdr.getUint32(4)]).toEqual([w, h]);
    expect([...chunks[0].data.subarray(8)]).toEqual([8, 6, 0, 0, 0]);
    const raw = inflateSync(chunks[1].data);
    expect(raw.length).toBe(h * (1 + w * 4));
    for (let y = 0; y < h; y++) {
      expect(raw[y * (1 + w * 4)]).toBe(0);
      expect([...raw.subarray(y * (1 + w * 4) + 1, (y + 1) * (1 + w * 4))]).toEqual([...rgba.subarray(y * w * 4, (y + 1) * w * 4)]);
    }
    expect(() => io.encodePng(2, 2, new Uint8Array(15))).toThrow(/needs 16 bytes, got 15/);
  });

  it('writes atomically', async () => {
    const path = join(dir, 'img.png');
    const png = io.encodePngImage(io.createImage(4, 4, 'red'));
    await io.writePngAtomic(path, png);
    expect(Buffer.compare(await readFile(path), Buffer.from(png))).toBe(0);
    expect((await readdir(dir)).filter((f) => f.includes('.tmp-'))).toEqual([]);
  });
});

describe('image grids', () => {
  const red = [255, 0, 0, 255];
  const white = [255, 255, 255, 255];

  it('gridImages tiles with margins', () => {
    const a = io.createImage(10, 6, 'red'), b = io.createImage(4, 4, 'blue');
    const sheet = io.gridImages([a, b, a], 2, { margin: 2 });
    expect([sheet.width, sheet.height]).toEqual([2 + 2 * 12, 2 + 2 * 8]);
    expect(io.getPixel(sheet, 2, 2)).toEqual(red);
    expect(io.getPixel(sheet, 1, 1)).toEqual(white);
    expect(io.getPixel(sheet, 14, 2)).toEqual([0, 0, 255, 255]);
    expect(io.getPixel(sheet, 2, 10)).toEqual(red);
  });
});
