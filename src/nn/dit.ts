/**
 * A small Diffusion Transformer (DiT, Peebles & Xie 2023) as pure functions over a params pytree,
 * sized for 28×28 digits: patchify (a reshape and one dense layer), a learned position embedding
 * started at 2-D sinusoidal values, `depth` blocks of multi-head self-attention
 * (nn.dotProductAttention) and an MLP, each modulated by adaLN-Zero (shift, scale and gate from
 * the conditioning, the gates zero at initialisation), a final adaLN layer and linear map that
 * are zero at initialisation, and unpatchify. The conditioning is the sum of an MLP of
 * nn.timeEmbedding(c) (FACM's single time c ∈ [0, 2], docs/facm.md) and a learned class embedding
 * with `classes + 1` rows, the last one the null class of classifier-free guidance.
 *
 * Zero-initialising the last layer makes a fresh network output exactly 0, and zero gates make
 * every block start as the identity: the adaLN-Zero recipe, which trains deep stacks stably.
 * The MLP uses SiLU rather than DiT's tanh-GELU: FACM differentiates the jvp, and grad of the jvp of
 * tanh-GELU fuses into an elementwise kernel binding 17 arrays, one more than lavapipe allows
 * (a planner limit being fixed separately); SiLU's second-order terms stay well inside it.
 * Everything is a composition of primitives, so jvp (FACM's tangent through attention), grad of
 * that jvp, vmap and jit come for free.
 */
import type { DType } from '../core/dtype.js';
import { ArgumentError, ShapeError } from '../core/errors.js';
import { fmtShape } from '../core/shape.js';
import { isTensor, type Tensor } from '../core/tensor.js';
import * as validate from '../core/validate.js';
import * as np from '../numpy/index.js';
import * as random from '../random/index.js';
import { silu } from './activations.js';
import { dotProductAttention } from './attention.js';
import { type DenseParams, dense, initDense, splitKeys } from './dense.js';
import { layerNorm } from './layer-norm.js';
import { oneHot } from './one-hot.js';
import { timeEmbedding } from './time-embedding.js';

const DIT_CONFIG_KEYS = ['size', 'channels', 'patch', 'dim', 'depth', 'heads', 'mlpRatio', 'timeDim', 'classes', 'dtype'] as const;

export interface DitConfig {
  /** Image side in pixels (default 28). */
  size?: number;
  /** Channels (default 1); images are NHWC, [B, size, size, channels]. */
  channels?: number;
  /** Patch side (default 4: 7×7 = 49 tokens at 28×28); must divide size. */
  patch?: number;
  /** Token width (default 64). */
  dim?: number;
  /** Number of transformer blocks (default 3). */
  depth?: number;
  /** Attention heads (default 4); must divide dim. */
  heads?: number;
  /** MLP hidden width as a multiple of dim (default 2). */
  mlpRatio?: number;
  /** Width of the sinusoidal time embedding (default 64, even). */
  timeDim?: number;
  /** Number of classes (default 10); the label table has classes + 1 rows, the last the null class. */
  classes?: number;
  dtype?: DType;
}

/** One block: adaLN modulation (6 × dim from the conditioning), attention and MLP weights. */
export interface DitBlockParams { ada: DenseParams; qkv: DenseParams; proj: DenseParams; fc1: DenseParams; fc2: DenseParams }

/** The trainable tensors of a DiT (no hyper-parameters: those are the DitConfig). */
export interface DitParams {
  patchEmbed: DenseParams;
  /** [tokens, dim], learned, started at the 2-D sinusoidal embedding. */
  pos: Tensor;
  time1: DenseParams;
  time2: DenseParams;
  /** [classes + 1, dim]; the last row is the null class. */
  labelTable: Tensor;
  blocks: DitBlockParams[];
  /** Final adaLN (shift, scale) and the linear map to patches, both zero at initialisation. */
  finalAda: DenseParams;
  out: DenseParams;
  /**
   * Optional second time r (docs/facm.md's auxiliary time; MeanFlow's second time): its embedding's
   * MLP enters the conditioning, zero-initialised (ditWithAuxTime) so the network starts unchanged.
   */
  auxTime?: DenseParams;
}

