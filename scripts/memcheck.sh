#!/usr/bin/env bash
# valgrind memcheck over the tests that load the library from C and from
# Python: the ctest suites labelled c99 and ffi of a build (found through
# `ctest --show-only=json-v1`, so their commands and environment are exactly
# what ctest runs). Any memory error or leak fails.
#   scripts/memcheck.sh [build-dir]              # default build/dev
#   MEMCHECK_LABELS="c99 ffi examples" scripts/memcheck.sh build/dev
#   scripts/memcheck.sh build/dev -- ./prog args  # any command instead
# Python never frees all it allocated at exit, and CPython 3.11 trips
# memcheck in its own code (maybe_small_long: "uninitialised value"), so for a
# Python command the verdict comes from valgrind's XML instead of its exit
# code: an error of any kind fails when one of its stacks (where it happened,
# where the block was allocated or freed, where an uninitialised value came
# from: --track-origins) passes through librtmp-handshake (rtmp_hs_*,
# rtmphs::); the interpreter's own records are counted and ignored.
# PYTHONMALLOC=malloc makes Python's allocations visible to valgrind, and a
# pyenv shim is resolved to the real interpreter first.
set -euo pipefail
caller_dir=$PWD  # where a command given after -- runs
cd "$(dirname "$0")/.."
root=$PWD
build=${1:-build/dev}
shift || true
labels=${MEMCHECK_LABELS:-c99 ffi}
mkdir -p "$build/memcheck"
out=$(cd "$build/memcheck" && pwd)  # absolute: tests run in their own cwd
vg=(valgrind --error-exitcode=1 --leak-check=full --errors-for-leak-kinds=all
    --show-leak-kinds=all --track-origins=yes --trace-children=yes --quiet)

# One JSON line per command: {"name", "command": [...], "env": [...], "cwd"}.
list_commands() {
  if [ "${1:-}" = -- ]; then
    shift
    python3 -c 'import json, os, sys; print(json.dumps({"name": os.path.basename(sys.argv[2]), "command": sys.argv[2:], "env": [], "cwd": sys.argv[1]}))' "$caller_dir" "$@"
    return
  fi
  if [ ! -f "$build/CTestTestfile.cmake" ]; then
    echo "memcheck: $build is not a configured build directory" >&2
    exit 1
  fi
  ctest --test-dir "$build" --show-only=json-v1 | python3 -c '
import json, re, sys
wanted = set(sys.argv[1].split())
seen = set()
for test in json.load(sys.stdin)["tests"]:
    props = {p["name"]: p["value"] for p in test.get("properties", [])}
    labels = props.get("LABELS", [])
    if not wanted & set(labels) or "command" not in test:
        continue
    # gtest_discover_tests makes one test per case: run the binary once.
    command = [a for a in test["command"]
               if not a.startswith(("--gtest_filter=", "--gtest_also_run"))]
    key = tuple(command)
    if key in seen:
        continue
    seen.add(key)
    print(json.dumps({"name": test["name"], "command": command,
                      "env": props.get("ENVIRONMENT", []),
                      "cwd": props.get("WORKING_DIRECTORY", "")}))
' "$labels"
}

is_python() {
  python3 -c 'import json, os, re, sys; sys.exit(0 if any(re.match(r"python[0-9.]*$", os.path.basename(a)) or a.endswith(".py") for a in json.loads(sys.argv[1])["command"]) else 1)' "$1"
}

# Verdict for a Python run from its XML files (see the header comment).
python_verdict() {
  python3 - "$@" <<'PY'
import sys
import xml.etree.ElementTree as ET
ours = ("librtmp-handshake", "rtmp_hs_", "rtmphs::")
bad = 0
ignored = 0
for path in sys.argv[1:]:
    try:
        tree = ET.parse(path)
    except ET.ParseError:
        continue  # a child that valgrind did not finish writing (exec)
    for error in tree.getroot().iter("error"):
        kind = error.findtext("kind", "")
        frames = [(f.findtext("obj", ""), f.findtext("fn", ""))
                  for f in error.iter("frame")]
        mine = any(any(o in obj or fn.startswith(o) for o in ours)
                   for obj, fn in frames)
        if not mine:
            ignored += 1
            continue
        bad += 1
        what = error.findtext("what") or error.findtext("xwhat/text") or ""
        print(f"  {kind}: {what}")
        for obj, fn in frames[:12]:
            print(f"      {fn or '?'} ({obj})")
print(f"  {ignored} interpreter-owned record(s) ignored, {bad} in the library")
sys.exit(1 if bad else 0)
PY
}

failed=0
ran=0
while IFS= read -r entry; do
  [ -z "$entry" ] && continue
  ran=$((ran + 1))
  name=$(python3 -c 'import json, sys; print(json.loads(sys.argv[1])["name"])' "$entry")
  mapfile -t cmd < <(python3 -c 'import json, sys; sys.stdout.write("".join(a + "\n" for a in json.loads(sys.argv[1])["command"]))' "$entry")
  mapfile -t env < <(python3 -c 'import json, sys; sys.stdout.write("".join(a + "\n" for a in json.loads(sys.argv[1])["env"]))' "$entry")
  cwd=$(python3 -c 'import json, sys; print(json.loads(sys.argv[1])["cwd"])' "$entry")
  log=$out/${name//[^A-Za-z0-9_.-]/_}
  rm -f "$log".*.xml
  echo "memcheck: $name: ${cmd[*]}"
  set +e
  if is_python "$entry"; then
    # A pyenv/virtualenv wrapper would be what valgrind watches: use the
    # interpreter it ends up running.
    if [[ "$(basename "${cmd[0]}")" == python* ]]; then
      cmd[0]=$("${cmd[0]}" -c 'import sys; print(sys.executable)')
    fi
    (cd "${cwd:-$root}" && env "${env[@]}" PYTHONMALLOC=malloc "${vg[@]}" \
      --xml=yes --xml-file="$log.%p.xml" "${cmd[@]}") >"$log.out" 2>&1
    test_rc=$?
    shopt -s nullglob
    xml=("$log".*.xml)
    shopt -u nullglob
    vg_rc=1
    if [ ${#xml[@]} -eq 0 ]; then
      echo "  valgrind wrote no XML report" >&2
    else
      python_verdict "${xml[@]}"
      vg_rc=$?
    fi
    # valgrind turns the interpreter's own leaks into exit 1, so the test's
    # result is read from unittest's last line instead.
    tests_ok=0
    if [ $test_rc -eq 0 ] || { grep -q -E '^OK( |$)' "$log.out" &&
                               ! grep -q -E '^FAILED' "$log.out"; }; then
      tests_ok=1
    fi
    rc=0
    if [ $vg_rc -ne 0 ] || [ $tests_ok -ne 1 ]; then
      rc=1
    fi
  else
    (cd "${cwd:-$root}" && env "${env[@]}" "${vg[@]}" "${cmd[@]}") >"$log.out" 2>&1
    rc=$?
  fi
  set -e
  if [ $rc -eq 0 ]; then
    echo "memcheck: $name: clean"
  else
    echo "memcheck: $name: FAILED (exit $rc), output in $log.out" >&2
    grep -E -A12 '^==[0-9]+== [A-Z]' "$log.out" | head -60 >&2 || tail -30 "$log.out" >&2
    failed=1
  fi
done < <(list_commands "$@")

if [ $ran -eq 0 ]; then
  echo "memcheck: no test labelled '$labels' in $build" >&2
  exit 1
fi
[ $failed -eq 0 ] && echo "memcheck: $ran command(s) clean"
exit $failed
