/**
 * The FACM bench step (bench/facm-step.ts's workload: batch 1024, timeMlp 4×256, teacher velocity
 * + jvp + grad + clip + AdamW + EMA in one jit program) with float16 parameters, optimizer state
 * and network activations (the loss and its reductions in float32) against the same step in
 * float32, in one process on one device:
 *
 *   npx tsx bench/facm-f16.ts [--steps 20] [--rounds 2] [--float16-storage auto|packed|f32] [--out bench/RESULTS-dtypes.md]
 *
 * For each precision: the bytes of the training state (student, AdamW moments, EMA) and the
 * frozen teacher as the GPU holds them, the step's high-water mark of live GPU memory above that
 * (webgpuStats().peakLiveBytes: the program's temporaries, outputs and the batch), the first call
 * and the median step time. The two precisions alternate for --rounds rounds, so drift of the
 * machine's speed shows as spread rather than as a difference. float16 is 2-byte `f16` where the
 * adapter has shader-f16 and packed two to a word without it (the report says which);
 * `--float16-storage packed` forces the packed path (that of adapters without shader-f16, e.g.
 * Chromium's SwiftShader) on an adapter that has it, `f32` holds float16 in f32 words.
 */
import { writeFileSync } from 'node:fs';
import type { Tensor } from '../src/node.js';
import type { TimeMlpParams } from '../src/nn/time-mlp.js';
import { gpuStorageOf } from '../src/backend/webgpu/storage.js';
import type { ConcreteArray } from '../src/core/tensor.js';
import { FACM, timeSteps } from './facm-common.js';
import { round } from './common.js';

const argv = process.argv.slice(2);
const opt = (name: string, fallback: string): string => {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 && argv[i + 1] !== undefined ? argv[i + 1] : fallback;
};
const steps = Number(opt('steps', '20')), rounds = Number(opt('rounds', '2')), out = opt('out', '');
const float16Storage = opt('float16-storage', 'auto');
if (!['auto', 'packed', 'f32'].includes(float16Storage)) throw new Error(`--float16-storage must be auto, packed or f32, not ${float16Storage}`);

const fx = await import('../src/node.js');
const { data, facm, init, nn, np, optim, random, treeLeaves, treeMap, webgpuStats, resetPeakMemory } = fx;
await init({ backend: 'webgpu', float16Storage: float16Storage as 'auto' | 'packed' | 'f32' });

type Params = TimeMlpParams;
type Dtype = 'float32' | 'float16';
const B = FACM.batch;
const cfg = { dataDim: FACM.dataDim, hidden: FACM.hidden, depth: FACM.depth, embedDim: FACM.embedDim };
// AdamW's eps, 1e-8, is 0 in float16, and a gradient entry that underflows to 0 then gives 0/0:
// the float16 run uses float16's smallest normal number (6.1e-5) instead, the float32 run 1e-8.
const optimizerFor = (dtype: 'float32' | 'float16') => optim.chain(optim.clipByGlobalNorm(FACM.clipNorm),
  optim.adamw(FACM.lr, { b1: FACM.b1, b2: FACM.b2, eps: Math.max(FACM.eps, np.finfo(dtype).tiny), weightDecay: 0 }));
const gpuBytesOf = (tree: unknown): number =>
  treeLeaves(tree).reduce((s: number, l) => s + (gpuStorageOf(l as ConcreteArray, 'bench')?.bytes ?? 0), 0);

/** The step of one precision: parameters, batch and every activation in `dtype`. */
function setup(dtype: Dtype) {
  const cast = <T>(t: T): T => treeMap((x: Tensor) => x.astype(dtype), t) as T;
  // The networks run in `dtype` (weights, activations, their jvp and gradients); the batch, the
  // loss and its reductions stay float32, as mixed-precision training keeps them (the loss's
  // 1e-16 guard and squared norms are not float16 numbers).
  const net = (p: Params) => (a: Tensor, c: Tensor) => nn.timeMlp(p, a.astype(dtype), c.astype(dtype)).astype('float32');
  const loss = (p: Params, teacher: Params, k: Tensor): [Tensor, Record<string, Tensor>] => {
    const [kx, ke, kt] = [0, 1, 2].map((i) => random.foldIn(k, i));
    const x = data.sampleDataset('8gaussians', kx, B).x;
    const eps = random.normal(ke, [B, 2]);
    const t = facm.sampleTime(kt, B);
    const xt = facm.interpolate(x, eps, t);
    const v = facm.guidedVelocity(net(teacher), xt, t);
    return [facm.facmLoss(net(p), xt, t, v).loss, {}];
  };
  const teacher = cast(nn.initTimeMlp(random.key(1), cfg));
  const optimizer = optimizerFor(dtype);
  const step = facm.makeTrainStep(loss, optimizer, FACM.emaDecay, `facm_${dtype}`);
  const state = facm.initTrainState(cast(nn.initTimeMlp(random.key(2), cfg)), optimizer, np.zeros([]));
  return { teacher, step, state };
}

