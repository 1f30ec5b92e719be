#!/bin/bash
# Whole-run throughput of one or two aqplan builds on the bundled plan, on a
# noisy machine: runs each build ROUNDS times, alternating A B A B … so that
# slow minutes hit both, and reports the best (smallest) user+system CPU time
# of each as samples per CPU-second, and B's speed relative to A's.
#
#   scripts/throughput.sh BUILD_A [BUILD_B] [SAMPLES] [ROUNDS] [THREADS]
#   scripts/throughput.sh build/src/aqplan                       # one build
#   scripts/throughput.sh /tmp/old/src/aqplan build/src/aqplan   # A/B
#
# Defaults: 200000 samples, 8 rounds, 1 thread. CPU time, not wall time, so
# that a second thread's share counts (samples per CPU-second × threads is
# the best case for wall-clock samples/s).
set -euo pipefail

usage() { sed -n '2,13p' "$0" | sed 's/^# \{0,1\}//'; exit 2; }
[ $# -ge 1 ] || usage
a=$1
b=${2:-}
samples=${3:-200000}
rounds=${4:-8}
threads=${5:-1}
root=$(cd "$(dirname "$0")/.." && pwd)
plan="$root/scenarios/plan-2023.toml"
for bin in "$a" ${b:+"$b"}; do
  [ -x "$bin" ] || { echo "throughput.sh: $bin is not an executable" >&2; exit 2; }
done
command -v /usr/bin/time >/dev/null || { echo "throughput.sh: needs /usr/bin/time (apt-get install time)" >&2; exit 2; }

tmp=$(mktemp)
trap 'rm -f "$tmp"' EXIT
cpu_seconds() {
  /usr/bin/time -f "%U %S" -o "$tmp" "$1" run "$plan" --samples "$samples" --threads "$threads" --format json >/dev/null
  awk '{print $1 + $2}' "$tmp"
}
best() { python3 -c "import sys; print(min(float(x) for x in sys.argv[1:]))" "$@"; }

times_a=()
times_b=()
for _ in $(seq "$rounds"); do
  times_a+=("$(cpu_seconds "$a")")
  [ -z "$b" ] || times_b+=("$(cpu_seconds "$b")")
done
ta=$(best "${times_a[@]}")
python3 -c "print('A %s: %.0f samples per CPU-second (best of $rounds, $samples samples, $threads thread(s))' % ('$a', $samples / $ta))"
if [ -n "$b" ]; then
  tb=$(best "${times_b[@]}")
  python3 -c "print('B %s: %.0f samples per CPU-second; B/A = %.3f' % ('$b', $samples / $tb, $ta / $tb))"
fi
