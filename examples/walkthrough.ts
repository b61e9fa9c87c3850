/**
 * fluxion, a walkthrough.
 *
 * A tour in the spirit of JAX's Autodidax: arrays first, then what a primitive is and how
 * tracing turns a function into a program (a Jaxpr), then the transformations built on that
 * (jvp, grad, vmap, jit), their compositions, random keys, and a closing compositionality check.
 * It runs top to bottom on WebGPU when there is an adapter, else on the CPU reference interpreter
 * (the test suite runs it on the CPU: FLUXION_BACKEND=cpu):
 *
 *     npx tsx examples/walkthrough.ts
 *
 * The test suite runs this file too (spec/walkthrough.spec.ts), so it cannot rot: if a printed
 * claim stops being true, a check below throws and the spec fails.
 */
import {
  init, np, random, jvp, vjp, linearize, grad, valueAndGrad, vmap, jit, makeJaxpr,
  jacfwd, jacrev, hessian, customJvp, stopGradient, treeMap,
} from '../src/node.js';
import type { Tensor } from '../src/node.js';

// Chooses the backend (FLUXION_BACKEND, default: WebGPU when there is an adapter, else the CPU).
await init();

// ---------------------------------------------------------------------------------------------
// Small printing and checking helpers (plain TypeScript, not part of the library).

const section = (title: string) => console.log(`\n${'='.repeat(78)}\n${title}\n${'='.repeat(78)}`);
const note = (text: string) => console.log(text.replace(/^/gm, '  # '));
const show = (label: string, x: unknown) => console.log(`  ${label.padEnd(30)} ${String(x)}`);

/** Largest absolute difference between two arrays of the same shape, read back to the host. */
async function maxDiff(a: Tensor, b: Tensor): Promise<number> {
  if (a.shape.join() !== b.shape.join()) throw new Error(`shape mismatch: ${a.aval} vs ${b.aval}`);
  const [x, y] = [await a.data(), await b.data()];
  let m = 0;
  for (let i = 0; i < x.length; i++) m = Math.max(m, Math.abs(x[i] - y[i]));
  return m;
}

/** Throws unless `a` and `b` agree to `tol`: every claim this tour prints is also checked. */
async function expectClose(what: string, a: Tensor, b: Tensor, tol = 1e-5): Promise<number> {
  const d = await maxDiff(a, b);
  if (!(d <= tol)) throw new Error(`walkthrough: ${what} disagree (max |diff| = ${d}, tolerance ${tol})\n  ${a}\n  ${b}`);
  return d;
}

const started = performance.now();

// =============================================================================================
section('1. Arrays');
// =============================================================================================
note(`A Tensor is an immutable n-dimensional array with a shape and a dtype. Operations never
modify their inputs; they return new arrays. They exist as free functions (np.add(a, b)) and
as chainable methods (a.add(b).mul(2)).`);

const a = np.array([[1, 2, 3], [4, 5, 6]]);   // nested JS arrays → float32 [2, 3]
const r = np.arange(3);                       // integers → int32 [3]
show('a = np.array([[1,2,3],[4,5,6]])', a);
show('np.arange(3)', r);
show('np.linspace(0, 1, 5)', np.linspace(0, 1, 5));
show('np.eye(2)', np.eye(2));

note(`Broadcasting follows numpy: trailing axes are aligned and size-1 (or missing) axes
stretch. A JS number is "weakly typed": it adopts the dtype of the array it meets.`);
show('a + [10, 20, 30]', np.add(a, np.array([10, 20, 30])));
show('a * 2 - 1', a.mul(2).sub(1));
show('column [2,1] * row [3]', np.array([[1], [2]]).mul(np.array([1, 10, 100])));

note('Chainable methods read left to right; reductions take numpy\'s axis and keepdims.');
show('a.sin().mul(a).sum()', a.sin().mul(a).sum());
show('a.sum({ axis: 0 })', a.sum({ axis: 0 }));
show('a.mean({ axis: 1, keepdims })', a.mean({ axis: 1, keepdims: true }));
show('a.max(), a.argmax()', `${a.max()}  ${a.argmax()}`);
show('a.T.matmul(a)', a.T.matmul(a));

