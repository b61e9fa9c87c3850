/**
 * ONNX export round trip: models written by onnx.exportOnnx run in ONNX Runtime (onnxruntime-node)
 * and give fluxion's own results to 1e-5 — the 2-D FACM one-step generator, attention, and a
 * function touching every lowered primitive on fresh random inputs.
 */
import * as ort from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import { Tensor, errors, facm, jit, lax, nn, np, onnx, random, treeFlatten, treeUnflatten } from '../src/node.js';
import { float32ToHalf, halfToFloat32 } from '../src/io/half.js';

async function runOnnx(bytes: Uint8Array, feeds: Record<string, Tensor>): Promise<Record<string, Float32Array | Int32Array>> {
  const session = await ort.InferenceSession.create(bytes);
  const inputs: Record<string, ort.Tensor> = {};
  for (const [name, t] of Object.entries(feeds)) {
    const data = await t.data();
    inputs[name] = new ort.Tensor(t.dtype === 'int32' ? 'int32' : 'float32', t.dtype === 'int32' ? Int32Array.from(data) : Float32Array.from(data), t.shape);
  }
  const out = await session.run(inputs);
  return Object.fromEntries(Object.entries(out).map(([k, v]) => [k, v.data as Float32Array | Int32Array]));
}

async function expectClose(got: ArrayLike<number>, want: Tensor, tol = 1e-5) {
  const w = await want.data();
  expect(got.length).toBe(w.length);
  let worst = 0;
  for (let i = 0; i < w.length; i++) worst = Math.max(worst, Math.abs(got[i]! - w[i]!) / Math.max(1, Math.abs(w[i]!)));
  expect(worst).toBeLessThan(tol);
}

