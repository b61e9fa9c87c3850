#!/usr/bin/env bash
# Install Mesa's lavapipe (software Vulkan) so Dawn/WebGPU finds an adapter on a machine
# without a GPU. Debian bookworm only: bookworm's own Mesa 22.3 lavapipe is rejected by Dawn,
# the Mesa 25 from bookworm-backports works (see docs/webgpu.md). Idempotent.
#
# Usage: bash scripts/setup-lavapipe.sh        (as root)
# Exit status: 0 installed or already present; 2 cannot install here (instructions printed); 1 failed.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
log() { printf '[setup-lavapipe] %s\n' "$*" >&2; }

instructions() {
  cat >&2 <<'TXT'
[setup-lavapipe] To run the WebGPU backend without a GPU, install Mesa's lavapipe Vulkan driver (Mesa >= 24):
  Debian bookworm (as root): add bookworm-backports, then
      apt-get update && apt-get install -t bookworm-backports mesa-vulkan-drivers
  Debian trixie / Ubuntu 24.04+:  apt-get install mesa-vulkan-drivers libvulkan1
  Fedora:                         dnf install mesa-vulkan-drivers vulkan-loader
  Or run on a machine with a GPU and Vulkan/Metal/D3D12 drivers, or select the CPU backend with FLUXION_BACKEND=cpu.
TXT
}

probe() {
  # Succeeds when Dawn finds an adapter and makes a device (needs node_modules/webgpu).
  [[ -d "$root/node_modules/webgpu" ]] || return 1
  (cd "$root" && node scripts/probe-webgpu.mjs >/dev/null 2>&1)
}

if probe; then
  log "a WebGPU adapter is already available; nothing to do."
  exit 0
fi

codename=""
if [[ -r /etc/os-release ]]; then
  # shellcheck disable=SC1091
  codename="$(. /etc/os-release && printf '%s' "${ID:-}:${VERSION_CODENAME:-}")"
fi
if [[ "$codename" != "debian:bookworm" ]]; then
  log "not Debian bookworm (found '${codename:-unknown}'); not installing anything."
  instructions
  exit 2
fi
if [[ "$(id -u)" != "0" ]]; then
  log "not root; cannot install packages."
  instructions
  exit 2
fi

# Reuse the URI and keyring of the main Debian source (the stanza whose Suites include 'bookworm').
uris=""
signed_by=""
main_sources=/etc/apt/sources.list.d/debian.sources
if [[ -r "$main_sources" ]]; then
  parsed="$(awk '
    BEGIN { RS = ""; FS = "\n" }
    {
      u = ""; s = ""; suites = ""; types = ""
      for (i = 1; i <= NF; i++) {
        line = $i
        if (line ~ /^[ \t]*#/) continue
        if (line ~ /^URIs:/)      { sub(/^URIs:[ \t]*/, "", line); u = line }
        if (line ~ /^Suites:/)    { sub(/^Suites:[ \t]*/, "", line); suites = " " line " " }
        if (line ~ /^Signed-By:/) { sub(/^Signed-By:[ \t]*/, "", line); s = line }
        if (line ~ /^Types:/)     { types = line }
      }
      if (types ~ /deb([ \t]|$)/ && suites ~ / bookworm / && u != "") { print u "\t" s; exit }
    }' "$main_sources" || true)"
  if [[ -n "$parsed" ]]; then
    uris="${parsed%%$'\t'*}"
    signed_by="${parsed#*$'\t'}"
  fi
fi
[[ -n "$uris" ]] || uris="http://deb.debian.org/debian"
[[ -n "$signed_by" ]] || signed_by="/usr/share/keyrings/debian-archive-keyring.gpg"

target=/etc/apt/sources.list.d/bookworm-backports.sources
want="$(printf 'Types: deb\nURIs: %s\nSuites: bookworm-backports\nComponents: main\nSigned-By: %s\n' "$uris" "$signed_by")"
if [[ -f "$target" ]] && [[ "$(cat "$target")" == "$want" ]]; then
  log "$target already present."
else
  log "writing $target (URIs: $uris)"
  printf '%s\n' "$want" > "$target"
fi

export DEBIAN_FRONTEND=noninteractive
log "apt-get update"
apt-get update -q >&2
log "apt-get install -t bookworm-backports mesa-vulkan-drivers"
apt-get install -y -q --no-install-recommends -t bookworm-backports mesa-vulkan-drivers >&2

if [[ -d "$root/node_modules/webgpu" ]]; then
  if probe; then
    log "lavapipe installed; WebGPU adapter: $(cd "$root" && node scripts/probe-webgpu.mjs 2>/dev/null || true)"
  else
    log "lavapipe installed but Dawn still finds no adapter:"
    (cd "$root" && node scripts/probe-webgpu.mjs) >&2 || true
    exit 1
  fi
else
  log "lavapipe installed (node_modules missing: run npm ci, then node scripts/probe-webgpu.mjs to check)."
fi
