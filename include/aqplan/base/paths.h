// aqplan/base/paths.h — where aqplan finds its bundled data, and its version.
#pragma once

#include <string>

#include "aqplan/base/message.h"

namespace aqplan {

// The data directory, whose limits.toml, domain.toml and lead-units.toml
// aqplan reads (a dataset is found from its scenario file instead: `dataset`
// is relative to the scenario, `files.standards` to the dataset). The first of:
//   1. $AQPLAN_DATA_DIR when set and not empty — an explicit override always
//      wins, even over an installed copy;
//   2. ../share/aqplan/data from the directory of the running executable
//      (read from /proc/self/exe; skipped without /proc) when that directory
//      exists — the installed layout (`cmake --install`, the .deb), wherever
//      the prefix is, and wherever the installed tree is moved;
//   3. the data/ directory of the source tree aqplan was built from, so that
//      build/src/aqplan and the tests run from the build tree. When neither 2
//      nor 3 exists this is still the answer, and reading limits.toml fails
//      with an error naming it.
// Steps 2 and 3 are resolved once per process; step 1 is read on every call.
std::string default_data_dir();

// The rule above in a sentence, for help texts: "$AQPLAN_DATA_DIR if set, else …",
// in either language (base/message.h).
Text data_dir_rule_text();

// "0.1.0".
const char* version();

}  // namespace aqplan
