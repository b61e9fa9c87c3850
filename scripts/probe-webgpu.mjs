#!/usr/bin/env node
// Probe for a usable WebGPU adapter through Dawn's Node bindings (npm `webgpu`).
// Prints one JSON line with the adapter info and exits 0, or prints the reason and exits 1.
// Used by scripts/test.sh, spec/helpers/webgpu.ts and scripts/setup-lavapipe.sh.
// Mind docs/webgpu.md: keep the create() object reachable while a device lives,
// and destroy the device before exiting (exiting with a live device has segfaulted).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

if (!process.env.XDG_RUNTIME_DIR) {
  // Mesa warns on stderr without it; any writable directory will do.
  const dir = path.join(os.tmpdir(), `xdg-runtime-${process.getuid?.() ?? 'user'}`);
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  process.env.XDG_RUNTIME_DIR = dir;
}

const fail = (why) => {
  process.stdout.write(JSON.stringify({ ok: false, error: why }) + '\n');
  process.exit(1);
};

// A wedged driver must not hang the test script.
const watchdog = setTimeout(() => fail('timed out waiting for a WebGPU adapter/device'), 30_000);

let gpu; // module-level: must outlive the device
try {
  const { create } = await import('webgpu');
  gpu = create([]);
} catch (e) {
  fail(`cannot load the webgpu package: ${e?.message ?? e}`);
}

const adapter = await gpu.requestAdapter().catch((e) => fail(`requestAdapter threw: ${e?.message ?? e}`));
if (!adapter) fail('requestAdapter() returned null (no WebGPU adapter)');

let device;
try {
  device = await adapter.requestDevice();
} catch (e) {
  fail(`requestDevice threw: ${e?.message ?? e}`);
}
const info = adapter.info ?? {};
const result = {
  ok: true,
  vendor: info.vendor ?? '',
  architecture: info.architecture ?? '',
  device: info.device ?? '',
  description: info.description ?? '',
  features: [...adapter.features].sort(),
};
device.destroy();
clearTimeout(watchdog);
process.stdout.write(JSON.stringify(result) + '\n');
// Keep `gpu` reachable until here (see notes), then leave explicitly.
void gpu;
process.exit(0);
