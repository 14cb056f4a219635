#!/usr/bin/env bash
# Builds and tests the Android shell's plain-Kotlin part on a plain JVM (Java
# 17), no Android SDK or Gradle: android/domain/src/main/kotlin (the JVM key
# store and sealing) and the uniffi bindings (bindings/**/*.kt: vn.vidi.ffi
# and the app core's vn.vidi.app) with kotlinc into target/kotlin/classes,
# android/domain/src/test/kotlin into target/kotlin/test-classes, then the
# JUnit 5 console launcher over them. The bindings load libvidi_ffi.so and
# the journey tests run vidi-server-mock: both are built first (cargo build,
# in $CARGO_TARGET_DIR when set, else target/) and copied to
# target/kotlin/native, which the tests use.
# Ends with one line: `kotlin tests: N passed, M failed`; exits non-zero on
# any failure.
#
#   scripts/kotlin.sh             install, build, compile, test
#   scripts/kotlin.sh --compile   stop after compiling (scripts/kotlin-bench.sh)
#
# Installs what is missing: Java 17, JNA (libjna-java) and JUnit 5 (junit5)
# from Debian with apt (as root or through sudo), and kotlinc 2.4.20 with its
# kotlin-stdlib, kotlin-test and kotlinx-coroutines 1.8.0 (the npm package
# kotlin-compiler, pinned in android/package-lock.json) with `npm ci`.
# Reruns skip the install while the lockfile is unchanged, and each compile
# while its sources, classpath and flags hash the same.
set -uo pipefail
cd "$(dirname "$0")/.."
root=$PWD
out=target/kotlin
# Where cargo puts its builds (an absolute path: java runs with it).
cargo_target=${CARGO_TARGET_DIR:-target}
case $cargo_target in /*) ;; *) cargo_target=$root/$cargo_target ;; esac

compile_only=false
case "${1:-}" in
  "") ;;
  --compile) compile_only=true ;;
  *) echo "usage: $0 [--compile]" >&2; exit 2 ;;
esac

summary() {
  echo
  echo "kotlin tests: $1 passed, $2 failed"
}
die() {
  echo "kotlin: $*" >&2
  summary 0 1
  exit 1
}

# --- toolchain --------------------------------------------------------------
jna=/usr/share/java/jna.jar
junit=/usr/share/java/junit-platform-console-standalone.jar
packages=()
command -v java >/dev/null 2>&1 || packages+=(openjdk-17-jre-headless)
command -v npm >/dev/null 2>&1 || packages+=(npm)
[ -f $jna ] || packages+=(libjna-java)
[ -f $junit ] || packages+=(junit5)
if [ ${#packages[@]} -gt 0 ]; then
  echo "kotlin: installing ${packages[*]} (apt)" >&2
  sudo_cmd=""
  [ "$(id -u)" -eq 0 ] || sudo_cmd="sudo"
  apt_log=$(mktemp)
  { $sudo_cmd apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq "${packages[@]}"; } \
    >"$apt_log" 2>&1 || { cat "$apt_log" >&2; die "apt-get install ${packages[*]} failed"; }
  rm -f "$apt_log"
fi

kotlin_home=android/node_modules/kotlin-compiler
lock_stamp=android/node_modules/.vidi-package-lock.json
if [ ! -x $kotlin_home/bin/kotlinc ] || ! cmp -s android/package-lock.json $lock_stamp; then
  echo "kotlin: installing kotlinc (npm ci in android/)" >&2
  (cd android && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error) || die "npm ci failed"
  cp android/package-lock.json $lock_stamp
fi
kotlinc=$kotlin_home/bin/kotlinc
lib=$kotlin_home/lib
stdlib=$lib/kotlin-stdlib.jar
coroutines=$lib/kotlinx-coroutines-core-jvm.jar
ktest=$lib/kotlin-test.jar
ktest_junit5=$lib/kotlin-test-junit5.jar
for jar in $jna $junit $stdlib $coroutines $ktest $ktest_junit5; do
  [ -f "$jar" ] || die "missing $jar"
done

# --- compile ----------------------------------------------------------------
# compile NAME CLASSPATH KEY SOURCE_DIR...: kotlinc the .kt files under the
# folders into $out/NAME unless a stamp says the same sources, classpath,
# flags, compiler and KEY (what else the output depends on) already made it.
# Prints the stamp's hash.
flags=(-jvm-target 17 -no-reflect -progressive)
compile() {
  local name=$1 classpath=$2 key=$3
  shift 3
  local dest=$out/$name stamp=$out/$name.stamp sources hash
  mapfile -t sources < <(find "$@" -name '*.kt' -type f 2>/dev/null | LC_ALL=C sort)
  [ ${#sources[@]} -gt 0 ] || {
    echo "kotlin: no Kotlin sources under $*" >&2
    return 1
  }
  hash=$({
    cat $kotlin_home/build.txt
    echo "${flags[*]} $classpath $key"
    sha256sum "${sources[@]}"
  } | sha256sum | cut -c1-64)
  if [ -d "$dest" ] && [ "$(cat "$stamp" 2>/dev/null)" = "$hash" ]; then
    echo "kotlin: $name up to date (${#sources[@]} files)" >&2
  else
    echo "kotlin: compiling $name (${#sources[@]} files)" >&2
    rm -rf "$dest" "$stamp"
    mkdir -p "$dest"
    "$kotlinc" "${flags[@]}" -classpath "$classpath" -d "$dest" "${sources[@]}" >&2 || return 1
    echo "$hash" >"$stamp"
  fi
  echo "$hash"
}

# The JVM keys are compiled with the generated bindings (scripts/bindings.sh),
# which load libvidi_ffi.so through JNA; the journey tests run the mock
# issuer's binary. Both are built in one cargo run, then copied to
# $out/native at once: a cargo folder shared with other checkouts
# (CARGO_TARGET_DIR) may get another checkout's library at any time.
[ -n "$(find bindings -name '*.kt' -type f -print -quit 2>/dev/null)" ] ||
  die "no Kotlin bindings under bindings/ (scripts/bindings.sh makes them)"
main_dirs=(android/domain/src/main/kotlin bindings)
native=$root/$out/native
server_mock=$native/vidi-server-mock
if [ "$compile_only" = false ]; then
  command -v cargo >/dev/null 2>&1 || die "cargo is needed to build libvidi_ffi.so and vidi-server-mock"
  cargo build -q -p vidi-ffi -p vidi-server-mock || die "cargo build -p vidi-ffi -p vidi-server-mock failed"
  mkdir -p "$native"
  cp "$cargo_target/debug/libvidi_ffi.so" "$cargo_target/debug/vidi-server-mock" "$native/" ||
    die "no libvidi_ffi.so or vidi-server-mock in $cargo_target/debug after the build"
fi

main_hash=$(compile classes "$coroutines:$jna" "" "${main_dirs[@]}") || die "compiling ${main_dirs[*]} failed"
# The test classes depend on the main ones: their stamp includes main's hash.
compile test-classes "$out/classes:$coroutines:$jna:$ktest:$ktest_junit5:$junit" "$main_hash" \
  android/domain/src/test/kotlin >/dev/null || die "compiling android/domain/src/test/kotlin failed"

[ "$compile_only" = false ] || exit 0

# --- test -------------------------------------------------------------------
# Debian's console launcher is JUnit 5.9 (platform 1.9.1), which predates the
# `execute` subcommand; this option form also works on later ones.
log=$(mktemp)
trap 'rm -f "$log"' EXIT
java -Djna.library.path="$native" -Dvidi.serverMock="$server_mock" -Dfile.encoding=UTF-8 -jar $junit \
  --disable-banner --disable-ansi-colors --details=tree --fail-if-no-tests --include-engine=junit-jupiter \
  --class-path "$out/test-classes:$out/classes:$stdlib:$coroutines:$ktest:$ktest_junit5:$jna" \
  --scan-class-path "$out/test-classes" 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
passed=$(sed -nE 's/^\[ *([0-9]+) tests successful.*/\1/p' "$log" | tail -1)
failed=$(sed -nE 's/^\[ *([0-9]+) tests failed.*/\1/p' "$log" | tail -1)
passed=${passed:-0}
failed=${failed:-0}
# A launcher that failed without counting a failed test (no tests found, a
# crash) still counts as one failure.
[ "$status" -eq 0 ] || [ "$failed" -gt 0 ] || failed=1
summary "$passed" "$failed"
[ "$status" -eq 0 ] && [ "$failed" -eq 0 ]
