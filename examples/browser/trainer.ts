/**
 * The training behind the browser page, written with the library's own pieces: data from
 * `data.sampleDataset`, a time-conditioned MLP from `nn`, the teacher's flow-matching loss and the
 * FACM distillation loss from `facm`, one jitted train step per stage (`facm.makeTrainStep`) and
 * the samplers (`facm.eulerSample` for the teacher, `facm.sampleSteps` for the student).
 * Stage 1 pre-trains the teacher; stage 2 distils it into a student started from the teacher's EMA
 * weights. The page drives it a few steps at a time so the drawing keeps up.
 */
import { data, facm, jit, nn, np, optim, random, treeMap, type Tensor } from '../../src/index.js';

export type Params = nn.TimeMlpParams;

export interface TrainerConfig {
  dataset: data.DatasetName;
  teacherSteps: number;
  facmSteps: number;
  batch: number;
  hidden: number;
  seed: number;
}

export const DEFAULT_CONFIG: TrainerConfig = { dataset: '8gaussians', teacherSteps: 2000, facmSteps: 1000, batch: 256, hidden: 64, seed: 0 };

const net = (p: Params): facm.Net => (x, c) => nn.timeMlp(p, x, c);

/** A batch on the linear path: data, noise, time → (x_t, t, v). */
function pathBatch(name: data.DatasetName, key: Tensor, n: number, time: facm.TimeSampler) {
  const x = data.sampleDataset(name, random.foldIn(key, 0), n).x;
  const eps = random.normal(random.foldIn(key, 1), [n, 2]);
  const t = facm.sampleTime(random.foldIn(key, 2), n, time);
  return { xt: facm.interpolate(x, eps, t), t, v: facm.velocity(x, eps) };
}

// As in examples/facm-2d.ts: gradient clipping at 1, AdamW with a short warm-up and cosine decay.
const optimizer = (lr: number, steps: number) =>
  optim.chain(optim.clipByGlobalNorm(1), optim.adamw(optim.warmupCosine(lr, Math.ceil(steps / 50), steps + 1, { end: lr / 50 }), { weightDecay: 0 }));

export type Phase = 'teacher' | 'facm' | 'done';

/** A training run that advances on request; every value it hands out is read from the device. */
export class Trainer {
  phase: Phase = 'teacher';
  /** Steps taken in the current phase. */
  step = 0;
  readonly teacherLoss: { step: number; loss: number }[] = [];
  readonly facmLoss: { step: number; loss: number }[] = [];
  private teacher?: Params;
  private state: facm.TrainState<Params>;
  private trainStep: (s: facm.TrainState<Params>, c: Params | null, k: Tensor) => [facm.TrainState<Params>, Record<string, Tensor>];
  private readonly root: Tensor;
  private readonly eps: Tensor;

  constructor(readonly cfg: TrainerConfig, samples = 1000) {
    this.root = random.key(cfg.seed);
    const init = nn.initTimeMlp(random.foldIn(this.root, 0), { dataDim: 2, hidden: cfg.hidden, depth: 3, embedDim: 32 });
    // 2e-3 rather than the Node study's 1e-3: a live page has a few thousand steps, not 5000+.
    const opt = optimizer(2e-3, cfg.teacherSteps);
    // Half of every teacher batch at c = 2 − t (facm.teacherLoss), so the student can anchor on it.
    const teacherLoss = (p: Params, _c: Params | null, k: Tensor): [Tensor, Record<string, Tensor>] => {
      const b = pathBatch(cfg.dataset, k, cfg.batch, 'uniform');
      return [facm.teacherLoss(net(p), b.xt, b.t, b.v).loss, {}];
    };
    this.trainStep = facm.makeTrainStep(teacherLoss, opt, optim.emaWarmup(0.999), 'teacher_step');
    this.state = facm.initTrainState(init, opt, np.zeros([]));
    // The same noise for every drawing, so the panels change only because the networks do.
    this.eps = random.normal(random.foldIn(this.root, 1), [samples, 2]);
  }

  /** Switches to stage 2: the student starts as a copy of the teacher's EMA weights. */
  private startFacm(): void {
    const teacher = this.state.ema;
    this.teacher = teacher;
    const opt = optimizer(3e-3, this.cfg.facmSteps);
    const distil = (p: Params, tp: Params | null, k: Tensor): [Tensor, Record<string, Tensor>] => {
      const b = pathBatch(this.cfg.dataset, k, this.cfg.batch, 'default');
      const v = facm.guidedVelocity((x, c) => nn.timeMlp(tp as Params, x, c), b.xt, b.t);
      const r = facm.facmLoss(net(p), b.xt, b.t, v);
      return [r.loss, { cm: r.cm, fm: r.fm }];
    };
    this.trainStep = facm.makeTrainStep(distil, opt, optim.emaWarmup(0.999), 'facm_step');
    this.state = facm.initTrainState(treeMap((x: Tensor) => x.add(0), teacher) as Params, opt, np.zeros([]));
    this.phase = 'facm';
    this.step = 0;
  }

  /** Takes up to `n` steps (fewer at a phase's end) and records the loss of the last one. */
  async advance(n: number): Promise<void> {
    if (this.phase === 'done') return;
    const total = this.phase === 'teacher' ? this.cfg.teacherSteps : this.cfg.facmSteps;
    const stream = random.foldIn(this.root, this.phase === 'teacher' ? 2 : 3);
    let metrics: Record<string, Tensor> = {};
    const take = Math.min(n, total - this.step);
    for (let i = 0; i < take; i++) {
      [this.state, metrics] = this.trainStep(this.state, this.teacher ?? null, random.foldIn(stream, this.step));
      this.step++;
    }
    if (take > 0) {
      const loss = Number((await metrics.loss.data())[0]);
      (this.phase === 'teacher' ? this.teacherLoss : this.facmLoss).push({ step: this.step, loss });
    }
    if (this.step >= total) {
      if (this.phase === 'teacher') this.startFacm();
      else this.phase = 'done';
    }
  }

  private readonly eulerN = new Map<number, (p: Params, e: Tensor) => Tensor>();
  private readonly cm = new Map<number, (p: Params, e: Tensor, k: Tensor) => Tensor>();

  /** The teacher (its EMA weights) sampled with `nfe` Euler steps, as [x0, y0, x1, y1, ...]. */
  async teacherSamples(nfe: number): Promise<Float32Array> {
    if (!this.eulerN.has(nfe)) this.eulerN.set(nfe, jit((p: Params, e: Tensor) => facm.eulerSample(net(p), e, nfe), { name: `euler${nfe}` }));
    const weights = this.teacher ?? this.state.ema;
    return Float32Array.from(await this.eulerN.get(nfe)!(weights, this.eps).data() as ArrayLike<number>);
  }

  /** The student (EMA weights) with FACM's `steps`-step sampler; undefined before stage 2. */
  async studentSamples(steps: 1 | 2): Promise<Float32Array | undefined> {
    if (!this.teacher) return undefined;
    if (!this.cm.has(steps)) this.cm.set(steps, jit((p: Params, e: Tensor, k: Tensor) => facm.sampleSteps(net(p), e, steps, k), { name: `facm${steps}` }));
    const x = this.cm.get(steps)!(this.state.ema, this.eps, random.foldIn(this.root, 4));
    return Float32Array.from(await x.data() as ArrayLike<number>);
  }

  /** Held-out data from the same distribution, drawn faintly under every panel. */
  async dataSamples(n: number): Promise<Float32Array> {
    return Float32Array.from(await data.sampleDataset(this.cfg.dataset, random.foldIn(this.root, 5), n).x.data() as ArrayLike<number>);
  }
}
