/**
 * Packed narrow arrays at rest: int8/uint8 four to a 32-bit word, int16/uint16/bfloat16 two, and
 * float16 two where the device has no shader-f16 (compiler/program.ts packedBits). Kernels compute
 * on one 32-bit word per element (WGSL has no 8- or 16-bit types without extensions):
 *
 *  - a program the runtime runs reads its packed inputs in place: the compiler loads an element
 *    as a shift and a mask of its word (compiler/lowering.ts packedLoad), so reading a few rows
 *    of a big uint8 dataset costs those rows, not a pass over the array;
 *  - a device loop's body reads the loop's own 32-bit carry and slice buffers, so a packed
 *    operand of a loop is widened once before it by an unpack kernel here (one invocation per
 *    element), and runProgram does the same for a program compiled without packed inputs;
 *  - outputs are never written packed by a program's kernels (two invocations would write one
 *    word): each packed output is written into a 4-byte temporary and then packed into the
 *    array's own buffer by a pack kernel (one invocation per 32-bit word, no atomics needed).
 *
 * The conversion kernels are recorded into the same command encoder as the program, so they cost
 * a dispatch each and no submit. They size themselves by `arrayLength` (the 4-byte side holds exactly one
 * word per element), so there is one pipeline per dtype and direction, whatever the shapes.
 * Word layout: element k of a word sits at bits [k·b, (k+1)·b), the layout of a little-endian
 * typed array, so uploads and readbacks move the host's typed-array bytes as they are
 * (storage.ts). float16 ↔ f32 is done with bit operations, not pack2x16float, whose result for
 * values outside f16's range the WGSL spec leaves indeterminate; the values converted here are
 * exact (programs round narrow results, compiler/passes/widen-narrow.ts), so the conversions are
 * exact too, ±0, subnormals, ±Inf and NaN included.
 */
import { shortName, type DType } from '../../core/dtype.js';
import { helperSource } from '../../compiler/lowering.js';
import type { ShapedArray } from '../../core/shape.js';
import { packedBits, type KernelStep, type Program } from '../../compiler/program.js';
import type { GpuSlice } from './buffers.js';
import type { GpuRuntime } from './queue.js';
import { recordSteps, type Bound } from './run.js';
import type { Submission } from './submission.js';

const WORKGROUP = 64;

/** The 32-bit WGSL type a packed dtype's elements widen to. */
const wideType = (d: DType): string => (d === 'int8' || d === 'int16' ? 'i32' : d === 'uint8' || d === 'uint16' ? 'u32' : 'f32');

// An f32 → its f16 bits, rounding to nearest even (exact inputs need none, but an inexact one
// still gets the nearest half rather than garbage); beyond f16's range → ±Inf, NaN → quiet NaN.
const HALF_BITS = `
fn fx_half_bits(v: f32) -> u32 {
  let x = bitcast<u32>(v);
  let sign = (x >> 16u) & 0x8000u;
  let e = i32((x >> 23u) & 0xffu);
  let m = x & 0x7fffffu;
  if (e == 255) { return sign | 0x7c00u | select(0u, 0x200u | (m >> 13u), m != 0u); }
  let he = e - 112;
  if (he >= 31) { return sign | 0x7c00u; }
  if (he <= 0) {
    if (he < -10) { return sign; }
    let full = m | 0x800000u;
    let shift = u32(14 - he);
    let rest = full & ((1u << shift) - 1u);
    let halfway = 1u << (shift - 1u);
    var r = full >> shift;
    if (rest > halfway || (rest == halfway && (r & 1u) == 1u)) { r = r + 1u; }
    return sign | r;
  }
  var r = (u32(he) << 10u) | (m >> 13u);
  let rest = m & 0x1fffu;
  if (rest > 0x1000u || (rest == 0x1000u && (r & 1u) == 1u)) { r = r + 1u; }
  return sign | r;
}`;

/** A widened element `v` as its `bits` low bits (a WGSL expression). */
function narrowBits(d: DType, bits: number): string {
  switch (d) {
    case 'int8': case 'int16': case 'uint8': case 'uint16': return `bitcast<u32>(v) & ${bits === 8 ? '0xffu' : '0xffffu'}`;
    // bfloat16 is the top half of an f32 holding a bfloat16 value; NaN stays a quiet NaN.
    case 'bfloat16': return 'select(bitcast<u32>(v) >> 16u, (bitcast<u32>(v) >> 16u) | 0x40u, (bitcast<u32>(v) & 0x7fffffffu) > 0x7f800000u)';
    case 'float16': return 'fx_half_bits(v)';
    default: throw new Error(`fluxion: ${d} is not a packed dtype (fluxion bug: please report).`);
  }
}

