#!/usr/bin/env bash
# test.sh - README command (2): the same set-up as the demo (packages, build), then every
# test through ctest: CUnit unit tests and the integration tests, which start their own
# private PostgreSQL cluster. With PGGIT_AUDIT_SANITIZE=1 it also builds with ASan/UBSan
# into build-asan/ and runs the unit tests there; with PGGIT_AUDIT_FUZZ=1 it builds the libFuzzer
# targets with clang into build-fuzz/ and runs each briefly over its corpus (ctest -L fuzz).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
ctest --test-dir build --output-on-failure -j1 "$@"
if [ "${PGGIT_AUDIT_SANITIZE:-0}" = 1 ]; then
  PGGIT_AUDIT_BUILD_DIR=build-asan PGGIT_AUDIT_BUILD_TYPE=Debug PGGIT_AUDIT_CMAKE_ARGS=-DPGGIT_AUDIT_SANITIZE=ON scripts/setup.sh
  ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
    ctest --test-dir build-asan --output-on-failure -L unit
fi
if [ "${PGGIT_AUDIT_FUZZ:-0}" = 1 ]; then
  PGGIT_AUDIT_EXTRA_PACKAGES="clang libclang-rt-14-dev" PGGIT_AUDIT_CC=clang PGGIT_AUDIT_BUILD_DIR=build-fuzz \
    PGGIT_AUDIT_CMAKE_ARGS=-DPGGIT_AUDIT_FUZZ=ON scripts/setup.sh
  ctest --test-dir build-fuzz --output-on-failure -L fuzz
fi
