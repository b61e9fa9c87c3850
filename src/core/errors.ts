/**
 * fluxion's named errors. Every error fluxion raises on purpose is a `FluxionError`, and its
 * subclass says what kind of mistake it is, so callers can `catch (e) { if (e instanceof
 * ShapeError) ... }` instead of matching message text. Messages follow one rule: name the
 * operation, show the shapes / dtypes / values involved, and say what to do.
 * @example
 * import { np, errors } from 'fluxion';
 * try { np.add(np.ones([2]), 'abc' as never); } catch (e) { console.log(e instanceof errors.ArgumentError); } // true
 */

/** Base class of every error fluxion raises deliberately. */
export class FluxionError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    // `new.target.name` keeps subclasses' names without each repeating this line.
    this.name = new.target.name;
  }
}

/** An argument of the wrong kind or value: a string where a number or array belongs, a fractional count, an unknown option. */
export class ArgumentError extends FluxionError {}

/** Shapes that do not fit the operation: bad ranks, axes out of range, mismatched dimensions, invalid shapes. */
export class ShapeError extends FluxionError {}

/** A dtype the operation does not accept, or an unknown dtype name. */
export class DTypeError extends FluxionError {}

/** A concrete value was asked of a traced array (under jit, grad, vmap), e.g. `x.data()` or `if (x)` inside jit. */
export class TracerError extends FluxionError {}

/** A WebGPU kernel failed to compile, validate or run; every result of that submit carries this error. */
export class KernelError extends FluxionError {}

/** A device resource limit was reached (buffers, memory): the message says how to release memory. */
export class ResourceError extends FluxionError {}

/** A function cannot be written in an export format (a primitive with no ONNX operator); the message names it. */
export class ExportError extends FluxionError {}

/** A file's bytes are not what its format requires (safetensors headers, PNG), or name reserved keys. */
export class FormatError extends FluxionError {}

/** Reading or writing a file failed; the message names the file and the fix. */
export class FileError extends FluxionError {}

/**
 * No backend can run the operation: `await init()` was not called yet, WebGPU was required but
 * has no adapter, or the device was lost. The message says which, and what to do.
 */
export class BackendError extends FluxionError {}
