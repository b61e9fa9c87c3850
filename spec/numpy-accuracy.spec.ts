/**
 * Accuracy at the edges of the elementwise functions, against SciPy / NumPy reference values
 * (scipy 1.17, numpy 2.4, float64; the literals below were computed with them): the stable logistic
 * sigmoid (np.sigmoid, np.expit, lax.logistic, nn.silu, nn.glu) for large |x| and its gradient,
 * lgamma / digamma at and near the poles.
 */
import { describe, expect, it } from 'vitest';
import { np, nn, lax, grad, jit, stopGradient, Tensor } from '../src/index.js';

const F32_EPS = 2 ** -23, F64_EPS = 2 ** -52;
const read = async (t: Tensor): Promise<number[]> => Array.from(await t.data() as ArrayLike<number>, Number);
/** The largest |got − want| / |want| over the elements, in units of `eps`. */
function ulps(got: number[], want: number[], eps: number): number {
  let worst = 0;
  got.forEach((g, i) => {
    const w = want[i];
    if (Number.isNaN(w) || !Number.isFinite(w) || w === 0) { expect(g).toBe(w); return; }
    worst = Math.max(worst, Math.abs(g - w) / Math.abs(w) / eps);
  });
  return worst;
}

describe('sigmoid / expit: the stable form', () => {
  const xs = Array.from({ length: 41 }, (_, i) => -100 + 5 * i);
  // scipy.special.expit(np.arange(-100, 101, 5.0))
  const EXPIT = [3.7200759760208356e-44, 5.5210822770285325e-42, 8.194012623990515e-40, 1.2160992992528256e-37, 1.8048513878454153e-35,
    2.678636961808078e-33, 3.975449735908647e-31, 5.900090541597061e-29, 8.75651076269652e-27, 1.299581425007503e-24,
    1.928749847963918e-22, 2.8625185805493937e-20, 4.248354255291589e-18, 6.305116760146985e-16, 9.357622968839299e-14,
    1.3887943864771144e-11, 2.0611536181902037e-09, 3.059022269256247e-07, 4.5397868702434395e-05, 0.0066928509242848554, 0.5,
    0.9933071490757153, 0.9999546021312976, 0.999999694097773, 0.9999999979388463, 0.999999999986112, 0.9999999999999065,
    0.9999999999999993, ...Array<number>(13).fill(1)];
  const fns = { 'np.sigmoid': np.sigmoid, 'np.expit': np.expit, 'lax.logistic': (x: Tensor) => lax.logistic(x), 'nn.sigmoid': nn.sigmoid };

  for (const [name, f] of Object.entries(fns)) {
    it(`${name} float64 is within 4 ulp of scipy.special.expit on [-100, 100]`, async () => {
      expect(ulps(await read(f(np.array(xs, 'float64'))), EXPIT, F64_EPS)).toBeLessThanOrEqual(4);
    });
    it(`${name} float32 is within 4 ulp of scipy.special.expit where the result is normal`, async () => {
      const got = await read(f(np.array(xs, 'float32')));
      const normal = xs.map((_, i) => i).filter((i) => EXPIT[i] > 2 ** -126);
      expect(ulps(normal.map((i) => got[i]), normal.map((i) => EXPIT[i]), F32_EPS)).toBeLessThanOrEqual(4);
      expect(got[0]).toBeCloseTo(EXPIT[0], 44); // −100: a float32 subnormal, within its spacing
      expect(got[xs.indexOf(-20)]).toBeGreaterThan(2e-9); // ½(1 + tanh(x/2)) gave 0
    });
  }

  it('keeps ±∞ and NaN', async () => {
    expect(await read(np.sigmoid(np.array([Infinity, -Infinity, NaN])))).toEqual([1, 0, NaN]);
  });

  it('its gradient is σ(1 − σ) at −100…100 (finite, not 0 at −20)', async () => {
    for (const [dtype, eps] of [['float64', F64_EPS], ['float32', F32_EPS]] as const) {
      const pts = dtype === 'float64' ? xs : xs.filter((x) => Math.abs(x) <= 80); // float32: normal results only
      const g = await read(grad((x: Tensor) => np.sum(np.sigmoid(x)))(np.array(pts, dtype)));
      const want = pts.map((x) => EXPIT[xs.indexOf(x)] * (1 - EXPIT[xs.indexOf(x)]));
      // (1 − σ) loses its relative accuracy for x ≫ 0 where σ rounds to 1: compare with e⁻ˣ/(1 + e⁻ˣ)² there.
      const exact = pts.map((x, i) => (x > 0 ? Math.exp(-x) / (1 + Math.exp(-x)) ** 2 : want[i]));
      expect(ulps(g, exact, eps)).toBeLessThanOrEqual(8);
      expect(g[pts.indexOf(-20)]).toBeGreaterThan(2e-9);
    }
  });

  it('nn.silu and nn.glu inherit it: silu(−20) = −20·σ(−20), not 0', async () => {
    const s = await read(nn.silu(np.array([-20, -30], 'float32')));
    expect(ulps(s, [-20 * 2.0611536181902037e-09, -30 * 9.357622968839299e-14], F32_EPS)).toBeLessThanOrEqual(4);
    const g = await read(nn.glu(np.array([[2, -25]], 'float64')));
    expect(ulps(g, [2 * 1.3887943864771144e-11], F64_EPS)).toBeLessThanOrEqual(4);
  });
});

