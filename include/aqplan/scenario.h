// aqplan/scenario.h — a planner's scenario file (TOML) and what it resolves
// to: the dataset, ledger, targets and standard a model is built from.
//
// This is the `[scenario]` and `[montecarlo]` part of the format; the full
// format (extends, measure overrides, extra measures, observed months,
// growth, regional trend, meteorology) is documented in docs/scenarios.md.
//
//   [scenario]
//   name = "Plan 2023"
//   description = "..."             # optional
//   dataset = "../data/zezhou-2023"  # relative to this file
//   year = 2023                      # target year; must match the dataset
//   standard = "gb3095-2012"         # optional; default: the dataset's
//   [measures]                       # optional; one of:
//   exclude = [44]                   #   every ledger measure but these
//   include = [2, 4, 9]              #   only these ([] = no measures at all)
//   [montecarlo]                     # optional
//   samples = 100000
//   seed = 20230301
//
// Units: years are calendar years; samples a count; seed any 64-bit integer.
// Thread safety: plain values; loading functions are reentrant.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "aqplan/model.h"

namespace aqplan {

struct Scenario {
  std::string file;  // path as given
  std::string name;
  std::string description;
  std::string dataset_dir;  // resolved against the scenario file's directory
  int year = 0;
  std::optional<std::string> standard;
  std::optional<std::vector<int>> include;  // [measures] include
  std::vector<int> exclude;                 // [measures] exclude
  std::optional<std::uint64_t> samples;
  std::optional<std::uint64_t> seed;
};

// Parses and validates a scenario file; throws InputError with every problem.
Scenario load_scenario(const std::string& path);

// Loads the dataset directory with its targets, ledger and standard
// (`standard` overrides the dataset's choice when given).
ModelInputs load_dataset_inputs(const std::string& dataset_dir, const std::optional<std::string>& standard = {});

// The inputs a scenario describes; checks the scenario's year against the dataset.
ModelInputs load_model_inputs(const Scenario& scenario);

}  // namespace aqplan
