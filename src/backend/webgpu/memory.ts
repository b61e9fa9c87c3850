/**
 * GPU memory lifetime: deterministic release with scope() / dispose(), and a FinalizationRegistry
 * safety net for arrays that are simply dropped. Both are needed: GC alone lets a training loop's
 * GPU memory climb (the JS heap sees small objects and feels no pressure to collect), and explicit
 * disposal alone leaks whatever the user forgets.
 */
import { ConcreteArray, type Storage } from '../../core/tensor.js';
import { treeLeaves } from '../../tree/pytree.js';

/**
 * The garbage collector and a FinalizationRegistry whose queue can be drained synchronously, where
 * the JS engine offers them (Node); undefined elsewhere (a browser), where dropped arrays are freed
 * whenever the engine collects and runs finalizers on its own.
 *
 * Why synchronous: a loop that never awaits (the first training loop most people write) gives
 * finalizer callbacks no turn to run, so even after a collection its dropped arrays would hold
 * their GPU memory until the loop ends. V8 has `FinalizationRegistry.prototype.cleanupSome` (runs
 * the callbacks of already-collected targets now) behind a flag, and `gc` behind another. Setting
 * both flags at run time and creating a fresh context yields that context's `gc` and a registry
 * class with `cleanupSome`, without asking the user for command-line flags. The cleanup-some flag
 * is switched off again at once, so later contexts are unaffected; `--expose-gc` only adds a
 * global `gc` to contexts created later.
 */
interface Collector {
  gc?: () => void;
  Registry: FinalizationRegistryConstructor;
}

type DrainableRegistry<T> = FinalizationRegistry<T> & { cleanupSome?: () => void };

function loadCollector(): Collector {
  const fallback = { Registry: FinalizationRegistry };
  const proc = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process;
  // Synchronous access to node:v8 and node:vm (Node >= 20.16) without an import the browser bundle would see.
  const v8 = proc?.getBuiltinModule?.('node:v8') as { setFlagsFromString(flags: string): void } | undefined;
  const vm = proc?.getBuiltinModule?.('node:vm') as { runInNewContext(code: string): unknown } | undefined;
  if (!v8 || !vm) return fallback;
  try {
    v8.setFlagsFromString('--expose-gc');
    v8.setFlagsFromString('--harmony-weak-refs-with-cleanup-some');
    const got = vm.runInNewContext('({ gc: typeof gc === "function" ? gc : undefined, Registry: FinalizationRegistry })') as Collector;
    v8.setFlagsFromString('--no-harmony-weak-refs-with-cleanup-some');
    return { gc: got.gc, Registry: got.Registry ?? FinalizationRegistry };
  } catch {
    return fallback; // a V8 without these flags: finalizers then run asynchronously, as in a browser
  }
}

let collector: Collector | undefined;
let registry: DrainableRegistry<Storage> | undefined;

// The held value is the storage, which does not reference the array: a held value that reached
// the array would keep it alive and the callback would never run.
function finalizer(): DrainableRegistry<Storage> {
  if (!registry) {
    collector = loadCollector();
    registry = new collector.Registry((storage: Storage) => storage.dispose()) as DrainableRegistry<Storage>;
  }
  return registry;
}

/**
 * Collects garbage now and releases the GPU memory of every dropped array, where the engine
 * allows (Node: synchronously; elsewhere their finalizers run later, on the engine's schedule).
 * The buffer pool calls it under memory pressure, before it grows. Arrays created or read through
 * a WeakRef in the current synchronous job stay alive until the job ends (a JS rule), so inside
 * one long synchronous `scope()` only arrays of earlier jobs can be freed this way.
 * @example collectGarbage(); console.log(webgpuStats().liveBuffers);
 */
export function collectGarbage(): void {
  const reg = finalizer();
  collector?.gc?.();
  reg.cleanupSome?.();
}

/** One open scope: weak references, so arrays dropped inside a long scope can still be collected. */
type Frame = Set<WeakRef<ConcreteArray>>;
const frames: Frame[] = [];

/** Called for every GPU array created: registers it with the finalizer and the innermost scope. */
export function trackCreated(arr: ConcreteArray, storage: Storage): void {
  finalizer().register(arr, storage, storage);
  if (frames.length > 0) frames[frames.length - 1].add(new WeakRef(arr));
}

/** Called when an array's storage is disposed explicitly, so the finalizer does not hold it. */
export function untrack(storage: Storage): void { registry?.unregister(storage); }

/**
 * Runs `fn` and disposes every GPU array created while it ran, except those reachable from its
 * result (a pytree of arrays). Arrays it keeps are handed to the enclosing scope, if any. With an
 * async `fn` the scope stays open until the promise settles; arrays created meanwhile by other,
 * concurrent async work are attributed to this scope too, so do not interleave scopes that way.
 * @example const loss = scope(() => np.sum(np.square(x.sub(y)))); // temporaries freed, loss kept
 */
export function scope<T>(fn: () => Promise<T>): Promise<T>;
export function scope<T>(fn: () => T): T;
export function scope<T>(fn: () => T | Promise<T>): T | Promise<T> {
  const frame: Frame = new Set();
  frames.push(frame);
  let result: T | Promise<T>;
  try {
    result = fn();
  } catch (e) {
    close(frame, undefined);
    throw e;
  }
  if (result instanceof Promise) {
    return result.then(
      (value) => { close(frame, value); return value; },
      (e: unknown) => { close(frame, undefined); throw e; },
    );
  }
  close(frame, result);
  return result;
}

function close(frame: Frame, result: unknown): void {
  // By identity, not by position: an async scope may close after a later-opened one.
  const i = frames.lastIndexOf(frame);
  if (i >= 0) frames.splice(i, 1);
  const keep = new Set(treeLeaves(result).filter((x): x is ConcreteArray => x instanceof ConcreteArray));
  const parent = i > 0 ? frames[i - 1] : undefined;
  for (const ref of frame) {
    const arr = ref.deref();
    if (!arr) continue;
    if (keep.has(arr)) parent?.add(ref);
    else arr.dispose();
  }
}