note(`dtypes: float32 (the default, and what WebGPU computes in), int32, uint32, bool, and
float64 (CPU interpreter only: gradient checks want it). Mixed types promote numpy's way.`);
show('arange(3) + 0.5  (int → f32)', r.add(0.5));
show('a > 3  (bool)', a.gt(3));
show('a.astype("int32")', a.astype('int32'));

note(`Reading values back is explicit and asynchronous, because on a GPU the data live in
device memory: await x.data() gives a typed array, await x.toArray() nested JS arrays.`);
console.log('  await a.toArray()             ', JSON.stringify(await a.toArray()));
console.log('  await a.sum().item()          ', await a.sum().item());

// =============================================================================================
section('2. Primitives and tracing: what a function "is"');
// =============================================================================================
note(`Every operation above ends in bind(primitive, inputs, params). There is a small closed set
of primitives (sin, mul, reduce_sum, broadcast_in_dim, dot_general, ... about 40); everything
else (mean, softmax, matmul, arctan) is a composition of them in src/numpy.

What bind does depends on the current *trace*, a module-level context. Outside any
transformation it is the eval trace, which just computes. A transformation installs its own
trace and calls your function with *tracers*: stand-ins that carry a shape and dtype (and,
depending on the trace, a tangent or a batch axis). Each primitive applied to a tracer is
interpreted by that trace. The simplest trace records the primitives into a program, a Jaxpr:
a typed list of equations in A-normal form. makeJaxpr shows it.`);

const f = (x: Tensor) => x.sin().mul(x).sum();
const x3 = np.array([1, 2, 3]);
console.log('\n  makeJaxpr(x => x.sin().mul(x).sum())(f32[3]):');
console.log(String(makeJaxpr(f)(x3)).replace(/^/gm, '    '));

note(`Broadcasting is explicit in the IR: the numpy layer inserted a broadcast_in_dim and the
scalar 2 became an inline literal. Values captured from outside (here the array w) become
constants of the Jaxpr, listed before the ';'.`);
const w = np.array([0.5, -1, 2]);
const g2 = (x: Tensor) => np.tanh(x.mul(w)).mul(2).add(1);
console.log('\n  makeJaxpr(x => tanh(x * w) * 2 + 1)(f32[3]):');
console.log(String(makeJaxpr(g2)(x3)).replace(/^/gm, '    '));

note(`Shapes and dtypes are checked while tracing, and errors name the op, the shapes and a fix:`);
try {
  np.add(np.ones([2, 3]), np.ones([4]));
} catch (e) {
  console.log(`    ${(e as Error).message}`);
}

// =============================================================================================
section('3. jvp: forward-mode differentiation');
// =============================================================================================
note(`jvp(f, primals, tangents) evaluates f and its directional derivative at once. Its trace
wraps each input in a JVPTracer holding (primal, tangent); each primitive's jvp rule computes
the output pair, e.g. sin: (x, ẋ) ↦ (sin x, cos x · ẋ), mul: (x·y, ẋ·y + x·ẏ).

Worked example: f(x) = Σ sin(x)·x, so ∂f/∂xᵢ = cos(xᵢ)·xᵢ + sin(xᵢ). Along the direction
v = (1, 0, 0) the jvp is cos(1)·1 + sin(1) = 0.5403 + 0.8415 = 1.3818.`);
const [y3, dy3] = jvp(f, [x3], [np.array([1, 0, 0])]);
show('f(x)', y3);
show('jvp along e₀', dy3);
await expectClose('jvp vs the hand derivative', dy3, np.array(Math.cos(1) + Math.sin(1)));

note(`Along v = ones we get the sum of the partial derivatives. Nothing is approximated: the
tangent is computed exactly, in the same pass as the value.`);
const [, dyOnes] = jvp(f, [x3], [np.onesLike(x3)]);
const byHand = x3.cos().mul(x3).add(x3.sin()).sum();
show('jvp along ones', dyOnes);
show('Σ (cos x·x + sin x) by hand', byHand);
await expectClose('jvp along ones vs hand derivative', dyOnes, byHand);

