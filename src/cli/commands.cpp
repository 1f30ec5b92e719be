#include "cli/cli.h"

namespace aqplan::cli {

const std::vector<Command>& commands() {
  static const std::vector<Command> table = {
      {"run", "Project a scenario's monthly and annual concentrations and check them against the targets", setup_run},
      {"merge", "Join the parts of one run made by 'run --part' in separate processes into its results", setup_merge},
      {"compare", "Run several scenarios with common random numbers and compare them side by side", setup_compare},
      {"rank", "Which measures matter: the change when each is removed or slips three months, per lead unit", setup_rank},
      {"gap", "What more must be cut, of what, to meet a target with a given confidence", setup_gap},
      {"explain", "Why a month (or the year) is at risk: what makes the projection, what is left to act on, what would move it",
       setup_explain},
      {"schedule", "Show when each measure takes effect, its slack and the critical path", setup_schedule},
      {"validate", "Check scenario files and datasets without running them", setup_validate},
      {"import-targets", "Read the monthly targets table of a planning document into CSV", setup_import_targets},
      {"import-ledger", "Read the measure ledger of a planning document into TOML", setup_import_ledger},
  };
  return table;
}

}  // namespace aqplan::cli