describe('lgamma / digamma at and near the poles', () => {
  // scipy.special.gammaln
  const LX = [-0.5, -1.5, -2.5, -3.7, -10.2, -1e-30, -1e-8, -0.999999, -1.000001, -20.5, -50.25, 0.1, 2.5, 30.3];
  const LG = [1.2655121234846454, 0.860047015376481, -0.05624371649767401, -1.3797399049658245, -13.90053096369515, 69.07755278982137,
    18.420680749724525, 13.815510980721175, 13.815510135263528, -42.70719597482576, -147.9675786671419, 2.252712651734206,
    0.2846828704729192, 72.2738905413649];

  it('lgamma is +∞ at 0, the negative integers and ±∞, in float32 and float64 (scipy: inf)', async () => {
    for (const dtype of ['float32', 'float64'] as const) {
      expect(await read(np.lgamma(np.array([0, -1, -2, -3, -5, -1e6, Infinity, -Infinity], dtype)))).toEqual(Array(8).fill(Infinity));
    }
  });

  it('lgamma matches scipy.special.gammaln for negative non-integers and tiny arguments', async () => {
    const got = await read(np.lgamma(np.array(LX, 'float64')));
    got.forEach((g, i) => expect(Math.abs(g - LG[i])).toBeLessThanOrEqual(1e-12 * Math.max(1, Math.abs(LG[i]))));
    const g32 = await read(np.lgamma(np.array([-1e-30, -0.5, -2.5], 'float32')));
    [69.07755278982137, 1.2655121234846454, -0.05624371649767401].forEach((w, i) => expect(Math.abs(g32[i] - w)).toBeLessThan(2e-6 * Math.max(1, Math.abs(w))));
  });

  it('digamma is NaN at 0 and the negative integers (JAX / XLA)', async () => {
    for (const dtype of ['float32', 'float64'] as const) {
      expect(await read(np.digamma(np.array([0, -1, -2, -3, -7, -1e6], dtype)))).toEqual(Array(6).fill(NaN));
    }
  });

  it('digamma matches scipy.special.digamma off the poles', async () => {
    const DX = [-0.5, -1.5, -2.5, -3.7, -10.2, -1e-8, -0.999999, -20.5, 0.1, 2.5, 30.3];
    const DG = [0.03648997397857651, 0.7031566406452434, 1.1031566406452433, -0.8450768588704185, 6.694638450417516, 99999999.42278431,
      -999999.5771780586, 3.0446168825125244, -10.423754940411076, 0.7031566406452432, 3.3945553040790912];
    const got = await read(np.digamma(np.array(DX, 'float64')));
    got.forEach((g, i) => expect(Math.abs(g - DG[i])).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(DG[i]))));
  });

  it('gradients stay finite off the poles: d lgamma = digamma', async () => {
    const x = [-2.5, -0.5, 0.3, 3];
    const g = await read(grad((t: Tensor) => np.sum(np.lgamma(t)))(np.array(x, 'float64')));
    const d = await read(np.digamma(np.array(x, 'float64')));
    g.forEach((v, i) => expect(v).toBeCloseTo(d[i], 9));
  });
});

describe('arccosh off its domain', () => {
  it('is NaN for every x < 1 (numpy, JAX), not −∞ for x ≤ −3000', async () => {
    for (const dtype of ['float32', 'float64'] as const) {
      const got = await read(np.arccosh(np.array([0.5, 0, -1, -2999, -3000, -1e10, -Infinity, NaN, 1, 2, Infinity], dtype)));
      expect(got.slice(0, 8)).toEqual(Array(8).fill(NaN));
      expect(got[8]).toBe(0);
      expect(got[9]).toBeCloseTo(1.3169578969248166, 6);
      expect(got[10]).toBe(Infinity);
    }
  });
});

