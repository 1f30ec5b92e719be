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
//   [observed.pm25]  1 = 56, 2 = 69           # months of the target year already measured
//   [growth]     steel = { dist = "normal", mean = 0.02, sd = 0.01 }
//   [regional]   trend = { pm25 = -0.05 }     # change of the non-local part, per metric
//   [meteorology] scale = 1.0                 # 0 switches year-to-year weather off
//
// With `extends`, the parent is read first and the child's settings win:
// [scenario], [montecarlo], [meteorology] key by key; [measures] as a whole;
// [[override]]s of the same measure key by key; [[measure]]s with the same id
// replaced; [observed], [growth] and [regional] entry by entry. Relative
// paths resolve against the file that names them.
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

#include "aqplan/model/model.h"

namespace aqplan {

struct Scenario {
  std::string file;                // path as given
  std::vector<std::string> chain;  // this file, then its parent, grandparent, …
  std::string name;
  std::string description;
  std::string dataset_dir;  // resolved against the file that names it
  int year = 0;
  std::optional<std::string> standard;
  std::optional<std::uint64_t> samples;
  std::optional<std::uint64_t> seed;
  double weather_scale = 1.0;  // [meteorology] scale
  // The dataset, ledger, targets and standard with every change of the
  // scenario applied: what Model::build takes.
  ModelInputs inputs;
};

// Reads a scenario file and every file it extends, loads its dataset, and
// applies the changes. Throws InputError carrying every problem of every
// file (`file:line:col: key.path: message`, with "did you mean" for
// near-miss names); nothing is half-applied.
Scenario load_scenario(const std::string& path);

// Loads the dataset directory with its targets, ledger and standard
// (`standard` overrides the dataset's choice when given): the plan as
// written.
ModelInputs load_dataset_inputs(const std::string& dataset_dir, const std::optional<std::string>& standard = {});

// The standard file load_dataset_inputs reads for `dataset`: `standard`
// (else the dataset's choice) under the dataset's standards directory.
std::string standard_file(const Dataset& dataset, const std::optional<std::string>& standard = {});

// The inputs a scenario describes (a copy of scenario.inputs).
ModelInputs load_model_inputs(const Scenario& scenario);

}  // namespace aqplan
