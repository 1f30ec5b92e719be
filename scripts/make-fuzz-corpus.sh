#!/usr/bin/env bash
# scripts/make-fuzz-corpus.sh — regenerates the seed corpora of the fuzzing
# harnesses, fuzz/corpus/<harness>/, from the bundled files: the planning
# document, the dataset data/zezhou-2023, the standards, the scenarios, the
# ledger's deadlines, and small part files (fuzz_part; see
# fuzz/make_part_seed.cpp). Deterministic: the same tree gives the same files.
#
# Needs the fuzzing build (scripts/fuzz.sh makes it) for make_part_seed and
# an aqplan binary to run a real part: $AQPLAN, else build/src/aqplan, else
# the fuzzing build's (built on demand).
#
# Usage: scripts/make-fuzz-corpus.sh
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
build=${AQPLAN_FUZZ_BUILD:-$root/build-fuzz}
out=$root/fuzz/corpus
data=$root/data
ds=$data/zezhou-2023
doc=$ds/plan-document.md
sep=$'#---\n'  # with the newline ending the file before it: the "\n#---\n" of fuzz_common.h

cd "$root"
if [[ ! -x $build/fuzz/make_part_seed ]]; then
  echo "make-fuzz-corpus: $build/fuzz/make_part_seed is missing; build it with scripts/fuzz.sh --build-only" >&2
  exit 2
fi

fresh() {
  rm -rf "${out:?}/$1"
  mkdir -p "$out/$1"
  echo "$out/$1"
}

# --- fuzz_deadline: every distinct deadline of the ledger, and the other forms.
dir=$(fresh fuzz_deadline)
i=0
{
  sed -n 's/^deadline = "\(.*\)"$/\1/p' "$ds/ledger.toml" | sort -u
  printf '%s\n' '2023年6月末前' '２０２３年６月底前' '2023年3月及7月底前' '2023年3月、7月底前' '2023年5月至9月' \
    '2023年5～9月' '长期' '2024年2月29日起'
} | while IFS= read -r d; do
  i=$((i + 1))
  printf '%s' "$d" > "$dir/deadline-$(printf %02d "$i")"
done

# Lines a..b of the planning document.
lines() { sed -n "$1,$2p" "$doc"; }
# The targets table (附件 1) and the first measure table (附件 2, one page).
targets_start=$(grep -n '^附件 1' "$doc" | cut -d: -f1)
ledger_start=$(grep -n '^附件 2' "$doc" | cut -d: -f1)
second_page=$(grep -n '^| 任务类别' "$doc" | sed -n 2p | cut -d: -f1)

# --- fuzz_markdown
dir=$(fresh fuzz_markdown)
cp "$doc" "$dir/plan-document.md"
lines "$targets_start" $((ledger_start - 1)) > "$dir/targets-table.md"
lines "$ledger_start" $((second_page - 1)) > "$dir/ledger-page.md"
printf '%s\n' 'Caption' '' '| a | b \| c | d |' '|:--|--:|---|' '|  x  | | y |' '| 1 | 2 | 3 | 4' 'text' '|' '||' > "$dir/escapes.md"

# --- fuzz_import_targets
dir=$(fresh fuzz_import_targets)
cp "$doc" "$dir/plan-document.md"
lines "$targets_start" $((ledger_start - 1)) > "$dir/targets-table.md"
lines "$targets_start" $((ledger_start - 1)) | sed 's/| 2\.6 | 2\.0 |/| 2.65 | 2.0 |/' > "$dir/targets-decimals.md"

# --- fuzz_import_ledger
dir=$(fresh fuzz_import_ledger)
cp "$doc" "$dir/plan-document.md"
lines "$ledger_start" $((second_page - 1)) > "$dir/ledger-page.md"
lines "$ledger_start" "$(wc -l < "$doc")" > "$dir/ledger-all.md"

# --- fuzz_targets_csv
dir=$(fresh fuzz_targets_csv)
cp "$ds/targets.csv" "$dir/targets.csv"
sed 's/$/\r/' "$ds/targets.csv" > "$dir/targets-crlf.csv"
head -n 20 "$ds/targets.csv" > "$dir/targets-truncated.csv"

