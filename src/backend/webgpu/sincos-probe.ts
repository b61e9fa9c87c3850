/**
 * Measures how accurate an adapter's builtin sin and cos are, once per device, so the compiler can
 * use fluxion's own range-reduced versions (src/compiler/sincos.ts) exactly where the builtins are
 * looser than float32 deserves. Measured, not looked up by vendor name: lavapipe's builtins are
 * within ~1e-7 and keep them; Chromium's SwiftShader is off by ~2e-4 and gets fluxion's. One small
 * dispatch and a 64 KiB readback at device acquisition.
 */

/** Points in [-64, 64]: beyond one period, where a poor range reduction shows. */
const N = 8192;
const xs = Float32Array.from({ length: N }, (_, i) => -64 + (128 * i) / (N - 1));

const SHADER = `@group(0) @binding(0) var<storage, read> x: array<f32>;
@group(0) @binding(1) var<storage, read_write> y: array<f32>;
@compute @workgroup_size(64) fn main(@builtin(global_invocation_id) id: vec3u) {
  let i = id.x;
  if (i < ${N}u) { y[2u * i] = sin(x[i]); y[2u * i + 1u] = cos(x[i]); }
}`;

/**
 * The largest absolute error of the device's builtin sin/cos on [-64, 64] against Math.sin/cos.
 * @example const err = await measureBuiltinSinCos(device); const useOwn = err > SIN_COS_TOLERANCE;
 */
export async function measureBuiltinSinCos(device: GPUDevice): Promise<number> {
  const input = device.createBuffer({ size: xs.byteLength, usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_DST });
  const output = device.createBuffer({ size: 2 * xs.byteLength, usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC });
  const staging = device.createBuffer({ size: 2 * xs.byteLength, usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST });
  try {
    device.queue.writeBuffer(input, 0, xs);
    const pipeline = device.createComputePipeline({
      label: 'fluxion sin/cos probe', layout: 'auto',
      compute: { module: device.createShaderModule({ code: SHADER }), entryPoint: 'main' },
    });
    const bindGroup = device.createBindGroup({
      layout: pipeline.getBindGroupLayout(0),
      entries: [{ binding: 0, resource: { buffer: input } }, { binding: 1, resource: { buffer: output } }],
    });
    const encoder = device.createCommandEncoder();
    const pass = encoder.beginComputePass();
    pass.setPipeline(pipeline);
    pass.setBindGroup(0, bindGroup);
    pass.dispatchWorkgroups(Math.ceil(N / 64));
    pass.end();
    encoder.copyBufferToBuffer(output, 0, staging, 0, 2 * xs.byteLength);
    device.queue.submit([encoder.finish()]);
    await staging.mapAsync(GPUMapMode.READ);
    const got = new Float32Array(staging.getMappedRange().slice(0));
    staging.unmap();
    let worst = 0;
    for (let i = 0; i < N; i++) {
      const e = Math.max(Math.abs(got[2 * i] - Math.sin(xs[i])), Math.abs(got[2 * i + 1] - Math.cos(xs[i])));
      worst = Number.isNaN(e) ? Infinity : Math.max(worst, e);
    }
    return worst;
  } finally {
    input.destroy();
    output.destroy();
    staging.destroy();
  }
}

/**
 * Builtins with a larger error than this get fluxion's sin/cos: the suites compare float32
 * results at 1e-5, and fluxion's own are within ~1e-7, so 1e-6 keeps a margin both ways.
 */
export const SIN_COS_TOLERANCE = 1e-6;