describe('onnx.exportOnnx round trip through ONNX Runtime', () => {
  it('the 2-D one-step generator x = ε + F(ε, 0) of a time-MLP', async () => {
    const p = nn.initTimeMlp(random.key(3), { dataDim: 2, hidden: 32, depth: 2, embedDim: 16, zeroInitLast: false });
    const gen = (params: nn.TimeMlpParams, eps: Tensor) => facm.sampleOneStep((x, c) => nn.timeMlp(params, x, c), eps);
    const eps = random.normal(random.key(4), [64, 2]);
    const bytes = await onnx.exportOnnx(gen, [p, eps], { inputNames: ['noise'], outputNames: ['sample'] });
    const got = await runOnnx(bytes, { noise: eps });
    await expectClose(got.sample!, gen(p, eps));
    // Fresh noise through the same model: the graph is not a recording of one input.
    const eps2 = random.normal(random.key(5), [64, 2]);
    await expectClose((await runOnnx(bytes, { noise: eps2 })).sample!, gen(p, eps2));
  });

  it('a class-conditional DiT one-step generator (attention, adaLN, patchify) with labels as an int32 input', async () => {
    const cfg = { size: 8, channels: 1, patch: 4, dim: 16, depth: 1, heads: 2, mlpRatio: 2, timeDim: 16, classes: 10 };
    // The final layer starts at zero (adaLN-Zero): perturb every parameter so the output is not trivially ε.
    const init = nn.initDit(random.key(11), cfg);
    const leaves = treeFlatten(init);
    const params = treeUnflatten(leaves.def, (leaves.leaves as Tensor[]).map((w, i) => w.add(random.normal(random.key(100 + i), w.shape).mul(0.05)))) as nn.DitParams;
    const gen = (p: nn.DitParams, eps: Tensor, y: Tensor) => facm.sampleOneStep((x, c) => nn.dit(p, x, c, y, cfg), eps);
    const eps = random.normal(random.key(12), [3, 8, 8, 1]);
    const y = np.array([7, 0, 10], { dtype: 'int32' }); // 10: the null class
    const bytes = await onnx.exportOnnx(gen, [params, eps, y], { inputNames: ['noise', 'label'], outputNames: ['digit'] });
    await expectClose((await runOnnx(bytes, { noise: eps, label: y })).digit!, gen(params, eps, y));
  });

  it('multi-head dot-product attention with a causal mask', async () => {
    const [kq, kk, kv] = random.split(random.key(6), 3);
    const q = random.normal(kq, [2, 5, 3, 8]), k = random.normal(kk, [2, 5, 3, 8]), v = random.normal(kv, [2, 5, 3, 8]);
    const f = (qq: Tensor, kk2: Tensor, vv: Tensor) => nn.dotProductAttention(qq, kk2, vv, { isCausal: true });
    const bytes = await onnx.exportOnnx(f, [q, k, v], { constArgs: [], inputNames: ['q', 'k', 'v'] });
    await expectClose((await runOnnx(bytes, { q, k, v })).output_0!, f(q, k, v));
  });

  it('a function over every lowered primitive, on fresh random inputs', async () => {
    const inner = jit((a: Tensor) => np.tanh(a).mul(2)); // a nested jit is inlined
    const f = (w: Tensor, x: Tensor, idx: Tensor) => {
      const h = np.einsum('bij,jk->bik', x, w); // dot_general with a batch-free contraction
      const b = np.einsum('bij,bkj->bik', h, h); // and a batched one
      const s = nn.softmax(b, -1).add(np.log1p(np.abs(x.sum(-1, { keepdims: true })))).add(np.expm1(np.full([1], 0.3)));
      const r = np.where(np.greater(s, 0.2), np.sqrt(np.abs(s).add(1)), np.mod(s.mul(7), 0.5));
      const t = np.concatenate([np.take(r, idx, 1), np.pad(r, [[0, 0], [1, 2], [0, 0]])], 1);
      const c = np.cumsum(t, 1);
      const arg = np.argmax(c, -1).astype('float32');
      const io = np.arange(c.shape[2]).astype('float32');
      return [inner(c.mul(io).mean(-1)).add(arg), np.max(c, [1, 2]), np.transpose(np.floor(c), [2, 0, 1]).reshape([-1])];
    };
    const w = random.normal(random.key(7), [4, 4]), x = random.normal(random.key(8), [3, 5, 4]);
    const idx = np.array([4, 0, 2], { dtype: 'int32' });
    const bytes = await onnx.exportOnnx(f, [w, x, idx], { inputNames: ['x', 'idx'] });
    const got = await runOnnx(bytes, { x, idx });
    const want = f(w, x, idx);
    for (const [i, t] of want.entries()) await expectClose(got[`output_${i}`]!, t);
  });

  it('integer remainder keeps the dividend\'s sign, as fluxion\'s rem', async () => {
    const f = (a: Tensor) => np.mod(a, 3).mul(100).add(lax.rem(a, np.full([7], 3, 'int32'))); // floor mod and truncated rem
    const a = np.array([-7, -3, -1, 0, 2, 5, 8], { dtype: 'int32' });
    const got = (await runOnnx(await onnx.exportOnnx(f, [a], { constArgs: [] }), { input_0: a })).output_0!;
    expect(Array.from(got)).toEqual(Array.from(await f(a).data()));
  });

  it('a float16 dense layer: f16 initializers (written as 16-bit patterns) and f16 input run in ONNX Runtime as in fluxion', async () => {
    const p0 = nn.initDense(random.key(0), 3, 4);
    const p = { w: p0.w.astype('float16'), b: p0.b.astype('float16') };
    const f = (pp: nn.DenseParams, x: Tensor) => np.tanh(nn.dense(pp, x));
    const x = np.array([[0.5, -1, 2], [1, 1, 1]], 'float16');
    const session = await ort.InferenceSession.create(await onnx.exportOnnx(f, [p, x]));
    const out = await session.run({ input_0: new ort.Tensor('float16', float32ToHalf(await x.data()), [2, 3]) });
    expect(out.output_0!.type).toBe('float16');
    // Both round every step to float16; ONNX Runtime's tanh may differ from fluxion's by an f16 ulp.
    await expectClose(halfToFloat32(out.output_0!.data as Uint16Array), f(p, x), 2 ** -10);
  });

  it('names what it cannot export', async () => {
    const p = nn.initDense(random.key(0), 2, 2);
    const noisy = (params: nn.DenseParams, key: Tensor) => nn.dense(params, random.normal(key, [4, 2]));
    await expect(onnx.exportOnnx(noisy, [p, random.key(1)])).rejects.toThrow(errors.ExportError);
    await expect(onnx.exportOnnx(noisy, [p, random.key(1)])).rejects.toThrow(/onnx\.exportOnnx: the primitive '(threefry2x32|shift_right_logical|xor)' has no ONNX lowering.*noise as an input/);
    await expect(onnx.exportOnnx((a: Tensor) => a, [np.ones([2])], { constArgs: [3] })).rejects.toThrow(/constArgs holds 3, but f is traced with 1 arguments/);
    await expect(onnx.exportOnnx((a: Tensor) => a, [np.ones([2])], { inputs: [] } as never)).rejects.toThrow(errors.ArgumentError);
  });
});
