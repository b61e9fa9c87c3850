/**
 * ONNX export: a traced fluxion function (e.g. a distilled one-step generator) as an ONNX model,
 * with its parameters stored as initializers, runnable by ONNX Runtime in a server or a browser.
 * @example
 * import { onnx } from 'fluxion/node';
 * const bytes = await onnx.exportOnnx((p, x) => nn.dense(p, x), [params, x]);
 */
export { exportOnnx, type OnnxExportOptions } from './export.js';
