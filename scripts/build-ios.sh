#!/usr/bin/env bash
# Builds the Rust core for the iOS app as ios/vidiFFI.xcframework: a static
# library for devices (aarch64-apple-ios) and one for the simulator
# (aarch64-apple-ios-sim and x86_64-apple-ios, joined with lipo), each with
# both C headers of the bindings (bindings/vidiFFI.h, bindings/vidiAppFFI.h)
# and one module.modulemap declaring both C modules (vidiFFI, vidiAppFFI);
# then copies the two generated Swift files (bindings/Vidi.swift: wallet,
# keys, AppCore; bindings/VidiApp.swift: the app core's events, view models
# and effects) to ios/Sources/Vidi/Generated/, where the Vidi package
# compiles them into one Swift module with the Keychain and Secure Enclave
# code.
#
# Written for a Mac with Xcode (xcodebuild, lipo). It is not run in CI or on
# the project's Linux machines, which have no Xcode.
#
# Needs the targets:
#   rustup target add --toolchain 1.95.0 aarch64-apple-ios aarch64-apple-ios-sim x86_64-apple-ios
#
# Release builds use the `mobile` profile (Cargo.toml: size-optimised, LTO)
# without vidi-ffi's `testing` feature, and each static library is checked
# to hold no test issuer (tests/ffi/no_test_issuer.sh). The Swift package's
# tests that add sample documents need a library built with
# `--features testing` (scripts/build-ios.sh --testing).
#
# Usage: scripts/build-ios.sh [--debug] [--testing]    (release by default)
set -euo pipefail
cd "$(dirname "$0")/.."

profile=mobile
flags=(--profile mobile)
testing=false
for arg in "$@"; do
  case "$arg" in
    --debug) profile=debug; flags=() ;;
    --testing) testing=true ;;
    *) echo "usage: $0 [--debug] [--testing]" >&2; exit 2 ;;
  esac
done
[ "$testing" = false ] || flags+=(--features testing)

[ "$(uname -s)" = Darwin ] && command -v xcodebuild >/dev/null 2>&1 || {
  echo "build-ios.sh: needs macOS with Xcode" >&2; exit 1; }

# The committed bindings must match the library being built.
scripts/bindings.sh --check

export IPHONEOS_DEPLOYMENT_TARGET=16.0
targets=(aarch64-apple-ios aarch64-apple-ios-sim x86_64-apple-ios)
for target in "${targets[@]}"; do
  # The crate is lib + cdylib; a static library is asked for here only.
  cargo rustc -p vidi-ffi --lib "${flags[@]}" --target "$target" --crate-type staticlib
done

work=target/ios
rm -rf "$work"
mkdir -p "$work/headers" "$work/simulator"
cp bindings/vidiFFI.h bindings/vidiAppFFI.h "$work/headers/"
# One module map for the xcframework's headers, declaring both modules.
{
  cat bindings/vidiFFI.modulemap
  echo
  cat bindings/vidiAppFFI.modulemap
  echo
} >"$work/headers/module.modulemap"
grep -q '^module vidiFFI ' "$work/headers/module.modulemap" &&
  grep -q '^module vidiAppFFI ' "$work/headers/module.modulemap" || {
  echo "build-ios.sh: the module map does not declare vidiFFI and vidiAppFFI" >&2; exit 1; }
[ "$testing" = true ] || tests/ffi/no_test_issuer.sh \
  "target/aarch64-apple-ios/$profile/libvidi_ffi.a" \
  "target/aarch64-apple-ios-sim/$profile/libvidi_ffi.a" \
  "target/x86_64-apple-ios/$profile/libvidi_ffi.a"
lipo -create \
  "target/aarch64-apple-ios-sim/$profile/libvidi_ffi.a" \
  "target/x86_64-apple-ios/$profile/libvidi_ffi.a" \
  -output "$work/simulator/libvidi_ffi.a"

rm -rf ios/vidiFFI.xcframework
xcodebuild -create-xcframework \
  -library "target/aarch64-apple-ios/$profile/libvidi_ffi.a" -headers "$work/headers" \
  -library "$work/simulator/libvidi_ffi.a" -headers "$work/headers" \
  -output ios/vidiFFI.xcframework

rm -rf ios/Sources/Vidi/Generated
mkdir -p ios/Sources/Vidi/Generated
cp bindings/Vidi.swift bindings/VidiApp.swift ios/Sources/Vidi/Generated/
echo "build-ios.sh: ios/vidiFFI.xcframework and ios/Sources/Vidi/Generated/{Vidi,VidiApp}.swift are ready"
