#!/usr/bin/env bash
# Installs aqplan's build dependencies: Debian packages, then the charting
# library of the HTML report (browser-only code) with npm from the committed
# lockfile web/package-lock.json. Idempotent: packages already installed are
# skipped, apt is not touched when nothing is missing, and npm only runs when
# web/node_modules does not hold the locked version.
set -euo pipefail
cd "$(dirname "$0")/.."
packages=(
  cmake g++ clang libclang-rt-14-dev ninja-build pkg-config clang-tidy
  libboost-graph-dev libeigen3-dev libtbb-dev libcli11-dev libtomlplusplus-dev
  libfmt-dev nlohmann-json3-dev librandom123-dev libgtest-dev libgmock-dev libbenchmark-dev
  libxlsxwriter-dev # the report's Excel workbook (views/report_view.h)
  python3-openpyxl # the workbook test reads the .xlsx back (tests/report/check_workbook.py)
  dpkg-dev # dpkg-shlibdeps: the Depends of the .deb made by cpack (docs/install.md)
  # The report's browser test and screenshots (tests/report/browser_test.py,
  # scripts/report-screenshots.sh): headless Chromium, pdfinfo/pdftotext, and
  # a Chinese font for the page's text.
  python3 chromium poppler-utils fonts-wqy-microhei
  # Node.js runs npm (below), which installs ECharts for the report.
  nodejs
)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
# npm: Debian's package, unless one came with Node.js (NodeSource's nodejs
# ships npm and conflicts with Debian's).
command -v npm >/dev/null || missing+=(npm)
if [ ${#missing[@]} -eq 0 ]; then
  echo "install-deps: all ${#packages[@]} packages present"
else
  echo "install-deps: installing ${missing[*]}"
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

# ECharts, exactly as locked (version and integrity hash): `npm ci`.
wanted=$(node -p "require('./web/package-lock.json').packages['node_modules/echarts'].version")
have=$(node -p "try { require('./web/node_modules/echarts/package.json').version } catch (e) { '' }")
if [ "$wanted" = "$have" ]; then
  echo "install-deps: web/node_modules holds echarts $have"
else
  echo "install-deps: npm ci in web/ (echarts $wanted)"
  (cd web && npm ci --no-audit --no-fund)
fi
