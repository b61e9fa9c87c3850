/** Flattening of transformation arguments: pytrees of tensors (or JS numbers) to flat tensor lists. */
import { Tensor, isTensor } from '../core/tensor.js';
import { scalar } from '../primitives/lax.js';
import { TreeDef, treeDefToString, treeFlatten, treeUnflatten } from '../tree/pytree.js';

/** A JS number becomes a float32 scalar; anything else that is not a tensor is an error. */
export function toTensor(op: string, x: unknown): Tensor {
  if (isTensor(x)) return x;
  if (typeof x === 'number') return scalar(x, 'float32');
  if (typeof x === 'boolean') return scalar(x ? 1 : 0, 'bool');
  throw new Error(`${op}: expected arrays (Tensor or number) as leaves of the arguments, got ${describe(x)}; ` +
    `pass static values through closures (or jit's staticArgnums).`);
}

const describe = (x: unknown): string =>
  x === null ? 'null' : typeof x === 'object' ? (x as object).constructor?.name ?? 'object' : typeof x;

export function flattenArgs(op: string, tree: unknown): { leaves: Tensor[]; def: TreeDef } {
  const { leaves, def } = treeFlatten(tree);
  return { leaves: leaves.map((l) => toTensor(op, l)), def };
}

/** Flattens a function's output, which must be a pytree of tensors. */
export function flattenOutput(op: string, out: unknown): { leaves: Tensor[]; def: TreeDef } {
  const { leaves, def } = treeFlatten(out);
  return {
    leaves: leaves.map((l) => {
      if (isTensor(l)) return l;
      if (typeof l === 'number') return scalar(l, 'float32');
      throw new Error(`${op}: the function must return arrays (a pytree of Tensors), got a leaf of type ${describe(l)} in ${treeDefToString(def)}.`);
    }),
    def,
  };
}

export { treeUnflatten };

/**
 * `f` as a function of flat leaves: its arguments are rebuilt with `inDef`, its output is
 * flattened, and `outDef()` gives the output's structure once it has been called.
 */
export function flattenFun(op: string, f: (...args: unknown[]) => unknown, inDef: TreeDef) {
  let outDef: TreeDef | undefined;
  const fn = (...xs: Tensor[]): Tensor[] => {
    const out = flattenOutput(op, f(...treeUnflatten<unknown[]>(inDef, xs)));
    outDef = out.def;
    return out.leaves;
  };
  return { fn, outDef: (): TreeDef => outDef! };
}
