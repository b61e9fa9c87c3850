/**
 * Where the first call of a jit program spends its time on lavapipe (issue 12, "Compile time"):
 * the FACM training step of bench/facm-step.ts (or the demo's teacher step, --program teacher),
 * called twice. Counts distinct WGSL modules and their size, times every createShaderModule +
 * createComputePipeline (Dawn's WGSL → SPIR-V → NIR), and, with --per-kernel, the first and
 * second execution of every kernel (FLUXION_DEBUG=2 timing: lavapipe runs LLVM on a pipeline's
 * first dispatch, so first − second is that kernel's LLVM compile), summed per kernel kind.
 *
 *   MESA_SHADER_CACHE_DISABLE=true npx tsx bench/compile-probe.ts [--program step|teacher] [--per-kernel] [--dump DIR]
 *
 * Cold = MESA_SHADER_CACHE_DISABLE=true (nothing from Mesa's disk cache); without it, warm.
 */
import { loadWebGpu } from './common.js';
import { FACM } from './facm-common.js';
import type { Tensor } from '../src/node.js';
import type { TimeMlpParams } from '../src/nn/time-mlp.js';

/* eslint-disable @typescript-eslint/no-explicit-any */
const argv = process.argv.slice(2);
const program = argv.includes('--program') ? argv[argv.indexOf('--program') + 1] : 'step';
const perKernel = argv.includes('--per-kernel');
if (perKernel) process.env.FLUXION_DEBUG = '2';

loadWebGpu();
const g = globalThis as any;
const modules = new Map<string, number>();
let moduleMs = 0, pipelineMs = 0, pipelines = 0, pipelineCpuS = 0;
/** createComputePipeline CPU seconds per kernel kind (label up to its first '_': MM, E, R, RW, ...). */
const pipelineCpuByKind = new Map<string, { n: number; cpuS: number; maxS: number }>();
const cpuNow = () => { const c = process.cpuUsage(); return (c.user + c.system) / 1e6; };
{
  const proto = g.GPUDevice.prototype;
  const sm = proto.createShaderModule, cp = proto.createComputePipeline;
  proto.createShaderModule = function (this: unknown, d: { code: string }) {
    const t0 = performance.now();
    try { return sm.call(this, d); } finally { moduleMs += performance.now() - t0; modules.set(d.code, (modules.get(d.code) ?? 0) + 1); }
  };
  proto.createComputePipeline = function (this: unknown, d: { label?: string }) {
    const t0 = performance.now(), c0 = cpuNow();
    try { return cp.call(this, d); } finally {
      const dc = cpuNow() - c0;
      pipelineMs += performance.now() - t0; pipelines++; pipelineCpuS += dc;
      const kind = (d.label ?? '?').replace(/_.*$/, '');
      const e = pipelineCpuByKind.get(kind) ?? { n: 0, cpuS: 0, maxS: 0 };
      e.n++; e.cpuS += dc; e.maxS = Math.max(e.maxS, dc);
      pipelineCpuByKind.set(kind, e);
    }
  };
}
// Per-kernel times from FLUXION_DEBUG=2 lines: `kernel NAME  123.4 µs ... (program)`.
const kernelLines: { name: string; us: number }[] = [];
if (perKernel) {
  const orig = console.error.bind(console);
  const hook = (...a: unknown[]) => {
    const m = /kernel (\S+)\s+([\d.]+) µs/.exec(String(a[0]));
    if (m) kernelLines.push({ name: m[1], us: Number(m[2]) }); else orig(...a);
  };
  console.error = hook; console.log = ((l) => (...a: unknown[]) => (/kernel \S+\s+[\d.]+ µs/.test(String(a[0])) ? hook(...a) : l(...a)))(console.log.bind(console));
}

const { facm, init, nn, np, optim, random, webgpuStats } = await import('../src/node.js');
await init({ backend: 'webgpu' });
// The demo's teacher (examples/facm-2d.ts defaults): batch 256, hidden 128, depth 3, embed 32.
const cfg = program === 'teacher' ? { dataDim: 2, hidden: 128, depth: 3, embedDim: 32 }
  : { dataDim: FACM.dataDim, hidden: FACM.hidden, depth: FACM.depth, embedDim: FACM.embedDim };
const B = program === 'teacher' ? 256 : FACM.batch;
type Params = TimeMlpParams;
const teacher = nn.initTimeMlp(random.key(1), cfg);
const opt = optim.chain(optim.clipByGlobalNorm(FACM.clipNorm), optim.adamw(FACM.lr, { b1: FACM.b1, b2: FACM.b2, eps: FACM.eps, weightDecay: 0 }));
const { data } = await import('../src/node.js');
const sample = (k: Tensor) => {
  const [kx, ke, kt] = [0, 1, 2].map((i) => random.foldIn(k, i));
  return { x: data.sampleDataset('8gaussians', kx, B).x, eps: random.normal(ke, [B, 2]), t: facm.sampleTime(kt, B) };
};
const loss = program === 'teacher'
  ? (p: Params, _tp: Params, k: Tensor): [Tensor, Record<string, Tensor>] => {
    const s = sample(k);
    const xt = facm.interpolate(s.x, s.eps, s.t);
    return [facm.teacherLoss((a, c) => nn.timeMlp(p, a, c), xt, s.t, facm.velocity(s.x, s.eps)).loss, {}];
  }
  : (p: Params, tp: Params, k: Tensor): [Tensor, Record<string, Tensor>] => {
    const s = sample(k);
    const xt = facm.interpolate(s.x, s.eps, s.t);
    const v = facm.guidedVelocity((a, cc) => nn.timeMlp(tp, a, cc), xt, s.t);
    return [facm.facmLoss((a, cc) => nn.timeMlp(p, a, cc), xt, s.t, v).loss, {}];
  };
