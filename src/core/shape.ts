import { DType, shortName } from './dtype.js';

export type Shape = readonly number[];

/** An abstract value: what a traced value is known to be (shape and dtype, no data). */
export class ShapedArray {
  constructor(readonly shape: Shape, readonly dtype: DType) {}

  get ndim(): number { return this.shape.length; }
  get size(): number { return sizeOf(this.shape); }

  equals(other: ShapedArray): boolean {
    return this.dtype === other.dtype && shapesEqual(this.shape, other.shape);
  }

  /** `f32[3,4]`, the notation of printed Jaxprs. */
  toString(): string { return `${shortName(this.dtype)}[${this.shape.join(',')}]`; }
}

export const sizeOf = (shape: Shape): number => shape.reduce((a, b) => a * b, 1);

export const shapesEqual = (a: Shape, b: Shape): boolean =>
  a.length === b.length && a.every((d, i) => d === b[i]);

/** Row-major strides in elements. */
export function stridesOf(shape: Shape): number[] {
  const s = new Array<number>(shape.length);
  let acc = 1;
  for (let i = shape.length - 1; i >= 0; i--) { s[i] = acc; acc *= shape[i]; }
  return s;
}

export const fmtShape = (shape: Shape): string => `[${shape.join(', ')}]`;
