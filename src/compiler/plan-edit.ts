/**
 * Copy-on-write editing of a Plan, the way the planner's merge passes (plan-passes.ts) build the
 * plan they return without changing the one they were given:
 * - the kernel list and the stored set are the input's until the first change, then copies;
 * - a kernel the pass leaves alone is shared by reference between the two plans;
 * - a kernel the pass edits is copied once (its own writes, reductions and reads, each offset set
 *   included) and put in its place; that copy is then edited in place for the rest of the pass;
 * - a pass that changes nothing returns the plan it was given.
 *
 * Why not immer drafts: commit 22f7631 made these passes immer recipes, and every scan over the
 * kernels (writer, readersOf, fits, which the merge conditions run for each candidate pair) then
 * went through a proxy per kernel and per reads Map, and finalising walked them again. Planning
 * the FACM step went from 51 to 183 ms, and spec/random-samplers' WebGPU conformance test, which
 * plans hundreds of small programs, from 4.7 to 77 s (reverted in aceb502). Here the scans read
 * plain objects, and a copy costs about what the edit itself does.
 *
 * Passes may hold a kernel across an edit: `current(k)` says what it has become (its copy, or
 * undefined once removed), and every method here accepts a kernel of either version.
 */
import type { Var } from '../core/jaxpr.js';
import type { Graph } from './graph.js';
import { extraBindings } from './plan-bindings.js';
import type { Plan, PlannedKernel } from './plan.js';
import type { Target } from './target.js';

/** A kernel with its own mutable parts: writes, reductions, the reads Map and each offset set. */
function copyKernel(k: PlannedKernel): PlannedKernel {
  const reads = new Map<Var, Set<string>>();
  for (const [v, offsets] of k.reads) reads.set(v, new Set(offsets));
  return { ...k, writes: [...k.writes], reductions: [...k.reductions], reads };
}

/** Whether kernel `k` reads `v` only at `offsetKey` (or not at all). */
export function readsOnlyAt(k: PlannedKernel, v: Var, offsetKey: string): boolean {
  const r = k.reads.get(v);
  return !r || (r.size === 1 && r.has(offsetKey));
}

/** The plan one merge pass is building from its input, with the planner's merge conditions. */
export class PlanEdit {
  readonly graph: Graph;
  /** The adapter planned for: its storage-buffer limit bounds every merge. */
  readonly target: Target;
  private kernelList: PlannedKernel[];
  private storedSet: Set<Var>;
  private kernelListCopied = false;
  private storedSetCopied = false;
  /** Kernels made by this pass (copies, merged kernels): edited in place. */
  private readonly madeHere = new Set<PlannedKernel>();
  /** What a replaced kernel became: the kernel in its place, or null once removed. */
  private readonly successor = new Map<PlannedKernel, PlannedKernel | null>();

  constructor(private readonly input: Plan) {
    this.graph = input.graph;
    this.target = input.target;
    this.kernelList = input.kernels;
    this.storedSet = input.stored;
  }

  /** The kernels as they stand, in list order (read only: edit through the methods). */
  get kernels(): readonly PlannedKernel[] { return this.kernelList; }

  /** The stored values as they stand (read only: change through store / unstoreValue). */
  get stored(): ReadonlySet<Var> { return this.storedSet; }

  /** The plan built: the input itself when nothing changed. */
  result(): Plan {
    if (!this.kernelListCopied && !this.storedSetCopied) return this.input;
    return { graph: this.graph, target: this.target, stored: this.storedSet, kernels: this.kernelList };
  }

  /** What `k` stands for now: `k`, the kernel put in its place, or undefined once removed. */
  current(k: PlannedKernel): PlannedKernel | undefined {
    let c: PlannedKernel | null | undefined = k;
    while (c && this.successor.has(c)) c = this.successor.get(c);
    return c ?? undefined;
  }

  private live(k: PlannedKernel): PlannedKernel {
    const c = this.current(k);
    if (!c) throw new Error('compiler: a merge pass edited a kernel it had removed (a planner bug; fluxion bug: please report).');
    return c;
  }

  private ownKernelList(): PlannedKernel[] {
    if (!this.kernelListCopied) { this.kernelList = [...this.kernelList]; this.kernelListCopied = true; }
    return this.kernelList;
  }

