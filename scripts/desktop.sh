#!/usr/bin/env bash
# The desktop app (android/desktop): the phones' screens over the same app
# core, citizen and verifier, against a mock issuer started here; for
# developers to try the whole app without an emulator.
#
#   scripts/desktop.sh [--server URL] [--fresh] [-- APP_ARGS...]
#
#   --server URL  use that issuer instead of starting vidi-server-mock
#   --fresh       start with an empty wallet (deletes target/desktop/wallet)
#   APP_ARGS      passed to the app: --dark or --light (default: the system's)
#
# Builds libvidi_ffi.so and vidi-server-mock (cargo), the app (Maven,
# scripts/jvm.sh --compile), starts the mock issuer on 127.0.0.1:8080 (its
# database in target/desktop/issuer; its portal at that address makes
# offers to paste in the app), then opens the window. The wallet lives in
# target/desktop/wallet. Closing the window stops the issuer too.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
cargo_target=${CARGO_TARGET_DIR:-target}
case $cargo_target in /*) ;; *) cargo_target=$root/$cargo_target ;; esac

server=""
fresh=false
while [ $# -gt 0 ]; do
  case $1 in
    --server) server=$2; shift 2 ;;
    --fresh) fresh=true; shift ;;
    --) shift; break ;;
    *) echo "usage: $0 [--server URL] [--fresh] [-- --dark|--light]" >&2; exit 2 ;;
  esac
done

cargo build -q -p vidi-ffi -p vidi-server-mock
native=$root/target/jvm/native
mkdir -p "$native" target/desktop
cp "$cargo_target/debug/libvidi_ffi.so" "$cargo_target/debug/vidi-server-mock" "$native/"
scripts/jvm.sh --compile >/dev/null
[ "$fresh" = false ] || rm -rf target/desktop/wallet

pid=""
trap '[ -z "$pid" ] || kill "$pid" 2>/dev/null || true' EXIT
if [ -z "$server" ]; then
  "$native/vidi-server-mock" --data-dir target/desktop/issuer --listen 127.0.0.1:8080 --quiet >target/desktop/issuer.log 2>&1 &
  pid=$!
  for _ in $(seq 100); do
    server=$(sed -nE 's|.*(http://127\.0\.0\.1:[0-9]+).*|\1|p' target/desktop/issuer.log | head -1)
    [ -n "$server" ] && break
    kill -0 "$pid" 2>/dev/null || { cat target/desktop/issuer.log >&2; echo "desktop: vidi-server-mock did not start" >&2; exit 1; }
    sleep 0.1
  done
  [ -n "$server" ] || { echo "desktop: vidi-server-mock printed no address" >&2; exit 1; }
  echo "desktop: the mock issuer is at $server (its portal makes offers to paste in the app)"
fi

desktop=android/desktop/target
java -Djna.library.path="$native" -Dfile.encoding=UTF-8 \
  -cp "$desktop/classes:$(cat $desktop/classpath.txt)" \
  vn.vidi.desktop.MainKt --data target/desktop/wallet --server "$server" "$@"