interface Figures { dtype: Dtype; lossDtype: string; stateBytes: number; teacherBytes: number; stepPeakBytes: number; firstCallMs: number; msPerStep: number[]; lossAfter: number }

const runs: Record<Dtype, Figures> = {} as Record<Dtype, Figures>;
const live: Partial<Record<Dtype, ReturnType<typeof setup> & { next: unknown; k: number }>> = {};
for (let r = 0; r < rounds; r++) {
  for (const dtype of ['float32', 'float16'] as const) {
    if (!live[dtype]) {
      const s = setup(dtype);
      const t0 = performance.now();
      const [next, m] = s.step(s.state, s.teacher, random.key(0));
      await (m.loss as Tensor).data();
      const firstCallMs = round(performance.now() - t0, 0);
      runs[dtype] = {
        dtype, lossDtype: (m.loss as Tensor).dtype, stateBytes: gpuBytesOf(next), teacherBytes: gpuBytesOf(s.teacher),
        stepPeakBytes: 0, firstCallMs, msPerStep: [], lossAfter: NaN,
      };
      live[dtype] = { ...s, next, k: 1 };
    }
    const l = live[dtype]!;
    // The step's high-water mark above what is live before it (state, teacher, other precision's state).
    const before = webgpuStats().liveBytes;
    resetPeakMemory();
    const timing = await timeSteps(async () => {
      const [next, m] = l.step(l.next as never, l.teacher, random.foldIn(random.key(0), l.k++));
      l.next = next;
      runs[dtype].lossAfter = (await (m.loss as Tensor).data())[0];
    }, steps, 600);
    runs[dtype].stepPeakBytes = Math.max(runs[dtype].stepPeakBytes, webgpuStats().peakLiveBytes - before);
    runs[dtype].msPerStep.push(timing.msPerStep);
  }
}

const device = (await import('../src/backend/webgpu/device.js')).currentContext();
const halfStorage = device?.halfStorage ?? false;
const storedAs = halfStorage ? '2-byte f16' : device?.packedHalf ? 'packed 2-byte halves, widened to f32 per program' : 'f32 words';
const mib = (b: number): string => (b / 2 ** 20).toFixed(2);
const [f32, f16] = [runs.float32, runs.float16];
const lines = [
  `adapter: ${device?.adapterInfo.description ?? '?'} (shader-f16: ${device?.features.has('shader-f16') ? 'yes' : 'no'}; float16 stored as ${storedAs})`,
  `steps per round: ${steps}, rounds: ${rounds} (float32 and float16 alternate)`,
  '',
  '| network precision | loss dtype | state MiB (params+AdamW+EMA) | teacher MiB | step working set MiB | first call ms | ms/step (median per round) | loss after |',
  '|---|---|---|---|---|---|---|---|',
  ...[f32, f16].map((f) => `| ${f.dtype} | ${f.lossDtype} | ${mib(f.stateBytes)} | ${mib(f.teacherBytes)} | ${mib(f.stepPeakBytes)} | ${f.firstCallMs} | ${f.msPerStep.join(', ')} | ${round(f.lossAfter, 4)} |`),
  '',
  `float16 / float32: state ${round(f16.stateBytes / f32.stateBytes, 3)}×, step working set ${round(f16.stepPeakBytes / f32.stepPeakBytes, 3)}×, ` +
    `time ${round(Math.min(...f16.msPerStep) / Math.min(...f32.msPerStep), 3)}× (best round each)`,
];
console.log(lines.join('\n'));
console.log(JSON.stringify({ bench: 'facm-f16', halfStorage, float16Storage, runs }));
if (out) writeFileSync(out, `# FACM step, float16 against float32\n\n\`npx tsx bench/facm-f16.ts --steps ${steps} --rounds ${rounds} --float16-storage ${float16Storage}\`, ${new Date().toISOString().slice(0, 10)}\n\n${lines.join('\n')}\n`);
process.exit(0);
