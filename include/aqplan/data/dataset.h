// aqplan/data/dataset.h — a planning dataset directory (e.g. data/zezhou-2023/),
// loaded and validated as a whole.
//
// dataset.toml names the region, the years, the standard and the files of the
// parts. load_dataset reads dataset.toml, inventory.toml, measures.toml,
// response.toml and meteorology.toml, validates them together (sector and
// species names, cross-file references, tonnes against emissions) and reports
// every problem of every file in one InputError, each as
// `file:line:col: key.path: message`. It does not read the targets, the
// ledger or the standard; their resolved paths are returned for the caller.
//
// Units: see inventory.h, measure_data.h, response_params.h, meteorology.h.
// Thread safety: load_dataset is reentrant (no shared state); a Dataset is a
// plain value.
#pragma once

#include <string>

#include "aqplan/base/diagnostic.h"
#include "aqplan/data/day_targets.h"
#include "aqplan/data/inventory.h"
#include "aqplan/data/measure_data.h"
#include "aqplan/data/meteorology.h"
#include "aqplan/data/response_params.h"

namespace aqplan {

// Paths of the parts, joined to the dataset directory as given (not made
// absolute), as the diagnostics name them.
struct DatasetFiles {
  std::string dataset;      // dir/dataset.toml
  std::string inventory;
  std::string measures;
  std::string response;
  std::string meteorology;
  std::string targets;      // not read by load_dataset
  std::string ledger;       // not read by load_dataset
  std::string standards;    // a directory; not read by load_dataset
};

struct Dataset {
  std::string dir;
  std::string name;
  std::string name_zh;   // the name in Chinese tables; empty: `name`
  std::string language;  // "en" or "zh": the language of terminal tables when the command does not say
  bool language_given = false;  // written in dataset.toml: diagnostics follow it too (docs/language.md)
  std::string region;
  int base_year = 0;
  int target_year = 0;   // base_year + 1
  std::string standard;  // e.g. "gb3095-2012": a file of the standards directory
  SourceRef standard_at;  // where dataset.toml names it
  DatasetFiles files;
  Inventory inventory;   // impact factors filled in from response.impact
  MeasureData measures;
  ResponseParams response;
  MeteorologyParams meteorology;
  DayTargets day_targets;  // [targets.days] (data/day_targets.h)
  BaseDays base_days;      // [base.days]: the base year's observed good-day ratio
};

// Throws InputError with every problem found in every file.
Dataset load_dataset(const std::string& dir);

}  // namespace aqplan
