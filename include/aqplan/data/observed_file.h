// aqplan/data/observed_file.h — months of the target year already measured,
// read from an observations file: the CSV the station importer writes, named
// by a scenario's `[observed] file = "…"` (data/scenario.h) or given to
// `aqplan run --observed FILE` (ScenarioOptions).
//
//   # Lines whose first character is '#', and blank lines, are comments.
//   metric,month,value,valid_days
//   pm25,1,72.35,31
//   co,1,2.4,
//
// The header is the first line that is not a comment, exactly as above.
// Each row: `metric` one of so2 no2 pm10 co o3 pm25 (any case, "PM2.5"
// too); `month` 1..12; `value` the month's statistic in the metric's unit
// (co mg/m³, every other µg/m³; co the month's P95 of daily means, o3 the
// P90 of MDA8, the others the mean), within the plausible range of a
// month's value (data/domain.h); `valid_days` the days with a valid daily
// value, a whole number from 0 to the month's days (29 for February), or
// empty when not known. A (metric, month) is given at most once.
//
// Every problem of the file is reported in one InputError, each as
// `file:line:col: message` at the cell that is wrong (the line's first
// column for a row that is wrong as a whole).
//
// Units: value in the metric's unit; valid_days in days.
// Thread safety: reentrant; no shared state.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "aqplan/base/diagnostic.h"
#include "aqplan/base/metric.h"

namespace aqplan {

struct Observation {
  Metric metric = Metric::pm25;
  int month = 0;                  // 1..12
  double value = 0;               // in unit(metric)
  std::optional<int> valid_days;  // nullopt: the cell is empty
  SourceRef at;                   // the value's cell, for the checks made later
};

struct ObservedFile {
  std::string file;               // as given
  std::vector<Observation> rows;  // in file order
};

// The header line, without its newline.
inline constexpr std::string_view kObservedHeader = "metric,month,value,valid_days";

ObservedFile read_observed_csv(const std::string& path);
// The same for text already in memory; `display_name` names it in messages.
ObservedFile parse_observed_csv(std::string_view text, const std::string& display_name);

}  // namespace aqplan
