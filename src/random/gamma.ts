/**
 * Gamma samples by Marsaglia and Tsang's method (ACM TOMS 26(3), 2000), and beta and dirichlet
 * built on them, as JAX does: all three work with the logarithm of gamma samples, so that small
 * shape parameters (whose samples underflow to 0) still give finite betas and dirichlets.
 *
 * Marsaglia–Tsang for shape α ≥ 1: d = α − ⅓, c = 1/√(9d); draw x ~ N(0, 1) and u ~ U(0, 1], set
 * v = (1 + cx)³ and accept d·v when 1 + cx > 0 and log u < x²/2 + d − dv + d·log v. For α < 1, JAX's
 * boost: a sample of shape α + 1 times u^{1/α} (in logs: + log(u)/α).
 *
 * There is no loop primitive, so instead of JAX's while loop every element runs a fixed
 * ROUNDS = 10 proposals and keeps the first one accepted (masks, no control flow; it works under
 * jit and vmap). A proposal is rejected with probability at most 0.0485 (at α = 1, the worst case;
 * measured by 4·10⁶ float64 trials: 0.048, 0.027, 0.018, 0.006 at α = 1, 1.5, 2, 5), so all ten
 * are rejected with probability below 0.0485¹⁰ ≈ 7·10⁻¹⁴ per sample. Such a sample is NaN — never a
 * silently biased value. Parameters α < 0 or NaN give NaN; α = 0 gives 0 (log-sample −∞).
 *
 * Samples are differentiable in α as in JAX, implicitly through the CDF: with u = P(α, x) held
 * fixed, dx/dα = −(∂P/∂α)(α, x)/p(x; α), computed from the sample value alone (so it does not
 * depend on which rejection round accepted, and works under jit, vmap and on WebGPU); see
 * logGammaGradA at the end of this file for the three regimes and their measured accuracy.
 */
import { DType } from '../core/dtype.js';
import { ShapeError } from '../core/errors.js';
import { Shape } from '../core/shape.js';
import { Tensor } from '../core/tensor.js';
import * as lax from '../primitives/lax.js';
import { ArrayLike, array } from '../numpy/creation.js';
import { broadcastShapes, broadcastTo } from '../numpy/broadcast.js';
import { customJvp } from '../transforms/custom-jvp.js';
import { checkKey, checkShape, floatParam, keysOf, knownOptions, optionsOf, sampleDtype, sampleShape } from './args.js';
import { normal, uniform } from './index.js';

/** Proposals per sample (see the module comment for the failure probability this gives). */
export const GAMMA_ROUNDS = 10;

/** u uniform in (0, 1] (one minus a [0, 1) draw), so its logarithm is finite. */
const openUniform = (k: Tensor, s: number[], d: DType): Tensor => lax.sub(lax.full(s, 1, d), uniform(k, s, { dtype: d }));

/** log of Gamma(a, 1) samples, a already broadcast to the sample shape. */
function logGammaBody(key: Tensor, a: Tensor): Tensor {
  const s = [...a.shape], d = a.dtype;
  const c = (v: number) => lax.full(s, v, d);
  const keys = keysOf(key, 2 * GAMMA_ROUNDS + 1);
  const boost = lax.compare(a, c(1), 'lt');
  const alpha = lax.where(boost, lax.add(a, c(1)), a);
  const dd = lax.sub(alpha, c(1 / 3));
  const cc = lax.rsqrt(lax.mul(dd, c(9)));
  let out = c(NaN);
  let done = lax.full(s, 0, 'bool');
  for (let r = 0; r < GAMMA_ROUNDS; r++) {
    const x = normal(keys[2 * r]!, s, { dtype: d });
    const logU = lax.log(openUniform(keys[2 * r + 1]!, s, d));
    const t = lax.add(c(1), lax.mul(cc, x));
    const positive = lax.compare(t, c(0), 'gt');
    // log v = 3·log t; where t ≤ 0 it is NaN, but such a proposal is masked out by `positive`.
    const logV = lax.mul(c(3), lax.log(lax.max(t, c(tinyOf(d)))));
    const v = lax.exp(logV);
    const bound = lax.add(lax.mul(c(0.5), lax.mul(x, x)), lax.add(lax.sub(dd, lax.mul(dd, v)), lax.mul(dd, logV)));
    const accept = lax.where(positive, lax.compare(logU, bound, 'lt'), lax.full(s, 0, 'bool'));
    const take = lax.where(done, lax.full(s, 0, 'bool'), accept);
    out = lax.where(take, lax.add(lax.log(dd), logV), out);
    done = lax.where(accept, lax.full(s, 1, 'bool'), done);
  }
  const logU = lax.log(openUniform(keys[2 * GAMMA_ROUNDS]!, s, d));
  const boosted = lax.add(out, lax.div(logU, a));
  // a = 0 is the point mass at 0 (log −∞); log(u)/0 alone would be NaN when u = 1.
  const res = lax.where(lax.compare(a, c(0), 'eq'), c(-Infinity), lax.where(boost, boosted, out));
  // α < 0 (and NaN, which fails every comparison) have no distribution: NaN, as JAX.
  return lax.where(lax.compare(a, c(0), 'ge'), res, c(NaN));
}

