/**
 * Symbolic index arithmetic. Movement primitives (reshape, transpose, broadcast, slice) become
 * index expressions inside kernels; kept as strings they would pile up divisions and modulos
 * (`((i / 2u) % 256u) * 2u + i % 2u`), which cost real time on lavapipe, where every lane runs
 * them. Kept as affine sums over bounded atoms they simplify back (`i`), and two indices can be
 * compared structurally — which is how the planner recognises that a broadcast reduction result
 * is "this row's value" and can stay in a register.
 *
 * An index is Σ coef·atom + const, where an atom is a loop variable with a known extent, a floor
 * division or a modulo of another index by a constant, or an opaque WGSL u32 expression with a
 * known range (a clamped gather index). All values are non-negative integers < 2³².
 */

export type Atom =
  | { readonly kind: 'var'; readonly name: string; readonly extent: number }
  | { readonly kind: 'div'; readonly x: Ix; readonly d: number }
  | { readonly kind: 'mod'; readonly x: Ix; readonly d: number }
  | { readonly kind: 'opaque'; readonly wgsl: string; readonly max: number };

interface Term { readonly atom: Atom; readonly coef: number }

export class Ix {
  private constructor(readonly terms: readonly Term[], readonly c: number, readonly key: string) {}

  static const(c: number): Ix { return Ix.make([], c); }
  static atom(a: Atom): Ix { return Ix.make([{ atom: a, coef: 1 }], 0); }
  /** A loop variable taking values 0 … extent-1. */
  static loopVar(name: string, extent: number): Ix { return extent <= 1 ? Ix.const(0) : Ix.atom({ kind: 'var', name, extent }); }
  /** A u32 WGSL expression known to lie in [0, max]. */
  static opaque(wgsl: string, max: number): Ix { return max <= 0 ? Ix.const(0) : Ix.atom({ kind: 'opaque', wgsl, max }); }

  /** Canonical form: like terms merged, zero coefficients dropped, terms sorted by atom key. */
  private static make(terms: readonly Term[], c: number): Ix {
    const merged = new Map<string, Term>();
    for (const t of terms) {
      const k = atomKey(t.atom);
      const prev = merged.get(k);
      merged.set(k, { atom: t.atom, coef: (prev?.coef ?? 0) + t.coef });
    }
    let list = [...merged.entries()].filter(([, t]) => t.coef !== 0).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, t]) => t);
    const [rec, extra] = recombine(list);
    list = rec;
    c += extra;
    const key = list.map((t) => `${t.coef}*${atomKey(t.atom)}`).join('+') + `+${c}`;
    return new Ix(list, c, key);
  }

  get isConst(): boolean { return this.terms.length === 0; }
  get min(): number { return this.terms.reduce((s, t) => s + t.coef * (t.coef > 0 ? atomMin(t.atom) : atomMax(t.atom)), this.c); }
  get max(): number { return this.terms.reduce((s, t) => s + t.coef * (t.coef > 0 ? atomMax(t.atom) : atomMin(t.atom)), this.c); }

  add(o: Ix | number): Ix {
    const y = typeof o === 'number' ? Ix.const(o) : o;
    return Ix.make([...this.terms, ...y.terms], this.c + y.c);
  }
  mul(k: number): Ix {
    if (k === 0) return Ix.const(0);
    return Ix.make(this.terms.map((t) => ({ atom: t.atom, coef: t.coef * k })), this.c * k);
  }

  /** ⌊this / d⌋, simplified: exact multiples come out, a remainder known to be < d vanishes. */
  div(d: number): Ix {
    if (d === 1) return this;
    const [q, r] = this.split(d);
    if (r.min >= 0 && r.max < d) return q;
    if (r.min < 0) return Ix.atom({ kind: 'div', x: this, d });
    return q.add(Ix.atom({ kind: 'div', x: r, d }));
  }

  /** this mod d, simplified the same way. */
  mod(d: number): Ix {
    if (d === 1) return Ix.const(0);
    const [, r] = this.split(d);
    if (r.min >= 0 && r.max < d) return r;
    if (r.min < 0) return Ix.atom({ kind: 'mod', x: this, d });
    return Ix.atom({ kind: 'mod', x: r, d });
  }

  /** this = d·q + r where q collects the terms (and constant part) divisible by d. */
  private split(d: number): [Ix, Ix] {
    const qt: Term[] = [], rt: Term[] = [];
    for (const t of this.terms) (t.coef % d === 0 ? qt : rt).push(t.coef % d === 0 ? { atom: t.atom, coef: t.coef / d } : t);
    const qc = Math.floor(this.c / d), rc = this.c - qc * d;
    // Keep the constant with the remainder when that keeps the remainder's range inside [0, d).
    return [Ix.make(qt, qc), Ix.make(rt, rc)];
  }

  /** WGSL u32 expression. Terms with negative coefficients are subtracted (u32 wraps, but the total is ≥ 0). */
  wgsl(): string {
    const pos: string[] = [], neg: string[] = [];
    for (const t of this.terms) {
      const a = atomWgsl(t.atom);
      const m = Math.abs(t.coef);
      (t.coef > 0 ? pos : neg).push(m === 1 ? a : `${a} * ${m}u`);
    }
    if (this.c > 0 || (pos.length === 0 && this.c >= 0)) pos.push(`${this.c}u`);
    else if (this.c < 0) neg.push(`${-this.c}u`);
    let s = pos.join(' + ');
    if (neg.length) s = `${s || '0u'} - ${neg.join(' - ')}`;
    return pos.length + neg.length > 1 ? `(${s})` : s;
  }
}

