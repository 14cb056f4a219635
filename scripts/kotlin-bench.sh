#!/usr/bin/env bash
# Benchmarks through the uniffi bindings from Kotlin, with the release build
# of libvidi_ffi.so (cargo build --release -p vidi-ffi --features testing:
# the benchmarks add the sample documents, which the phones' library lacks).
# Each prints a Markdown table of medians.
#
#   scripts/kotlin-bench.sh [presentation] [ROUNDS [PER_ROUND]]
#       A presentation made with the device key in the Kotlin store
#       (JcaDeviceKeyStore, signing called back across the boundary) against
#       the core's Rust store and software keys, plus the Kotlin signature
#       alone and an empty round trip (PresentationBench; docs/performance.md,
#       "Across the boundary (Kotlin)"). Default 10 rounds of 200 calls.
#   scripts/kotlin-bench.sh app-core [ROUNDS [PER_ROUND]]
#       The app core as the Android shell drives it: from AppCore.send(event)
#       to the render of its view model, and to the render of its task's
#       result, for events with no signing and no network (a card opened and
#       closed, the list's Refresh, a log filter, Tick, a language switch)
#       (AppCoreBench). Default 10 rounds of 100 events.
#
# Compiles with scripts/jvm.sh --compile (Maven). Cargo's folder is
# $CARGO_TARGET_DIR when set, else target/; the library is copied out of it
# at once (another checkout sharing the folder may rebuild it).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD

bench=vn.vidi.domain.PresentationBenchKt
case "${1:-}" in
  presentation) shift ;;
  app-core) bench=vn.vidi.domain.AppCoreBenchKt; shift ;;
  ""|[0-9]*) ;;
  *) echo "usage: $0 [presentation|app-core] [ROUNDS [PER_ROUND]]" >&2; exit 2 ;;
esac

cargo_target=${CARGO_TARGET_DIR:-target}
case $cargo_target in /*) ;; *) cargo_target=$root/$cargo_target ;; esac

scripts/jvm.sh --compile >/dev/null
# `testing`: the benchmarks fill their wallets with Wallet.addSampleDocuments.
cargo build --release -q -p vidi-ffi --features testing
native=$root/target/jvm/native-release
mkdir -p "$native"
cp "$cargo_target/release/libvidi_ffi.so" "$native/"

domain=android/domain/target
java -Djna.library.path="$native" -Dfile.encoding=UTF-8 \
  -cp "$domain/test-classes:$domain/classes:$(cat $domain/classpath.txt)" \
  "$bench" "$@"
