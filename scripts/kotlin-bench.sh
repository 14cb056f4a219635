#!/usr/bin/env bash
# Times a presentation made from Kotlin through the uniffi bindings: with the
# device key in the Kotlin store (JcaDeviceKeyStore, signing called back
# across the boundary) against the core's Rust store and software keys in
# the same run, plus the Kotlin signature alone and an empty round trip.
# Prints a Markdown table of medians (docs/performance.md, "Across the
# boundary (Kotlin)").
#
#   scripts/kotlin-bench.sh [ROUNDS [PER_ROUND]]   default 10 rounds of 200 calls
#
# Compiles with scripts/kotlin.sh --compile and loads the release build of
# libvidi_ffi.so (cargo build --release -p vidi-ffi), as an app ships it.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD

scripts/kotlin.sh --compile >/dev/null
cargo build --release -q -p vidi-ffi

lib=android/node_modules/kotlin-compiler/lib
out=target/kotlin
java -Djna.library.path="$root/target/release" -Dfile.encoding=UTF-8 \
  -cp "$out/test-classes:$out/classes:$lib/kotlin-stdlib.jar:$lib/kotlinx-coroutines-core-jvm.jar:/usr/share/java/jna.jar" \
  vn.vidi.domain.PresentationBenchKt "$@"
