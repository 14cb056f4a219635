#!/usr/bin/env bash
# Builds the Rust core for the Android app: libvidi_ffi.so for arm64-v8a,
# armeabi-v7a and x86_64 (the emulator), with cargo-ndk, into
# android/app/src/main/jniLibs/<abi>/libvidi_ffi.so, where the Gradle app module
# (android/app) packages them. The Kotlin side, bindings/vn/vidi/ffi/vidi.kt, is
# a source folder of the :domain module; the app brings JNA's AAR.
#
# Written for a developer's machine with the Android NDK. It is not run in
# CI or on the project's Linux machines, which have no NDK.
#
# Needs:
#   - the Android NDK (r26 or newer) in ANDROID_NDK_HOME, or installed by
#     Android Studio's SDK Manager under $ANDROID_HOME/ndk/ (the newest is used);
#   - cargo-ndk:     cargo install cargo-ndk
#   - the targets:   rustup target add --toolchain 1.95.0 \
#                      aarch64-linux-android armv7-linux-androideabi x86_64-linux-android
#
# The release libraries are built with the `mobile` profile (Cargo.toml:
# size-optimised, LTO, stripped) and without vidi-ffi's `testing` feature,
# and each is checked to hold no test issuer (tests/ffi/no_test_issuer.sh).
#
# Usage: scripts/build-android.sh [--debug]     (release by default)
set -euo pipefail
cd "$(dirname "$0")/.."

profile=(--profile mobile)
case "${1:-}" in
  "") ;;
  --debug) profile=() ;;
  *) echo "usage: $0 [--debug]" >&2; exit 2 ;;
esac

command -v cargo-ndk >/dev/null 2>&1 || {
  echo "build-android.sh: cargo-ndk is missing: cargo install cargo-ndk" >&2; exit 1; }
if [ -z "${ANDROID_NDK_HOME:-}" ]; then
  sdk=${ANDROID_HOME:-${ANDROID_SDK_ROOT:-$HOME/Android/Sdk}}
  newest=$(ls -d "$sdk"/ndk/*/ 2>/dev/null | sort -V | tail -1)
  [ -z "$newest" ] || export ANDROID_NDK_HOME=${newest%/}
fi
[ -n "${ANDROID_NDK_HOME:-}" ] && [ -d "$ANDROID_NDK_HOME" ] || {
  echo "build-android.sh: set ANDROID_NDK_HOME to the Android NDK (r26 or newer)" >&2; exit 1; }

# The committed bindings must match the library being built.
scripts/bindings.sh --check

# 16 KB pages (required for 64-bit apps from Android 15 on).
export CARGO_TARGET_AARCH64_LINUX_ANDROID_RUSTFLAGS="-C link-arg=-Wl,-z,max-page-size=16384"
export CARGO_TARGET_X86_64_LINUX_ANDROID_RUSTFLAGS="-C link-arg=-Wl,-z,max-page-size=16384"

# API 28: StrongBox appears with Android 9.
cargo ndk --platform 28 \
  -t arm64-v8a -t armeabi-v7a -t x86_64 \
  -o android/app/src/main/jniLibs \
  build "${profile[@]}" -p vidi-ffi

# One library per ABI the app's abiFilters list (android/app/build.gradle.kts).
for abi in arm64-v8a armeabi-v7a x86_64; do
  lib=android/app/src/main/jniLibs/$abi/libvidi_ffi.so
  [ -f "$lib" ] || { echo "build-android.sh: $lib was not made" >&2; exit 1; }
  ls -l "$lib"
done
tests/ffi/no_test_issuer.sh android/app/src/main/jniLibs/*/libvidi_ffi.so
