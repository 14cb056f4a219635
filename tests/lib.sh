# Shared by the tests/*/run.sh scripts (source it; it only defines functions).

# venv_with REQUIREMENTS VENV: makes sure VENV is a Python virtualenv with
# REQUIREMENTS installed, reinstalling it from scratch when that file has
# changed since the last install. Returns non-zero when the install fails.
venv_with() {
  local requirements=$1 venv=$2 stamp=$2/.requirements
  if [ -x "$venv/bin/python" ] && cmp -s "$requirements" "$stamp"; then
    return 0
  fi
  echo "installing ${requirements#"$PWD"/} into ${venv#"$PWD"/}" >&2
  rm -rf "$venv"
  python3 -m venv "$venv" &&
    "$venv/bin/pip" install -q --disable-pip-version-check -r "$requirements" &&
    cp "$requirements" "$stamp"
}

# summary_add NAME FILE: adds the last "NAME: N passed, M failed" line of
# FILE to the caller's $passed and $failed; a check that printed none (it
# crashed, or its self-test stopped it) counts as one failure.
summary_add() {
  local line p f
  line=$(grep -E "^$1: [0-9]+ passed, [0-9]+ failed" "$2" | tail -1)
  if [ -z "$line" ]; then
    failed=$((failed + 1))
    return
  fi
  p=$(sed -nE 's/.* ([0-9]+) passed.*/\1/p' <<<"$line")
  f=$(sed -nE 's/.* ([0-9]+) failed.*/\1/p' <<<"$line")
  passed=$((passed + p))
  failed=$((failed + f))
}
