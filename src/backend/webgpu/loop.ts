/**
 * A scan as one device loop: the body is compiled once to a Program and its steps are recorded K
 * times into the pending command encoder, so a foriLoop / scan of K steps is one command buffer
 * and one submit (no flush inside the loop or after it: a read of the results shares that submit).
 *
 *  - Loop-carried buffers are ping-ponged, not copied: iteration k reads its carry from one of two
 *    buffer sets and writes the other (the initial carry is read where it is); the bind groups of
 *    the two parities are cached by the runtime, so the loop reuses two sets of them.
 *  - The iteration's slice of each xs is copied (copyBufferToBuffer, a driver memcpy) into the
 *    body's input buffer, and each y is copied into the stacked output at the iteration's byte
 *    offset. The offset is known when the copy is recorded, so no kernel needs the iteration
 *    counter; a body that uses it (foriLoop's i) carries it as an int32 scalar that a one-thread
 *    kernel increments. Binding the slices in place with dynamic offsets would save the copies
 *    but needs 256-byte-aligned slices (minStorageBufferOffsetAlignment), which a scan over rows
 *    of a few floats does not have.
 *  - Body temporaries are acquired once for the whole loop.
 *  - Packed narrow operands (int8, bfloat16, …: packed.ts) are widened once before the loop and
 *    the results packed once after it; the loop itself runs on 4-byte words, as programs do.
 */
import type { Jaxpr } from '../../core/jaxpr.js';
import type { ScanParams } from '../../core/primitive.js';
import type { ConcreteArray } from '../../core/tensor.js';
import type { ShapedArray } from '../../core/shape.js';
import { gpuBytes, halfStoredOnGpu, slotBytes, type BufferSlot, type Program } from '../../compiler/program.js';
import { segmentControlFlow } from '../../compiler/segment.js';
import { stackedAval } from '../../primitives/control-flow.js';
import { STORAGE_USAGE, type GpuSlice } from './buffers.js';
import { activeRuntime, type GpuRuntime } from './queue.js';
import { checkBindable, recordSteps, type Bound } from './run.js';
import { gpuFromHost, gpuStorageOf, wrapBuffer } from './storage.js';
import { needsConversion, recordPack, recordUnpack } from './packed.js';
import type { Submission } from './submission.js';

/** Counts device loops run (for specs and benchmarks). */
export const loopStats = { loops: 0, iterations: 0 };

/**
 * Runs a scan on the device, or returns undefined when its body cannot be one Program (a body
 * with control flow of its own runs iteration by iteration instead).
 */
