#!/usr/bin/env bash
# The Android project's checks that need no Android SDK, Gradle or Google
# Maven (none of which this machine can reach): check_android.py parses every
# Kotlin file under android/ with tree-sitter-kotlin, checks the XML, the
# manifest and the debug-only network config, that every resource name and
# every bindings/domain name the app imports exists, that every member, case
# and argument it uses of the generated bindings (bindings/vn/vidi/app and
# bindings/vn/vidi/ffi) exists, and that no text made in Kotlin reaches the
# screen. The Kotlin that can run on a JVM (the JVM keys, and tests driving
# the app core through the bindings) is compiled and tested by
# scripts/kotlin.sh instead. Extra arguments go to check_android.py
# (--bindings DIR: check against freshly generated bindings).
#
# Installs tree-sitter and tree-sitter-kotlin (tests/android/requirements.txt)
# into target/android-venv. Prints each check's line, then one line:
#   android checks: N passed, M failed
# Exit status 0 only if every check passed.
set -uo pipefail
cd "$(dirname "$0")/../.."
ROOT=$PWD
HERE=$ROOT/tests/android
. "$ROOT/tests/lib.sh"

venv=$ROOT/target/android-venv
venv_with "$HERE/requirements.txt" "$venv" || {
  echo "android checks: 0 passed, 1 failed (install)"
  exit 1
}

log=$(mktemp)
trap 'rm -f "$log"' EXIT
"$venv/bin/python" "$HERE/check_android.py" "$ROOT" "$@" 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
# check_android.py prints the summary; one that stopped before it (its own
# self-test failing, a crash) counts as one failure.
if ! grep -qE '^android checks: [0-9]+ passed, [0-9]+ failed' "$log"; then
  echo "android checks: 0 passed, 1 failed"
  exit 1
fi
exit "$status"
