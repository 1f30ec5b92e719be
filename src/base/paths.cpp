#include "aqplan/base/paths.h"

#include <cstdlib>

namespace aqplan {

std::string default_data_dir() {
  if (const char* env = std::getenv("AQPLAN_DATA_DIR"); env && *env) return env;
  return AQPLAN_DEFAULT_DATA_DIR;
}

const char* version() { return AQPLAN_VERSION; }

}  // namespace aqplan