const tinyOf = (d: DType): number => (d === 'float64' ? 2 ** -1022 : 2 ** -126);

/**
 * logGammaBody behind its implicit derivative in a (logGammaGradA, below), named after the sampler
 * the user called (t, chisquare, f, generalizedNormal and ball build on it too).
 */
export function logGamma(op: string, key: Tensor, a: Tensor): Tensor {
  const f: (k: Tensor, p: Tensor) => Tensor = customJvp((k: Tensor, p: Tensor) => logGammaBody(k, p), ([k, p], [, tp]): [Tensor, Tensor] => {
    // The primal through f itself, so that higher derivatives see the sample's dependence on a.
    const lx: Tensor = f(k!, p!);
    return [lx, lax.mul(tp!, logGammaGradA(p!, lx))];
  }, `random.${op}`);
  return f(key, a);
}

/**
 * Gamma(a, 1) samples (jax.random.gamma): shape parameter `a` (> 0; an array or number), scale 1.
 * `shape` defaults to a's shape; otherwise a must broadcast to it. See the module comment for the
 * fixed number of rejection rounds and its failure probability (< 10⁻¹³ per sample, then NaN).
 * @example random.gamma(random.key(0), [0.5, 1, 5]).shape; // → [3] — three samples, means 0.5, 1, 5
 */
export function gamma(key: Tensor, a: ArrayLike, shape?: Shape | number | null, opts?: DType | { dtype?: DType }): Tensor {
  return lax.exp(logGammaSampler('gamma', key, a, shape, opts));
}

/**
 * Logarithms of Gamma(a, 1) samples (jax.random.loggamma): exp(loggamma(key, a)) is gamma(key, a)
 * up to rounding, but small shape parameters, whose samples underflow to 0 in float32 (a = 0.01:
 * most of them), keep their precision as finite logarithms. `shape` defaults to a's shape.
 * @example random.loggamma(random.key(0), 0.01, [4]).shape; // → [4] — finite; gamma(key, 0.01) would be mostly 0
 */
export function loggamma(key: Tensor, a: ArrayLike, shape?: Shape | number | null, opts?: DType | { dtype?: DType }): Tensor {
  return logGammaSampler('loggamma', key, a, shape, opts);
}

/** gamma's and loggamma's shared argument handling: log-samples of Gamma(a, 1), broadcast to `shape`. */
function logGammaSampler(op: string, key: Tensor, a: ArrayLike, shape: Shape | number | null | undefined, opts: DType | { dtype?: DType } | undefined): Tensor {
  const k = checkKey(op, key);
  const o = optionsOf(op, opts, "{ dtype: 'float32' }");
  knownOptions(op, o, ['dtype']);
  const d = sampleDtype(op, o.dtype, a);
  const at = floatParam(op, a, 'a', d);
  const s = shape === undefined || shape === null ? [...at.shape] : checkShape(op, sampleShape(op, shape), { name: 'a', shape: at.shape });
  return logGamma(op, k, broadcastTo(at, s, `random.${op}`));
}

