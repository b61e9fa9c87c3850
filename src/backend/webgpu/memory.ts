/**
 * GPU memory lifetime: deterministic release with scope() / dispose(), and a FinalizationRegistry
 * safety net for arrays that are simply dropped. Both are needed: GC alone lets a training loop's
 * GPU memory climb (the JS heap sees small objects and feels no pressure to collect), and explicit
 * disposal alone leaks whatever the user forgets.
 */
import { ConcreteArray, type Storage } from '../../core/tensor.js';
import { treeLeaves } from '../../tree/pytree.js';

// The held value is the storage, which does not reference the array: a held value that reached
// the array would keep it alive and the callback would never run.
const finalizer = new FinalizationRegistry<Storage>((storage) => storage.dispose());

/** One open scope: weak references, so arrays dropped inside a long scope can still be collected. */
type Frame = Set<WeakRef<ConcreteArray>>;
const frames: Frame[] = [];

/** Called for every GPU array created: registers it with the finalizer and the innermost scope. */
export function trackCreated(arr: ConcreteArray, storage: Storage): void {
  finalizer.register(arr, storage, storage);
  if (frames.length > 0) frames[frames.length - 1].add(new WeakRef(arr));
}

/** Called when an array's storage is disposed explicitly, so the finalizer does not hold it. */
export function untrack(storage: Storage): void { finalizer.unregister(storage); }

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
