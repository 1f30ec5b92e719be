// aqplan/data/scenario.h — a planner's scenario file (TOML), resolved into the
// inputs of a model run.
//
// A scenario names a dataset and the target year, and changes the plan:
// which measures are in, how late or how large they are, extra measures,
// months already observed, activity growth, the regional trend and the
// weather's spread. docs/scenarios.md documents every key; in short:
//
//   extends = "plan-2023.toml"        # optional; relative to this file; chains allowed
//   [scenario]   name, description, dataset (relative to this file), year, standard
//   [montecarlo] samples, seed
//   [measures]   exclude = [44]  or  include = [2, 4, 9]   (not both)
//   [[override]] measure = 9, delay = {...}, scale = 0.8, probability = 0.9,
//                enabled = false, deadline = "2023年9月底前", depends_on = [...], lag_months = 1
//   [[measure]]  an extra measure: id, title, deadline, lead_units, depends_on,
//                and the keys of data/…/measures.toml ([[measure.effect]], delay, …)
//   [observed]   file = "observed-2023.csv"   # months of the target year already measured
//                                           # (data/observed_file.h; relative to this file)
//   [observed.pm25]  1 = 56, 2 = 69           # …or given here; a month in both is an error
//   [growth]     steel = { dist = "normal", mean = 0.02, sd = 0.01 }
//   [regional]   trend = { pm25 = -0.05 }     # change of the non-local part, per metric
//   [meteorology] scale = 1.0                 # 0 switches year-to-year weather off
//   [report]     risk_below = 0.8           # P(meet) below this: at risk; gap's default confidence
//
// With `extends`, the parent is read first and the child's settings win
// (the one merge, src/data/scenario.cpp):
//   [scenario], [montecarlo], [meteorology], [report]   key by key
//   [measures]                                as a whole
//   [[override]] of the same measure          key by key
//   [[measure]] with the same id              replaced
//   [observed], [growth], [regional]          entry by entry
//   [observed] file                           replaced: none of the parent
//                                             file's months stays
// Relative paths resolve against the file that names them.
//
// ScenarioOptions change what the files say, as the command line asks:
// `aqplan run --observed FILE` replaces every observed month of the chain
// (from files and inline) with the months of FILE.
//
// Loading reads and merges the files and applies the changes to the
// dataset; it checks everything a scenario says (keys, values, the measure
// ids it names). The joins of the result with the rest of the dataset are
// checked by data/validate.h, and what only the schedule or the compiled
// model can tell (dependency cycles) by Model::check.
//
// Units: delays and lags in months; scale and probability dimensionless;
// observed concentrations in the metric's unit (co mg/m³, else µg/m³);
// growth and regional trend relative changes (0.02 = +2 %).
// Thread safety: plain values; load_scenario is reentrant.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "aqplan/data/model_inputs.h"

namespace aqplan {

struct Scenario {
  std::string file;                // path as given
  std::vector<std::string> chain;  // this file, then its parent, grandparent, …
  std::string name;
  std::string name_zh;  // the name in Chinese tables; empty: `name`
  std::string description;
  std::string dataset_dir;  // resolved against the file that names it
  int year = 0;
  std::optional<std::string> standard;
  std::optional<std::uint64_t> samples;
  std::optional<std::uint64_t> seed;
  double weather_scale = 1.0;  // [meteorology] scale
  // The observations file whose months are in inputs.observed (resolved
  // against the file that names it, or as ScenarioOptions gives it); empty
  // when the months, if any, are all given inline.
  std::string observed_file;
  // The dataset, ledger, targets and standard with every change of the
  // scenario applied: what Model::build takes.
  ModelInputs inputs;
};

// What a caller changes in a scenario as its files say it.
struct ScenarioOptions {
  // An observations file (data/observed_file.h) whose months replace every
  // observed month the scenario states; empty: the scenario's own.
  std::string observed_file;
};

// Reads a scenario file and every file it extends, loads its dataset, and
// applies the changes. Throws InputError carrying every problem of every
// file (`file:line:col: key.path: message`, with "did you mean" for
// near-miss names); nothing is half-applied.
Scenario load_scenario(const std::string& path, const ScenarioOptions& options = {});

// load_scenario without the throw, for checks that go on: the scenario as
// far as it could be read, and every problem found. `inputs_complete` when
// the dataset was loaded and the changes applied (an entry with an error
// left out), so that the later checks (data/validate.h, Model::check) can
// run on the inputs and report their problems together with these
// (model/check.h load_checked_scenario).
struct ScenarioRead {
  Scenario scenario;
  Diagnostics diagnostics;
  bool inputs_complete = false;
};
ScenarioRead read_scenario(const std::string& path, const ScenarioOptions& options = {});

// The inputs of a scenario file, or of a dataset directory taken as the
// plan as written.
ModelInputs load_inputs(const std::string& scenario_or_dataset);

}  // namespace aqplan
