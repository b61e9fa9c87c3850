/**
 * Conformance coverage of the fft-numpy worktree (issue 13): each name here is compared on WebGPU
 * against the CPU oracle on fresh inputs by a spec of this worktree (spec/fft.spec.ts,
 * spec/numpy-more.spec.ts).
 */
export const COVERED: readonly string[] = [
  'np.fft.fft', 'np.fft.ifft', 'np.fft.rfft', 'np.fft.irfft', 'np.fft.fft2', 'np.fft.ifft2',
  'np.fft.fftn', 'np.fft.ifftn', 'np.fft.fftfreq', 'np.fft.rfftfreq', 'np.fft.fftshift', 'np.fft.ifftshift',
  'np.quantile', 'np.percentile', 'np.median', 'np.average', 'np.ptp', 'np.cov', 'np.corrcoef', 'np.histogram',
  'np.bincount', 'np.polyval', 'np.polyfit', 'np.convolve', 'np.correlate', 'np.trapezoid', 'np.interp',
  'np.kron', 'np.inner', 'np.vdot', 'np.cross', 'np.logspace', 'np.geomspace', 'np.indices', 'np.fromfunction',
  'np.unravelIndex', 'np.ravelMultiIndex', 'np.select', 'np.piecewise', 'np.lgamma', 'np.digamma', 'np.logit',
  'np.expit', 'np.unique', 'np.isin',
];