/** The config with defaults filled in and checked. */
export function ditConfig(config: DitConfig = {}): Required<DitConfig> {
  const op = 'nn.initDit';
  const c = validate.options<DitConfig>(op, config, DIT_CONFIG_KEYS, '{ patch: 4, dim: 64, depth: 3, heads: 4 }');
  const full: Required<DitConfig> = {
    size: 28, channels: 1, patch: 4, dim: 64, depth: 3, heads: 4, mlpRatio: 2, timeDim: 64, classes: 10, dtype: 'float32', ...c,
  } as Required<DitConfig>;
  for (const k of ['size', 'channels', 'patch', 'dim', 'depth', 'heads', 'mlpRatio', 'timeDim', 'classes'] as const) {
    validate.integer(op, k, full[k], { min: k === 'depth' || k === 'classes' ? 0 : 1 });
  }
  if (full.size % full.patch !== 0) throw new ArgumentError(`${op}: patch ${full.patch} must divide the image size ${full.size}.`);
  if (full.dim % full.heads !== 0) throw new ArgumentError(`${op}: heads ${full.heads} must divide dim ${full.dim}.`);
  if (full.timeDim % 2 !== 0) throw new ArgumentError(`${op}: timeDim must be even (sin and cos halves), got ${full.timeDim}.`);
  return full;
}

/**
 * The 2-D sinusoidal position embedding of a g×g grid (MAE/DiT): half the features encode the row,
 * half the column, each as [sin, cos] of geometric frequencies. [g·g, dim]; dim divisible by 4.
 */
export function sincos2d(grid: number, dim: number): Float32Array {
  const out = new Float32Array(grid * grid * dim), quarter = Math.floor(dim / 4);
  for (let r = 0; r < grid; r++) {
    for (let c = 0; c < grid; c++) {
      const row = (r * grid + c) * dim;
      for (let k = 0; k < quarter; k++) {
        const w = 1 / 10000 ** (k / Math.max(quarter, 1));
        out[row + k] = Math.sin(r * w); out[row + quarter + k] = Math.cos(r * w);
        out[row + 2 * quarter + k] = Math.sin(c * w); out[row + 3 * quarter + k] = Math.cos(c * w);
      }
    }
  }
  return out;
}

/**
 * Initialises a DiT: LeCun-normal dense layers, N(0, 0.02²)-scaled label table, position embedding
 * at 2-D sinusoidal values, every adaLN modulation and the output layer zero (adaLN-Zero), so the
 * fresh network outputs exactly 0.
 * @example const p = nn.initDit(random.key(0), { dim: 32, depth: 1, heads: 2 }); // nn.dit(p, x, c, y, cfg) = 0
 */
export function initDit(key: Tensor, config: DitConfig = {}): DitParams {
  const cfg = ditConfig(config);
  const { dim, patch, channels, timeDim, classes, depth, dtype } = cfg;
  const grid = cfg.size / patch, tokens = grid * grid, pp = patch * patch * channels, hidden = dim * cfg.mlpRatio;
  const [kPatch, kT1, kT2, kLabel, kBlocks] = splitKeys(key, 5);
  const blockKeys = depth > 0 ? splitKeys(kBlocks, depth) : [];
  const zero = (i: number, o: number) => initDense(kPatch, i, o, { zeroInit: true, dtype });
  return {
    patchEmbed: initDense(kPatch, pp, dim, { dtype }),
    pos: np.array(sincos2d(grid, dim), { dtype }).reshape([tokens, dim]),
    time1: initDense(kT1, timeDim, dim, { dtype }),
    time2: initDense(kT2, dim, dim, { dtype }),
    labelTable: random.normal(kLabel, [classes + 1, dim], { dtype }).mul(0.02),
    blocks: blockKeys.map((k) => {
      const [kq, kp, k1, k2] = splitKeys(k, 4);
      return {
        ada: zero(dim, 6 * dim), qkv: initDense(kq, dim, 3 * dim, { dtype }), proj: initDense(kp, dim, dim, { dtype }),
        fc1: initDense(k1, dim, hidden, { dtype }), fc2: initDense(k2, hidden, dim, { dtype }),
      };
    }),
    finalAda: zero(dim, 2 * dim),
    out: zero(dim, pp),
  };
}

