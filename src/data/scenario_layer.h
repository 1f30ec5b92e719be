// Internal to the scenario loader (data/scenario*.cpp): what one scenario
// file says, table by table, before the files of an `extends` chain are
// merged (merge_settings, merge_changes) and applied to the dataset
// (apply_changes).
//
// Phase 1 tables ([scenario], [montecarlo], [measures], [meteorology]) are
// read first: they name the dataset. Phase 2 tables ([[override]],
// [[measure]], [observed], [growth], [regional]) need the dataset's sectors,
// ledger and delay classes to be read.
//
// Every value keeps where it was written (SourceRef), so that the checks
// made after the merge point at the file and line that said it.
#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <toml++/toml.h>

#include "aqplan/data/model_inputs.h"
#include "data/dataset_parts.h"
#include "data/toml_reader.h"

namespace aqplan::detail {

// One file of an extends chain, parsed.
struct Layer {
  std::string file;
  std::filesystem::path dir;
  toml::table root;
};

template <class T>
struct Sourced {
  T value;
  SourceRef at;
};
using IdList = std::vector<Sourced<int>>;

// [measures]: include or exclude, each id with where it was listed.
struct Selection {
  std::optional<IdList> include, exclude;
};

// Phase 1, of one file or (after merging) of the chain.
struct Settings {
  std::optional<std::string> name, name_zh, description;
  std::optional<Sourced<std::string>> standard;
  std::optional<Sourced<std::string>> dataset;  // resolved against the file that names it
  std::optional<Sourced<int>> year;
  std::optional<std::uint64_t> samples, seed;
  std::optional<double> weather_scale;
  std::optional<BaseYearWeather> base_year;  // [meteorology] base_year
  BaseAnomaly base_anomaly{};                // [meteorology.base_anomaly], the months given
  std::optional<Selection> selection;
  std::optional<double> risk_below;  // [report]
  DayTargets day_targets;            // [targets.days]
};

// One [[override]]: the settings it changes.
struct Override {
  int measure = 0;
  SourceRef at;  // its `measure` key
  std::optional<DelayDistribution> delay;
  std::optional<Sourced<double>> scale;
  std::optional<double> probability;
  std::optional<bool> enabled;
  std::optional<Deadline> deadline;
  std::optional<Sourced<IdList>> depends_on;  // at: the depends_on key's value
  std::optional<double> lag_months;
};

// A month of [observed]: its value, where it was written, and whether it
// came from the observations file that `[observed] file` names.
struct ObservedMonth {
  double value = 0;
  SourceRef at;
  bool from_file = false;
};

// One extra [[measure]]: its data and its ledger row.
struct Extra {
  MeasureParams params;
  Measure row;
  std::vector<std::pair<Sourced<int>, std::string>> deps;  // each dependency with its key path
};

// Phase 2, of one file or (after merging) of the chain.
struct Changes {
  std::map<int, Override> overrides;  // by measure id
  std::map<int, Extra> extras;        // by id
  PerMetricMonth<std::optional<ObservedMonth>> observed{};
  std::optional<std::string> observed_file;  // [observed] file, resolved: the file of the from_file months
  std::map<std::size_t, Distribution> growth;    // by sector index
  std::map<std::size_t, Distribution> regional;  // by metric index
};

// What phase 2 readers need of the dataset.
struct DatasetContext {
  const Inventory& inventory;
  const MeasureParams& defaults;
  const DelayClasses& classes;
  const std::vector<int>& ledger_ids;
};

// Readers of one file's tables (scenario_read.cpp). Each records every
// problem through `r` and returns what it could read.
Settings read_settings(TomlReader& r, const Layer& layer);
Changes read_changes(TomlReader& r, const Layer& layer, const DatasetContext& dataset);

// The extends merge (scenario.cpp), child over parent:
//   [scenario], [montecarlo], [meteorology]   key by key
//   [measures]                                as a whole
//   [[override]] of the same measure          key by key
//   [[measure]] with the same id              replaced
//   [observed], [growth], [regional]          entry by entry, except that
//                                             a child's [observed] file drops
//                                             every month of its parent's file
void merge_settings(Settings& into, const Settings& child);
void merge_changes(Changes& into, Changes&& child);

// Applies the merged changes to the dataset's inputs (scenario_apply.cpp),
// checking every measure id they name; problems go to `diags`.
void apply_changes(Changes&& changes, const std::optional<Selection>& selection, ModelInputs& in, Diagnostics& diags);

}  // namespace aqplan::detail
