#!/usr/bin/env bash
# Regenerates the imported dataset files from the bundled planning document:
#   data/zezhou-2023/targets.csv  (附件 1, monthly targets)
#   data/zezhou-2023/ledger.toml  (附件 2, the 44-measure ledger)
# Usage: scripts/import-seed.sh [path/to/aqplan]   (default: build/src/aqplan)
# Review the diff (git diff data/) before committing the result.
set -euo pipefail
cd "$(dirname "$0")/.."
aqplan=${1:-build/src/aqplan}
doc=data/zezhou-2023/plan-document.md
"$aqplan" import-targets "$doc" -o data/zezhou-2023/targets.csv
"$aqplan" import-ledger "$doc" -o data/zezhou-2023/ledger.toml
echo "imported $doc -> data/zezhou-2023/targets.csv, data/zezhou-2023/ledger.toml"
