// aqplan/data/day_targets.h — targets on day counts (model.md §10), as a
// dataset or a scenario states them in `[targets.days]`, and the base
// year's observed good-day ratio in the dataset's `[base.days]`:
//
//   [targets.days]
//   good_ratio = 0.75                      # the year: good days / days ≥ 0.75
//   heavy_days = 3                         # the year: heavy-pollution days ≤ 3
//   # or per month too:  good_ratio = { year = 0.75, "1" = 0.45, "6-8" = 0.9 }
//                        heavy_days = { year = 3, "1" = 2 }
//   [base.days]                            # dataset.toml only
//   good_ratio = 0.68                      # the base year's observed ratio
//
// Units: good_ratio a fraction in [0, 1] (优良天数比例: days with AQI ≤ 100
// over the period's days), heavy_days a count of days (重污染天数: AQI >
// 200). A good-day ratio is met when the period's ratio is at least the
// target, a heavy-day count when it is at most the target.
//
// Thread safety: plain values.
#pragma once

#include <array>
#include <optional>

#include "aqplan/base/diagnostic.h"
#include "aqplan/base/metric.h"

namespace aqplan {

struct DayTarget {
  std::optional<double> good_ratio;  // at least
  SourceRef good_ratio_at;
  std::optional<int> heavy_days;     // at most
  SourceRef heavy_days_at;

  bool any() const { return good_ratio.has_value() || heavy_days.has_value(); }
};

struct DayTargets {
  DayTarget year;
  std::array<DayTarget, kMonths> months{};  // January … December

  // Some target of the year or of a month.
  bool any() const;
  // `later`'s targets replace these, entry by entry (a scenario over its
  // dataset, a child over its parent).
  void take(const DayTargets& later);
};

// The base year's observed good-day ratio ([base.days] of dataset.toml),
// for calibrating the daily spread (model.md §10).
struct BaseDays {
  std::optional<double> good_ratio;
  SourceRef good_ratio_at;
};

}  // namespace aqplan
