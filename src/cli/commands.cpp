#include "cli/cli.h"

namespace aqplan::cli {

const std::vector<Command>& commands() {
  static const std::vector<Command> table = {
      {"import-targets", "Read the monthly targets table of a planning document into CSV", setup_import_targets},
      {"import-ledger", "Read the measure ledger of a planning document into TOML", setup_import_ledger},
  };
  return table;
}

}  // namespace aqplan::cli