function atomKey(a: Atom): string {
  switch (a.kind) {
    case 'var': return a.name;
    case 'div': return `(${a.x.key})/${a.d}`;
    case 'mod': return `(${a.x.key})%${a.d}`;
    case 'opaque': return `{${a.wgsl}}`;
  }
}
function atomMin(a: Atom): number {
  return a.kind === 'div' ? Math.floor(a.x.min / a.d) : 0;
}
function atomMax(a: Atom): number {
  switch (a.kind) {
    case 'var': return a.extent - 1;
    case 'div': return Math.floor(a.x.max / a.d);
    case 'mod': return Math.min(a.d - 1, a.x.max);
    case 'opaque': return a.max;
  }
}
function atomWgsl(a: Atom): string {
  switch (a.kind) {
    case 'var': return a.name;
    case 'div': return `(${a.x.wgsl()} / ${a.d}u)`;
    case 'mod': return `(${a.x.wgsl()} % ${a.d}u)`;
    case 'opaque': return `(${a.wgsl})`;
  }
}

/**
 * d·c·⌊x/d⌋ + c·(x mod d) = c·x: the identity that undoes an unflatten-then-flatten (a reshape
 * of a contiguous array), which would otherwise leave a division and a modulo in every load.
 */
function recombine(terms: Term[]): [Term[], number] {
  for (let i = 0; i < terms.length; i++) {
    const t = terms[i];
    if (t.atom.kind !== 'mod') continue;
    const { x, d } = t.atom;
    const j = terms.findIndex((u) => u.atom.kind === 'div' && u.atom.d === d && u.atom.x.key === x.key && u.coef === t.coef * d);
    if (j < 0) continue;
    const rest = terms.filter((_, k) => k !== i && k !== j);
    const expanded = x.mul(t.coef);
    const [more, c] = recombine(mergeLike([...rest, ...expanded.terms]));
    return [more, c + expanded.c];
  }
  return [terms, 0];
}

function mergeLike(terms: Term[]): Term[] {
  const m = new Map<string, Term>();
  for (const t of terms) {
    const k = atomKey(t.atom);
    const p = m.get(k);
    m.set(k, { atom: t.atom, coef: (p?.coef ?? 0) + t.coef });
  }
  return [...m.entries()].filter(([, t]) => t.coef !== 0).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, t]) => t);
}

// ---------------------------------------------------------------------------------------------
// Multi-dimensional helpers

/** Row-major linear offset of a multi-index into `shape`. */
export function flatten(idx: readonly Ix[], shape: readonly number[]): Ix {
  let acc = Ix.const(0);
  let stride = 1;
  for (let d = shape.length - 1; d >= 0; d--) {
    if (shape[d] !== 1) acc = acc.add(idx[d].mul(stride));
    stride *= shape[d];
  }
  return acc;
}

/** The multi-index of a row-major linear offset into `shape`. */
export function unflatten(linear: Ix, shape: readonly number[]): Ix[] {
  const out: Ix[] = new Array(shape.length);
  let stride = 1;
  for (let d = shape.length - 1; d >= 0; d--) {
    out[d] = shape[d] === 1 ? Ix.const(0) : linear.div(stride).mod(shape[d]);
    stride *= shape[d];
  }
  // The outermost dimension needs no modulo when the offset is in range.
  return out;
}

export const sameIndex = (a: readonly Ix[], b: readonly Ix[]): boolean =>
  a.length === b.length && a.every((x, i) => x.key === b[i].key);
