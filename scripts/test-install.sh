#!/usr/bin/env bash
# Tests the installed program (docs/install.md): that it needs nothing of the
# source tree it was built from.
#
#   scripts/test-install.sh BUILD_DIR [--deb-install]
#
# 1. `cmake --install BUILD_DIR` into a temporary prefix: the installed data
#    is preferred to the source tree's (an error about limits.toml names the
#    installed copy) and $AQPLAN_DATA_DIR still overrides both.
# 2. A copy of the source tree (git's tracked and unignored files) is
#    configured with the program only, built, installed and packaged with
#    `cpack -G DEB`; then the copy is moved away, so that the data path
#    compiled into that program no longer exists, and the installed program
#    is run from an unrelated directory: --version, validate of every bundled
#    scenario and the dataset, a Monte Carlo run, import-ledger with its
#    default lead units, every command's --help (no source path in it), the
#    deterministic JSON (byte for byte BUILD_DIR's), and the limits.toml
#    error (naming the installed data); the prefix moved elsewhere still works.
# 3. The .deb: its name, its contents (dpkg-deb -c), its Depends (and that
#    `apt-get install --simulate` can satisfy them), and the program unpacked
#    from it (dpkg-deb -x) passing the checks of 2.
#    With --deb-install (root only; CI), also `apt-get install ./aqplan_*.deb`,
#    the checks on /usr/bin/aqplan, and `apt-get remove aqplan`.
#
# Exits non-zero with "test-install: FAIL: …" on the first failure; removes
# its temporary directory (under $TMPDIR, default /tmp) either way. Builds
# with $JOBS jobs (default 2).
set -eEuo pipefail  # -E: the ERR trap below also fires in functions

fail() {
  echo "test-install: FAIL: $*" >&2
  exit 1
}
trap 'fail "line $LINENO: $BASH_COMMAND (exit $?)"' ERR

