#!/usr/bin/env bash
# The FFI checks that need no Kotlin, Swift or Android toolchain:
#   smoke.c          a C program compiled with gcc against bindings/vidiFFI.h,
#                    linked to target/debug/libvidi_ffi.so: contract version
#                    and every checksum the committed Kotlin and Swift
#                    bindings expect, a plain call, a RustBuffer result, an
#                    object and the error path
#   check_swift.py   tree-sitter-swift parses bindings/Vidi.swift with no
#                    syntax error (the Swift under ios/ is tests/ios/run.sh's)
#   no_test_issuer.sh  the library, built with vidi-ffi's own features (no
#                    `testing`), holds no test issuer and no test citizens
#
# Installs tree-sitter into target/ffi-venv (tests/ffi/requirements.txt) and
# needs gcc. Builds vidi-ffi (debug). Prints each check's lines, then one line:
#   ffi checks: N passed, M failed
# Exit status 0 only if every check passed. Drift between bindings/ and the
# library's interface is scripts/bindings.sh --check.
set -uo pipefail
cd "$(dirname "$0")/../.."
ROOT=$PWD
HERE=$ROOT/tests/ffi
. "$ROOT/tests/lib.sh"

passed=0
failed=0
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT


cargo build -q -p vidi-ffi || { echo "ffi checks: 0 passed, 1 failed"; exit 1; }
libdir=$ROOT/target/debug

# 1. The C smoke test. What the committed bindings expect, from their own text.
swift=$ROOT/bindings/Vidi.swift
kotlin=$ROOT/bindings/vn/vidi/ffi/vidi.kt
{
  echo "/* Made by tests/ffi/run.sh from bindings/Vidi.swift and bindings/vn/vidi/ffi/vidi.kt. */"
  echo "#define EXPECTED_CONTRACT_VERSION $(sed -nE 's/.*let bindings_contract_version = ([0-9]+).*/\1/p' "$swift")u"
  echo "static const struct expected_checksum SWIFT_CHECKSUMS[] = {"
  sed -nE 's/.*if \((uniffi_vidi_ffi_checksum_[a-z0-9_]+)\(\) != ([0-9]+)\).*/    { "\1", \1, \2 },/p' "$swift"
  echo "};"
  echo "static const struct expected_checksum KOTLIN_CHECKSUMS[] = {"
  sed -nE 's/.*\(lib\.(uniffi_vidi_ffi_checksum_[a-z0-9_]+)\(\) and 0xFFFF\) != ([0-9]+)\).*/    { "\1", \1, \2 },/p' "$kotlin"
  echo "};"
} >"$work/expected.h"

echo "== smoke.c"
if gcc -std=c11 -Wall -Wextra -Werror -D_Nullable= -D_Nonnull= \
    -I "$ROOT/bindings" -I "$work" "$HERE/smoke.c" \
    -L "$libdir" -lvidi_ffi -Wl,-rpath,"$libdir" -o "$work/smoke" 2>"$work/gcc.log"; then
  mkdir -p "$work/empty-cache"
  "$work/smoke" "$work/empty-cache" 2>&1 | tee "$work/smoke.log"
  summary_add smoke "$work/smoke.log"
else
  cat "$work/gcc.log"
  echo "smoke: 0 passed, 1 failed (did not compile)"
  failed=$((failed + 1))
fi

# 2. The Swift syntax check.
echo "== check_swift.py"
venv=$ROOT/target/ffi-venv
venv_with "$HERE/requirements.txt" "$venv" || failed=$((failed + 1))
"$venv/bin/python" "$HERE/check_swift.py" "$swift" 2>&1 | tee "$work/swift.log"
summary_add "swift syntax" "$work/swift.log"

# 3. The library as the phones get it carries no test support. Built alone
# above (cargo build -p vidi-ffi), so no other package's features reach it.
echo "== no_test_issuer.sh"
"$HERE/no_test_issuer.sh" "$libdir/libvidi_ffi.so" 2>&1 | tee "$work/release.log"
summary_add "no test issuer" "$work/release.log"

echo
echo "ffi checks: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
