/**
 * The `tree` namespace (jax.tree): the pytree functions under their short JAX names. The same
 * functions are exported at the top level as treeMap, treeLeaves, ... (jax.tree_util's names).
 */
export {
  treeMap as map, treeLeaves as leaves, treeFlatten as flatten, treeUnflatten as unflatten, treeStructure as structure,
  treeReduce as reduce, treeMapWithPath as mapWithPath, treeLeavesWithPath as leavesWithPath, treePaths as paths,
  treeDefToString as structureToString, type TreeDef, type KeyPath,
} from './pytree.js';
