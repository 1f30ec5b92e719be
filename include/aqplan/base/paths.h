// aqplan/base/paths.h — where aqplan finds its bundled data, and its version.
#pragma once

#include <string>

namespace aqplan {

// The bundled data directory: $AQPLAN_DATA_DIR when set, else the data/
// directory of the source tree aqplan was built from.
std::string default_data_dir();

// "0.1.0".
const char* version();

}  // namespace aqplan