note(`Symbolic zeros. A value that does not depend on the input has tangent zero, and fluxion
represents that zero symbolically (null) instead of building an array of zeros, so no tangent
work is done for it. Below, sin(w) only involves the constant w: the traced jvp program has
no "cos w" equation, only the tangent of x·w (mul t w).`);
const h = (x: Tensor) => x.mul(w).add(w.sin());
console.log('\n  makeJaxpr((x, t) => jvp(x => x*w + sin(w), [x], [t])):');
console.log(String(makeJaxpr((x: Tensor, t: Tensor) => jvp(h, [x], [t]))(x3, x3)).replace(/^/gm, '    '));

note(`linearize splits the same computation in two: evaluate now, and return the linear map
t ↦ J·t as a function (its tangent program is staged out by partial evaluation).`);
const [yLin, fLin] = linearize(f, x3);
show('linearize: f(x)', yLin);
show('linearize: J·e₀', fLin(np.array([1, 0, 0])));

note(`customJvp replaces the derived rule with your own, for numerical stability or speed. The
classic trap: softplus(x) = log(1 + eˣ), made safe for large x with a where. Its value is fine,
but the derivative of the unused branch is inf/inf = NaN, and 0·NaN is still NaN. A custom rule
(d softplus = sigmoid) fixes it; reverse mode derives from it too, so grad is fixed as well.`);
const softplusNaive = (x: Tensor) => np.where(x.gt(20), x, np.log1p(np.exp(x)));
const softplus = customJvp(softplusNaive, ([x], [t]) => [softplusNaive(x), t.mul(np.sigmoid(x))], 'softplus');
const xs = np.array([-1, 0, 100]);
const gNaive = grad((x: Tensor) => softplusNaive(x).sum())(xs) as Tensor;
const gCustom = grad((x: Tensor) => softplus(x).sum())(xs) as Tensor;
show('softplus(x), x = [-1, 0, 100]', softplus(xs));
show('grad, derived rule', gNaive);
show('grad, customJvp rule', gCustom);
await expectClose('customJvp gradient vs sigmoid', gCustom, np.sigmoid(xs));

// =============================================================================================
section('4. grad: fitting a linear regression by gradient descent');
// =============================================================================================
note(`Reverse mode is derived, not written per op: vjp = linearize (jvp + partial evaluation)
followed by transposing the linear tangent program; grad is vjp of a scalar with cotangent 1.
Only linear primitives (add, mul by a constant, broadcast, reduce_sum, dot_general, ...) need a
transpose rule. Parameters can be any pytree: here a plain object { w, b }.

Data: 64 points, y = X·[2, -1, 0.5] + 0.3 + noise, all float32.`);

const [kData, kNoise] = [0, 1].map((i) => random.split(random.key(42)).slice([i]));
const X = random.normal(kData, [64, 3]);
const wTrue = np.array([2, -1, 0.5]);
const Y = X.matmul(wTrue).add(0.3).add(random.normal(kNoise, [64]).mul(0.1));

interface Params { w: Tensor; b: Tensor }
const predict = (p: Params, x: Tensor) => x.matmul(p.w).add(p.b);
const loss = (p: Params, x: Tensor, y: Tensor) => predict(p, x).sub(y).square().mean();

const lr = 0.1;
const sgdStep = (p: Params, g: Params): Params => treeMap((pi: Tensor, gi: Tensor) => pi.sub(gi.mul(lr)), p, g);

let params: Params = { w: np.zeros([3]), b: np.array(0) };
const lossAndGrad = valueAndGrad(loss);
const losses: number[] = [];
for (let step = 0; step <= 40; step++) {
  const [l, g] = lossAndGrad(params, X, Y) as [Tensor, Params];
  losses.push(Number(await l.item()));
  if (step % 5 === 0) console.log(`  step ${String(step).padStart(2)}   loss ${losses[step].toFixed(5)}`);
  params = sgdStep(params, g);
}
show('fitted w (true [2, -1, 0.5])', params.w);
show('fitted b (true 0.3)', params.b);
if (!(losses[40] < 0.05 * losses[0])) throw new Error(`walkthrough: the loss did not go down (${losses[0]} → ${losses[40]})`);
await expectClose('fitted w vs true w', params.w, wTrue, 0.1);

