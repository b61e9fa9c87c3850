#!/usr/bin/env bash
# `npm run demo`: the FACM 2-D study. Like `npm test`, it installs dependencies when missing and,
# when no WebGPU adapter exists, sets up Mesa lavapipe (Debian, as root); if that is impossible
# fluxion falls back to its CPU backend and says so. Arguments go to examples/facm-2d.ts.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
log() { printf '[demo] %s\n' "$*" >&2; }
if [[ ! -d node_modules ]]; then log "node_modules missing: npm ci"; npm ci --no-audit --no-fund >&2; fi
if [[ -z "${XDG_RUNTIME_DIR:-}" ]]; then
  export XDG_RUNTIME_DIR="${TMPDIR:-/tmp}/xdg-runtime-$(id -u)"; mkdir -p "$XDG_RUNTIME_DIR" && chmod 700 "$XDG_RUNTIME_DIR"
fi
if [[ "${FLUXION_BACKEND:-webgpu}" != "cpu" ]] && ! node scripts/probe-webgpu.mjs >/dev/null 2>&1; then
  log "no WebGPU adapter; trying to set up Mesa lavapipe (scripts/setup-lavapipe.sh)"
  bash scripts/setup-lavapipe.sh >&2 || log "lavapipe setup failed; fluxion will run on its CPU backend"
fi
exec npx --no-install tsx examples/facm-2d.ts "$@"
