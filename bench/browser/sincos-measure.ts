/**
 * The sin/cos speed measurement shared by Node and the browser (bench/sincos-variants.ts): one
 * jitted kernel of 8 chained sin/cos over 4M elements, with the builtin and with fluxion's
 * range-reduced variant, median of 7 timed runs after a warm-up, each run ended by a readback.
 */
import { jit, np, setKernelOptions, type Tensor } from '../../src/index.js';

export interface SinCosTiming { variant: 'builtin' | 'fluxion'; medianMs: number; nsPerElementCall: number }

const N = 1 << 22, CALLS = 8;

/** Times both variants on the current backend (WebGPU). @example console.log(await measureSinCos()); */
export async function measureSinCos(): Promise<SinCosTiming[]> {
  const x = np.array(Float32Array.from({ length: N }, (_, i) => ((i % 4096) - 2048) / 64));
  const out: SinCosTiming[] = [];
  for (const variant of ['builtin', 'fluxion'] as const) {
    setKernelOptions({ sinCos: variant });
    const f = jit((v: Tensor) => {
      let y = v;
      for (let k = 0; k < CALLS / 2; k++) y = np.cos(np.sin(y).mul(3));
      return y;
    });
    await f(x).data();
    const times: number[] = [];
    for (let r = 0; r < 7; r++) {
      const t0 = performance.now();
      await f(x).data();
      times.push(performance.now() - t0);
    }
    const medianMs = times.sort((a, b) => a - b)[3];
    out.push({ variant, medianMs, nsPerElementCall: (medianMs * 1e6) / (N * CALLS) });
  }
  setKernelOptions({});
  return out;
}
