#!/usr/bin/env bash
# Builds the Rust core for the Android app: libvidi_ffi.so for arm64-v8a,
# armeabi-v7a and x86_64 (the emulator), with cargo-ndk, into
# android/app/src/main/jniLibs/<abi>/. The Kotlin side is bindings/vn/vidi/ffi/vidi.kt
# (add bindings/ as a Kotlin source folder; it needs JNA and kotlinx-coroutines).
#
# Written for a developer's machine with the Android NDK. It is not run in
# CI or on the project's Linux machines, which have no NDK.
#
# Needs:
#   - the Android NDK (r26 or newer) in ANDROID_NDK_HOME;
#   - cargo-ndk:     cargo install cargo-ndk
#   - the targets:   rustup target add --toolchain 1.95.0 \
#                      aarch64-linux-android armv7-linux-androideabi x86_64-linux-android
#
# Usage: scripts/build-android.sh [--debug]     (release by default)
set -euo pipefail
cd "$(dirname "$0")/.."

profile=(--release)
case "${1:-}" in
  "") ;;
  --debug) profile=() ;;
  *) echo "usage: $0 [--debug]" >&2; exit 2 ;;
esac

command -v cargo-ndk >/dev/null 2>&1 || {
  echo "build-android.sh: cargo-ndk is missing: cargo install cargo-ndk" >&2; exit 1; }
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

find android/app/src/main/jniLibs -name 'libvidi_ffi.so' -exec ls -l {} +
