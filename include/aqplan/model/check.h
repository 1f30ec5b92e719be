// aqplan/model/check.h — `aqplan validate`: a scenario file or a dataset
// (its directory, or one of its files) checked without running it, every
// problem at its place: each file on its own (the loaders), the joins of
// the files (data/validate.h), and what the schedule and the compile step
// tell (Model::check: dependency cycles, the daily-dispersion calibration).
//
// Thread safety: reentrant.
#pragma once

#include <string>
#include <vector>

#include "aqplan/base/diagnostic.h"
#include "aqplan/data/scenario.h"

namespace aqplan {

struct InputCheck {
  enum class Kind { scenario, dataset };
  Kind kind = Kind::scenario;
  std::string name;     // the scenario's name, or the dataset's directory
  std::string name_zh;  // the scenario's Chinese name, if it gives one
  Diagnostics diagnostics;

  bool ok() const { return !diagnostics.has_errors(); }
};

InputCheck check_input(const std::string& path);

// A scenario file read and checked in one pass, as every command that runs
// one needs it: the problems of its files (data/scenario.h read_scenario)
// and, when the inputs could be assembled, those of the joins and the
// schedule (Model::check), all in one InputError. `options` as
// data/scenario.h load_scenario.
Scenario load_checked_scenario(const std::string& path, const ScenarioOptions& options = {});
// Several scenario files, each checked so (each with `options`): one
// InputError with every problem of every file, or all of them in order.
std::vector<Scenario> load_checked_scenarios(const std::vector<std::string>& paths,
                                             const ScenarioOptions& options = {});
// The same for a scenario file or a dataset directory, as its inputs.
ModelInputs load_checked_inputs(const std::string& scenario_or_dataset);

}  // namespace aqplan
