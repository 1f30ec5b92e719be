// aqplan/model/day_statistics.h — the day counts of one year of daily values
// (model.md §10): good days (优良天, AQI ≤ 100), heavy-pollution days
// (重污染天, AQI > 200), the good-day ratio, days over the standard's 24-h
// (MDA8 for o3) limit per pollutant and the days each pollutant is primary
// (首要污染物), per month.
//
// Input: a year of daily values, metric-major (metric p's days at
// p·days … p·days + days − 1; so2 no2 pm10 co o3 pm25 as metric.h orders
// them), 24-h means and the o3 MDA8, in µg/m³ (co mg/m³) — the daily layer's
// output (engine/daily.h) or a station's days. Each value is first rounded
// to the standard's reporting decimals (GB/T 8170 half-even, as HJ 663
// reports daily values); the AQI is then HJ 633's (model/aqi.h).
//
// Thread safety: DayEvaluator is immutable after construction; count() is
// const, allocates nothing and may run on any number of threads.
#pragma once

#include <array>
#include <cstddef>
#include <span>

#include "aqplan/base/metric.h"
#include "aqplan/data/aqi_table.h"
#include "aqplan/data/standard.h"

namespace aqplan {

// Per month m (0..11) of one year.
struct DayCounts {
  std::array<int, kMonths> days{};   // days counted (every day of the month)
  std::array<int, kMonths> good{};   // AQI ≤ the table's good bound (100)
  std::array<int, kMonths> heavy{};  // AQI > the table's heavy bound (200)
  // Days over the grade II 24-h limit (o3: the MDA8 limit), per metric; a
  // metric without such a limit in the standard counts none.
  std::array<std::array<int, kMonths>, kMetricCount> over_limit{};
  // Days on which the metric is a primary pollutant (AQI above 50; a tie
  // counts for each pollutant of it).
  std::array<std::array<int, kMonths>, kMetricCount> primary{};

  int year_days() const;
  int year_good() const;
  int year_heavy() const;
  // Good days over the year's days (0 when there are none).
  double good_ratio() const;
};

// The numbers count() uses, flat (built from the AQI table and the standard).
struct DayTables {
  std::array<int, kMetricCount> decimals{};   // reporting decimals
  std::array<double, kMetricCount> scale{};   // 10^decimals
  std::array<double, kMetricCount> limit{};   // 24-h / MDA8 limit; +inf where none
  std::array<std::size_t, kMetricCount> count{};                     // breakpoints per metric
  std::array<std::array<double, kAqiMaxLevels>, kMetricCount> bp{};  // concentration breakpoints
  std::array<double, kAqiMaxLevels> level{};                         // IAQI levels
  double good_max = 0, heavy_above = 0, excellent_max = 0;           // AQI bounds
};

class DayEvaluator {
 public:
  // The AQI table of the target year, and the standard's reporting decimals
  // and daily limits in force in `year` (whose calendar gives the days of
  // each month).
  DayEvaluator(const AqiTable& table, const Standard& standard, int year);

  int year() const { return year_; }
  std::size_t days() const { return days_; }  // 365 or 366

  // The counts of `daily` (days() values per metric, metric-major), into
  // `out` (overwritten). A NaN or negative value counts as 0. Each day's
  // AQI is day_aqi()'s on the reported values, bit for bit.
  void count(std::span<const double> daily, DayCounts& out) const noexcept;

 private:
  DayTables tables_;
  int year_ = 0;
  std::size_t days_ = 0;
  std::array<std::size_t, kMonths + 1> month_begin_{};
};

}  // namespace aqplan