/**
 * Beta(a, b) samples (jax.random.beta) from two gamma draws, G_a / (G_a + G_b), computed from their
 * logarithms. `shape` defaults to the broadcast of a's and b's shapes.
 * @example random.beta(random.key(0), 2, 5, [3]).shape; // → [3] — in [0, 1], mean 2/7
 */
export function beta(key: Tensor, a: ArrayLike, b: ArrayLike, shape?: Shape | number | null, opts?: DType | { dtype?: DType }): Tensor {
  const op = 'beta';
  const k = checkKey(op, key);
  const o = optionsOf(op, opts, "{ dtype: 'float32' }");
  knownOptions(op, o, ['dtype']);
  const d = sampleDtype(op, o.dtype, a, b);
  const at = floatParam(op, a, 'a', d), bt = floatParam(op, b, 'b', d);
  const s = shape === undefined || shape === null ? broadcastShapes(`random.${op}`, at.shape, bt.shape)
    : checkShape(op, sampleShape(op, shape), { name: 'a', shape: at.shape }, { name: 'b', shape: bt.shape });
  const [ka, kb] = keysOf(k, 2);
  const la = logGamma(op, ka!, broadcastTo(at, s, `random.${op}`)), lb = logGamma(op, kb!, broadcastTo(bt, s, `random.${op}`));
  // G_a/(G_a + G_b) = 1/(1 + e^{lb − la}), scaled by the larger log so neither exponent overflows.
  const m = lax.max(la, lb);
  const ga = lax.exp(lax.sub(la, m)), gb = lax.exp(lax.sub(lb, m));
  return lax.div(ga, lax.add(ga, gb));
}

/**
 * Dirichlet(α) samples (jax.random.dirichlet): `alpha` has shape [..., K]; each sample is K
 * normalized gamma draws (a softmax of their logarithms). `shape` is the batch shape, defaulting to
 * alpha's leading axes; the result has shape [...shape, K].
 * @example np.sum(random.dirichlet(random.key(0), [1, 2, 3], [4]), -1); // → [1, 1, 1, 1] — 4 rows of 3 that sum to 1
 */
export function dirichlet(key: Tensor, alpha: ArrayLike, shape?: Shape | number | null, opts?: DType | { dtype?: DType }): Tensor {
  const op = 'dirichlet';
  const k = checkKey(op, key);
  const o = optionsOf(op, opts, "{ dtype: 'float32' }");
  knownOptions(op, o, ['dtype']);
  const d = sampleDtype(op, o.dtype, alpha);
  const al = floatParam(op, alpha, 'alpha', d);
  if (al.ndim < 1) {
    throw new ShapeError(`random.dirichlet: alpha must have at least one axis (the K concentrations), got ${al.aval}; ` +
      `e.g. random.dirichlet(key, [1, 1, 1]).`);
  }
  const batch = al.shape.slice(0, -1), kk = al.shape[al.ndim - 1]!;
  const s = shape === undefined || shape === null ? [...batch]
    : checkShape(op, sampleShape(op, shape), { name: "alpha's batch axes (all but the last)", shape: batch });
  const full = [...s, kk];
  const lg = logGamma(op, k, broadcastTo(al, full, `random.${op}`));
  const ax = full.length - 1;
  const m = lax.reduceMax(lg, [ax]);
  const e = lax.exp(lax.sub(lg, lax.broadcastInDim(m, full, full.slice(0, -1).map((_, i) => i))));
  const z = lax.reduceSum(e, [ax]);
  return lax.div(e, lax.broadcastInDim(z, full, full.slice(0, -1).map((_, i) => i)));
}

