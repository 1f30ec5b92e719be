#!/usr/bin/env bash
# Regenerates tests/golden/ from tests/golden/manifest.txt with the given
# aqplan executable (default build/src/aqplan), tests/golden/typical/ too
# (the bundled scenarios with base_year = "typical"). Review the diff before
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
  dir=$(dirname "tests/golden/$file")
  tmp=$(mktemp "$dir/.$(basename "$file").XXXXXX")
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
# tests/golden/typical/ holds results reviewed before the two-draw weather
# law (docs/model.md §5, v1.2); base_year = "typical" must reproduce them.
if ! git diff --quiet -- tests/golden/typical/ 2>/dev/null; then
  echo "update-golden: WARNING: tests/golden/typical/ changed: base_year = \"typical\" no longer reproduces the" \
    "reviewed results (git diff tests/golden/typical/)" >&2
fi
