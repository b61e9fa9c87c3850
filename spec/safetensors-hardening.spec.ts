/**
 * Hostile and unusual safetensors files (issue 9, "Files"): names that collide with
 * Object.prototype, float64 tensors on a backend without float64, headers listing too many
 * tensors, `"__metadata__": null`, and header parsing as an fp-ts Either that fails before any
 * tensor is made. Each case on the CPU, and on WebGPU where the backend matters (float64).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as E from 'fp-ts/lib/Either.js';
import { np, io, errors, useBackend, type Tensor } from '../src/node.js';
import { fileFromJson, entry, f64Bytes } from './helpers/safetensors-bytes.js';
import { describeWebGPU } from './helpers/webgpu.js';

let dir: string;
beforeAll(async () => { dir = await mkdtemp(join(tmpdir(), 'fluxion-hardening-')); });
afterAll(async () => { await rm(dir, { recursive: true, force: true }); });

const values = async (t: Tensor) => [...(await t.data())];
const f32 = (x: number) => Math.fround(x);
/** A file holding one F32 tensor [1, 2] under `name` (written as raw JSON, so any name survives). */
const oneTensor = (name: string, metadata = '') =>
  fileFromJson(`{${metadata}${JSON.stringify(name)}:${entry('F32', [2], 0, 8)}}`, new Uint8Array(Float32Array.of(1, 2).buffer));