// ---------------------------------------------------------------------------------------------
// The implicit derivative in the shape parameter (jax.random's random_gamma_grad, log-space form).
//
// A sample x with u = P(a, x) held fixed moves with a as dx/da = −(∂P/∂a)(a, x)/p(x; a), p the
// Gamma(a) density; logGamma's rule needs d(log x)/da = (dx/da)/x, computed from the log-sample
// alone (no dependence on the rejection rounds). Three regimes, each on inputs clamped into its
// own range (so the branch not taken leaks no Inf/NaN through `where` into higher derivatives):
//
// - a < 50, x ≤ max(1, a): Cephes' power series P = xᵃe⁻ˣ/Γ(a+1)·S, S = Σₖ xᵏ/((a+1)…(a+k)). With
//   p/P = a/(x·S) the prefactor cancels and d(log x)/da = −(S·(log x − ψ(a+1)) + ∂S/∂a)/a: only
//   log x enters besides S (→ 1 as x → 0), so a sample that underflows (small a) keeps its exact
//   derivative ≈ −log x/a — JAX instead clamps x to the smallest float.
// - a < 50, x > max(1, a): Cephes' continued fraction Q = xᵃe⁻ˣ/Γ(a)·F; with p/Q = 1/(x·F),
//   d(log x)/da = F·(log x − ψ(a)) + ∂F/∂a. S, F and their a-derivatives (forward recurrences)
//   run GRAD_TERMS = 64 terms/steps: float64 relative error ≤ 1e-9 against a quantile finite
//   difference for a ≤ 50 (64 terms fall short near x ≈ a beyond a ≈ 60: 7e-5 at a = 200).
// - a ≥ 50: ∂P/∂a = ∫₀ˣ (log t − ψ(a))·p(t; a) dt, so dx/da = −∫_{x−W}^{x} (log t − ψ(a))·p(t)/p(x) dt
//   for x ≤ a, and +∫_x^{x+W} for x > a (the shorter tail; W = 13√a, beyond which the density
//   ratio is below e⁻⁸⁴ at a = 50, less for larger a). Composite Gauss–Legendre: 8 nodes on each of
//   9 panels in units of √a (edges 0, ¼, ½, 1, 2, 3, 4½, 6½, 9, 13), with p(t)/p(x) =
//   exp((a−1)·log1p(r) − x·r), r = (t−x)/x, and log t − ψ(a) = log1p((t−a)/a) + (log a − ψ(a)) by
//   its asymptotic series. Scale-free in a: relative error ≤ 1e-9 at a = 50…200 and ≤ 1e-12
//   against a 272-node rule up to a = 10⁸.
// ---------------------------------------------------------------------------------------------

/** Series terms and continued-fraction steps for a < GRAD_BIG_A. */
const GRAD_TERMS = 64;
/** From this shape parameter on, the quadrature form. */
export const GRAD_BIG_A = 50;

/** n Gauss–Legendre nodes and weights on [−1, 1] (Newton on the Legendre recurrence). */
function gaussLegendre(n: number): [number[], number[]] {
  const xs: number[] = [], ws: number[] = [];
  for (let i = 1; i <= n; i++) {
    let x = Math.cos((Math.PI * (i - 0.25)) / (n + 0.5)), dp = 1;
    for (let it = 0; it < 100; it++) {
      let p0 = 1, p1 = x;
      for (let k = 2; k <= n; k++) [p0, p1] = [p1, ((2 * k - 1) * x * p1 - (k - 1) * p0) / k];
      dp = (n * (x * p1 - p0)) / (x * x - 1);
      const dx = p1 / dp;
      x -= dx;
      if (Math.abs(dx) < 1e-16) break;
    }
    xs.push(x); ws.push(2 / ((1 - x * x) * dp * dp));
  }
  return [xs, ws];
}

/** The quadrature's nodes s (t = x ∓ s·√a) and weights, both in units of √a. */
const QUAD: { s: number[]; w: number[] } = (() => {
  const edges = [0, 0.25, 0.5, 1, 2, 3, 4.5, 6.5, 9, 13];
  const [gx, gw] = gaussLegendre(8);
  const s: number[] = [], w: number[] = [];
  for (let j = 0; j + 1 < edges.length; j++) {
    const lo = edges[j]!, hi = edges[j + 1]!;
    gx.forEach((g, i) => { s.push(lo + ((hi - lo) * (g + 1)) / 2); w.push(((hi - lo) * gw[i]!) / 2); });
  }
  return { s, w };
})();

