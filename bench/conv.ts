// A 2-d convolution layer, forward and backward (issue 13): batch 64, 32 → 64 channels, 3×3
// kernel, 28×28, SAME, with bias — fluxion against the ceiling tool's matmul rate and against
// jax-js on WebGPU, each in its own process (no two Dawn devices share one).
//
//   npx tsx bench/conv.ts [--ceiling PATH] [--reps 5] [--warmup 1] [--skip ceiling,jaxjs] [--out bench/RESULTS-conv.md]
//   npx tsx bench/conv.ts --role fluxion|jaxjs [--reps N] [--warmup N]   (a child: one JSON line)
//
// Timing convention (bench/common.ts): one run = the jitted call + `await data()` of every output;
// the figure is the median of the timed runs after the warm-up. Work: forward 2·N·H·W·O·C·9 flops;
// forward + backward (dy given: dx, dw and db) 3× that. jax-js's convolution takes NCHW/OIHW only,
// so fluxion runs both NCHW/OIHW (the like-for-like comparison) and NHWC/HWIO (the nn layer's).
// The children check each other: the forward output's checksum and a few gradient entries.
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { getPriority, setPriority } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { cpuSeconds, emit, errMsg, round, timeRuns, uniformData } from './common.js';

/* eslint-disable @typescript-eslint/no-explicit-any */
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const N = 64, C = 32, O = 64, H = 28, W = 28, K = 3;
const FWD_FLOPS = 2 * N * H * W * O * C * K * K;

function arg(name: string, dflt: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] !== undefined ? process.argv[i + 1] : dflt;
}
const role = arg('role', 'run');
const reps = Number(arg('reps', '5')), warmup = Number(arg('warmup', '1'));
if (!Number.isInteger(reps) || reps < 1 || !Number.isInteger(warmup) || warmup < 0) {
  process.stderr.write('bench/conv.ts: --reps must be an integer ≥ 1 and --warmup ≥ 0\n');
  process.exit(2);
}

/** The same bytes for every library: NCHW input, OIHW kernel, bias, and the upstream gradient. */
const inputs = () => ({
  x: uniformData(N * C * H * W, 31, -1, 1), w: uniformData(O * C * K * K, 32, -0.2, 0.2),
  b: uniformData(O, 33, -0.5, 0.5), dy: uniformData(N * O * H * W, 34, -1, 1),
});
/** NCHW ↔ NHWC and OIHW → HWIO on the host (so both layouts see the same numbers). */
function permute(src: Float32Array, shape: number[], perm: number[]): Float32Array {
  const out = new Float32Array(src.length), nd = shape.length;
  const st = shape.map((_, d) => shape.slice(d + 1).reduce((a, b) => a * b, 1));
  const oshape = perm.map((p) => shape[p]);
  const idx = new Array<number>(nd).fill(0);
  for (let o = 0; o < out.length; o++) {
    let r = o, off = 0;
    for (let d = nd - 1; d >= 0; d--) { idx[d] = r % oshape[d]; r = Math.floor(r / oshape[d]); }
    for (let d = 0; d < nd; d++) off += idx[d] * st[perm[d]];
    out[o] = src[off];
  }
  return out;
}
const sum = (a: ArrayLike<number>) => { let s = 0; for (let i = 0; i < a.length; i++) s += a[i]; return s; };
/** A few entries to compare across libraries (canonical NCHW / OIHW order). */
const sample = (a: ArrayLike<number>) => [0, 1, 777, 12345, a.length - 1].filter((i) => i < a.length).map((i) => +a[i].toPrecision(6));

interface Figures { ms: number; gflops: number; firstCallMs: number; runsMs: number[] }
const fig = (t: { medianMs: number; runsMs: number[] }, flops: number, firstCallMs: number): Figures =>
  ({ ms: t.medianMs, gflops: round(flops / t.medianMs / 1e6, 3), firstCallMs: round(firstCallMs, 1), runsMs: t.runsMs });

async function measure(run: () => Promise<void>, flops: number): Promise<Figures> {
  const t0 = performance.now();
  await run();
  const first = performance.now() - t0;
  return fig(await timeRuns(run, reps, warmup), flops, first);
}

