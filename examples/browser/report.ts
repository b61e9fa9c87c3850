/**
 * What the demo page reports to scripts through `window.fluxionDemo.report()`: kept apart from
 * the page's DOM code so Node-side readers (spec/browser-demo.spec.ts, the screenshot script)
 * can import the type.
 */
export interface DemoReport {
  /** 'webgpu' or 'cpu': where the page's arrays live. */
  backend: string;
  /** The adapter's vendor, architecture and description, or 'none'. */
  adapter: string;
  phase: 'idle' | 'teacher' | 'facm' | 'done';
  /** Steps taken in the current phase. */
  step: number;
  /** One reading per chunk of steps, in order. */
  teacherLoss: number[];
  facmLoss: number[];
  /** Drawings completed so far. */
  frames: number;
  /** Set when training stopped with an error. */
  error?: string;
}
