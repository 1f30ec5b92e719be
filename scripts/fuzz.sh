#!/usr/bin/env bash
# scripts/fuzz.sh — builds the libFuzzer harnesses of fuzz/ (clang, build-fuzz/)
# and runs them; fuzz/README.md describes the harnesses.
#
#   scripts/fuzz.sh --replay                every harness once over each file of
#                                           its committed corpus fuzz/corpus/<harness>/
#                                           and of fuzz/regressions/<harness>/
#   scripts/fuzz.sh --seconds N [HARNESS…]  fuzz each harness (default: all) for N
#                                           seconds, two at a time
#   scripts/fuzz.sh --build-only            configure and build, nothing else
#
# Fuzzing reads the committed corpus and writes what it adds to
# build-fuzz/corpus/<harness>/ (kept between runs, so a later run goes on
# from there; the committed corpus does not change), findings (crash-*,
# leak-*, timeout-*, oom-*) to build-fuzz/findings/<harness>/ and each run's
# log to build-fuzz/logs/<harness>.log. It prints, per harness, the
# executions, executions per second, coverage (cov: edges, ft: features) and
# whether it found anything. Exit status: 0 when nothing was found, 1 on any
# finding or failed replay, 2 for bad usage.
#
# CI:   scripts/fuzz.sh --replay && scripts/fuzz.sh --seconds 60
# Long: scripts/fuzz.sh --seconds 1800
#
# Environment: AQPLAN_FUZZ_BUILD (build directory, default build-fuzz),
# AQPLAN_FUZZ_JOBS (build jobs and harnesses run at once, default 2).
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
build=${AQPLAN_FUZZ_BUILD:-$root/build-fuzz}
jobs=${AQPLAN_FUZZ_JOBS:-2}
all=(fuzz_deadline fuzz_markdown fuzz_import_targets fuzz_import_ledger fuzz_targets_csv fuzz_observed_csv fuzz_scenario fuzz_dataset fuzz_part)

usage() {
  sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//' >&2
  exit 2
}

# Per harness: its dictionary and the largest input it is given.
dict_of() {
  case $1 in
    fuzz_scenario | fuzz_dataset) echo "$root/fuzz/toml.dict" ;;
    fuzz_targets_csv | fuzz_observed_csv) echo "$root/fuzz/csv.dict" ;;
    fuzz_part) echo "" ;;
    *) echo "$root/fuzz/markdown.dict" ;;
  esac
}
max_len_of() {
  case $1 in
    fuzz_deadline) echo 4096 ;;  # a table cell
    *) echo 65536 ;;
  esac
}

mode=
seconds=
harnesses=()
while (($#)); do
  case $1 in
    --replay) mode=replay ;;
    --build-only) mode=build ;;
    --seconds)
      mode=fuzz
      seconds=${2:-}
      [[ $seconds =~ ^[1-9][0-9]*$ ]] || { echo "fuzz.sh: --seconds needs a whole number of seconds" >&2; exit 2; }
      shift ;;
    -h | --help) usage ;;
    fuzz_*)
      [[ " ${all[*]} " == *" $1 "* ]] || { echo "fuzz.sh: no harness '$1' (harnesses: ${all[*]})" >&2; exit 2; }
      harnesses+=("$1") ;;
    *) echo "fuzz.sh: unknown argument '$1'" >&2; usage ;;
  esac
  shift
