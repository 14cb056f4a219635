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
# Usage: scripts/build-ios.sh [--debug]     (release by default)
set -euo pipefail
cd "$(dirname "$0")/.."

profile=release
flags=(--release)
case "${1:-}" in
  "") ;;
  --debug) profile=debug; flags=() ;;
  *) echo "usage: $0 [--debug]" >&2; exit 2 ;;
esac

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
