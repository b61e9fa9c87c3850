/**
 * A test hook that makes a kernel fail on purpose, so specs can show what a failure does
 * (which error, on which results, for how long) without needing a real compiler bug. The next
 * kernel whose program or kernel name matches is given WGSL that does not compile; it is built
 * outside the pipeline cache, so the real kernel of the same text is unaffected afterwards.
 */
import { ArgumentError } from '../../core/errors.js';

interface Armed { readonly program?: string; readonly kernel?: string }

const armed: Armed[] = [];

/** Appended to the kernel's WGSL: not a declaration WGSL knows, so shader creation fails. */
export const INJECTED_FAULT_WGSL = '\nthis_is_an_injected_fault;\n';

/**
 * Makes the next kernel run by a program named `program` (a primitive's name for eager ops, the
 * jit name otherwise) and/or named `kernel` (e.g. `E_4`) fail to compile. Fires once per call.
 * @example injectKernelFault({ program: 'sin' }); const y = np.sin(x); await y.data(); // throws KernelError
 */
export function injectKernelFault(match: Armed): void {
  if (match.program === undefined && match.kernel === undefined) {
    throw new ArgumentError('injectKernelFault: name a program, a kernel, or both, e.g. { program: \'sin\' }.');
  }
  armed.push({ ...match });
}

/** Disarms every injected fault that has not fired yet. @example clearKernelFaults(); */
export function clearKernelFaults(): void { armed.length = 0; }

/** Whether a fault is armed for this kernel; if so it is consumed (runtime use). */
export function takeKernelFault(program: string, kernel: string): boolean {
  const i = armed.findIndex((a) => (a.program === undefined || a.program === program) && (a.kernel === undefined || a.kernel === kernel));
  if (i < 0) return false;
  armed.splice(i, 1);
  return true;
}
