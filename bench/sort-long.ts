// Long-row sorts on WebGPU against the CPU backend (issue 11, item 3): np.sort of 1×65536 and
// 64×4096 float32, jitted, median of the timed runs after a warm-up (the first call compiles).
//
//   npx tsx bench/sort-long.ts [--runs 5]
import { jit, kernelsOf, np, random, useBackend, type Tensor } from '../src/node.js';

const runsArg = process.argv.indexOf('--runs');
const runs = runsArg >= 0 ? Number(process.argv[runsArg + 1]) : 5;
const shapes: [number, number][] = [[1, 65536], [64, 4096]];

async function time(backend: 'cpu' | 'webgpu', shape: [number, number]): Promise<{ median: number; kernels: string }> {
  await useBackend(backend);
  const x = random.normal(random.key(0), shape);
  const f = jit((a: Tensor) => np.sort(a, -1));
  await f(x).data(); // compile + first run
  const ms: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await f(x).data();
    ms.push(performance.now() - t0);
  }
  ms.sort((a, b) => a - b);
  const kernels = backend === 'webgpu' ? kernelsOf(f, x).map((k) => k.name).join(' ') : '';
  return { median: ms[Math.floor(ms.length / 2)], kernels };
}

for (const shape of shapes) {
  const cpu = await time('cpu', shape), gpu = await time('webgpu', shape);
  console.log(`np.sort ${shape.join('x')}: webgpu ${gpu.median.toFixed(1)} ms (${gpu.kernels}), cpu ${cpu.median.toFixed(1)} ms`);
}
process.exit(0);