/**
 * The DiT with a zero-initialised auxiliary time r added (a copy of every tensor): it computes what
 * `params` computed for every r until training moves it. `nn.dit` then needs its `r` argument.
 * @example
 * const cfg = { size: 8, patch: 4, dim: 16, depth: 1, heads: 2, timeDim: 16 };
 * const student = nn.ditWithAuxTime(nn.initDit(random.key(0), cfg), cfg);
 * nn.dit(student, np.zeros([1, 8, 8, 1]), np.zeros([1]), np.array([3], { dtype: 'int32' }), cfg, np.ones([1])).shape; // → [1, 8, 8, 1]
 */
export function ditWithAuxTime(params: DitParams, config: DitConfig = {}): DitParams {
  const cfg = ditConfig(config);
  const copy = (t: Tensor) => t.add(0);
  const copyDense = (d: DenseParams) => ({ w: copy(d.w), b: copy(d.b) });
  return {
    patchEmbed: copyDense(params.patchEmbed), pos: copy(params.pos), time1: copyDense(params.time1), time2: copyDense(params.time2),
    labelTable: copy(params.labelTable),
    blocks: params.blocks.map((b) => ({ ada: copyDense(b.ada), qkv: copyDense(b.qkv), proj: copyDense(b.proj), fc1: copyDense(b.fc1), fc2: copyDense(b.fc2) })),
    finalAda: copyDense(params.finalAda), out: copyDense(params.out),
    auxTime: { w: np.zeros([cfg.timeDim, cfg.dim], cfg.dtype), b: np.zeros([cfg.dim], cfg.dtype) },
  };
}

/** [B, S, S, C] → [B, (S/p)², p·p·C], patches in row-major order, each flattened (row, col, channel). */
export function patchify(x: Tensor, patch: number): Tensor {
  const [B, S, , C] = x.shape, g = S / patch;
  return x.reshape([B, g, patch, g, patch, C]).transpose([0, 1, 3, 2, 4, 5]).reshape([B, g * g, patch * patch * C]);
}

/** The inverse of patchify: [B, g², p·p·C] → [B, g·p, g·p, C]. */
export function unpatchify(t: Tensor, patch: number, channels: number): Tensor {
  const [B, T] = t.shape, g = Math.round(Math.sqrt(T));
  return t.reshape([B, g, g, patch, patch, channels]).transpose([0, 1, 3, 2, 4, 5]).reshape([B, g * patch, g * patch, channels]);
}

/** x·(1 + scale) + shift with per-sample [B, dim] modulation broadcast over tokens. */
const modulate = (x: Tensor, shift: Tensor, scale: Tensor) => x.mul(scale.expandDims(1).add(1)).add(shift.expandDims(1));
const norm = (x: Tensor) => layerNorm(x, { eps: 1e-6 });

/**
 * F(x, c, y): the DiT's output, with x's shape. x f32[B, size, size, channels] (NHWC), c [B] the
 * time condition, y int32[B] class labels in 0..classes (classes = the null class); r [B] the
 * auxiliary time, required exactly when the params have one (ditWithAuxTime).
 * @example
 * const cfg = { dim: 32, depth: 1, heads: 2 };
 * const p = nn.initDit(random.key(0), cfg);
 * nn.dit(p, np.zeros([2, 28, 28, 1]), np.array([0.5, 1.5]), np.array([3, 10], 'int32'), cfg); // f32[2,28,28,1], zeros at init
 */
