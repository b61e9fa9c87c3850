/**
 * Prototype-free records for names that come from files. A plain `{}` inherits from
 * Object.prototype: assigning a tensor named `__proto__` replaces the record's prototype instead of
 * storing it, and looking up a missing `constructor` or `toString` finds a function. A record
 * made by `Object.create(null)` has no such keys, so every name read from a file is just a name.
 */

/**
 * An empty record without a prototype.
 * @example const tensors = emptyRecord<Tensor>(); tensors['__proto__'] = t; // an ordinary key
 */
export const emptyRecord = <T>(): Record<string, T> => Object.create(null) as Record<string, T>;

/**
 * The value stored under `key` itself, never one inherited from a prototype.
 * @example ownValue({}, 'toString') // undefined
 */
export const ownValue = <T>(record: Readonly<Record<string, T>>, key: string): T | undefined =>
  Object.hasOwn(record, key) ? record[key] : undefined;
