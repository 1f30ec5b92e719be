#include "cli/cli.h"

namespace aqplan::cli {

const std::vector<Command>& commands() {
  static const std::vector<Command> table = {
      {"run", msg::cli_cmd_run, setup_run},
      {"merge", msg::cli_cmd_merge, setup_merge},
      {"compare", msg::cli_cmd_compare, setup_compare},
      {"rank", msg::cli_cmd_rank, setup_rank},
      {"gap", msg::cli_cmd_gap, setup_gap},
      {"explain", msg::cli_cmd_explain, setup_explain},
      {"report", msg::cli_cmd_report, setup_report},
      {"schedule", msg::cli_cmd_schedule, setup_schedule},
      {"validate", msg::cli_cmd_validate, setup_validate},
      {"import-targets", msg::cli_cmd_import_targets, setup_import_targets},
      {"import-ledger", msg::cli_cmd_import_ledger, setup_import_ledger},
      {"import-observations", msg::cli_cmd_import_observations, setup_import_observations},
  };
  return table;
}

}  // namespace aqplan::cli
