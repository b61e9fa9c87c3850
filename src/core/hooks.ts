import type { TypedArray } from './dtype.js';
import type { AnyParams, Primitive } from './primitive.js';
import type { ShapedArray } from './shape.js';
import type { ConcreteArray } from './tensor.js';
import { BackendError } from './errors.js';

/**
 * The two services core needs from the layers above it, installed at import time so that
 * imports keep pointing down: shape inference (from the primitive rule tables) and turning host
 * data into a concrete array (from the current backend).
 */
export interface CoreHooks {
  abstractEval(prim: Primitive, avals: ShapedArray[], params: AnyParams): ShapedArray[];
  fromHost(data: TypedArray, aval: ShapedArray): ConcreteArray;
}

const missing = (): never => { throw new BackendError('fluxion: core hooks not installed: import from "fluxion" (or "fluxion/node"), not from its core modules.'); };
export const hooks: CoreHooks = { abstractEval: missing, fromHost: missing };

export function installHooks(h: Partial<CoreHooks>): void { Object.assign(hooks, h); }
