#!/usr/bin/env bash
# Runs every test of the project and prints one summary line:
#   Rust unit, property, vector and CLI tests (cargo nextest, else cargo test),
#   doctests, and the interop checks against independent implementations
#   (pycose, zbar, zxing-cpp, segno, and sd-jwt and joserfc against the mock
#   issuer's binary) in tests/interop, and the issuer's
#   developer portal and online service page (headless Chromium) and OpenAPI
#   document (schemathesis)
#   in tests/portal, the apps' domain layer and screen models in Kotlin on
#   the JVM and the screens rendered to PNG (scripts/jvm.sh), and the checks of the Android and iOS
#   projects that need no SDK (tests/android, tests/ios).
set -uo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh || exit 1

log=$(mktemp -d)
trap 'rm -rf "$log"' EXIT
passed=0
failed=0

cargo build -q --workspace --bins || exit 1

nextest=false
if cargo nextest --version >/dev/null 2>&1; then
  nextest=true
  cargo nextest run --workspace --no-fail-fast 2>&1 | tee "$log/rust"
  rust_status=${PIPESTATUS[0]}
  line=$(grep -E 'tests run:' "$log/rust" | tail -1)
  p=$(sed -nE 's/.* ([0-9]+) passed.*/\1/p' <<<"$line")
  f=$(sed -nE 's/.* ([0-9]+) failed.*/\1/p' <<<"$line")
else
  cargo test --workspace --no-fail-fast 2>&1 | tee "$log/rust"
  rust_status=${PIPESTATUS[0]}
  p=$(grep -E '^test result:' "$log/rust" | sed -nE 's/.* ([0-9]+) passed.*/\1/p' | awk '{s+=$1} END {print s+0}')
  f=$(grep -E '^test result:' "$log/rust" | sed -nE 's/.* ([0-9]+) failed.*/\1/p' | awk '{s+=$1} END {print s+0}')
fi
passed=$((passed + ${p:-0}))
failed=$((failed + ${f:-0}))
[ "$rust_status" -eq 0 ] || [ "${f:-0}" -gt 0 ] || failed=$((failed + 1))

# nextest runs no doctests; `cargo test` above already ran them.
if [ "$nextest" = true ]; then
  cargo test -q --workspace --doc 2>&1 | tee "$log/doc"
  doc_status=${PIPESTATUS[0]}
  p=$(grep -E '^test result:' "$log/doc" | sed -nE 's/.* ([0-9]+) passed.*/\1/p' | awk '{s+=$1} END {print s+0}')
  f=$(grep -E '^test result:' "$log/doc" | sed -nE 's/.* ([0-9]+) failed.*/\1/p' | awk '{s+=$1} END {print s+0}')
  passed=$((passed + ${p:-0}))
  failed=$((failed + ${f:-0}))
  [ "$doc_status" -eq 0 ] || [ "${f:-0}" -gt 0 ] || failed=$((failed + 1))
fi

# test_oid4vp.py opens a response made by core (core/examples/oid4vp_response.rs).
cargo build -q -p vidi-core --example oid4vp_response || exit 1
VIDI_BIN="$PWD/target/debug/vidi" target/interop-venv/bin/python -m pytest -q -p no:cacheprovider tests/interop 2>&1 | tee "$log/py"
py_status=${PIPESTATUS[0]}
p=$(tail -1 "$log/py" | sed -nE 's/.*[^0-9]?([0-9]+) passed.*/\1/p')
f=$(tail -1 "$log/py" | sed -nE 's/[^0-9]*([0-9]+) failed.*/\1/p')
passed=$((passed + ${p:-0}))
failed=$((failed + ${f:-0}))
[ "$py_status" -eq 0 ] || [ "${f:-0}" -gt 0 ] || failed=$((failed + 1))

# A suite that ends with a line "NAME: N passed, M failed": adds its counts
# to the totals (summary_add, tests/lib.sh); a suite that fails without
# saying so counts as one failure.
. tests/lib.sh
suite() {
  local name=$1 out="$log/$1" status before=$failed
  shift
  "$@" 2>&1 | tee "$out"
  status=${PIPESTATUS[0]}
  summary_add "$name" "$out"
  [ "$status" -eq 0 ] || [ "$failed" -gt "$before" ] || failed=$((failed + 1))
}

# The developer portal in headless Chromium and the OpenAPI document under
# schemathesis (installs chromium, playwright-core and schemathesis itself).
suite "portal tests" tests/portal/run.sh

# The C header against the cdylib (gcc) and the Swift sources (tree-sitter).
suite "ffi checks" tests/ffi/run.sh

# The JVM side with Maven: the bindings and the app core through them, the
# screens rendered and compared with their references, accessibility.
suite "kotlin tests" scripts/jvm.sh

# The Android project (tree-sitter-kotlin, its XML and its catalog use) and
# the iOS project (tree-sitter-swift, the Xcode project, the plists): what can
# be checked without the Android SDK or Xcode.
suite "android checks" tests/android/run.sh
suite "ios checks" tests/ios/run.sh

echo
echo "all tests: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