// --- fluxion ----------------------------------------------------------------------------------
async function fluxion() {
  // No nice here: init renices fluxion's own main thread once the device exists (on CPU adapters),
  // so lavapipe's workers, created with the device, keep nice 0. Nicing the whole process first
  // would put them at 19 too, level with dawn.node's busy-polling main thread (~1.6× slower).
  const fx = await import('../src/node.js');
  const backend = await fx.init({ backend: 'webgpu' });
  const { np, lax, jit, valueAndGrad } = fx;
  const h = inputs();
  const result: Record<string, any> = { bench: 'fluxion conv', backend, layouts: {} };
  for (const layout of ['NCHW', 'NHWC'] as const) {
    const nhwc = layout === 'NHWC';
    const dn: [string, string, string] = nhwc ? ['NHWC', 'HWIO', 'NHWC'] : ['NCHW', 'OIHW', 'NCHW'];
    const x = np.array(nhwc ? permute(h.x, [N, C, H, W], [0, 2, 3, 1]) : h.x, { shape: nhwc ? [N, H, W, C] : [N, C, H, W] });
    const w = np.array(nhwc ? permute(h.w, [O, C, K, K], [2, 3, 1, 0]) : h.w, { shape: nhwc ? [K, K, C, O] : [O, C, K, K] });
    const b = np.array(h.b, { shape: [O] });
    const dy = np.array(nhwc ? permute(h.dy, [N, O, H, W], [0, 2, 3, 1]) : h.dy, { shape: nhwc ? [N, H, W, O] : [N, O, H, W] });
    const bias = (bb: any) => (nhwc ? bb : bb.reshape([O, 1, 1]));
    const layer = (xx: any, ww: any, bb: any) => lax.convGeneralDilated(xx, ww, [1, 1], 'SAME', { dimensionNumbers: dn }).add(bias(bb));
    const fwd = jit(layer);
    const loss = (xx: any, ww: any, bb: any, g: any) => layer(xx, ww, bb).mul(g).sum();
    const bwd = jit((xx: any, ww: any, bb: any, g: any) => { const [v, gs] = valueAndGrad(loss, { argnums: [0, 1, 2] })(xx, ww, bb, g) as any; return [v, ...gs]; });
    let y: ArrayLike<number> = [], grads: ArrayLike<number>[] = [], value = NaN;
    const forward = await measure(async () => { y = await fwd(x, w, b).data(); }, FWD_FLOPS);
    const backward = await measure(async () => {
      const outs = bwd(x, w, b, dy) as any[];
      const [v, ...gs] = await Promise.all(outs.map((t) => t.data()));
      value = v[0]; grads = gs;
    }, 3 * FWD_FLOPS);
    const kernels = fx.kernelsOf(fwd, x, w, b).map((k) => k.name);
    const bwdKernels = fx.kernelsOf(bwd, x, w, b, dy).map((k) => k.name);
    const yN = nhwc ? permute(Float32Array.from(y), [N, H, W, O], [0, 3, 1, 2]) : y;
    const dxN = nhwc ? permute(Float32Array.from(grads[0]), [N, H, W, C], [0, 3, 1, 2]) : grads[0];
    const dwN = nhwc ? permute(Float32Array.from(grads[1]), [K, K, C, O], [3, 2, 0, 1]) : grads[1];
    result.layouts[layout] = {
      forward, forwardBackward: backward, kernels, backwardKernels: bwdKernels,
      check: { ySum: round(sum(yN), 2), loss: +value.toPrecision(6), y: sample(yN), dx: sample(dxN), dw: sample(dwN), db: sample(grads[2]) },
    };
  }
  result.mainThreadNice = getPriority(process.pid);
  result.cpuSeconds = cpuSeconds();
  emit(result);
  process.exit(0);
}