[[ $# -ge 1 && $# -le 2 ]] || fail "usage: scripts/test-install.sh BUILD_DIR [--deb-install]"
[[ $# -lt 2 || $2 == --deb-install ]] || fail "unknown option '$2' (usage: scripts/test-install.sh BUILD_DIR [--deb-install])"
deb_install=$([[ ${2:-} == --deb-install ]] && echo 1 || echo 0)
src=$(cd "$(dirname "$0")/.." && pwd)
build=$(cd "$1" && pwd) || fail "no build directory '$1'"
[[ -f $build/CMakeCache.txt && -x $build/src/aqplan ]] ||
  fail "$build is not a build directory with src/aqplan built (cmake --build $1 --target aqplan)"
command -v git >/dev/null || fail "git is needed to copy the source tree"
if ((deb_install)); then
  [[ $(id -u) -eq 0 ]] || fail "--deb-install installs the package system-wide: run it as root"
  ! dpkg -s aqplan >/dev/null 2>&1 || fail "--deb-install: a package aqplan is installed already; remove it first"
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/aqplan-test-install.XXXXXX")
cleanup() { rm -rf "$tmp"; }
trap cleanup EXIT
scratch=$tmp/elsewhere  # the working directory of the installed program: not the source tree
mkdir "$scratch"
cd "$scratch"
unset AQPLAN_DATA_DIR

reference=$tmp/reference.json
"$build/src/aqplan" run "$src/scenarios/plan-2023.toml" --deterministic --format json >"$reference"
version=$("$build/src/aqplan" --version)
cache_value() { sed -n "s/^$1:[A-Z]*=//p" "$build/CMakeCache.txt"; }

# The limits.toml error of `run --samples 0` names the data directory in use.
expect_data_dir() {  # AQPLAN EXPECTED_DIR
  local err
  err=$("$1" run "$(dirname "$1")/../share/aqplan/scenarios/plan-2023.toml" --samples 0 2>&1 >/dev/null) && fail "$1: run --samples 0 succeeded"
  [[ $err == *"max_samples in $2/limits.toml;"* ]] || fail "$1: expected the data directory $2 in: $err"
}

echo "== 1. cmake --install $build =="
cmake --install "$build" --prefix "$tmp/prefix-build" >/dev/null
expect_data_dir "$tmp/prefix-build/bin/aqplan" "$tmp/prefix-build/share/aqplan/data"
err=$(AQPLAN_DATA_DIR=$tmp/nowhere "$tmp/prefix-build/bin/aqplan" validate "$src/scenarios/plan-2023.toml" 2>&1) &&
  fail "AQPLAN_DATA_DIR=$tmp/nowhere: validate succeeded"
[[ $err == "$tmp/nowhere/limits.toml: cannot read"* ]] || fail "AQPLAN_DATA_DIR does not override the installed data: $err"
echo "ok: the installed data is used, and AQPLAN_DATA_DIR overrides it"

echo "== 2. a copy of the source tree: build the program, install, package, then move the copy away =="
copy=$tmp/src
mkdir "$copy"
# Tracked and new files as they are in the work tree (not build directories, not .git).
(cd "$src" && git ls-files -z --cached --others --exclude-standard |
  while IFS= read -r -d '' f; do if [[ -e $f ]]; then printf '%s\0' "$f"; fi; done | xargs -0 cp --parents -t "$copy") ||
  fail "could not copy the source tree (git ls-files in $src)"
# And what scripts/install-deps.sh put there: ECharts, which the build embeds in the report.
cp -r "$src/web/node_modules" "$copy/web/" || fail "could not copy web/node_modules (run scripts/install-deps.sh)"
cmake -S "$copy" -B "$tmp/build" -G Ninja -DCMAKE_BUILD_TYPE="$(cache_value CMAKE_BUILD_TYPE)" \
  -DCMAKE_CXX_COMPILER="$(cache_value CMAKE_CXX_COMPILER)" -DAQPLAN_TESTS=OFF -DAQPLAN_BENCH=OFF >"$tmp/configure.log" ||
  fail "configuring the copy (log: $tmp/configure.log, removed on exit)"
start=$(date +%s)
cmake --build "$tmp/build" -j "${JOBS:-2}" --target aqplan >"$tmp/build.log" || { tail -30 "$tmp/build.log" >&2; fail "building the copy"; }
echo "built the program in $(($(date +%s) - start)) s"
prefix=$tmp/prefix
cmake --install "$tmp/build" --prefix "$prefix" >/dev/null
(cd "$tmp/build" && cpack -G DEB >"$tmp/cpack.log" 2>&1) || { cat "$tmp/cpack.log" >&2; fail "cpack -G DEB"; }
mv "$copy" "$tmp/src-moved-away"
[[ ! -e $copy/data ]]

check_installed() {  # AQPLAN SHARE: every check of the program installed at AQPLAN, data under SHARE
  local aqplan=$1 share=$2 c out
  [[ $("$aqplan" --version) == "$version" ]] || fail "$aqplan --version: '$("$aqplan" --version)', expected '$version'"
  "$aqplan" validate "$share"/scenarios/*.toml "$share/data/zezhou-2023" >/dev/null
  "$aqplan" run "$share/scenarios/plan-2023.toml" --samples 2000 >/dev/null
  cmp -s <("$aqplan" run "$share/scenarios/plan-2023.toml" --deterministic --format json) "$reference" ||
    fail "$aqplan: run --deterministic --format json differs from $build/src/aqplan's"
  (cd "$share" && "$aqplan" import-ledger data/zezhou-2023/plan-document.md -o - 2>/dev/null) |
    cmp -s - "$share/data/zezhou-2023/ledger.toml" ||
    fail "$aqplan: import-ledger with the default lead units does not reproduce the installed ledger.toml"
  for c in "" $("$aqplan" --help | sed -n '/^Subcommands:/,/^$/s/^  \([a-z-]*\) .*/\1/p'); do
    out=$("$aqplan" ${c:+"$c"} --help)
    [[ $out != *"$copy"* && $out != *"$src"* ]] || fail "'aqplan $c --help' shows a source path: $out"
  done
  [[ $("$aqplan" import-ledger --help) == *"--lead-units TEXT=DATA/lead-units.toml"* ]] ||
    fail "import-ledger --help does not show the default DATA/lead-units.toml"
  expect_data_dir "$aqplan" "$share/data"
}

check_installed "$prefix/bin/aqplan" "$prefix/share/aqplan"
echo "ok: the installed program runs without its source tree"
mv "$prefix" "$tmp/prefix-moved"
check_installed "$tmp/prefix-moved/bin/aqplan" "$tmp/prefix-moved/share/aqplan"
echo "ok: and from wherever the installed tree is moved"

echo "== 3. the .deb =="
arch=$(dpkg --print-architecture)
number=${version#aqplan } && number=${number%% *}  # --version: "aqplan 0.1.0 (per-sample kernels: …)"
deb=$tmp/build/aqplan_${number}_$arch.deb
[[ -f $deb ]] || fail "cpack made no $(basename "$deb"): $(ls "$tmp/build"/*.deb 2>/dev/null)"
echo "$(basename "$deb"): $(stat -c %s "$deb") bytes; Depends: $(dpkg-deb -f "$deb" Depends)"
listing=$(dpkg-deb -c "$deb")
for f in usr/bin/aqplan usr/share/aqplan/data/limits.toml usr/share/aqplan/data/domain.toml \
  usr/share/aqplan/data/lead-units.toml usr/share/aqplan/data/standards/gb3095-2012.toml \
  usr/share/aqplan/data/standards/hj633-2012.toml usr/share/aqplan/data/standards/hj633-2026.toml \
  usr/share/aqplan/data/zezhou-2023/dataset.toml usr/share/aqplan/scenarios/plan-2023.toml usr/share/doc/aqplan/README.md; do
  grep -q " \./$f\$" <<<"$listing" || fail "$(basename "$deb") lacks /$f"
done
! grep -Eq 'aqplan_(tests|bench)|fuzz' <<<"$listing" || fail "$(basename "$deb") holds tests, benchmarks or fuzzers"
[[ $(dpkg-deb -f "$deb" Depends) == *libc6* ]] || fail "$(basename "$deb") has no Depends on the shared libraries"
if command -v apt-get >/dev/null; then  # what `apt install ./aqplan_*.deb` would do here, without doing it
  cp "$deb" "$tmp/simulate.deb"
  apt-get install --simulate "$tmp/simulate.deb" >"$tmp/apt.log" 2>&1 || { cat "$tmp/apt.log" >&2; fail "apt-get install --simulate $(basename "$deb")"; }
  grep -q "^Inst aqplan " "$tmp/apt.log" || { cat "$tmp/apt.log" >&2; fail "apt-get install --simulate would not install aqplan"; }
fi
dpkg-deb -x "$deb" "$tmp/deb-root"
check_installed "$tmp/deb-root/usr/bin/aqplan" "$tmp/deb-root/usr/share/aqplan"
echo "ok: the program unpacked from the .deb runs"

if ((deb_install)); then
  cp "$deb" "$tmp/install.deb" && chmod a+r "$tmp/install.deb"
  apt-get install -y "$tmp/install.deb" >/dev/null
  trap 'apt-get remove -y aqplan >/dev/null; cleanup' EXIT
  [[ $(command -v aqplan) == /usr/bin/aqplan ]] || fail "apt-get install put no aqplan on PATH"
  check_installed /usr/bin/aqplan /usr/share/aqplan
  echo "ok: apt-get install ./$(basename "$deb"), then /usr/bin/aqplan"
fi
echo "test-install: all checks passed"
