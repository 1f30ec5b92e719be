#!/usr/bin/env bash
# Installs aqplan's build dependencies from Debian packages. Idempotent: packages
# already installed are skipped, and apt is not touched when nothing is missing.
set -euo pipefail
packages=(
  cmake g++ clang libclang-rt-14-dev ninja-build pkg-config clang-tidy
  libboost-graph-dev libeigen3-dev libtbb-dev libcli11-dev libtomlplusplus-dev
  libfmt-dev nlohmann-json3-dev librandom123-dev libgtest-dev libgmock-dev libbenchmark-dev
  dpkg-dev # dpkg-shlibdeps: the Depends of the .deb made by cpack (docs/install.md)
  # The report's browser test and screenshots (tests/report/browser_test.py,
  # scripts/report-screenshots.sh): headless Chromium, pdfinfo/pdftotext, and
  # a Chinese font for the page's text.
  python3 chromium poppler-utils fonts-wqy-microhei
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
