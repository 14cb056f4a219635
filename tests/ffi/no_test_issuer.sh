#!/usr/bin/env bash
# Checks that each library given carries none of core's test support (the
# `test-support` feature of vidi-core, `testing` of vidi-ffi): the built-in
# test issuer's public seed and name, the reference citizen, the seeded
# citizens' draw label. Any of them in a phone's library would mean that its
# test issuer, whose private key anyone can derive, had been built in.
#
#   tests/ffi/no_test_issuer.sh LIBRARY...    (a .so, .dylib or .a)
#
# Run by tests/ffi/run.sh on the debug library built with vidi-ffi's own
# features, and by scripts/build-android.sh and build-ios.sh on every
# library they make. Prints one line per library, then
#   no test issuer: N passed, M failed
set -uo pipefail
[ $# -gt 0 ] || { echo "usage: $0 LIBRARY..." >&2; exit 2; }

# The same texts as core/src/sample.rs, core/src/document/sample.rs and
# core/src/document/citizens.rs.
markers=(
  "vidi/test-issuer/1"
  "Vidi test issuer (not a real authority)"
  "Nguyễn Thị Thanh Hương"
  "vidi/citizens/v1"
)

passed=0
failed=0
for lib in "$@"; do
  if [ ! -f "$lib" ]; then
    echo "FAIL $lib: no such file"
    failed=$((failed + 1))
    continue
  fi
  found=()
  for marker in "${markers[@]}"; do
    grep -a -F -q -- "$marker" "$lib" && found+=("\"$marker\"")
  done
  if [ ${#found[@]} -eq 0 ]; then
    echo "ok   $lib: no test issuer, no test citizens"
    passed=$((passed + 1))
  else
    echo "FAIL $lib holds test support: ${found[*]}"
    failed=$((failed + 1))
  fi
done
echo "no test issuer: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
