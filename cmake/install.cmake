# What `cmake --install` puts under the prefix, and the .deb that `cpack -G DEB`
# makes of it (docs/install.md). Only the program and what it reads are
# installed — not the tests, benchmarks or fuzzing harnesses:
#   bin/aqplan
#   share/aqplan/data/       limits.toml, domain.toml, lead-units.toml, standards/, zezhou-2023/
#   share/aqplan/scenarios/  the bundled scenarios (their "../data/zezhou-2023" resolves beside them)
#   share/doc/aqplan/        README.md and docs/
# The program finds share/aqplan/data from its own location (aqplan/base/paths.h),
# so the installed tree can be moved as a whole; AQPLAN_DATA_DIR overrides it.
# GNUInstallDirs is included by the top-level CMakeLists.txt (src/ needs it too).

install(TARGETS aqplan RUNTIME DESTINATION "${CMAKE_INSTALL_BINDIR}")
install(DIRECTORY "${PROJECT_SOURCE_DIR}/data/" DESTINATION "${AQPLAN_INSTALL_DATADIR}/data")
install(DIRECTORY "${PROJECT_SOURCE_DIR}/scenarios/" DESTINATION "${AQPLAN_INSTALL_DATADIR}/scenarios")
install(FILES "${PROJECT_SOURCE_DIR}/README.md" DESTINATION "${CMAKE_INSTALL_DOCDIR}")
install(DIRECTORY "${PROJECT_SOURCE_DIR}/docs/" DESTINATION "${CMAKE_INSTALL_DOCDIR}/docs")

# The Debian package: `cpack -G DEB` in the build directory writes
# aqplan_<version>_<arch>.deb, installed with `apt install ./aqplan_*.deb`.
set(AQPLAN_PACKAGE_MAINTAINER "aqplan maintainers <maintainers@users.noreply.r-seed-73a61562.example>"
    CACHE STRING "Maintainer field of the .deb made by cpack")
set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME aqplan)
set(CPACK_PACKAGE_VERSION "${PROJECT_VERSION}")
set(CPACK_PACKAGE_CONTACT "${AQPLAN_PACKAGE_MAINTAINER}")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "${PROJECT_DESCRIPTION}")
string(CONCAT CPACK_PACKAGE_DESCRIPTION
    "aqplan reads a county's monthly air-quality targets and its ledger of\n"
    "control measures and projects, by Monte Carlo, the probability of meeting\n"
    "each month's and the year's target; it ranks the measures, shows the effect\n"
    "of a slip and the extra cut needed. The bundled case is the 2023 plan of\n"
    "Zezhou County, Shanxi.")
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_STRIP_FILES ON)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)  # aqplan_0.1.0_amd64.deb
set(CPACK_DEBIAN_PACKAGE_MAINTAINER "${AQPLAN_PACKAGE_MAINTAINER}")
set(CPACK_DEBIAN_PACKAGE_SECTION science)
# Depends: from the binary's shared libraries when dpkg-shlibdeps (dpkg-dev) is
# there; else written out as dpkg-shlibdeps gives it on Debian 12, the platform
# scripts/install-deps.sh targets.
find_program(AQPLAN_DPKG_SHLIBDEPS dpkg-shlibdeps)
if(AQPLAN_DPKG_SHLIBDEPS)
  set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
else()
  set(CPACK_DEBIAN_PACKAGE_DEPENDS
      "libc6 (>= 2.34), libfmt9 (>= 9.1.0+ds1), libgcc-s1 (>= 7), libstdc++6 (>= 11), libtbb12 (>= 2021.4.0), libtomlplusplus3 (>= 3.2.0)")
endif()
include(CPack)