/** d(log x)/da by the power series (a < 50, x ≤ max(1, a)); a, log x clamped there. */
function gradSeries(a: Tensor, lx: Tensor): Tensor {
  const c = (v: number) => lax.fullLike(a, v);
  const x = lax.exp(lx);
  let term = c(1), dterm = c(0), s = c(1), ds = c(0), r = a;
  for (let k = 1; k <= GRAD_TERMS; k++) {
    r = lax.add(r, c(1));
    const q = lax.div(x, r);
    // term_k = term_{k−1}·x/(a+k); its a-derivative by the product rule.
    dterm = lax.sub(lax.mul(dterm, q), lax.div(lax.mul(term, q), r));
    term = lax.mul(term, q);
    s = lax.add(s, term); ds = lax.add(ds, dterm);
  }
  const inner = lax.add(lax.mul(s, lax.sub(lx, lax.digamma(lax.add(a, c(1))))), ds);
  return lax.neg(lax.div(inner, a));
}

/** d(log x)/da by the continued fraction (a < 50, x > max(1, a)); a, log x clamped there. */
function gradFraction(a: Tensor, lx: Tensor): Tensor {
  const c = (v: number) => lax.fullLike(a, v);
  const x = lax.exp(lx);
  const big = c(2 ** 60), bigInv = c(2 ** -60);
  // Cephes igamc's recurrence with each quantity's a-derivative alongside (dy/da = dz/da = −1).
  let y = lax.sub(c(1), a), z = lax.add(lax.add(x, y), c(1)), k = c(0);
  let pkm2 = c(1), qkm2 = x, pkm1 = lax.add(x, c(1)), qkm1 = lax.mul(z, x);
  let dpkm2 = c(0), dqkm2 = c(0), dpkm1 = c(0), dqkm1 = lax.neg(x);
  let ans = lax.div(pkm1, qkm1), dans = lax.div(lax.sub(dpkm1, lax.mul(ans, dqkm1)), qkm1);
  for (let i = 0; i < GRAD_TERMS; i++) {
    k = lax.add(k, c(1)); y = lax.add(y, c(1)); z = lax.add(z, c(2));
    const yc = lax.mul(y, k);
    const pk = lax.sub(lax.mul(pkm1, z), lax.mul(pkm2, yc)), qk = lax.sub(lax.mul(qkm1, z), lax.mul(qkm2, yc));
    // d(yc)/da = −k, d(z)/da = −1.
    const dpk = lax.add(lax.sub(lax.sub(lax.mul(dpkm1, z), pkm1), lax.mul(dpkm2, yc)), lax.mul(pkm2, k));
    const dqk = lax.add(lax.sub(lax.sub(lax.mul(dqkm1, z), qkm1), lax.mul(dqkm2, yc)), lax.mul(qkm2, k));
    const nonzero = lax.compare(qk, c(0), 'ne');
    const qSafe = lax.where(nonzero, qk, c(1));
    const r = lax.div(pk, qSafe);
    ans = lax.where(nonzero, r, ans);
    dans = lax.where(nonzero, lax.div(lax.sub(dpk, lax.mul(r, dqk)), qSafe), dans);
    const scale = lax.where(lax.compare(lax.abs(pk), big, 'gt'), bigInv, c(1));
    [pkm2, pkm1, qkm2, qkm1] = [lax.mul(pkm1, scale), lax.mul(pk, scale), lax.mul(qkm1, scale), lax.mul(qk, scale)];
    [dpkm2, dpkm1, dqkm2, dqkm1] = [lax.mul(dpkm1, scale), lax.mul(dpk, scale), lax.mul(dqkm1, scale), lax.mul(dqk, scale)];
  }
  return lax.add(lax.mul(ans, lax.sub(lx, lax.digamma(a))), dans);
}

