#!/usr/bin/env bash
# Builds and tests the JVM side with Maven (android/pom.xml), every library
# from Maven Central at a pinned version, each file's SHA-256 checked
# against android/maven-checksums.txt:
#   android/domain   the generated uniffi bindings with the JVM key store and
#                    AES-GCM sealing; tests drive the app core through the
#                    bindings against the mock issuer;
#   android/desktop  the phones' Compose screens (android/screens) compiled
#                    against Compose Multiplatform for the desktop, the
#                    desktop app, and the screenshot, accessibility and
#                    contrast tests (references in android/desktop/screenshots,
#                    this run's shots, diffs and index.html in
#                    android/desktop/target/screenshots).
# libvidi_ffi.so and vidi-server-mock are built first (cargo build, in
# $CARGO_TARGET_DIR when set, else target/) and copied to target/jvm/native.
# Ends with one line: `kotlin tests: N passed, M failed`.
#
#   scripts/jvm.sh                       build, check, test
#   scripts/jvm.sh --update-screenshots  the same, the shots becoming the references
#   scripts/jvm.sh --compile             stop after compiling (scripts/kotlin-bench.sh)
#   scripts/jvm.sh --lock                rewrite android/maven-checksums.txt (after a version change)
set -uo pipefail
cd "$(dirname "$0")/.."
root=$PWD
cargo_target=${CARGO_TARGET_DIR:-target}
case $cargo_target in /*) ;; *) cargo_target=$root/$cargo_target ;; esac
native=$root/target/jvm/native
sums=android/maven-checksums.txt

mode=test
case "${1:-}" in
  "") ;;
  --update-screenshots) mode=update ;;
  --compile) mode=compile ;;
  --lock) mode=lock ;;
  *) echo "usage: $0 [--update-screenshots|--compile|--lock]" >&2; exit 2 ;;
esac

summary() {
  echo
  echo "kotlin tests: $1 passed, $2 failed"
}
die() {
  echo "jvm: $*" >&2
  summary 0 1
  exit 1
}

command -v java >/dev/null 2>&1 || die "no java (Java 17 or later)"
if ! command -v mvn >/dev/null 2>&1; then
  echo "jvm: installing maven (apt)" >&2
  sudo_cmd=""
  [ "$(id -u)" -eq 0 ] || sudo_cmd="sudo"
  { $sudo_cmd apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq maven; } >/dev/null 2>&1 ||
    die "apt-get install maven failed"
fi
# The screenshots' references were drawn with Debian's DejaVu Sans (what
# fontconfig gives for sans-serif there): another font would change every shot.
if ! fc-match sans-serif 2>/dev/null | grep -q "DejaVu Sans"; then
  echo "jvm: installing fonts-dejavu-core and fontconfig (apt): the screenshots are drawn with DejaVu Sans" >&2
  sudo_cmd=""
  [ "$(id -u)" -eq 0 ] || sudo_cmd="sudo"
  { $sudo_cmd apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq fonts-dejavu-core fontconfig; } >/dev/null 2>&1 ||
    die "apt-get install fonts-dejavu-core failed"
  fc-match sans-serif | grep -q "DejaVu Sans" || die "sans-serif is $(fc-match sans-serif), not DejaVu Sans: the screenshots would all differ"
fi
# The stale-lists screen syncs from an issuer run under libfaketime (its clock three days back).
if ! command -v faketime >/dev/null 2>&1; then
  echo "jvm: installing faketime (apt)" >&2
  sudo_cmd=""
  [ "$(id -u)" -eq 0 ] || sudo_cmd="sudo"
  { $sudo_cmd apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq faketime; } >/dev/null 2>&1 ||
    die "apt-get install faketime failed"
fi
# -C: a file whose checksum does not match the repository's fails the build.
mvn=(mvn -B -C -f android/pom.xml)

if [ "$mode" != compile ] && [ "$mode" != lock ]; then
  cargo build -q -p vidi-ffi -p vidi-server-mock || die "cargo build -p vidi-ffi -p vidi-server-mock failed"
  mkdir -p "$native"
  # Copied at once: a cargo folder shared with other checkouts may get another's library at any time.
  cp "$cargo_target/debug/libvidi_ffi.so" "$cargo_target/debug/vidi-server-mock" "$native/" ||
    die "no libvidi_ffi.so or vidi-server-mock in $cargo_target/debug after the build"
fi

# Compile everything and put the two modules in the local repository, so the
# checks and the tests below resolve them without compiling again.
log=$(mktemp)
trap 'rm -f "$log"' EXIT
"${mvn[@]}" -q install -DskipTests >"$log" 2>&1 || { cat "$log" >&2; die "mvn install (compile) failed"; }

# Every library file the build and the tests load, with its SHA-256: the
# modules' classpaths (test scope) and the Compose compiler plugin.
"${mvn[@]}" -q -o dependency:build-classpath -Dmdep.outputFile=target/classpath.txt >"$log" 2>&1 ||
  { cat "$log" >&2; die "mvn dependency:build-classpath failed"; }
m2=$HOME/.m2/repository
kotlin_version=$(sed -nE 's|.*<kotlin.version>([^<]+)</kotlin.version>.*|\1|p' android/pom.xml)
plugin=$m2/org/jetbrains/kotlin/kotlin-compose-compiler-plugin-embeddable/$kotlin_version/kotlin-compose-compiler-plugin-embeddable-$kotlin_version.jar
current=$(
  { tr ':' '\n' <android/domain/target/classpath.txt; echo; tr ':' '\n' <android/desktop/target/classpath.txt; echo; echo "$plugin"; } |
    grep -v '^$' | grep -v "/vn/vidi/" | LC_ALL=C sort -u |
    while read -r jar; do
      [ -f "$jar" ] || { echo "MISSING ${jar#"$m2"/}"; continue; }
      echo "$(sha256sum "$jar" | cut -c1-64)  ${jar#"$m2"/}"
    done
)
if [ "$mode" = lock ]; then
  { echo "# SHA-256 of every library the JVM build loads (scripts/jvm.sh --lock writes it)."; echo "$current"; } >"$sums"
  echo "jvm: wrote $sums ($(echo "$current" | wc -l) files)"
  exit 0
fi
if ! diff <(grep -v '^#' "$sums") <(echo "$current") >"$log"; then
  cat "$log" >&2
  die "the libraries differ from $sums (< listed, > found); after a deliberate version change run scripts/jvm.sh --lock"
fi
echo "jvm: $(echo "$current" | wc -l) library files match $sums" >&2

[ "$mode" != compile ] || exit 0

props=()
[ "$mode" = update ] && props+=(-Dvidi.updateScreenshots=true)
"${mvn[@]}" -o surefire:test "${props[@]}" -Dvidi.native="$native" 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
# Each module's summary line: "Tests run: N, Failures: F, Errors: E, Skipped: S" (no " -- in").
read -r passed failed < <(sed -nE 's/^\[[A-Z]+\] Tests run: ([0-9]+), Failures: ([0-9]+), Errors: ([0-9]+), Skipped: ([0-9]+)$/\1 \2 \3 \4/p' "$log" |
  awk '{ p += $1 - $2 - $3 - $4; f += $2 + $3 } END { print p + 0, f + 0 }')
[ "$status" -eq 0 ] || [ "$failed" -gt 0 ] || failed=1
echo "jvm: the screens as drawn, with any differences: android/desktop/target/screenshots/index.html" >&2
summary "$passed" "$failed"
[ "$status" -eq 0 ] && [ "$failed" -eq 0 ]