note(`grad(f, { argnums }) picks arguments; valueAndGrad returns [value, grad]; hasAux carries
extra outputs. vjp exposes the pullback itself:`);
const [yv, pullback] = vjp((x: Tensor) => x.sin().mul(2), x3);
show('vjp: y = 2 sin x', yv);
show('pullback(ones) = 2 cos x', pullback(np.onesLike(yv))[0]);

// =============================================================================================
section('5. vmap: per-example gradients');
// =============================================================================================
note(`vmap(f) maps f over a batch axis without a loop: its trace carries each value with the
axis along which it is batched, and each primitive's vmap rule computes the batched result
directly. So a function written for ONE example becomes a function of a batch.

Per-example gradients are the classic use: grad of the single-example loss, vmapped over the
data but not over the parameters (inAxes null for params).`);
const lossOne = (p: Params, x: Tensor, y: Tensor) => predict(p, x).sub(y).square();
const perExample = vmap(grad(lossOne), { inAxes: [null, 0, 0] })(params, X, Y) as Params;
show('per-example dL/dw: shape', perExample.w.aval);
show('  first three rows', perExample.w.slice([[0, 3]]));
const fullBatch = grad(loss)(params, X, Y) as Params;
show('mean of per-example grads', perExample.w.mean({ axis: 0 }));
show('full-batch grad', fullBatch.w);
await expectClose('mean per-example gradient vs full-batch gradient', perExample.w.mean({ axis: 0 }), fullBatch.w);

note(`The batched program is one program, not 64 copies. Here is vmap of a dot product (the
batch of dot products became one dot_general with a batch dimension):`);
const dotSelf = (v: Tensor) => v.dot(v);
console.log(String(makeJaxpr(vmap(dotSelf))(np.ones([5, 3]))).replace(/^/gm, '    '));

// =============================================================================================
section('6. jit: trace once, run many times');
// =============================================================================================
note(`jit(f) abstracts the inputs to shapes and dtypes, traces f to a Jaxpr once per input
signature, caches it, and binds the higher-order primitive 'jit' whose parameter is that
Jaxpr. Because jit is a primitive like any other, its jvp/vmap/transpose rules are just the
transformed body: jit composes with everything.

What runs depends on the backend: the CPU interpreter (the oracle) runs a jitted Jaxpr equation
by equation, so here jit shows the tracing and caching; on WebGPU the compiler fuses the same Jaxpr
into a few WGSL kernels (kernelsOf(jit(f), ...args) lists them) and a call is one submit.`);

let traces = 0;
const mlpLayer = jit((x: Tensor, W: Tensor, bias: Tensor) => {
  traces++; // runs only while tracing: a jitted function's body is not re-run per call
  return np.tanh(x.matmul(W).add(bias));
}, { name: 'layer' });
const W = random.normal(random.key(7), [3, 4]).mul(0.5);
const bias = np.zeros([4]);
mlpLayer(np.ones([2, 3]), W, bias);
mlpLayer(np.ones([2, 3]).mul(3), W, bias);
show('two calls, same shapes: traces', traces);
mlpLayer(np.ones([5, 3]), W, bias);
show('a new batch size: traces', traces);
if (traces !== 2) throw new Error(`walkthrough: expected 2 traces, got ${traces}`);

console.log('\n  The program jit traced for x: f32[2,3] (mlpLayer.lower):');
console.log(String(mlpLayer.lower(np.ones([2, 3]), W, bias)).replace(/^/gm, '    '));
console.log('\n  Seen from outside, a jitted call is one equation, jit[name=layer jaxpr={...}]:');
console.log(String(makeJaxpr((x: Tensor) => mlpLayer(x, W, bias))(np.ones([2, 3]))).replace(/^/gm, '    '));

