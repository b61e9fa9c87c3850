/**
 * FLUXION_DEBUG, for layers that must not depend on a backend (transforms): the level as a number
 * (0 when unset, not a number, or outside Node) and the one-line `[fluxion]` logger.
 * @example if (debugLevel() >= 1) debugLog('jit(step): tracing again for (f32[8])');
 */
export function debugLevel(): number {
  const env = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env;
  const n = Number(env?.FLUXION_DEBUG ?? 0);
  return Number.isFinite(n) ? n : 0;
}

/** Writes one `[fluxion]` line to stderr (console.error in a browser). */
export function debugLog(msg: string): void { console.error(`[fluxion] ${msg}`); }
