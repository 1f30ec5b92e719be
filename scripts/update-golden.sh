#!/usr/bin/env bash
# Regenerates tests/golden/ from tests/golden/manifest.txt with the given
# aqplan executable (default build/src/aqplan). Review the diff before
# committing it: a golden file changes only when a result is meant to.
#
#   scripts/update-golden.sh [build/src/aqplan]
#   git diff --stat tests/golden/
set -euo pipefail
cd "$(dirname "$0")/.."
aqplan=$(realpath "${1:-build/src/aqplan}")
manifest=tests/golden/manifest.txt
n=0
while IFS= read -r line; do
  case "$line" in ''|'#'*) continue ;; esac
  file=${line%%:*}
  read -r -a args <<<"${line#*: }"
  tmp=$(mktemp "tests/golden/.$file.XXXXXX")
  if ! "$aqplan" "${args[@]}" >"$tmp"; then
    rm -f "$tmp"
    echo "update-golden: '${args[*]}' failed" >&2
    exit 1
  fi
  chmod 644 "$tmp"
  mv "$tmp" "tests/golden/$file"
  n=$((n + 1))
done <"$manifest"
echo "update-golden: $n files written to tests/golden/ (review: git diff tests/golden/)"
