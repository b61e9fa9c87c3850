// The smallest end-to-end WebGPU round trip: upload, one compute kernel, read back.
// Proves the adapter, the WGSL compiler and the readback path work; the real backend lives beside it.
import { getDevice } from './device.js';
import { KernelError, ResourceError } from '../../core/errors.js';

const WORKGROUP_SIZE = 64;

const SMOKE_WGSL = /* wgsl */ `
@group(0) @binding(0) var<storage, read> src: array<f32>;
@group(0) @binding(1) var<storage, read_write> dst: array<f32>;

@compute @workgroup_size(${WORKGROUP_SIZE})
fn main(@builtin(global_invocation_id) gid: vec3<u32>) {
  let i = gid.x;
  if (i >= arrayLength(&dst)) { return; }
  dst[i] = src[i] * 2.0 + 1.0;
}
`;

/** What runSmokeKernel computes, on the CPU in f32. x * 2 is exact, so a fused multiply-add gives the same bits. */
export function smokeReference(input: Float32Array): Float32Array {
  return input.map((x) => Math.fround(Math.fround(x * 2) + 1));
}

/**
 * Compute out[i] = in[i] * 2 + 1 on the WebGPU device.
 * @example const out = await runSmokeKernel(new Float32Array([1, 2, 3])); // Float32Array [3, 5, 7]
 */
export async function runSmokeKernel(input: Float32Array): Promise<Float32Array> {
  if (input.length === 0) return new Float32Array(0);
  const { device, limits } = await getDevice();
  const byteLength = input.byteLength;
  const groups = Math.ceil(input.length / WORKGROUP_SIZE);
  if (byteLength > limits.maxStorageBufferBindingSize || groups > limits.maxComputeWorkgroupsPerDimension) {
    throw new ResourceError(
      `fluxion: runSmokeKernel input of ${input.length} floats exceeds this adapter's limits ` +
        `(maxStorageBufferBindingSize ${limits.maxStorageBufferBindingSize} B, ` +
        `maxComputeWorkgroupsPerDimension ${limits.maxComputeWorkgroupsPerDimension}); use a smaller input.`,
    );
  }

  const src = device.createBuffer({
    label: 'smoke.src',
    size: byteLength,
    usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_DST,
  });
  const dst = device.createBuffer({
    label: 'smoke.dst',
    size: byteLength,
    usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC,
  });
  const staging = device.createBuffer({
    label: 'smoke.staging',
    size: byteLength,
    usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST,
  });
  try {
    device.queue.writeBuffer(src, 0, input.buffer, input.byteOffset, byteLength);

    device.pushErrorScope('validation');
    const module = device.createShaderModule({ label: 'smoke', code: SMOKE_WGSL });
    const pipeline = device.createComputePipeline({
      label: 'smoke',
      layout: 'auto',
      compute: { module, entryPoint: 'main' },
    });
    const bindGroup = device.createBindGroup({
      layout: pipeline.getBindGroupLayout(0),
      entries: [
        { binding: 0, resource: { buffer: src } },
        { binding: 1, resource: { buffer: dst } },
      ],
    });
    const encoder = device.createCommandEncoder({ label: 'smoke' });
    const pass = encoder.beginComputePass({ label: 'smoke' });
    pass.setPipeline(pipeline);
    pass.setBindGroup(0, bindGroup);
    pass.dispatchWorkgroups(groups);
    pass.end();
    encoder.copyBufferToBuffer(dst, 0, staging, 0, byteLength);
    device.queue.submit([encoder.finish()]);
    const error = await device.popErrorScope();
    if (error) throw new KernelError(`fluxion: smoke kernel failed WebGPU validation: ${error.message}`);

    await staging.mapAsync(GPUMapMode.READ);
    // Copy out before unmap: the mapped ArrayBuffer is detached by unmap().
    const out = new Float32Array(staging.getMappedRange().slice(0));
    staging.unmap();
    return out;
  } finally {
    src.destroy();
    dst.destroy();
    staging.destroy();
  }
}
