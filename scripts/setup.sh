#!/usr/bin/env bash
# setup.sh - install the Debian 12 packages pggit-audit needs (only those missing)
# and build it into build/ (or $PGGIT_AUDIT_BUILD_DIR). Used by demo.sh and test.sh.
set -euo pipefail
cd "$(dirname "$0")/.."

PACKAGES=(build-essential cmake pkg-config zstd openssl tar jq
  libpq-dev libzstd-dev libarchive-dev libjansson-dev libssl-dev libcsv-dev libpg-query-dev libcunit1-dev
  postgresql-15 postgresql-15-pgtap libtap-parser-sourcehandler-pgtap-perl)

# extra packages for optional builds (e.g. clang for the fuzz targets)
read -r -a extra <<<"${PGGIT_AUDIT_EXTRA_PACKAGES:-}"
PACKAGES+=("${extra[@]}")

missing=()
for p in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing ${missing[*]}"
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -q
  $SUDO apt-get install -y -q --no-install-recommends "${missing[@]}"
fi

BUILD_DIR=${PGGIT_AUDIT_BUILD_DIR:-build}
[ -n "${PGGIT_AUDIT_CC:-}" ] && export CC=$PGGIT_AUDIT_CC
cmake -S . -B "$BUILD_DIR" -DCMAKE_BUILD_TYPE=${PGGIT_AUDIT_BUILD_TYPE:-RelWithDebInfo} ${PGGIT_AUDIT_CMAKE_ARGS:-} >/dev/null
cmake --build "$BUILD_DIR" -j"$(nproc)"