note('A whole training step can be jitted: same numbers as the eager loop above.');
const jitStep = jit((p: Params, x: Tensor, y: Tensor) => {
  const [l, g] = lossAndGrad(p, x, y) as [Tensor, Params];
  return [l, sgdStep(p, g)];
}, { name: 'train_step' });
let pj: Params = { w: np.zeros([3]), b: np.array(0) };
for (let step = 0; step <= 40; step++) {
  const [l, next] = jitStep(pj, X, Y) as [Tensor, Params];
  if (step === 40) console.log(`  jitted loop, step 40   loss ${Number(await l.item()).toFixed(5)}  (eager: ${losses[40].toFixed(5)})`);
  if (step === 40 && Math.abs(Number(await l.item()) - losses[40]) > 1e-5) throw new Error('walkthrough: jitted and eager training differ');
  pj = next;
}

// =============================================================================================
section('7. Higher order: hessians, jvp of grad, and grad of a function containing jvp');
// =============================================================================================
note(`Transformations nest freely, because each one's rules run one trace further out. Each
trace is a distinct object (its tag), so nested derivatives never mix up their perturbations.
The classic test: f(x) = x · d/dy[x + y] at y = 0 is just x, so df/dx must be 1 (not 2).`);
const confusion = grad((x: Tensor) => x.mul(grad((y: Tensor) => x.add(y))(np.array(0))));
show('d/dx [x · d/dy(x + y)] at x=3', confusion(np.array(3)));
await expectClose('perturbation confusion test', confusion(np.array(3)), np.array(1));

note(`hessian = jacfwd(jacrev(f)): forward over reverse. For f(x) = Σ sin(x)·x the Hessian is
diagonal with entries 2 cos x − x sin x.`);
const H = hessian(f)(x3);
show('hessian(f)(x)', H);
await expectClose('hessian vs hand', H, np.eye(3).mul(x3.cos().mul(2).sub(x3.mul(x3.sin()))));
show('jacfwd(x => sin x)(x) (diag)', jacfwd((x: Tensor) => x.sin())(x3));
await expectClose('jacfwd vs jacrev', jacfwd(f)(x3), jacrev(f)(x3));

note(`jvp of grad is a Hessian-vector product without building the Hessian:`);
const v = np.array([1, -1, 0.5]);
const [, hvp] = jvp(grad(f), [x3], [v]);
show('jvp(grad f, [x], [v])', hvp);
show('H · v', H.matmul(v));
await expectClose('Hessian-vector product', hvp, H.matmul(v));

note(`Reverse over forward, the shape of the FACM objective (docs/facm.md). A network
F_θ(x, t) is differentiated *forward* along the flow, with tangents (v, 1) for (x, t):

    (F, Ḟ) = jvp((x, t) ↦ F_θ(x, t), (x, t), (v, 1)),   Ḟ = ∂F/∂x·v + ∂F/∂t = dF/dt

and the loss uses Ḟ only through stop_gradient, so grad over θ flows through the primal F.
Toy: F_θ(x, t) = tanh(x·W + t·u), x ∈ ℝ², loss = Σ (F − sg(v + (1 − t)·Ḟ))².`);
interface Net { W: Tensor; u: Tensor }
const F = (p: Net, x: Tensor, t: Tensor) => np.tanh(x.matmul(p.W).add(p.u.mul(t)));
const net: Net = { W: np.array([[0.8, -0.3], [0.2, 0.5]]), u: np.array([0.4, -0.7]) };
const xt = np.array([0.3, -1.2]), vel = np.array([1.0, 0.5]), t0 = np.array(0.6);

const facmLoss = (p: Net) => {
  const [Fv, dFdt] = jvp((x: Tensor, t: Tensor) => F(p, x, t), [xt, t0], [vel, np.array(1)]);
  const target = stopGradient(vel.add(np.subtract(1, t0).mul(dFdt)));
  return Fv.sub(target).square().sum();
};

// dF/dt checked against a central difference along the flow: F(x + h·v, t + h) − F(x − h·v, t − h).
const [, dFdt] = jvp((x: Tensor, t: Tensor) => F(net, x, t), [xt, t0], [vel, np.array(1)]);
const hstep = 1e-2;
const fd = F(net, xt.add(vel.mul(hstep)), t0.add(hstep)).sub(F(net, xt.sub(vel.mul(hstep)), t0.sub(hstep))).div(2 * hstep);
show('dF/dt by jvp', dFdt);
show('dF/dt by finite differences', fd);
await expectClose('total derivative vs finite differences', dFdt, fd, 1e-3);

