/** Assertions on fluxion's named errors, shared by the argument-checking specs. */
import { expect } from 'vitest';
import { errors } from '../../src/index.js';

type ErrorClass = new (...args: never[]) => Error;

/**
 * `fn` must throw an instance of `kind` (and so a FluxionError) whose message holds every
 * fragment (a string it contains, or a pattern it matches); returns the message.
 */
export function expectError(fn: () => unknown, kind: ErrorClass, ...fragments: (string | RegExp)[]): string {
  let thrown: unknown;
  try { fn(); } catch (e) { thrown = e; }
  if (thrown === undefined) throw new Error('expected the call to throw, but it returned');
  expect(thrown).toBeInstanceOf(kind);
  expect(thrown).toBeInstanceOf(errors.FluxionError);
  const msg = (thrown as Error).message;
  for (const f of fragments) {
    if (typeof f === 'string') expect(msg).toContain(f);
    else expect(msg).toMatch(f);
  }
  return msg;
}

/** A deliberately ill-typed argument, typed as whatever the call expects. */
export const bad = <T>(v: unknown): T => v as T;
