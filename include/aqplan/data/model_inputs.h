// aqplan/data/model_inputs.h — everything a model is compiled from: the
// dataset (inventory, measure data, response, meteorology), the ledger, the
// targets and the standard, with a scenario's changes applied (which
// measures are off, months already observed).
//
// Measures come from the dataset joined to the ledger by id: the ledger
// gives texts, deadlines and lead units; the dataset gives effects,
// dependencies and slips. validate.h checks the joins; the loaders keep
// where each thing was written (SourceRef) so that the checks point at it.
//
// Units: concentrations in the metric's unit (µg/m³; co mg/m³); see the
// headers of each part. Thread safety: plain values; the loaders are
// reentrant.
#pragma once

#include <array>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "aqplan/base/diagnostic.h"
#include "aqplan/base/metric.h"
#include "aqplan/data/dataset.h"
#include "aqplan/data/day_targets.h"
#include "aqplan/data/standard.h"
#include "aqplan/import/ledger.h"
#include "aqplan/import/targets.h"

namespace aqplan {

// A month (or the year) is at risk when P(meet target) is below this, and
// `gap` aims at it unless told otherwise: "80 % sure". A scenario sets its
// own with [report] risk_below.
inline constexpr double kDefaultRiskBelow = 0.8;

template <typename T>
using PerMetricMonth = std::array<std::array<T, kMonths>, kMetricCount>;

struct ModelInputs {
  Dataset dataset;
  Ledger ledger;
  Targets targets;
  Standard standard;
  std::string scenario_name;     // empty for a bare dataset
  std::string scenario_name_zh;  // in Chinese tables; empty: scenario_name
  std::string scenario_file;  // for diagnostics; empty for a bare dataset
  // Ledger ids of measures switched off (never implemented; a measure that
  // depends on one never starts either), and where the scenario said so.
  std::vector<int> excluded;
  std::map<int, SourceRef> excluded_at;
  // Concentrations measured in the target year, replacing the model for
  // those months (metric unit), and where each was written.
  PerMetricMonth<std::optional<double>> observed{};
  PerMetricMonth<SourceRef> observed_at{};
  // P(meet) below which a period is reported at risk (0 < p < 1).
  double risk_below = kDefaultRiskBelow;
  // Targets on day counts (data/day_targets.h): the dataset's, with the
  // scenario's replacing them entry by entry.
  DayTargets day_targets;
};

// Loads the dataset directory with its targets, ledger and standard
// (`standard` overrides the dataset's choice when given; `standard_at` is
// where it was written): the plan as written. Throws InputError with every
// problem of every file.
ModelInputs load_dataset_inputs(const std::string& dataset_dir, const std::optional<std::string>& standard = {},
                                const SourceRef& standard_at = {});

// The standard file load_dataset_inputs reads for `dataset`: `standard`
// (else the dataset's choice) under the dataset's standards directory.
std::string standard_file(const Dataset& dataset, const std::optional<std::string>& standard = {});

}  // namespace aqplan