// --- jax-js ----------------------------------------------------------------------------------
async function jaxjs() {
  const { startJaxjs } = await import('./peers/jaxjs-start.js');
  const result: Record<string, any> = { bench: 'jax-js conv' };
  const { jax, library, gpuDevice, info } = await startJaxjs('webgpu', result);
  // The treatment fluxion gives itself: the main thread niced once the device (and lavapipe's
  // workers) exist, as bench/peers/jaxjs-facm.ts does.
  if (process.argv.includes('--nice')) setPriority(process.pid, 19);
  result.mainThreadNice = getPriority(process.pid);
  Object.assign(result, { library, ...info });
  const np = jax.numpy, lax = jax.lax;
  const h = inputs();
  const x = np.array(h.x, { shape: [N, C, H, W] }), w = np.array(h.w, { shape: [O, C, K, K] });
  const b = np.array(h.b, { shape: [O, 1, 1] }), dy = np.array(h.dy, { shape: [N, O, H, W] });
  const layer = (xx: any, ww: any, bb: any) => lax.convGeneralDilated(xx, ww, [1, 1], 'SAME').add(bb);
  const fwd = jax.jit(layer);
  // Forward + backward as one program: ⟨layer(x, w, b), dy⟩ and its gradient w.r.t. x, w, b
  // (jax-js 0.1.25's vjp of this layer fails with "conv() strides != spatial dims"; grad works).
  const loss = (xx: any, ww: any, bb: any, g: any) => layer(xx, ww, bb).mul(g).sum();
  const bwd = jax.jit((xx: any, ww: any, bb: any, g: any) => jax.valueAndGrad(loss, { argnums: [0, 1, 2] })(xx, ww, bb, g));
  let y: ArrayLike<number> = [], grads: ArrayLike<number>[] = [], value = NaN;
  try {
    const forward = await measure(async () => { y = await fwd(x.ref, w.ref, b.ref).data(); }, FWD_FLOPS);
    const backward = await measure(async () => {
      const [v, gs] = bwd(x.ref, w.ref, b.ref, dy.ref) as any;
      const [vv, ...gg] = await Promise.all([v, ...gs].map((t: any) => t.data()));
      value = vv[0]; grads = gg;
    }, 3 * FWD_FLOPS);
    result.layouts = {
      NCHW: { forward, forwardBackward: backward, check: { ySum: round(sum(y), 2), loss: +value.toPrecision(6), y: sample(y), dx: sample(grads[0]), dw: sample(grads[1]), db: sample(grads[2]) } },
    };
  } catch (e) {
    result.error = errMsg(e);
  }
  result.cpuSeconds = cpuSeconds();
  emit(result);
  gpuDevice?.destroy();
  process.exit(0);
}