export function runScanOnDevice(args: readonly ConcreteArray[], p: ScanParams,
  programOf: (rt: GpuRuntime, j: Jaxpr, name: string) => Program): ConcreteArray[] | undefined {
  if (segmentControlFlow(p.jaxpr)) return undefined;
  // Per-iteration slices of stacked inputs and outputs are copied by whole 4-byte words; an odd
  // number of 2-byte f16 elements per slice cannot be, so such a scan iterates on the host.
  const sliceBytes = (a: ShapedArray): number => a.size * (halfStoredOnGpu(a.dtype) ? 2 : 4);
  if ([...p.jaxpr.inAvals.slice(p.numConsts + p.numCarry), ...p.jaxpr.outAvals.slice(p.numCarry)].some((a) => sliceBytes(a) % 4 !== 0)) return undefined;
  const rt = activeRuntime('lax.scan');
  // Stacked xs and ys are only copied, slice by slice; what kernels bind must fit a binding.
  const maxBinding = rt.ctx.limits.maxStorageBufferBindingSize;
  args.forEach((x, i) => {
    const stacked = i >= p.numConsts + p.numCarry;
    if (!stacked || needsConversion(x.aval)) checkBindable('lax.scan', `operand ${i}`, x.aval, slotBytes(x.aval), maxBinding, needsConversion(x.aval));
  });
  p.jaxpr.outAvals.forEach((a, j) => {
    const out = j < p.numCarry ? a : stackedAval(a, p.length);
    if (j < p.numCarry || needsConversion(out)) checkBindable('lax.scan', `result ${j}`, out, slotBytes(out), maxBinding, needsConversion(out));
  });
  const program = programOf(rt, p.jaxpr, 'scan_body');
  const { numConsts: C, numCarry: K, length: n, reverse } = p;
  const { pool, queue } = rt;
  const uploaded: ConcreteArray[] = [];
  const acquired: GpuSlice[] = [];
  const take = (bytes: number, label: string): Bound => {
    const slice = pool.acquire(bytes, STORAGE_USAGE, 'encoder', label);
    acquired.push(slice);
    return { slice, bytes };
  };
  let submission: Submission = queue.submission();
  const follow = (): Submission => {
    const now = queue.submission();
    if (now !== submission) { now.dependsOn(submission); submission = now; }
    return now;
  };
  const keep = new Set<GpuSlice>();
  const scratch: GpuSlice[] = [];
  try {
    const atRest: Bound[] = args.map((x, i) => {
      let s = gpuStorageOf(x, `lax.scan input ${i}`);
      if (!s) {
        const up = gpuFromHost(x.hostView(), x.aval);
        uploaded.push(up);
        s = gpuStorageOf(up, 'lax.scan')!;
      }
      submission.dependsOn(s.submission);
      return { slice: s.slice, bytes: s.bytes };
    });
    const ins = atRest.map((b, i) => {
      const a = args[i].aval;
      if (!needsConversion(a)) return b;
      const w = take(slotBytes(a), 'fluxion.widened');
      recordUnpack(rt, a, b, w, follow, scratch, 'lax.scan');
      return w;
    });
    const consts = ins.slice(0, C), init = ins.slice(C, C + K), xs = ins.slice(C + K);
    const carryAvals = p.jaxpr.outAvals.slice(0, K), yAvals = p.jaxpr.outAvals.slice(K);
    const xAvals = p.jaxpr.inAvals.slice(C + K);
    const ping = carryAvals.map((a) => take(slotBytes(a), 'fluxion.carry'));
    const pong = carryAvals.map((a) => take(slotBytes(a), 'fluxion.carry'));
    const xSlot = xAvals.map((a) => take(slotBytes(a), 'fluxion.xslice'));
    const ySlot = yAvals.map((a) => take(slotBytes(a), 'fluxion.y'));
    const ys = yAvals.map((a) => take(slotBytes(stackedAval(a, n)), 'fluxion.array'));
    const temps = program.temps.map((bytes) => take(bytes, 'fluxion.temp'));
    let carryIn = init;
    let carryOut = ping;
    for (let k = 0; k < n; k++) {
      const i = reverse ? n - 1 - k : k;
      xAvals.forEach((a, j) => {
        const bytes = sliceBytes(a);
        if (bytes > 0) queue.copy('lax.scan', { buffer: xs[j].slice.buffer, offset: xs[j].slice.offset + i * bytes }, xSlot[j].slice, bytes);
      });
      const cin = carryIn, cout = carryOut;
      const slot = (s: BufferSlot): Bound => {
        if (s.kind === 'input') return s.index < C ? consts[s.index] : s.index < C + K ? cin[s.index - C] : xSlot[s.index - C - K];
        if (s.kind === 'output') return s.index < K ? cout[s.index] : ySlot[s.index - K];
        return temps[s.index];
      };
      recordSteps(rt, program, slot, follow, scratch);
      yAvals.forEach((a, j) => {
        const bytes = sliceBytes(a);
        if (bytes > 0) queue.copy('lax.scan', ySlot[j].slice, { buffer: ys[j].slice.buffer, offset: ys[j].slice.offset + i * bytes }, bytes);
      });
      carryIn = cout;
      carryOut = cout === ping ? pong : ping;
    }
    // An empty loop returns copies of the initial carry (outputs never alias inputs).
    if (n === 0) {
      carryAvals.forEach((a, j) => { if (a.size > 0) queue.copy('lax.scan', init[j].slice, ping[j].slice, slotBytes(a)); });
      carryIn = ping;
    }
    // Results packed at rest get their own memory, packed from the loop's 4-byte words.
    const results = [...carryIn.map((b, j) => ({ b, a: carryAvals[j] })), ...ys.map((b, j) => ({ b, a: stackedAval(yAvals[j], n) }))]
      .map(({ b, a }) => {
        if (!needsConversion(a)) return { b, a };
        const packed = take(gpuBytes(a), 'fluxion.array');
        recordPack(rt, a, b, packed, follow, scratch, 'lax.scan');
        return { b: packed, a };
      });
    const producedBy = follow();
    results.forEach(({ b }) => keep.add(b.slice));
    loopStats.loops++;
    loopStats.iterations += n;
    return results.map(({ b, a }) => wrapBuffer(rt, b.slice, a, undefined, producedBy));
  } finally {
    for (const c of scratch) pool.release(c);
    for (const s of acquired) if (!keep.has(s)) pool.release(s);
    for (const u of uploaded) u.dispose();
    // No flush here: the loop's results are usually read next, and the readback joins this submit.
  }
}
