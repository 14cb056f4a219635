#!/usr/bin/env bash
# The developer portal and OpenAPI tests of vidi-server-mock:
#   portal.test.js   the portal in headless Chromium (node --test, playwright-core
#                    driving Debian's /usr/bin/chromium); screenshot in target/portal.png
#   rp.test.js       the online service's page (/rp) in headless Chromium with the
#                    `vidi` wallet CLI and a holder written with `jose`; screenshot
#                    of a verified result in target/rp.png
#   test_openapi.py  schemathesis against /openapi.json on a live server (pytest)
#
# Installs what it needs: chromium with apt (as root or through sudo) when
# /usr/bin/chromium is missing, playwright-core and jose with `npm ci`, and pytest +
# schemathesis into target/portal-venv. Builds the server and wallet CLI
# binaries (debug).
# Prints node's test summary, pytest's, then one line:
#   portal tests: N passed, M failed
# Exit status 0 only if every test passed.
#
# Options: --no-schemathesis (browser test only).
set -uo pipefail
cd "$(dirname "$0")/../.."
ROOT=$PWD
HERE=$ROOT/tests/portal

schemathesis=1
for arg in "$@"; do
  case "$arg" in
    --no-schemathesis) schemathesis=0 ;;
    *) echo "usage: $0 [--no-schemathesis]" >&2; exit 2 ;;
  esac
done

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else
    echo "run.sh: need root (or sudo) for: $*" >&2; return 1; fi
}

if [ ! -x "${CHROMIUM:-/usr/bin/chromium}" ]; then
  echo "run.sh: installing chromium with apt" >&2
  as_root apt-get update -qq && as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null || {
    echo "run.sh: could not install chromium" >&2; exit 1; }
fi
command -v node >/dev/null && command -v npm >/dev/null || {
  echo "run.sh: node and npm are needed (node 20 or newer)" >&2; exit 1; }

cargo build -q -p vidi-server-mock --bin vidi-server-mock -p vidi-cli --bin vidi || exit 1
(cd "$HERE" && npm ci --no-audit --no-fund --loglevel=error >/dev/null) || {
  echo "run.sh: npm ci failed in tests/portal" >&2; exit 1; }

log=$(mktemp -d)
trap 'rm -rf "$log"' EXIT
passed=0
failed=0

# node --test: TAP with "# pass N" and "# fail N" at the end.
(cd "$HERE" && node --test --test-concurrency=1 --test-reporter=spec) 2>&1 | tee "$log/node"
node_status=${PIPESTATUS[0]}
p=$(sed -nE 's/^[^ ]+ pass ([0-9]+)$/\1/p' "$log/node" | tail -1)
f=$(sed -nE 's/^[^ ]+ fail ([0-9]+)$/\1/p' "$log/node" | tail -1)
passed=$((passed + ${p:-0}))
failed=$((failed + ${f:-0}))
[ "$node_status" -eq 0 ] || [ "${f:-0}" -gt 0 ] || failed=$((failed + 1))

if [ "$schemathesis" -eq 1 ]; then
  venv=$ROOT/target/portal-venv
  if [ ! -x "$venv/bin/python" ]; then
    python3 -m venv "$venv" || { echo "run.sh: python3 -m venv failed" >&2; exit 1; }
  fi
  "$venv/bin/python" -m pip install -q --disable-pip-version-check -r "$HERE/requirements.txt" || {
    echo "run.sh: pip install failed" >&2; exit 1; }
  "$venv/bin/python" -m pytest -q -p no:cacheprovider "$HERE" 2>&1 | tee "$log/py"
  py_status=${PIPESTATUS[0]}
  p=$(tail -1 "$log/py" | sed -nE 's/.*[^0-9]?([0-9]+) passed.*/\1/p')
  f=$(tail -1 "$log/py" | sed -nE 's/[^0-9]*([0-9]+) failed.*/\1/p')
  passed=$((passed + ${p:-0}))
  failed=$((failed + ${f:-0}))
  [ "$py_status" -eq 0 ] || [ "${f:-0}" -gt 0 ] || failed=$((failed + 1))
fi

echo
echo "portal tests: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
