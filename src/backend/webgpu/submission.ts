/**
 * Which submit computed each GPU array, and whether that submit failed.
 *
 * WebGPU reports a failure (a kernel whose WGSL does not compile, a command that fails
 * validation) asynchronously, and a command buffer that fails validation runs none of its
 * commands: every buffer it was to write keeps its old bytes. So a failure must travel with the
 * results it spoiled, not with whatever is read next. Each submit is a Submission; the arrays
 * recorded into it point at it; the checks of what it ran (one per pipeline it dispatches, plus
 * an error scope around the submit itself) settle into one verdict, and reading an array awaits
 * its submission's verdict. A failed verdict is one KernelError, naming the kernel, its program
 * and shapes, that every read of every result of that submit throws, and so do the results of
 * later work computed from them (a submission also waits on the submissions its inputs came
 * from). Work that neither ran in nor read from the failed submit is unaffected.
 */
import { KernelError } from '../../core/errors.js';

/** What a check found wrong, as WebGPU said it (undefined: nothing). */
export type CheckResult = string | undefined;

interface Check {
  readonly found: Promise<CheckResult>;
  /** The error for this submission, given WebGPU's message. */
  readonly blame: (message: string) => KernelError;
}

let nextId = 0;

export class Submission {
  /** For messages and tests: submissions are numbered in recording order. */
  readonly id = nextId++;
  /** What was recorded, in order (program and kernel names), for messages. */
  readonly labels: string[] = [];
  private checks: Check[] = [];
  private parents = new Set<Submission>();
  private submittedResolve!: () => void;
  private readonly submitted = new Promise<void>((resolve) => { this.submittedResolve = resolve; });
  private verdictPromise: Promise<KernelError | undefined> | undefined;
  /** True once the verdict is known (then `failure` says what it is). */
  settled = false;
  failure: KernelError | undefined;

  /** Notes that something recorded here checks out later (a new pipeline's compile scope). */
  addCheck(found: Promise<CheckResult>, blame: (message: string) => KernelError): void {
    this.checks.push({ found, blame });
  }

  /** This submission reads results of `producer`: if that failed, so does everything here. */
  dependsOn(producer: Submission | undefined): void {
    if (!producer || producer === this || (producer.settled && !producer.failure)) return;
    this.parents.add(producer);
  }

  /** Called once, when the command buffer was handed to the queue (or found to be empty). */
  markSubmitted(): void { this.submittedResolve(); }

  /**
   * The first failure among: the checks of this submission in recording order (so a kernel that
   * did not compile is named rather than the submit that then failed), then the inputs'
   * submissions. Undefined when everything ran. Only meaningful once submitted, so it waits
   * for that; call it after the queue is flushed.
   */
  verdict(): Promise<KernelError | undefined> {
    this.verdictPromise ??= this.decide();
    return this.verdictPromise;
  }

  private async decide(): Promise<KernelError | undefined> {
    await this.submitted;
    let failure: KernelError | undefined;
    for (const c of this.checks) {
      const message = await c.found.catch((e: unknown) => `the error check itself failed: ${String(e)}`);
      if (message !== undefined) { failure = c.blame(message); break; }
    }
    if (!failure) {
      for (const p of this.parents) {
        const f = await p.verdict();
        if (f) { failure = f; break; }
      }
    }
    this.failure = failure;
    this.settled = true;
    // Settled: drop what it waited on, so long chains of submissions can be collected.
    this.checks = [];
    this.parents = new Set();
    return failure;
  }
}

/** Short list of what a submission ran, for messages. */
export const describeLabels = (labels: readonly string[]): string =>
  labels.length === 0 ? 'nothing' : labels.length <= 12 ? labels.join(', ') : `${labels.slice(0, 12).join(', ')}, …`;