// grad through a function containing jvp, against the same loss with the target precomputed.
const gFacm = grad(facmLoss)(net) as Net;
const fixedTarget = vel.add(np.subtract(1, t0).mul(dFdt));
const gPlain = grad((p: Net) => F(p, xt, t0).sub(fixedTarget).square().sum())(net) as Net;
show('grad(loss containing jvp).W', gFacm.W);
show('same loss, target precomputed', gPlain.W);
await expectClose('reverse-over-forward gradient', gFacm.W, gPlain.W);
await expectClose('reverse-over-forward gradient (u)', gFacm.u, gPlain.u);

// =============================================================================================
section('8. Random numbers: explicit keys');
// =============================================================================================
note(`As in JAX there is no global random state. A key is a u32[2] array; samplers are pure
functions of (key, shape), so the same key always gives the same numbers and code using them
can be traced by jit, vmap and grad. To get fresh randomness, split the key. The bits are
threefry2x32 (counter-based) in the layout JAX uses by default since 0.5, so the numbers below are
JAX's own: jax.random.split(jax.random.key(0)) prints the same two keys. An array iterates over its
first axis, so the keys destructure.`);
const key = random.key(0);
const keys = random.split(key, 2);
show('random.key(0)', key);
show('random.split(key)', keys);
const [k1, k2] = keys;
show('uniform(k1, [4])', random.uniform(k1, [4]));
show('uniform(k1, [4]) again', random.uniform(k1, [4]));
show('normal(k2, [4])', random.normal(k2, [4]));
await expectClose('same key, same numbers', random.uniform(k1, [4]), random.uniform(k1, [4]), 0);
const big = random.normal(k2, [10000]);
show('10k normals: mean, std', `${Number(await big.mean().item()).toFixed(3)}, ${Number(await np.std(big).item()).toFixed(3)}`);

// =============================================================================================
section('9. Compositionality');
// =============================================================================================
note(`Autodidax ends by composing everything. f(x) = Σ sin(x)·x has gradient cos x·x + sin x,
and every route below must produce it (and the jvp route also H·v).`);
const fj = jit(f, { name: 'f' });
const x = np.array([0.5, -1.5, 2.0]);
const expected = x.cos().mul(x).add(x.sin());
const expectedHv = x.cos().mul(2).sub(x.mul(x.sin())).mul(v);
const batch = np.stack([x, x.mul(2), x.neg()]);
const results: [string, Tensor, Tensor][] = [
  ['grad(f)', grad(f)(x), expected],
  ['grad(jit(f))', grad(fj)(x), expected],
  ['jit(grad(jit(f)))', jit(grad(fj))(x), expected],
  ['jvp(grad(f)) primal', jvp(grad(f), [x], [v])[0], expected],
  ['jvp(grad(f)) tangent = H·v', jvp(grad(f), [x], [v])[1], expectedHv],
  ['jvp(grad(jit(f))) tangent', jvp(grad(fj), [x], [v])[1], expectedHv],
  ['vmap(grad(f))[0]', (vmap(grad(f))(batch) as Tensor).slice([0]), expected],
  ['vmap(grad(jit(f))) (whole batch)', vmap(grad(fj))(batch) as Tensor, batch.cos().mul(batch).add(batch.sin())],
  ['jit(vmap(grad(f)))[2]', (jit(vmap(grad(f)))(batch) as Tensor).slice([2]), expected.neg()],
];
for (const [name, got, want] of results) {
  const d = await expectClose(name, got, want);
  console.log(`  ${name.padEnd(34)} max |diff| ${d.toExponential(1).padStart(8)}   ${got.ndim === 1 ? String(got) : `${got.aval} (all rows checked)`}`);
}
console.log(`\n  compositionality: all ${results.length} routes agree`);
console.log(`\nwalkthrough finished in ${((performance.now() - started) / 1000).toFixed(2)} s`);