done
[[ -n $mode ]] || usage
((${#harnesses[@]})) || harnesses=("${all[@]}")

# --- build ----------------------------------------------------------------
if [[ ! -f $build/CMakeCache.txt ]]; then
  CC=clang CXX=clang++ cmake -S "$root" -B "$build" -G Ninja -DAQPLAN_FUZZ=ON -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DAQPLAN_TESTS=OFF -DAQPLAN_BENCH=OFF >/dev/null
fi
cmake --build "$build" --target aqplan_fuzzers -j "$jobs"
[[ $mode == build ]] && exit 0

export ASAN_OPTIONS=${ASAN_OPTIONS:-halt_on_error=1:detect_leaks=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-halt_on_error=1:print_stacktrace=1}
mkdir -p "$build/logs"

# The per-process directory a harness leaves behind when it dies (fuzz_common.h).
cleanup_files_of() {
  local pid=$1 base
  for base in "${AQPLAN_FUZZ_TMPDIR:-}" /dev/shm "${TMPDIR:-}" /tmp; do
    [[ -n $base && -d $base/aqplan-fuzz-$pid ]] && rm -rf "${base:?}/aqplan-fuzz-$pid"
  done
  return 0
}

# --- replay ---------------------------------------------------------------
if [[ $mode == replay ]]; then
  failed=0
  for h in "${harnesses[@]}"; do
    files=("$root/fuzz/corpus/$h"/*)
    # Inputs that once found a defect (fixed; each also a test in tests/).
    [[ -d $root/fuzz/regressions/$h ]] && files+=("$root/fuzz/regressions/$h"/*)
    log=$build/logs/$h.replay.log
    # Each file given by name: libFuzzer runs the harness once on each.
    "$build/fuzz/$h" "${files[@]}" </dev/null >"$log" 2>&1 &
    pid=$!
    if wait "$pid"; then
      printf '%-22s ok      %3d files\n' "$h" "${#files[@]}"
    else
      printf '%-22s FAILED  (log: %s)\n' "$h" "$log"
      grep -E '^==[0-9]+==ERROR|FINDING|runtime error|Running: ' "$log" | tail -n 5 | sed 's/^/    /'
      failed=1
    fi
    cleanup_files_of "$pid"
  done
  exit "$failed"
fi

# --- fuzz -----------------------------------------------------------------
pids=()
trap 'for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done' INT TERM

start() {  # one harness in the background; its pid into pids
  local h=$1 dict
  mkdir -p "$build/corpus/$h" "$build/findings/$h"
  dict=$(dict_of "$h")
  "$build/fuzz/$h" -max_total_time="$seconds" -max_len="$(max_len_of "$h")" -timeout=25 -rss_limit_mb=2048 \
    -print_final_stats=1 -artifact_prefix="$build/findings/$h/" ${dict:+-dict="$dict"} \
    "$build/corpus/$h" "$root/fuzz/corpus/$h" </dev/null >"$build/logs/$h.log" 2>&1 &
  pids+=($!)
}

report() {  # one line about a finished harness; 1 when it found something
  local h=$1 rc=$2 log=$build/logs/$1.log execs rate cov ft new artifact
  execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
  rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -n 1)
  new=$(sed -n 's/^stat::new_units_added: *//p' "$log" | tail -n 1)
  cov=$(grep -oE 'cov: [0-9]+' "$log" | tail -n 1 | cut -d' ' -f2)
  ft=$(grep -oE 'ft: [0-9]+' "$log" | tail -n 1 | cut -d' ' -f2)
  artifact=$(sed -n 's/.*Test unit written to \(.*\)$/\1/p' "$log" | tail -n 1)
  printf '%-22s %10s execs %7s/s  cov %6s  ft %7s  new %5s  ' "$h" "${execs:-?}" "${rate:-?}" "${cov:-?}" "${ft:-?}" "${new:-?}"
  if [[ $rc -eq 0 && -z $artifact ]]; then
    echo "nothing found"
    return 0
  fi
  echo "FOUND: ${artifact:-exit status $rc} (log: $log)"
  grep -E '^==[0-9]+==ERROR|FINDING|runtime error|^SUMMARY' "$log" | head -n 4 | sed 's/^/    /'
  return 1
}

found=0
queue=("${harnesses[@]}")
while ((${#queue[@]})); do
  batch=("${queue[@]:0:$jobs}")
  queue=("${queue[@]:$jobs}")
  pids=()
  for h in "${batch[@]}"; do start "$h"; done
  for i in "${!batch[@]}"; do
    rc=0
    wait "${pids[$i]}" || rc=$?
    cleanup_files_of "${pids[$i]}"
    report "${batch[$i]}" "$rc" || found=1
  done
done
exit "$found"
