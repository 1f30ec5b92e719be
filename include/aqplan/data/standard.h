// aqplan/data/standard.h — an ambient air-quality standard as data: the GB 3095
// grade II limits and the HJ 663 evaluation rules (annual statistic of each
// metric, reporting decimals, composite-index divisors and weights), loaded
// from data/standards/*.toml (gb3095-2012.toml, the default for a 2023 plan;
// gb3095-2026.toml, in force from 2026-03-01).
//
// Every number carries its unit, its source and whether it is confirmed
// (false: reported or assumed, not checked against the published text). A
// number may change in stages by calendar year (PM2.5 grade II annual limit
// 30 µg/m³ until 2030, 25 from 2031); stages of one number cover every year
// without gaps or overlaps, so a lookup by year always finds exactly one.
//
// Units: concentrations in the metric's unit (metric.h: µg/m³, co mg/m³);
// quantiles, weights and decimals are dimensionless ("1").
//
// The optional [composite] table holds what belongs to the composite index
// (综合指数) as a whole: its reporting decimals (2 when not given).
//
// Thread safety: load_standard has no shared state (call it from any
// thread); a loaded Standard is an immutable value, safe to read from any
// number of threads at once.
#pragma once

#include <array>
#include <string>
#include <string_view>
#include <vector>

#include "aqplan/base/metric.h"

namespace aqplan {

// How the annual (and monthly) statistic is formed from daily values.
enum class AnnualStatistic {
  mean,        // mean of daily values (so2 no2 pm10 pm25)
  percentile,  // q-th percentile of daily values by HJ 663 (co 0.95, o3 0.90)
};

// Which daily value the statistic is taken of.
enum class DailyValue {
  mean_24h,  // 24-hour mean ("24h_mean" in the file)
  mda8,      // maximum daily 8-hour mean ("mda8")
};

// One number of the standard, valid for the calendar years
// [from_year, until_year] (0 = unbounded on that side).
struct StandardValue {
  double value = 0.0;
  std::string unit;    // "µg/m³", "mg/m³" or "1"
  std::string source;  // clause or document the number comes from
  bool confirmed = false;
  int from_year = 0;
  int until_year = 0;
  int line = 0;  // where it was written, for messages (1-based; 0 = unknown)
  int column = 0;

  bool applies_in(int year) const {
    return (from_year == 0 || year >= from_year) && (until_year == 0 || year <= until_year);
  }
};

// A number that may change by year: stages in year order, covering every
// year. Empty when the file does not give it (optional limits only).
struct StagedValue {
  std::vector<StandardValue> stages;

  bool present() const { return !stages.empty(); }
  // The stage in force in `year`; nullptr only when !present().
  const StandardValue* at(int year) const;
  // Its value, or NaN when !present().
  double value_at(int year) const;
};

struct MetricStandard {
  Metric metric = Metric::so2;
  AnnualStatistic statistic = AnnualStatistic::mean;
  DailyValue daily_value = DailyValue::mean_24h;
  StagedValue quantile;      // q in (0, 1); present only for percentile statistics
  StagedValue decimals;      // reporting decimals (integer 0..6; GB/T 8170 rounding)
  StagedValue divisor;       // S_i of the composite index, > 0, metric unit
  StagedValue weight;        // w_i of the composite index, ≥ 0
  StagedValue annual_limit;  // grade II annual-mean limit (optional)
  StagedValue daily_limit;   // grade II 24-h mean limit (optional)
  StagedValue mda8_limit;    // grade II MDA8 limit (optional)
};

// The composite index as a whole ([composite] in the file).
struct CompositeStandard {
  StagedValue decimals;  // reporting decimals of the index (integer 0..6); empty when not given
};

struct Standard {
  std::string name;        // "GB 3095-2012"
  std::string evaluation;  // the evaluation rules it goes with, "HJ 663-2013"
  int effective_year = 0;  // date it took effect
  int effective_month = 0;
  int effective_day = 0;
  std::string notes;        // free text from the file (may be empty)
  std::string source_file;  // path it was loaded from
  std::array<MetricStandard, kMetricCount> metrics{};  // indexed by static_cast<int>(Metric)
  CompositeStandard composite;

  const MetricStandard& operator[](Metric m) const { return metrics[static_cast<std::size_t>(m)]; }

  // q of a percentile metric in `year`; NaN for a mean metric.
  double quantile(Metric m, int year) const;
  // Reporting decimals in `year`.
  int decimals(Metric m, int year) const;
  // Reporting decimals of the composite index in `year`: composite.decimals,
  // or 2 when the file does not give them (HJ 663 city rankings report the
  // index with two decimals).
  int composite_decimals(int year) const;
};

// Reads and validates a standard file. Checks: TOML syntax; known keys only
// (unknown keys and metric names are errors, with "did you mean"); all six
// metrics present; every number a table { value, unit, source, confirmed }
// (plus optional from / until years) or an array of such stages covering
// every year; units matching the metric; divisors and limits > 0, weights
// ≥ 0, q in (0, 1), decimals an integer in 0..6; quantile given exactly when
// the statistic is "percentile"; an optional [composite] table whose one key,
// decimals, follows the metrics' decimals rules. Throws InputError listing
// every problem found, in file order, each as "file:line:column: key.path:
// message".
Standard load_standard(const std::string& path);

// "mean" / "percentile"; "24h_mean" / "mda8".
std::string_view statistic_name(AnnualStatistic s);
std::string_view daily_value_name(DailyValue d);

}  // namespace aqplan
