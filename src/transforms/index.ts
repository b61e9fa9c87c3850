import { registerHigherOrder } from '../primitives/table';
import { customJvpRules } from './custom-jvp';
import { jitRules } from './jit';

registerHigherOrder({ jit: jitRules, custom_jvp: customJvpRules });

export { jvp, jvpFlat } from './jvp';
export { vmap, vmapFlat } from './vmap';
export type { VmapOptions } from './vmap';
export { linearize, vjp, grad, valueAndGrad } from './autodiff';
export type { GradOptions } from './autodiff';
export { jit } from './jit';
export type { JitOptions } from './jit';
export { customJvp } from './custom-jvp';
export { makeJaxpr } from './make-jaxpr';
export { jacfwd, jacrev, hessian } from './jacobian';
