#!/usr/bin/env bash
# Installs what the tests need besides Rust: zbar-tools (an independent QR
# decoder, from Debian) and, in target/interop-venv, the Python checkers
# listed in tests/interop/requirements.txt (pycose, segno, zxing-cpp, sd-jwt, ...).
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v zbarimg >/dev/null 2>&1; then
  echo "setup: installing zbar-tools" >&2
  sudo_cmd=""
  [ "$(id -u)" -eq 0 ] || sudo_cmd="sudo"
  $sudo_cmd apt-get update -qq >/dev/null
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq zbar-tools >/dev/null
fi

venv=target/interop-venv
stamp=$venv/.requirements
if [ ! -x $venv/bin/python ] || ! cmp -s tests/interop/requirements.txt "$stamp"; then
  echo "setup: installing the Python interop checkers into $venv" >&2
  mkdir -p target
  python3 -m venv $venv
  $venv/bin/pip install -q --disable-pip-version-check -r tests/interop/requirements.txt
  cp tests/interop/requirements.txt "$stamp"
fi