describe('names that collide with Object.prototype (CPU)', () => {
  beforeAll(() => useBackend('cpu'));

  it('a tensor named __proto__ is an ordinary entry of a prototype-free record', async () => {
    const path = join(dir, 'proto-tensor.safetensors');
    await writeFile(path, oneTensor('__proto__'));
    const tensors = await io.loadSafetensorsFlat(path);
    expect(Object.getPrototypeOf(tensors)).toBeNull();
    expect(Object.keys(tensors)).toEqual(['__proto__']);
    expect(await values(tensors['__proto__'])).toEqual([1, 2]);
    // The same through the in-memory decoder.
    const decoded = io.decodeSafetensors(oneTensor('__proto__'), 'upload');
    expect(Object.hasOwn(decoded.tensors, '__proto__')).toBe(true);
    expect(await values(decoded.tensors['__proto__'])).toEqual([1, 2]);
  });

  it('a metadata key __proto__ survives a save round trip (by path and in memory)', async () => {
    const path = join(dir, 'proto-meta.safetensors');
    const metadata = JSON.parse('{"__proto__": "kept", "constructor": "also kept"}') as Record<string, string>;
    await io.saveSafetensors(path, { w: np.array([1, 2]) }, metadata);
    const header = await io.readSafetensorsHeader(path);
    expect(Object.getPrototypeOf(header.metadata)).toBeNull();
    expect(header.metadata['__proto__']).toBe('kept');
    expect(header.metadata['constructor']).toBe('also kept');
    const bytes = await io.encodeSafetensors({ w: np.array([1, 2]) }, metadata);
    expect(io.decodeSafetensors(bytes).metadata['__proto__']).toBe('kept');
  });

  it('leaves named constructor, toString, valueOf missing from the file are an error, not functions', async () => {
    const treedef = JSON.stringify({ kind: 'object', keys: ['constructor', 'toString', 'valueOf'], children: [{ kind: 'leaf' }, { kind: 'leaf' }, { kind: 'leaf' }] });
    const bytes = fileFromJson(`{"__metadata__":${JSON.stringify({ 'fluxion.treedef': treedef })}}`);
    const path = join(dir, 'missing-leaves.safetensors');
    await writeFile(path, bytes);
    const err = await io.loadSafetensors(path).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(errors.FormatError);
    expect((err as Error).message).toMatch(/missing-leaves\.safetensors: the stored structure has a leaf "constructor" but the file holds no tensor of that name/);
    expect(() => io.decodeSafetensorsTree(bytes, 'upload')).toThrow(/upload: .*leaf "constructor"/);
  });

  it('leaves named constructor, toString, valueOf that are present round-trip with their values', async () => {
    const path = join(dir, 'builtin-names.safetensors');
    await io.saveSafetensors(path, { constructor: np.array([1]), toString: np.array([2]), valueOf: { hasOwnProperty: np.array([3]) } });
    const back = await io.loadSafetensors<{ constructor: Tensor; toString: Tensor; valueOf: { hasOwnProperty: Tensor } }>(path);
    expect(await values(back.constructor)).toEqual([1]);
    expect(await values(back.toString)).toEqual([2]);
    expect(await values(back.valueOf.hasOwnProperty)).toEqual([3]);
  });

  it('a tree key or stored treedef key __proto__ is refused with a named error', async () => {
    const tree = JSON.parse('{"__proto__": 0, "b": 0}') as Record<string, unknown>;
    tree['__proto__'] = np.array([1]);
    tree.b = np.array([2]);
    const path = join(dir, 'proto-key.safetensors');
    const err = await io.saveSafetensors(path, { outer: tree }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(errors.ArgumentError);
    expect((err as Error).message).toMatch(/saveSafetensors\(.*proto-key\.safetensors\): the tree has an object key "__proto__" \(at outer\.__proto__\).*Rename the key/);
    await expect(io.encodeSafetensors(tree)).rejects.toThrow(errors.ArgumentError);
    expect(await readdir(dir)).not.toContain('proto-key.safetensors');
    // A file whose stored structure names __proto__ (fluxion never writes one) is refused on load.
    const treedef = JSON.stringify({ kind: 'object', keys: ['__proto__'], children: [{ kind: 'leaf' }] });
    const hostile = fileFromJson(`{"__metadata__":${JSON.stringify({ 'fluxion.treedef': treedef })},"__proto__":${entry('F32', [2], 0, 8)}}`,
      new Uint8Array(8));
    expect(() => io.decodeSafetensorsTree(hostile, 'hostile')).toThrow(errors.FormatError);
    expect(() => io.decodeSafetensorsTree(hostile, 'hostile')).toThrow(/hostile: malformed fluxion\.treedef metadata: an object key "__proto__"/);
  });
});

describe('the header', () => {
  beforeAll(() => useBackend('cpu'));

  it('"__metadata__": null is accepted, as by the official reader', async () => {
    const bytes = oneTensor('w', '"__metadata__":null,');
    const { tensors, metadata } = io.decodeSafetensors(bytes);
    expect(Object.keys(metadata)).toEqual([]);
    expect(await values(tensors.w)).toEqual([1, 2]);
    const path = join(dir, 'null-metadata.safetensors');
    await writeFile(path, bytes);
    expect(await values((await io.loadSafetensorsFlat(path)).w)).toEqual([1, 2]);
    // Still refused: metadata that is neither an object nor null.
    expect(() => io.decodeSafetensors(oneTensor('w', '"__metadata__":"x",'), 'meta')).toThrow(/meta: __metadata__ must be an object of strings \(or null\)/);
  });

  it('caps the tensor count: a spec-valid file of many empty tensors fails fast with a FormatError', async () => {
    // Three times the limit (a million took 6 s and 1.4 GB before the cap): refused from a count
    // taken on the bytes, before JSON.parse builds anything.
    const count = 3 * io.DEFAULT_MAX_TENSORS;
    const fields = Array.from({ length: count }, (_, i) => `"t${i}":${entry('F32', [0], 0, 0)}`);
    const path = join(dir, 'many.safetensors');
    await writeFile(path, fileFromJson(`{${fields.join(',')}}`));
    const started = performance.now();
    const err = await io.loadSafetensorsFlat(path).catch((e: unknown) => e);
    const seconds = (performance.now() - started) / 1000;
    expect(err).toBeInstanceOf(errors.FormatError);
    expect((err as Error).message).toMatch(new RegExp(`many\\.safetensors: the header lists ${count} tensors, ` +
      `more than the limit of ${io.DEFAULT_MAX_TENSORS}; .*\\{ maxTensors: ${count} \\}`));
    expect(seconds).toBeLessThan(3); // about 0.1 s; generous for a loaded machine
    await expect(io.readSafetensorsHeader(path)).rejects.toThrow(/lists 300000 tensors/);
    // Exact at the boundary (__metadata__ is not a tensor, nor are keys inside strings); the limit is an option.
    const three = fileFromJson(`{"__metadata__":{"k":"v","x\\":{":"}"},${fields.slice(0, 3).join(',')}}`);
    expect(() => io.decodeSafetensors(three, 'three', { maxTensors: 2 })).toThrow(errors.FormatError);
    expect(() => io.decodeSafetensors(three, 'three', { maxTensors: 2 })).toThrow(/three: the header lists 3 tensors, more than the limit of 2; .*\{ maxTensors: 3 \}/);
    expect(Object.keys(io.decodeSafetensors(three, 'three', { maxTensors: 3 }).tensors)).toEqual(['t0', 't1', 't2']);
    const four = fileFromJson(`{${fields.slice(0, 4).join(',')}}`);
    expect(() => io.decodeSafetensors(four, 'four', { maxTensors: 2 })).toThrow(/four: the header lists 4 tensors/);
  });

  it('caps the header at 100 MB, as the official reader does', () => {
    const bytes = new Uint8Array(16);
    new DataView(bytes.buffer).setBigUint64(0, BigInt(io.MAX_HEADER_BYTES + 1), true);
    expect(() => io.decodeSafetensors(bytes, 'huge')).toThrow(errors.FormatError);
    expect(() => io.decodeSafetensors(bytes, 'huge')).toThrow(/huge: header length 100000001 exceeds the 100000000-byte limit/);
  });

  it('parses a header to an Either: Right with the entries, Left with a FormatError, before any tensor is read', () => {
    const good = io.parseSafetensorsHeader(oneTensor('w', '"__metadata__":{"a":"b"},'), 'good');
    expect(E.isRight(good)).toBe(true);
    if (E.isRight(good)) {
      expect(good.right.tensors.map((t) => [t.name, t.dtype, t.shape, t.begin, t.end])).toEqual([['w', 'F32', [2], 0, 8]]);
      expect(good.right.metadata['a']).toBe('b');
    }
    // A bad dtype in the second tensor: the whole parse is a Left, no tensor is made.
    const bad = io.parseSafetensorsHeader(fileFromJson(`{"a":${entry('F32', [0], 0, 0)},"b":${entry('F99', [0], 0, 0)}}`), 'bad');
    expect(E.isLeft(bad)).toBe(true);
    if (E.isLeft(bad)) {
      expect(bad.left).toBeInstanceOf(errors.FormatError);
      expect(bad.left.message).toMatch(/bad: tensor "b": unknown dtype "F99"/);
    }
  });

  it('refuses load options it does not understand', async () => {
    const bytes = oneTensor('w');
    expect(() => io.decodeSafetensors(bytes, 'x', { dtype: 'float16' } as never)).toThrow(errors.ArgumentError);
    expect(() => io.decodeSafetensors(bytes, 'x', { dtype: 'float16' } as never)).toThrow(/dtype "float16" is not a load choice; pass \{ dtype: 'float32' \}/);
    expect(() => io.decodeSafetensors(bytes, 'x', { dtpye: 'float32' } as never)).toThrow(/unknown option "dtpye"/);
    expect(() => io.decodeSafetensors(bytes, 'x', { maxTensors: -1 })).toThrow(/maxTensors must be a non-negative integer/);
  });
});

/** A torch-style file with an F64 tensor and an F32 tensor. */
const F64_VALUES = [0.1, -1e300, 2 ** -40, 3];
const torchF64 = () => fileFromJson(
  `{"__metadata__":{"format":"pt"},"x64":${entry('F64', [2, 2], 0, 32)},"y32":${entry('F32', [1], 32, 36)}}`,
  (() => { const b = new Uint8Array(36); b.set(f64Bytes(F64_VALUES), 0); b.set(new Uint8Array(Float32Array.of(5).buffer), 32); return b; })(),
);

describe('float64 tensors on the CPU backend', () => {
  beforeAll(() => useBackend('cpu'));

  it('load as float64 by default (exact) and as float32 with { dtype: "float32" }', async () => {
    const path = join(dir, 'torch-f64.safetensors');
    await writeFile(path, torchF64());
    const wide = await io.loadSafetensorsFlat(path);
    expect(wide.x64.dtype).toBe('float64');
    expect(wide.x64.shape).toEqual([2, 2]);
    expect(await values(wide.x64)).toEqual(F64_VALUES);
    const narrow = await io.loadSafetensorsFlat(path, { dtype: 'float32' });
    expect(narrow.x64.dtype).toBe('float32');
    expect(await values(narrow.x64)).toEqual(F64_VALUES.map(f32)); // -1e300 rounds to -Infinity
    expect(narrow.y32.dtype).toBe('float32');
    expect(await values(narrow.y32)).toEqual([5]);
  });
});

describeWebGPU('float64 tensors on WebGPU', () => {
  const cpuCheckpoint = () => join(dir, 'cpu-written.safetensors');
  beforeAll(async () => {
    // A fluxion checkpoint written on the CPU backend, holding a float64 leaf.
    await useBackend('cpu');
    await io.saveSafetensors(cpuCheckpoint(), { params: { w: np.array([1.5, -2.25], { dtype: 'float64' }), b: np.array([7]) } });
    await useBackend('webgpu');
  });
  afterAll(() => useBackend('cpu'));

  it('without a choice: a DTypeError naming the file, the tensor and the option', async () => {
    const path = join(dir, 'torch-f64-gpu.safetensors');
    await writeFile(path, torchF64());
    const err = await io.loadSafetensorsFlat(path).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(errors.DTypeError);
    expect((err as Error).message).toMatch(/torch-f64-gpu\.safetensors: tensor "x64" is F64\[2, 2\], and the webgpu backend holds no float64 arrays; pass \{ dtype: 'float32' \}/);
    await expect(io.loadSafetensors(cpuCheckpoint())).rejects.toThrow(/cpu-written\.safetensors: tensor "params\.w" is F64\[2\].*\{ dtype: 'float32' \}/);
    expect(() => io.decodeSafetensors(torchF64(), 'upload')).toThrow(/upload: tensor "x64" is F64/);
  });

  it('with { dtype: "float32" }: a torch float64 file and a CPU-written checkpoint load, and compute', async () => {
    const path = join(dir, 'torch-f64-gpu.safetensors');
    await writeFile(path, torchF64());
    const t = await io.loadSafetensorsFlat(path, { dtype: 'float32' });
    expect(t.x64.dtype).toBe('float32');
    expect(await values(t.x64.mul(2))).toEqual(F64_VALUES.map((v) => f32(f32(v) * 2)));
    const tree = await io.loadSafetensors<{ params: { w: Tensor; b: Tensor } }>(cpuCheckpoint(), { dtype: 'float32' });
    expect(tree.params.w.dtype).toBe('float32');
    expect(await values(tree.params.w.add(tree.params.b))).toEqual([8.5, 4.75]);
  });
});
