// Run time of long elementwise bodies looped (the default, src/compiler/kernels.ts) vs unrolled 16×,
// the cost side of the compile-time change of issue 12. Median of 9 runs after 2 warm-ups, each a
// fresh submit + readback wait of the one-kernel program.
//   npx tsx bench/elementwise-loop.ts
import { init, jit, np, random, type Tensor } from '../src/node.js';
import { compileJaxpr } from '../src/compiler/index.js';
import { targetOf } from '../src/backend/webgpu/executor.js';
import { runProgram } from '../src/backend/webgpu/run.js';
import { currentContext } from '../src/backend/webgpu/device.js';
import { median } from './common.js';

await init({ backend: 'webgpu' });
const ctx = currentContext()!;
/** Adam-like update: about 20 statements per element. */
const adam = (p: Tensor, g: Tensor, m: Tensor) => {
  const m1 = m.mul(0.9).add(g.mul(0.1));
  const v1 = g.mul(g).mul(0.001).add(m.abs().mul(0.999));
  return p.sub(m1.div(np.sqrt(v1).add(1e-8)).mul(1e-3)).add(np.tanh(p).mul(0.01)).sub(np.exp(g.mul(-0.5)).mul(1e-4));
};
for (const n of [65536, 1 << 20]) {
  const xs = [1, 2, 3].map((s) => random.normal(random.key(s), [n]));
  const jaxpr = jit(adam).lower(...(xs as [Tensor, Tensor, Tensor]));
  const row: string[] = [];
  const configs = [['unrolled 16', 1e9, undefined], ['looped 16', 12, undefined], ['unrolled 4', 1e9, 4], ['unrolled 16 again', 1e9, undefined]] as const;
  for (const [label, loopFrom, unroll] of configs) {
    const program = compileJaxpr(jaxpr, { ...targetOf(ctx), elementwiseLoopStatements: loopFrom, elementwiseUnroll: unroll });
    const ts: number[] = [];
    for (let r = 0; r < 11; r++) {
      const t0 = performance.now();
      const [out] = runProgram(program, xs as never[]);
      await out.data();
      if (r >= 2) ts.push(performance.now() - t0);
    }
    row.push(`${label} ${median(ts).toFixed(2)} ms`);
  }
  console.log(`adam-like update, ${n} elements: ${row.join(', ')}`);
}
process.exit(0);
