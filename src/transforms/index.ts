import { registerHigherOrder } from '../primitives/table.js';
import { customJvpRules } from './custom-jvp.js';
import { customLinRules } from './custom-vjp.js';
import { axisIndexRules, pmaxRules, pminRules, psumRules } from './collectives.js';
import { jitRules } from './jit.js';
import { condRules, scanRules, whileRules } from './control-flow-rules.js';
import { checkpointRules } from './checkpoint.js';
import { registerMapVmap } from '../primitives/lax-control-flow.js';
import { vmap as vmapForMap } from './vmap.js';

registerHigherOrder({ jit: jitRules, custom_jvp: customJvpRules, custom_lin: customLinRules, checkpoint: checkpointRules, scan: scanRules, while: whileRules, cond: condRules,
  psum: psumRules, pmax: pmaxRules, pmin: pminRules, axis_index: axisIndexRules });
registerMapVmap((f) => vmapForMap(f));
export { checkpoint, checkpoint as remat, checkpointPolicies, checkpointDots, type CheckpointOptions } from './checkpoint.js';

export { jvp, jvpFlat } from './jvp.js';
export { vmap, vmapFlat } from './vmap.js';
export type { VmapOptions } from './vmap.js';
export { linearize, vjp, grad, valueAndGrad } from './autodiff.js';
export type { GradOptions, VjpOptions, Pullback } from './autodiff.js';
export type { TangentOf, Argnums, GradOf } from './types.js';
export { jit } from './jit.js';
export type { JitOptions } from './jit.js';
export { customJvp, type CustomJvpFunction, type CustomJvpRuleOf } from './custom-jvp.js';
export { customVjp, type CustomVjpFunction } from './custom-vjp.js';
export { makeJaxpr, type MakeJaxprOptions } from './make-jaxpr.js';
export { evalShape, type ShapeOf } from './eval-shape.js';
export { linearTranspose } from './linear-transpose.js';
export { jacfwd, jacrev, hessian, type JacobianOptions } from './jacobian.js';
