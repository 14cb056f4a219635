#!/usr/bin/env bash
# The iOS checks that need no Xcode or Swift toolchain (none can be
# installed on the project's Linux machines):
#   check_swift.py     every .swift under ios/ (the Keychain and Secure
#                      Enclave code, the app, the XCTests, Package.swift)
#                      parses with tree-sitter-swift, with no syntax error
#   check_bindings.py  every use of the generated Swift in ios/ (functions,
#                      initialisers, object methods, enum cases, record
#                      fields, callback protocols) matches bindings/Vidi.swift
#                      and bindings/VidiApp.swift
#   check_project.py   the Xcode project, the Info.plists (ATS exception in
#                      Debug only) and the texts (no literal UI text, no
#                      formatting: every word comes from the app core),
#                      and that the shell defects of issue 11 stay fixed
#   strings.py --check the generated catalogs (InfoPlist.strings among
#                      them) match i18n/
#
# Installs tests/ios/requirements.txt into target/ios-venv. Prints each
# check's lines, then one line:  ios checks: N passed, M failed
# Exit status 0 only if every check passed.
set -uo pipefail
cd "$(dirname "$0")/../.."
ROOT=$PWD
HERE=$ROOT/tests/ios
. "$ROOT/tests/lib.sh"

passed=0
failed=0
log=$(mktemp)
trap 'rm -f "$log"' EXIT


venv=$ROOT/target/ios-venv
venv_with "$HERE/requirements.txt" "$venv" ||
  { echo "ios checks: 0 passed, 1 failed (install)"; exit 1; }
py=$venv/bin/python

echo "== check_swift.py"
"$py" "$ROOT/tests/ffi/check_swift.py" "$ROOT/ios" 2>&1 | tee "$log"
summary_add "swift syntax" "$log"

echo "== check_bindings.py"
"$py" "$HERE/check_bindings.py" "$ROOT/bindings/Vidi.swift" "$ROOT/bindings/VidiApp.swift" "$ROOT/ios" 2>&1 | tee "$log"
summary_add "ios bindings" "$log"

echo "== check_project.py"
"$py" "$HERE/check_project.py" "$ROOT/ios" 2>&1 | tee "$log"
summary_add "ios project" "$log"

echo "== strings.py --check"
if python3 "$ROOT/scripts/strings.py" --check >"$log" 2>&1; then
  echo "ok   the generated catalogs match i18n/"
  passed=$((passed + 1))
else
  cat "$log"
  echo "FAIL the generated catalogs differ from i18n/ (run scripts/strings.py)"
  failed=$((failed + 1))
fi

echo "ios checks: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
