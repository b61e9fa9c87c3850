#!/usr/bin/env bash
# `npm test`: install dependencies if needed, make sure a WebGPU adapter exists (installing Mesa
# lavapipe on Debian bookworm as root), then run vitest. Extra arguments go to `vitest run`.
#   npm test                                 all specs
#   npm test -- spec/webgpu-smoke.spec.ts    one file
#   FLUXION_REQUIRE_WEBGPU=1 npm test        WebGPU specs fail instead of skipping without an adapter
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
log() { printf '[test] %s\n' "$*" >&2; }

# (a) dependencies
if [[ ! -d node_modules ]]; then
  log "node_modules missing: npm ci"
  npm ci --no-audit --no-fund >&2
fi

# (d) Mesa warns without XDG_RUNTIME_DIR; any private writable directory will do.
if [[ -z "${XDG_RUNTIME_DIR:-}" ]]; then
  export XDG_RUNTIME_DIR="${TMPDIR:-/tmp}/xdg-runtime-$(id -u)"
  mkdir -p "$XDG_RUNTIME_DIR" && chmod 700 "$XDG_RUNTIME_DIR"
fi

# (b) probe for an adapter; (c) install lavapipe when there is none.
if info="$(node scripts/probe-webgpu.mjs 2>/dev/null)"; then
  log "WebGPU adapter: $info"
else
  log "no WebGPU adapter ($info); trying to set up Mesa lavapipe"
  setup_rc=0
  bash scripts/setup-lavapipe.sh || setup_rc=$?
  if info="$(node scripts/probe-webgpu.mjs 2>/dev/null)"; then
    log "WebGPU adapter: $info"
  elif [[ "${FLUXION_REQUIRE_WEBGPU:-}" == "1" ]]; then
    log "still no WebGPU adapter (setup exit $setup_rc); FLUXION_REQUIRE_WEBGPU=1, so WebGPU specs will fail."
  else
    log "still no WebGPU adapter (setup exit $setup_rc); WebGPU specs will be skipped."
  fi
fi

# (e) run the specs; the adapter probe above is repeated per spec file by spec/helpers/webgpu.ts.
exec npx --no-install vitest run "$@"