describe('integer np.power is exact (wrapping as integer multiplication)', () => {
  it('integer base and exponent arrays: square-and-multiply, as numpy int32', async () => {
    const b = np.array([3, 12345, -7, 2, -1, -1, 1, 0, 0, 5, 2], 'int32');
    const e = np.array([16, 3, 9, 31, 1000001, 1000000, 2000000000, 0, 5, 13, 32], 'int32');
    const p = np.power(b, e);
    expect(p.dtype).toBe('int32');
    // numpy.power(int32, int32)
    expect(await read(p)).toEqual([43046721, 170287977, -40353607, -2147483648, -1, 1, 1, 1, 0, 1220703125, 0]);
  });
  it('a JS integer exponent (lax.integerPow)', async () => {
    expect(await read(np.power(np.array([3, 7, -3, 12345], 'int32'), 21))).toEqual([1870418611, 192061479, -1870418611, -198341351]) // numpy int32;
  });
  it('narrow dtypes wrap in their own width', async () => {
    expect(await read(np.power(np.array([200, 3, 251], 'uint8'), np.array([2, 5, 3], 'uint8')))).toEqual([64, 243, 131]);
    expect(await read(np.power(np.array([100, -3], 'int16'), np.array([3, 11], 'int16')))).toEqual([16960, 19461]) // numpy uint8, int16;
  });
  it('negative exponents: an array gives the truncated 1/a^|b|, a JS number is a DTypeError', async () => {
    expect(await read(np.power(np.array([1, -1, -1, 2, 0], 'int32'), np.array([-3, -3, -2, -1, -2], 'int32')))).toEqual([1, -1, 1, 0, 0]);
    expect(() => np.power(np.array([2], 'int32'), -1)).toThrow(/np\.power.*negative power -1.*float/);
  });
  it('float powers are unchanged', async () => {
    expect(await read(np.power(np.array([2, 9], 'float64'), np.array([0.5, -1], 'float64')))).toEqual([Math.SQRT2, 1 / 9]);
  });
});

describe('np.cbrt within 2 ulp', () => {
  const xs = [...Array.from({ length: 601 }, (_, i) => 10 ** (-30 + i / 10)), 3, 10, 2, 0.001, 123456789];
  const signed = [...xs, ...xs.map((x) => -x)];
  for (const [dtype, eps] of [['float32', F32_EPS], ['float64', F64_EPS]] as const) {
    it(`${dtype}: 1e-30…1e30 and negatives, against Math.cbrt of the rounded input`, async () => {
      const x = np.array(signed, dtype);
      const exact = (await read(x)).map(Math.cbrt);
      expect(ulps(await read(np.cbrt(x)), exact, eps)).toBeLessThanOrEqual(2);
    });
    it(`${dtype}: 0, −0, ±∞ and NaN pass through`, async () => {
      const got = await read(np.cbrt(np.array([0, -0, Infinity, -Infinity, NaN, 27, -8], dtype)));
      expect(got).toEqual([0, -0, Infinity, -Infinity, NaN, 3, -2]);
      expect(Object.is(got[1], -0)).toBe(true);
    });
  }
  it('its gradient is ⅓x^(−2/3)', async () => {
    const g = await read(grad((t: Tensor) => np.sum(np.cbrt(t)))(np.array([8, -27, 1e-3], 'float64')));
    [1 / 12, 1 / 27, 1 / 3 / 1e-2].forEach((w, i) => expect(g[i]).toBeCloseTo(w, 10));
  });
});

describe('stopGradient of a pytree (JAX maps it over the leaves)', () => {
  it('stops every Tensor leaf of nested arrays and objects, leaves JS numbers as they are', async () => {
    const f = (p: { a: Tensor; b: [Tensor, number] }) => {
      const s = stopGradient(p);
      return np.sum(s.a.mul(p.a)).add(np.sum(s.b[0].mul(p.b[0])).mul(s.b[1]));
    };
    const g = grad(f)({ a: np.array([2, 3]), b: [np.array([5]), 7] });
    expect(await read(g.a)).toEqual([2, 3]); // d/da Σ s·a with s held fixed = s
    expect(await read(g.b[0])).toEqual([35]);
    const t = stopGradient({ x: np.array([1]), y: { c: np.array([2]), d: null }, n: 7, flag: true });
    expect(t.x).toBeInstanceOf(Tensor);
    expect(t.y.c).toBeInstanceOf(Tensor);
    expect(t.y.d).toBe(null);
    expect(t.n).toBe(7);
    expect(t.flag).toBe(true);
    expect(await read(stopGradient(np.array([4, 5])))).toEqual([4, 5]);
  });
  it('works under jit and on the top-level, np and method forms alike', async () => {
    const h = jit((p: Tensor[]) => stopGradient(p).map((x) => x.mul(2)));
    expect(await read(h([np.array([1]), np.array([2])])[1])).toEqual([4]);
    expect(np.stopGradient).toBe(stopGradient);
  });
});
