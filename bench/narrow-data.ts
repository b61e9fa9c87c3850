/**
 * A dataset held on the GPU as uint8 against the same data as float32 — 40 000 MNIST-sized rows
 * (784 bytes each) — in one process on one device: the bytes at rest, and the time to draw a
 * batch of 256 random rows and scale them to float32 in [−1, 1] (one jitted program: a gather, a
 * cast, a multiply-add). For uint8 the program's input is widened first (backend/webgpu/packed.ts),
 * a pass over the whole packed array whatever the program reads of it; this bench measures that.
 *
 *   npx tsx bench/narrow-data.ts [--reps 15] [--warmup 3]
 *
 * The two layouts alternate rep by rep, so drift of the machine's speed shows as spread.
 */
import { round, timeRuns, median } from './common.js';

const argv = process.argv.slice(2);
const opt = (name: string, fallback: string): string => {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 && argv[i + 1] !== undefined ? argv[i + 1] : fallback;
};
const reps = Number(opt('reps', '15')), warmup = Number(opt('warmup', '3'));

const fx = await import('../src/node.js');
const { init, jit, np, random, webgpuStats } = fx;
const { gpuStorageOf } = await import('../src/backend/webgpu/storage.js');
await init({ backend: 'webgpu' });

// 40 000 rows: widened to 4 bytes per element for a kernel (and as float32) the array must fit one
// storage binding, 128 MiB on lavapipe; MNIST's 60 000 would not, in either layout.
const N = 40000, D = 784, B = 256;
// Pixel values 0..255, deterministic (a pattern, not real digits: only sizes and speed matter).
const pixels = new Uint8Array(N * D);
for (let i = 0; i < pixels.length; i++) pixels[i] = (i * 2654435761) >>> 24;

const before = webgpuStats().liveBytes;
const u8 = np.array(pixels, { dtype: 'uint8', shape: [N, D] });
const afterU8 = webgpuStats().liveBytes;
const f32 = np.array(Float32Array.from(pixels), { dtype: 'float32', shape: [N, D] });
const afterF32 = webgpuStats().liveBytes;
const bytes = (t: unknown) => gpuStorageOf(t as never, 'bench')!.bytes;

const batch = jit((data: import('../src/node.js').Tensor, key: import('../src/node.js').Tensor) => {
  const rows = random.randint(key, [B], 0, N);
  return np.take(data, rows, 0).astype('float32').mul(2 / 255).sub(1);
});
let k = 0;
const runOf = (data: import('../src/node.js').Tensor) => async () => { await batch(data, random.key(k++)).data(); };
// Alternate: each timeRuns call times one rep of each, reps times.
const t8: number[] = [], t32: number[] = [];
for (let r = 0; r < warmup; r++) { await runOf(u8)(); await runOf(f32)(); }
for (let r = 0; r < reps; r++) {
  t8.push((await timeRuns(runOf(u8), 1, 0)).medianMs);
  t32.push((await timeRuns(runOf(f32), 1, 0)).medianMs);
}
// Same rows, same values: the uint8 path must give the float32 path's batch exactly.
const [a, b] = [await batch(u8, random.key(99)).data(), await batch(f32, random.key(99)).data()];
const same = a.every((v, i) => v === b[i]);

const device = (await import('../src/backend/webgpu/device.js')).currentContext();
const lines = [
  `adapter: ${device?.adapterInfo.description ?? '?'}`,
  `dataset ${N}×${D}, batch ${B} random rows → float32 in [−1, 1] (one jit program), ${reps} alternating reps after ${warmup} warm-up`,
  '',
  '| layout at rest | bytes at rest (storage) | live bytes added | batch ms (median) | batch ms (min) |',
  '|---|---|---|---|---|',
  `| uint8 | ${bytes(u8)} | ${afterU8 - before} | ${round(median(t8), 2)} | ${round(Math.min(...t8), 2)} |`,
  `| float32 | ${bytes(f32)} | ${afterF32 - afterU8} | ${round(median(t32), 2)} | ${round(Math.min(...t32), 2)} |`,
  '',
  `uint8 / float32: bytes ${round(bytes(u8) / bytes(f32), 3)}×, batch time ${round(median(t8) / median(t32), 3)}× (medians); batches identical: ${same}`,
];
console.log(lines.join('\n'));
process.exit(same ? 0 : 1);