/** d(log x)/da by the quadrature (a ≥ 50); a, log x clamped there. */
function gradQuadrature(a: Tensor, lx: Tensor): Tensor {
  const d = a.dtype, s = [...a.shape], n = QUAD.s.length, full = [...s, n];
  const c = (v: number) => lax.fullLike(a, v);
  const dims = s.map((_, i) => i);
  const spread = (t: Tensor) => lax.broadcastInDim(t, full, dims);
  const nodes = lax.broadcastInDim(array(QUAD.s, { dtype: d }), full, [s.length]);
  const weights = lax.broadcastInDim(array(QUAD.w, { dtype: d }), full, [s.length]);
  const x = lax.exp(lx), root = lax.sqrt(a);
  // Toward the nearer tail: down from x when x ≤ a, up from it otherwise.
  const dir = lax.where(lax.compare(x, a, 'le'), c(-1), c(1));
  const step = lax.mul(dir, root); // t − x = step·node
  const r = lax.mul(spread(lax.div(step, x)), nodes); // (t − x)/x
  const inside = lax.compare(r, lax.fullLike(r, -1), 'gt'); // t > 0
  const rs = lax.where(inside, r, lax.fullLike(r, 0));
  const am1 = spread(lax.sub(a, c(1))), xf = spread(x), af = spread(a);
  const logRatio = lax.sub(lax.mul(am1, lax.log1p(rs)), lax.mul(xf, rs));
  // log t − ψ(a) = log1p((t − a)/a) + (log a − ψ(a)), the latter 1/(2a) + 1/(12a²) − 1/(120a⁴) + 1/(252a⁶).
  const ia2 = lax.div(c(1), lax.mul(a, a));
  const logMinusPsi = lax.add(lax.div(c(0.5), a),
    lax.mul(ia2, lax.sub(c(1 / 12), lax.mul(ia2, lax.sub(c(1 / 120), lax.mul(ia2, c(1 / 252)))))));
  const tMinusA = lax.add(lax.sub(xf, af), lax.mul(xf, rs));
  const g = lax.add(lax.log1p(lax.div(tMinusA, af)), spread(logMinusPsi));
  const terms = lax.where(inside, lax.mul(lax.mul(weights, lax.exp(logRatio)), g), lax.fullLike(r, 0));
  const integral = lax.reduceSum(terms, [s.length]);
  return lax.div(lax.mul(lax.mul(dir, root), integral), x);
}

/**
 * d(log x)/da for log-samples `lx` of Gamma(a, 1) (a broadcast to lx's shape): the implicit
 * derivative at fixed CDF value (see above). NaN where a < 0 or a or lx is NaN; 0 where the
 * log-sample is −∞ (a = 0).
 */
export function logGammaGradA(a: Tensor, lx: Tensor): Tensor {
  const c = (v: number) => lax.fullLike(a, v);
  const finite = lax.compare(lax.abs(lx), c(Infinity), 'lt');
  const valid = lax.where(lax.compare(a, c(0), 'gt'), finite, lax.full([...a.shape], 0, 'bool'));
  const aV = lax.where(valid, a, c(1)), lxV = lax.where(valid, lx, c(0));
  const big = lax.compare(aV, c(GRAD_BIG_A), 'ge');
  const aSmall = lax.where(big, c(1), aV), lxSmall = lax.where(big, c(0), lxV);
  const xSmall = lax.exp(lxSmall);
  const frac = lax.where(lax.compare(xSmall, c(1), 'gt'), lax.compare(xSmall, aSmall, 'gt'), lax.full([...a.shape], 0, 'bool'));
  // The series on x ≤ max(1, a) (else at x = 1); the fraction on x > max(1, a) (else at max(1, a) + 1).
  const series = gradSeries(aSmall, lax.where(frac, c(0), lxSmall));
  const fraction = gradFraction(aSmall, lax.where(frac, lxSmall, lax.log(lax.add(lax.max(aSmall, c(1)), c(1)))));
  const quad = gradQuadrature(lax.where(big, aV, c(GRAD_BIG_A)), lax.where(big, lxV, c(Math.log(GRAD_BIG_A))));
  const out = lax.where(big, quad, lax.where(frac, fraction, series));
  const nan = lax.where(lax.compare(a, c(0), 'ge'), lax.compare(lx, lx, 'ne'), lax.full([...a.shape], 1, 'bool'));
  return lax.where(valid, out, lax.where(nan, c(NaN), c(0)));
}