  private ownStoredSet(): Set<Var> {
    if (!this.storedSetCopied) { this.storedSet = new Set(this.storedSet); this.storedSetCopied = true; }
    return this.storedSet;
  }

  /** `k` as this pass may change it: the first time a copy put in k's place, then that copy. */
  edit(k: PlannedKernel): PlannedKernel {
    const c = this.live(k);
    return this.madeHere.has(c) ? c : this.replace(c, copyKernel(c));
  }

  /**
   * Puts `next`, a kernel built by this pass, in the place of `k` (same list position), and
   * returns it. `next` must share no array, Map or Set with a kernel of the input: later steps of
   * the pass may edit it in place.
   */
  replace(k: PlannedKernel, next: PlannedKernel): PlannedKernel {
    const c = this.live(k);
    const list = this.ownKernelList();
    list[list.indexOf(c)] = next;
    if (c !== next) this.successor.set(c, next);
    this.madeHere.add(next);
    return next;
  }

  /** `k` with `reads` (a Map this pass built) in place of its own reads. */
  withReads(k: PlannedKernel, reads: Map<Var, Set<string>>): PlannedKernel {
    const c = this.live(k);
    if (this.madeHere.has(c)) { c.reads = reads; return c; }
    return this.replace(c, { ...c, writes: [...c.writes], reductions: [...c.reductions], reads });
  }

  /** Drops kernel `k` from the plan (a kernel merged into another). */
  remove(k: PlannedKernel): void {
    const c = this.current(k);
    if (!c) return;
    this.kernelList = this.kernelList.filter((x) => x !== c);
    this.kernelListCopied = true;
    this.successor.set(c, null);
  }

  /** Gives `v` a buffer. */
  store(v: Var): void { if (!this.storedSet.has(v)) this.ownStoredSet().add(v); }

  /** Takes `v`'s buffer away (it is computed where it is used). */
  unstoreValue(v: Var): void { if (this.storedSet.has(v)) this.ownStoredSet().delete(v); }

  /** Kernels in program order; the list is copied only when it is not already in order. */
  sortByPosition(): void {
    const ks = this.kernelList;
    if (ks.every((k, i) => i === 0 || ks[i - 1].position <= k.position)) return;
    this.ownKernelList().sort((a, b) => a.position - b.position);
  }

  // --- The merge conditions, over the kernels as they stand. ---

  /** The kernel that writes `v`, if any. */
  writer(v: Var): PlannedKernel | undefined { return this.kernelList.find((k) => k.writes.includes(v)); }

  /** The kernels that read `v` from its buffer. */
  readersOf(v: Var): PlannedKernel[] { return this.kernelList.filter((k) => k.reads.has(v)); }

  /** Row kernels by position. */
  rows(): PlannedKernel[] { return this.kernelList.filter((k) => k.kind === 'row').sort((a, b) => a.position - b.position); }

  /** Whether everything `k` reads is written before `position` (or by one of `except`). */
  producedBefore(k: PlannedKernel, position: number, except: readonly PlannedKernel[] = []): boolean {
    const excepted = except.map((x) => this.current(x) ?? x);
    for (const v of k.reads.keys()) {
      const w = this.writer(v);
      if (w && !excepted.includes(w) && w.position >= position) return false;
    }
    return true;
  }

  /** Whether `ks` merged into one kernel bind no more storage buffers than the target allows. */
  fits(...ks: PlannedKernel[]): boolean {
    const bound = new Set<Var>();
    let extra = 0;
    for (const k of ks) {
      for (const v of k.reads.keys()) bound.add(v);
      for (const v of k.writes) bound.add(v);
      extra = Math.max(extra, extraBindings(k, this.graph));
    }
    return bound.size + extra <= this.target.maxStorageBuffersPerShaderStage;
  }

  /** Stops storing `v` when it is now only used inside kernel `k`, which computes it. */
  unstore(k: PlannedKernel, v: Var): void {
    const c = this.live(k);
    if (this.graph.outputs.has(v) || this.readersOf(v).some((r) => r !== c)) return;
    this.unstoreValue(v);
    const e = this.edit(c);
    e.writes = e.writes.filter((w) => w !== v);
    e.reads.delete(v);
  }

  /** `unstore` for a value `k` writes (a reduction it computes that nothing outside reads). */
  unstoreIfLocal(k: PlannedKernel, v: Var): void {
    if (this.live(k).writes.includes(v)) this.unstore(k, v);
  }
}
