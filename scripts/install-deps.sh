#!/usr/bin/env bash
# Installs aqplan's build dependencies from Debian packages. Idempotent: packages
# already installed are skipped, and apt is not touched when nothing is missing.
set -euo pipefail
packages=(
  cmake g++ clang libclang-rt-14-dev ninja-build pkg-config clang-tidy
  libboost-graph-dev libeigen3-dev libtbb-dev libcli11-dev libtomlplusplus-dev
  libfmt-dev nlohmann-json3-dev librandom123-dev libgtest-dev libgmock-dev libbenchmark-dev
  libxlsxwriter-dev # the report's Excel workbook (views/report_view.h)
  python3-openpyxl # the workbook test reads the .xlsx back (tests/report/check_workbook.py)
  dpkg-dev # dpkg-shlibdeps: the Depends of the .deb made by cpack (docs/install.md)
)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  echo "install-deps: all ${#packages[@]} packages present"
  exit 0
fi
echo "install-deps: installing ${missing[*]}"
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
