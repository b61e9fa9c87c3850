/**
 * Table cases for debug_callback (issue 11): the values, derivatives and batching of a function
 * are those it has without the print, on every backend, zero-size arrays included. What is
 * printed, and how often, is tested in spec/debug-print.spec.ts.
 */
import { debug, lax, np, Tensor } from '../../src/index.js';
import type { PrimitiveCase } from './primitive-cases.js';
import type { ZeroSizeCase } from './zero-size-cases.js';
import { normalF64 } from './check.js';

const seen: number[] = [];
/** x·sin(x) with a callback on x and on the product in between (the callback records sizes). */
const withCallback = (x: Tensor): Tensor => {
  debug.callback((v: { data: ArrayLike<number> }) => { seen.push(v.data.length); }, x);
  const y = lax.mul(x, np.sin(x));
  debug.callback(() => undefined, y, 'static');
  return y;
};

export const DEBUG_CASES: PrimitiveCase[] = [{
  name: 'debug_callback (values and derivatives unchanged)', prim: 'debug_callback', differentiable: true,
  make: (rng) => {
    const s = rng.shape(0, 3, 4);
    return { fn: withCallback, args: (r) => [normalF64(r, s)], desc: `[${s.join(',')}]` };
  },
}];

export const DEBUG_ZERO_SIZE_CASES: ZeroSizeCase[] = [
  { name: 'debug_callback of [0,2]', prim: 'debug_callback', fn: withCallback, args: () => [np.zeros([0, 2])] },
];