// --- the run: children one after the other, then the report -------------------------------------
function child(name: string, nodeArgs: string[]): Promise<any> {
  process.stderr.write(`[conv] ${name}: node ${nodeArgs.join(' ')}\n`);
  return new Promise((resolve) => {
    const c = spawn(process.execPath, nodeArgs, { cwd: ROOT, env: { XDG_RUNTIME_DIR: '/tmp', ...process.env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '', err = '';
    c.stdout.on('data', (d) => { out += d; });
    c.stderr.on('data', (d) => { err += d; });
    c.on('close', (code) => {
      const line = out.split('\n').map((l) => l.trim()).filter((l) => l.startsWith('{')).pop();
      let json: any;
      try { json = line ? JSON.parse(line) : undefined; } catch { /* below */ }
      if (!json || code !== 0) json = { ...(json ?? {}), error: json?.error ?? `exit ${code}: ${err.split('\n').filter((l) => l.trim() && !/artificially/.test(l)).slice(-6).join(' | ')}` };
      process.stderr.write(`[conv] ${name}: ${json.error ? `FAILED ${json.error}` : 'done'}\n`);
      resolve(json);
    });
  });
}

async function run() {
  const skip = new Set(arg('skip', '').split(',').filter(Boolean));
  const ceilingPath = arg('ceiling', process.env.FLUXION_CEILING ?? '-');
  const out = path.resolve(ROOT, arg('out', 'bench/RESULTS-conv.md'));
  const pass = ['--reps', String(reps), '--warmup', String(warmup), '--nice'];
  const ceil = skip.has('ceiling') || ceilingPath === '-' ? undefined : await child('ceiling', [ceilingPath, '--nice']);
  const fxr = await child('fluxion', ['--import', 'tsx', 'bench/conv.ts', '--role', 'fluxion', ...pass]);
  const jx = skip.has('jaxjs') ? undefined : await child('jaxjs-webgpu', ['--import', 'tsx', 'bench/conv.ts', '--role', 'jaxjs', ...pass]);
  const ceilG: number | undefined = ceil?.matmul?.gflops;
  const rows: string[] = [];
  const line = (lib: string, layout: string, f: any) => {
    if (!f) return;
    for (const [what, m] of [['forward', f.forward], ['forward + backward', f.forwardBackward]] as const) {
      const toCeil = ceilG ? round(m.gflops / ceilG, 2) : 'n/a';
      rows.push(`| ${lib} | ${layout} | ${what} | ${m.ms} | ${m.gflops} | ${toCeil} | ${m.firstCallMs} |`);
    }
  };
  for (const l of ['NCHW', 'NHWC']) line('fluxion', l, fxr.layouts?.[l]);
  line('jax-js webgpu', 'NCHW', jx?.layouts?.NCHW);
  const speed = (what: 'forward' | 'forwardBackward') => {
    const a = jx?.layouts?.NCHW?.[what]?.ms, f = fxr.layouts?.NCHW?.[what]?.ms;
    return a && f ? round(a / f, 2) : undefined;
  };
  const agree = (() => {
    const a = fxr.layouts?.NCHW?.check, b = jx?.layouts?.NCHW?.check, c = fxr.layouts?.NHWC?.check;
    const near = (v: number, q: number) => Math.abs(v - q) <= 1e-3 * (1 + Math.abs(q));
    const close = (p: any, q: any) => p && q && near(p.loss, q.loss) && ['y', 'dx', 'dw', 'db'].every((k) => p[k].every((v: number, i: number) => near(v, q[k][i])));
    return { fluxionNchwVsNhwc: close(a, c), fluxionVsJaxjs: b ? close(a, b) : undefined };
  })();
  const best = Math.max(fxr.layouts?.NCHW?.forwardBackward?.gflops ?? 0, fxr.layouts?.NHWC?.forwardBackward?.gflops ?? 0);
  const text = [
    `# Conv layer benchmark (bench/conv.ts), ${new Date().toISOString()}`, '',
    `Command: \`npx tsx bench/conv.ts --ceiling ${ceilingPath === process.env.FLUXION_CEILING ? '"$FLUXION_CEILING"' : ceilingPath} --reps ${reps} --warmup ${warmup}\``, '',
    `Workload: batch ${N}, ${C} → ${O} channels, ${K}×${K}, ${H}×${W}, SAME, bias; forward ${round(FWD_FLOPS / 1e9, 3)} GFLOP, forward + backward (⟨y, dy⟩ and its gradient: dx, dw, db, one jitted valueAndGrad) 3×.`, '',
    `Adapter: ${fxr.backend ?? '?'} / ${ceil?.adapter ?? jx?.adapter ?? '?'}; ceiling matmul ${ceilG ?? 'not run'} GFLOP/s (${ceil?.matmul?.kernel ?? '-'}, ${ceil?.matmul?.size ?? '-'}³).`, '',
    `Main threads: fluxion at nice ${fxr.mainThreadNice ?? '?'} (init renices it once the device exists), jax-js at nice ${jx?.mainThreadNice ?? '?'} (niced by this bench once its device exists); lavapipe's workers at nice 0 in both.`, '',
    '| library | layout | pass | median ms | GFLOP/s | ÷ ceiling | first call ms |', '|---|---|---|---|---|---|---|', ...rows, '',
    `fluxion kernels, forward: ${JSON.stringify(fxr.layouts?.NHWC?.kernels ?? fxr.error)}; forward + backward: ${JSON.stringify(fxr.layouts?.NHWC?.backwardKernels ?? [])}`, '',
    `Goals: ≥ 0.5× ceiling — best forward+backward ${ceilG ? round(best / ceilG, 2) : 'n/a'}×; ≥ 3× jax-js WebGPU — forward ${speed('forward') ?? 'n/a'}×, forward + backward ${speed('forwardBackward') ?? 'n/a'}× (NCHW, like for like).`, '',
    `Cross-checks (1e-3 relative on sampled entries of y, dx, dw, db and on ⟨y, dy⟩): fluxion NCHW vs NHWC ${agree.fluxionNchwVsNhwc}, fluxion vs jax-js ${agree.fluxionVsJaxjs ?? 'not run'}.`, '',
    '```json', JSON.stringify({ ceiling: ceil, fluxion: fxr, jaxjs: jx }), '```', '',
  ].join('\n');
  writeFileSync(out, text);
  process.stdout.write(`${text}\n`);
}

try {
  if (role === 'fluxion') await fluxion();
  else if (role === 'jaxjs') await jaxjs();
  else await run();
} catch (e) {
  emit({ bench: `conv ${role}`, error: errMsg(e) });
  process.exit(1);
}

