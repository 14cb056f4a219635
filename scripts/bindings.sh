#!/usr/bin/env bash
# Generates the Kotlin and Swift bindings of vidi-ffi into bindings/. The
# library holds two uniffi components: vidi-ffi's (namespace `vidi`: the
# wallet, verifier, keys and AppCore) and the app core's (namespace
# `vidi_app`, from app/: its events, view models and effects).
#   bindings/vn/vidi/ffi/vidi.kt       Kotlin (package vn.vidi.ffi, JNA, coroutines)
#   bindings/vn/vidi/app/vidi_app.kt   Kotlin (package vn.vidi.app)
#   bindings/Vidi.swift, VidiApp.swift Swift (both compiled into one module)
#   bindings/vidiFFI.h, vidiAppFFI.h   the C headers of the scaffolding (Swift's
#   bindings/*.modulemap               clang modules; also used by tests/ffi)
#
# It builds the cdylib (cargo build -p vidi-ffi) and the workspace's
# uniffi-bindgen, then runs uniffi-bindgen in library mode, which reads the
# interface from the library's metadata and ffi/uniffi.toml. The output is
# not reformatted (--no-format), so it is the same on every machine.
#
#   scripts/bindings.sh           regenerate bindings/ (commit the result)
#   scripts/bindings.sh --check   regenerate into a temporary folder and diff
#                                 against bindings/: exit 1 when they differ
set -euo pipefail
cd "$(dirname "$0")/.."

mode=write
case "${1:-}" in
  "") ;;
  --check) mode=check ;;
  *) echo "usage: $0 [--check]" >&2; exit 2 ;;
esac

case "$(uname -s)" in
  Darwin) lib=target/debug/libvidi_ffi.dylib ;;
  *) lib=target/debug/libvidi_ffi.so ;;
esac

# Two commands, so that the library is built with vidi-ffi's own features
# only (uniffi's `cli` feature belongs to the generator).
cargo build -q -p vidi-ffi
cargo build -q -p uniffi-bindgen

out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
target/debug/uniffi-bindgen generate --library "$lib" \
  --language kotlin --language swift --no-format --out-dir "$out" >/dev/null

if [ "$mode" = check ]; then
  if diff -r bindings "$out" >"$out.diff" 2>&1; then
    rm -f "$out.diff"
    echo "bindings: up to date"
    exit 0
  fi
  echo "bindings: bindings/ differs from what vidi-ffi generates; run scripts/bindings.sh and commit" >&2
  head -n 60 "$out.diff" >&2
  rm -f "$out.diff"
  exit 1
fi

rm -rf bindings
mkdir -p bindings
cp -R "$out"/. bindings/
echo "bindings: wrote $(find bindings -type f | wc -l | tr -d ' ') files to bindings/"
