#!/usr/bin/env bash
# The Android project's checks that need no Android SDK, Gradle or Google
# Maven (none of which this machine can reach): check_android.py parses every
# Kotlin file under android/ with tree-sitter-kotlin, checks the XML, the
# manifest and the debug-only network config, that every catalog name and
# every domain/bindings name the app uses exists, and that no hard-coded text
# reaches the screen. The Kotlin that can run on a JVM (the domain layer and
# the screen models) is compiled and tested by scripts/kotlin.sh instead.
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
"$venv/bin/python" "$HERE/check_android.py" "$ROOT" 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
# check_android.py prints the summary; one that stopped before it (its own
# self-test failing, a crash) counts as one failure.
if ! grep -qE '^android checks: [0-9]+ passed, [0-9]+ failed' "$log"; then
  echo "android checks: 0 passed, 1 failed"
  exit 1
fi
exit "$status"