export function dit(params: DitParams, x: Tensor, c: Tensor, y: Tensor, config: DitConfig = {}, r?: Tensor): Tensor {
  const op = 'nn.dit';
  const cfg = ditConfig(config);
  if (params === null || typeof params !== 'object' || !isTensor(params.pos) || !Array.isArray(params.blocks)) {
    throw new ArgumentError(`${op}: params must come from nn.initDit, got ${validate.describe(params)}.`);
  }
  if (!isTensor(x) || x.ndim !== 4 || x.shape[1] !== cfg.size || x.shape[2] !== cfg.size || x.shape[3] !== cfg.channels) {
    throw new ShapeError(`${op}: x must be [batch, ${cfg.size}, ${cfg.size}, ${cfg.channels}] (NHWC), got ${isTensor(x) ? fmtShape(x.shape) : validate.describe(x)}.`);
  }
  const B = x.shape[0];
  if ((params.auxTime === undefined) !== (r === undefined)) {
    throw new ArgumentError(params.auxTime ? `${op}: these params have an auxiliary time (ditWithAuxTime); pass r [${B}].`
      : `${op}: r was given but these params have no auxiliary time; make them with nn.ditWithAuxTime.`);
  }
  for (const [name, v] of [['c', c], ['y', y], ...(r === undefined ? [] : [['r', r]] as const)] as const) {
    if (!isTensor(v) || v.ndim !== 1 || v.shape[0] !== B) {
      throw new ShapeError(`${op}: ${name} must be [${B}] (one per image), got ${isTensor(v) ? fmtShape(v.shape) : validate.describe(v)}.`);
    }
  }
  if (params.blocks.length !== cfg.depth || params.pos.shape[1] !== cfg.dim) {
    throw new ShapeError(`${op}: params (${params.blocks.length} blocks, width ${params.pos.shape[1]}) do not match the config ` +
      `(depth ${cfg.depth}, dim ${cfg.dim}); pass the config the params were initialised with.`);
  }
  const { dim, heads, patch, channels } = cfg, hd = dim / heads;
  const T = params.pos.shape[0];
  // Conditioning: MLP(timeEmbedding(c)) + E[y]; E[y] as a one-hot matmul (its gradient is a matmul
  // too, not a scatter). The time embedding's frequencies stay ≤ 100: they bound ∂F/∂c in FACM's jvp.
  let temb = dense(params.time2, silu(dense(params.time1, timeEmbedding(c, cfg.timeDim))));
  if (params.auxTime && r) temb = temb.add(dense(params.auxTime, timeEmbedding(r, cfg.timeDim)));
  const cond = silu(temb.add(np.matmul(oneHot(y, cfg.classes + 1, { dtype: x.dtype }), params.labelTable)));
  let h = dense(params.patchEmbed, patchify(x, patch)).add(params.pos);
  for (const b of params.blocks) {
    const m = dense(b.ada, cond); // [B, 6·dim]: shift/scale/gate for attention, then for the MLP
    const [sa, ca, ga, sm, cm, gm] = np.split(m, 6, -1);
    const qkv = dense(b.qkv, modulate(norm(h), sa, ca)).reshape([B, T, 3, heads, hd]);
    const [q, k, v] = np.split(qkv, 3, 2).map((t) => t.reshape([B, T, heads, hd]));
    const att = dense(b.proj, dotProductAttention(q, k, v).reshape([B, T, dim]));
    h = h.add(ga.expandDims(1).mul(att));
    const mlpOut = dense(b.fc2, silu(dense(b.fc1, modulate(norm(h), sm, cm))));
    h = h.add(gm.expandDims(1).mul(mlpOut));
  }
  const [shift, scale] = np.split(dense(params.finalAda, cond), 2, -1);
  return unpatchify(dense(params.out, modulate(norm(h), shift, scale)), patch, channels);
}