const step = facm.makeTrainStep(loss, opt, FACM.emaDecay, `probe_${program}`);
const state = facm.initTrainState(nn.initTimeMlp(random.key(2), cfg), opt, np.zeros([]));

/** CPU seconds per thread name (Linux /proc): the main thread's tracing and jit compiling vs Dawn's and lavapipe's threads. */
const { readdirSync, readFileSync } = await import('node:fs');
function threadCpu(): Map<string, number> {
  const m = new Map<string, number>();
  const tick = 100; // USER_HZ
  try {
    for (const tid of readdirSync('/proc/self/task')) {
      try {
        const comm = readFileSync(`/proc/self/task/${tid}/comm`, 'utf8').trim();
        const f = readFileSync(`/proc/self/task/${tid}/stat`, 'utf8').split(') ')[1].split(' ');
        const name = tid === String(process.pid) ? 'main' : comm.replace(/\d+$/, 'N');
        m.set(name, (m.get(name) ?? 0) + (Number(f[11]) + Number(f[12])) / tick);
      } catch { /* thread ended */ }
    }
  } catch { /* not Linux */ }
  return m;
}
const threadDelta = (a: Map<string, number>, b: Map<string, number>) =>
  Object.fromEntries([...b].map(([k, v]) => [k, +(v - (a.get(k) ?? 0)).toFixed(2)]).filter(([, v]) => (v as number) > 0.05));
/** Process CPU seconds (all threads: lavapipe's LLVM and Dawn's included) — robust to the shared machine's load, unlike wall time. */
const cpu = () => { const c = process.cpuUsage(); return (c.user + c.system) / 1e6; };
let cpuOfCall = 0;
const call = async (i: number) => {
  const t0 = performance.now(), c0 = cpu();
  const [, m] = step(state, teacher, random.key(i));
  await m.loss.data();
  await new Promise((r) => setTimeout(r, perKernel ? 300 : 0)); // let the timing lines print
  cpuOfCall = cpu() - c0;
  return performance.now() - t0;
};
const before = webgpuStats().pipelinesCreated;
pipelineCpuByKind.clear(); pipelineCpuS = 0; pipelineMs = 0; moduleMs = 0;
const modulesBefore = new Set(modules.keys());
const k0 = kernelLines.length;
const th0 = threadCpu();
const first = await call(0);
const firstThreads = threadDelta(th0, threadCpu());
const firstCpu = cpuOfCall;
const k1 = kernelLines.length;
const created = webgpuStats().pipelinesCreated - before;
const mods0 = [...modules.keys()].filter((c) => !modulesBefore.has(c)).length, modMs0 = moduleMs, pipeMs0 = pipelineMs, pipeCpu0 = pipelineCpuS;
const byKind0 = Object.fromEntries([...pipelineCpuByKind].map(([k, v]) => [k, { n: v.n, cpuS: +v.cpuS.toFixed(2), maxS: +v.maxS.toFixed(2) }]));
const second = await call(1);
const secondCpu = cpuOfCall;
const k2 = kernelLines.length;

const sizes = [...modules.keys()].filter((c) => !modulesBefore.has(c)).map((c) => c.length);
const out: Record<string, unknown> = {
  program, cold: process.env.MESA_SHADER_CACHE_DISABLE === 'true',
  firstCallMs: Math.round(first), secondCallMs: Math.round(second),
  firstCallCpuS: +firstCpu.toFixed(2), firstCallCpuByThread: firstThreads, secondCallCpuS: +secondCpu.toFixed(2), loadavg: (await import('node:os')).loadavg()[0].toFixed(1),
  pipelinesCreated: created, distinctModules: mods0, wgslKiB: Math.round(sizes.reduce((a, b) => a + b, 0) / 1024),
  createShaderModuleMs: Math.round(modMs0), createComputePipelineMs: Math.round(pipeMs0),
  createComputePipelineCpuS: +pipeCpu0.toFixed(2), pipelineCpuByKind: byKind0,
};
if (perKernel) {
  const a = kernelLines.slice(k0, k1), b = kernelLines.slice(k1, k2);
  const kinds = new Map<string, { n: number; firstMs: number; secondMs: number }>();
  a.forEach((x, i) => {
    const kind = x.name.replace(/_.*$/, '');
    const e = kinds.get(kind) ?? { n: 0, firstMs: 0, secondMs: 0 };
    e.n++; e.firstMs += x.us / 1e3; e.secondMs += (b[i]?.us ?? 0) / 1e3;
    kinds.set(kind, e);
  });
  out.kernels = a.length;
  out.perKind = Object.fromEntries([...kinds].map(([k, v]) => [k, { n: v.n, firstMs: Math.round(v.firstMs), secondMs: Math.round(v.secondMs), compileMs: Math.round(v.firstMs - v.secondMs) }]));
  out.top = a.map((x, i) => ({ name: x.name, compileMs: Math.round((x.us - (b[i]?.us ?? 0)) / 1e3) })).sort((p, q) => q.compileMs - p.compileMs).slice(0, 12);
}
const dump = argv.includes('--dump') ? argv[argv.indexOf('--dump') + 1] : undefined;
if (dump) {
  const { mkdirSync, writeFileSync } = await import('node:fs');
  mkdirSync(dump, { recursive: true });
  [...modules.keys()].filter((c) => !modulesBefore.has(c)).forEach((code, i) => writeFileSync(`${dump}/${String(i).padStart(3, '0')}_${/\/\/ (\w+)/.exec(code)?.[1] ?? 'k'}.wgsl`, code));
}
console.log(JSON.stringify(out, null, 1));
process.exit(0);