# --- fuzz_observed_csv
dir=$(fresh fuzz_observed_csv)
cp "$root/scenarios/observed-2023-example.csv" "$dir/observed.csv"
sed 's/$/\r/' "$root/scenarios/observed-2023-example.csv" > "$dir/observed-crlf.csv"
head -n 20 "$root/scenarios/observed-2023-example.csv" > "$dir/observed-truncated.csv"

# --- fuzz_scenario: scenario.toml [#--- base.toml [#--- extra.toml]]; the
# dataset and an observations file by absolute path (@DATA@), extends
# through the fuzzed files.
dir=$(fresh fuzz_scenario)
scenario() {  # a bundled scenario, its dataset and observations absolute, and its parent "$2"
  sed -e 's|^dataset = "\.\./data/|dataset = "@DATA@/|' -e "s|^extends = \"plan-2023.toml\"|extends = \"$2\"|" \
    -e 's|^file = "\([^"/]*\.csv\)"|file = "@DATA@/../scenarios/\1"|' \
    "$root/scenarios/$1" | sed -e '$a\'  # ending in a newline, so that the separator line follows
}
for s in plan-2023 no-action-2023; do scenario "$s.toml" base.toml > "$dir/$s"; done
for s in slip-2023 ytd-2023 extra-2023; do
  { scenario "$s.toml" base.toml; printf '%s' "$sep"; scenario plan-2023.toml -; } > "$dir/$s"
done
{ scenario ytd-2023.toml base.toml; printf '%s' "$sep"; scenario slip-2023.toml extra.toml; printf '%s' "$sep"
  scenario plan-2023.toml -; } > "$dir/chain-of-three"
{ printf 'extends = "base.toml"\n'; scenario plan-2023.toml -; printf '%s' "$sep"; printf 'extends = "scenario.toml"\n'; } \
  > "$dir/extends-cycle"
scenario plan-2023.toml - | sed '/^year = /a standard = "gb3095-2026"' > "$dir/standard-2026"

# --- fuzz_dataset: a selector byte ('0'..'7': which file of the dataset the
# rest replaces; see fuzz/fuzz_dataset.cpp), then the file(s).
dir=$(fresh fuzz_dataset)
slot=0
for f in dataset.toml inventory.toml ledger.toml measures.toml meteorology.toml response.toml targets.csv; do
  { printf '%s' "$slot"; cat "$ds/$f"; } > "$dir/$slot-$f"
  slot=$((slot + 1))
done
{ printf 7; cat "$data/standards/gb3095-2012.toml"; } > "$dir/7-gb3095-2012.toml"
{ printf 7; cat "$data/standards/gb3095-2026.toml"; } > "$dir/7-gb3095-2026.toml"
{ printf 2; cat "$ds/ledger.toml"; printf '%s' "$sep"; cat "$ds/measures.toml"; } > "$dir/2-ledger-and-measures"
{ printf 0; sed 's/^standard = "gb3095-2012"/standard = "gb3095-2026"/' "$ds/dataset.toml"; } > "$dir/0-dataset-2026.toml"

# --- fuzz_part: a mode byte (0: the part file as it is; 1: without its
# checksum, which the harness recomputes), then the part.
dir=$(fresh fuzz_part)
parts=$(mktemp -d)
trap 'rm -rf "$parts"' EXIT
aqplan=${AQPLAN:-}
if [[ -z $aqplan ]]; then
  if [[ -x $root/build/src/aqplan ]]; then aqplan=$root/build/src/aqplan
  else cmake --build "$build" --target aqplan -j2 >&2 && aqplan=$build/src/aqplan; fi
fi
"$aqplan" run "$root/scenarios/plan-2023.toml" --samples 50 --part 1/2 --part-file "$parts/real.aqpart" --threads 1 >&2
"$build/fuzz/make_part_seed" "$parts/seeds" "$parts/real.aqpart"
for f in "$parts"/seeds/*.aqpart; do
  name=$(basename "$f" .aqpart)
  { printf '\0'; cat "$f"; } > "$dir/raw-$name"
  { printf '\1'; head -c -8 "$f"; } > "$dir/fixed-$name"
done

echo "make-fuzz-corpus: $(find "$out" -type f | wc -l) files, $(du -sh "$out" | cut -f1) in $out"
