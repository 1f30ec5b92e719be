// aqplan/import/targets.h — monthly and annual concentration targets of a plan.
//
// A Targets value holds, for each of the six metrics (metric.h), the base
// year's observed value and the target year's target for months 1..12 and for
// the year, in the metric's unit (µg/m³; CO mg/m³). Monthly values are the
// month's statistic (mean; CO P95 of daily means; O3 P90 of MDA8); the annual
// row is the year's statistic as the document states it.
//
// Sources: a planning document's targets table (import_targets_document,
// here), or the CSV it is saved as (targets_to_csv, here; read back by
// aqplan/data/targets_file.h). Both readers validate and throw InputError
// with every problem found.
#pragma once

#include <array>
#include <string>
#include <string_view>

#include "aqplan/base/diagnostic.h"
#include "aqplan/base/metric.h"

namespace aqplan {

inline constexpr int kAnnual = 12;   // index of the annual value in a period array
inline constexpr int kPeriods = 13;  // months 0..11 (January..December), then the year

struct Targets {
  int base_year = 0;
  int target_year = 0;
  std::string title;  // caption of the table in the document, if any
  // [metric][period]: period 0..11 = January..December, kAnnual = the year.
  std::array<std::array<double, kPeriods>, kMetricCount> base{};
  std::array<std::array<double, kPeriods>, kMetricCount> target{};

  // The decimals each metric's values were written with (the most of any of
  // its cells: CO "2.0" → 1), so that targets_to_csv writes them as written.
  std::array<int, kMetricCount> decimals{};
  // Where each (metric, period) row was read from: the source file and the
  // line of its row (0 when unknown), for the checks of later stages.
  std::string source;
  std::array<std::array<int, kPeriods>, kMetricCount> line{};

  double base_value(Metric m, int period) const { return base[static_cast<std::size_t>(m)][static_cast<std::size_t>(period)]; }
  double target_value(Metric m, int period) const { return target[static_cast<std::size_t>(m)][static_cast<std::size_t>(period)]; }
};

// Reads the targets table of a planning document (Markdown pipe tables, as in
// the seed document's 附件 1): first column 月份 with rows "1 月".."12 月" and
// "全年", then for each pollutant two columns, the base year and the target
// year, with years in the header row ("2022 年") and pollutant names in the
// row below it ("SO ₂", "PM _{2.5}", ...). `display_name` is used in messages.
Targets import_targets_document(std::string_view text, const std::string& display_name);
// The same for a document file (UTF-8, any line endings).
Targets import_targets_file(const std::string& path);

// CSV with header `metric,unit,month,base_year,base,target_year,target`; one
// row per metric and month 1..12, then month "year" for the annual value;
// values with the decimals they were read with (Targets::decimals).
std::string targets_to_csv(const Targets& t);

// The number of decimals of a number as written ("2.0" → 1, "56" → 0,
// "16e-5" → 5), at most kMaxWrittenDecimals (enough for any double to
// print back exactly at the magnitudes targets take).
inline constexpr int kMaxWrittenDecimals = 20;
int written_decimals(std::string_view number);

}  // namespace aqplan