const INDEX = `@compute @workgroup_size(${WORKGROUP})
fn main(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) nwg: vec3u) {
  let i = gid.x + gid.y * nwg.x * ${WORKGROUP}u;`;

/**
 * WGSL widening packed words (binding 0) into one word per element (binding 1), with the element
 * loads the compiler's kernels use on packed inputs (lowering.ts fx_ld_*). @example unpackWgsl('int8');
 */
export function unpackWgsl(d: DType): string {
  const per = 32 / packedBits(d)!, load = `fx_ld_${shortName(d)}`;
  return `${helperSource(load)}
@group(0) @binding(0) var<storage, read> packed: array<u32>;
@group(0) @binding(1) var<storage, read_write> wide: array<${wideType(d)}>;
${INDEX}
  if (i >= arrayLength(&wide)) { return; }
  wide[i] = ${load}(packed[i / ${per}u], i % ${per}u);
}
`;
}

/** WGSL packing one word per element (binding 0) into packed words (binding 1), one invocation per word. @example packWgsl('bfloat16'); */
export function packWgsl(d: DType): string {
  const bits = packedBits(d)!, per = 32 / bits;
  return `${d === 'float16' ? HALF_BITS : ''}
@group(0) @binding(0) var<storage, read> wide: array<${wideType(d)}>;
@group(0) @binding(1) var<storage, read_write> packed: array<u32>;
${INDEX}
  if (i >= arrayLength(&packed)) { return; }
  let n = arrayLength(&wide);
  var word = 0u;
  for (var k = 0u; k < ${per}u; k = k + 1u) {
    let e = i * ${per}u + k;
    if (e < n) {
      let v = wide[e];
      word = word | ((${narrowBits(d, bits)}) << (k * ${bits}u));
    }
  }
  packed[i] = word;
}
`;
}

/** Workgroups for `count` invocations: a second grid dimension past the per-dimension limit. */
function grid(count: number, maxPerDim: number): [number, number, number] {
  const groups = Math.ceil(count / WORKGROUP);
  const x = Math.min(groups, maxPerDim);
  return [x, Math.ceil(groups / x), 1];
}

/** Records one conversion kernel from `src` to `dst` through recordSteps (pipeline cache, compile checks, slab aliasing). */
function recordConversion(rt: GpuRuntime, direction: 'unpack' | 'pack', aval: ShapedArray, src: Bound, dst: Bound,
  follow: () => Submission, scratch: GpuSlice[], programName: string): void {
  const d = aval.dtype;
  const words = direction === 'unpack' ? aval.size : dst.bytes / 4;
  const step: KernelStep = {
    kind: 'kernel',
    name: `${direction}_${d}`,
    wgsl: direction === 'unpack' ? unpackWgsl(d) : packWgsl(d),
    bindings: [{ slot: { kind: 'input', index: 0 }, access: 'read' }, { slot: { kind: 'output', index: 0 }, access: 'read_write' }],
    workgroups: grid(words, rt.ctx.limits.maxComputeWorkgroupsPerDimension),
    flops: 0,
    bytes: src.bytes + dst.bytes,
  };
  const program: Program = { name: programName, inputs: [aval], outputs: [aval], temps: [], steps: [step] };
  recordSteps(rt, program, (s) => (s.kind === 'input' ? src : dst), follow, scratch);
}

/**
 * Records the widening of packed array memory `src` (an array of `aval` at rest) into `dst`, a
 * slot of one 4-byte word per element (exactly `aval.size · 4` bytes bound).
 * @example recordUnpack(rt, x.aval, { slice, bytes: gpuBytes(x.aval) }, wide, follow, scratch, 'jit');
 */
export function recordUnpack(rt: GpuRuntime, aval: ShapedArray, src: Bound, dst: Bound, follow: () => Submission,
  scratch: GpuSlice[], programName: string): void {
  recordConversion(rt, 'unpack', aval, src, dst, follow, scratch, programName);
}

/**
 * Records the packing of `src`, a slot of one 4-byte word per element of `aval`, into `dst`, the
 * array's packed memory (gpuBytes(aval) bound).
 * @example recordPack(rt, y.aval, wide, { slice, bytes: gpuBytes(y.aval) }, follow, scratch, 'jit');
 */
export function recordPack(rt: GpuRuntime, aval: ShapedArray, src: Bound, dst: Bound, follow: () => Submission,
  scratch: GpuSlice[], programName: string): void {
  recordConversion(rt, 'pack', aval, src, dst, follow, scratch, programName);
}

/** True when arrays of `aval` are packed at rest and not empty (an empty array has nothing to convert). */
export const needsConversion = (aval: ShapedArray): boolean => aval.size > 0 && packedBits(aval.dtype) !== undefined;
