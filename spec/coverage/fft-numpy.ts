/**
 * Conformance coverage of the fft-numpy worktree (issue 13): each name here is compared on WebGPU
 * against the CPU oracle on fresh inputs by a spec of this worktree (spec/fft.spec.ts,
 * spec/numpy-more.spec.ts).
 */
export const COVERED: readonly string[] = [
  'np.fft.fft', 'np.fft.ifft', 'np.fft.rfft', 'np.fft.irfft', 'np.fft.fft2', 'np.fft.ifft2',
  'np.fft.fftn', 'np.fft.ifftn', 'np.fft.fftfreq', 'np.fft.rfftfreq', 'np.fft.fftshift', 'np.fft.ifftshift',
];
