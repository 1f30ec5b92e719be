// The base year's day counts and the daily spread's calibration factor
// (model.md §10).
#include "aqplan/engine/day_calibration.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <memory>
#include <optional>
#include <vector>

#include "aqplan/engine/daily.h"
#include "aqplan/model/day_statistics.h"

namespace aqplan {

BaseYearDays base_year_days(const Model& model, const AqiTable& table, const Standard& standard, double k,
                            std::uint64_t seed, std::uint64_t samples) {
  const int year = model.target_year() - 1;  // the base year
  MeteorologyParams met = model.weather();
  met.days.k = k;
  std::array<std::optional<double>, kMetricCount> q{};
  std::array<std::array<double, kMonths>, kMetricCount> monthly{};
  for (Metric p : kMetrics) {
    const auto i = static_cast<std::size_t>(p);
    if (model.annual_quantile(p) > 0.0) q[i] = model.annual_quantile(p);
    for (int m = 0; m < kMonths; ++m) monthly[i][static_cast<std::size_t>(m)] = model.rules().base_value(p, m);
  }
  const DailyLayer layer(met, year, q);
  const DayEvaluator evaluator(table, standard, year);
  auto scratch = std::make_unique<DailyScratch>();
  std::vector<double> days(layer.size());
  DayCounts counts;
  BaseYearDays out;
  out.k = k;
  out.samples = samples;
  double good = 0.0, heavy = 0.0;  // sums in sample order
  for (std::uint64_t s = 0; s < samples; ++s) {
    layer.generate(seed, s, monthly, days, *scratch);
    evaluator.count(days, counts);
    good += counts.good_ratio();
    heavy += counts.year_heavy();
  }
  if (samples > 0) {
    out.good_ratio = good / static_cast<double>(samples);
    out.heavy_days = heavy / static_cast<double>(samples);
  }
  return out;
}

namespace {

// Bisection for f(k) = ratio − observed on [lo, hi], f(lo) and f(hi) of
// opposite signs.
BaseYearDays bisect(const Model& model, const AqiTable& table, const Standard& standard, double observed, double lo,
                    double hi, double f_lo, std::uint64_t seed, std::uint64_t samples) {
  BaseYearDays mid_days;
  for (int i = 0; i < 60; ++i) {
    const double mid = 0.5 * (lo + hi);
    mid_days = base_year_days(model, table, standard, mid, seed, samples);
    const double f = mid_days.good_ratio - observed;
    if (std::abs(f) <= 1e-4 || hi - lo <= 1e-6) break;
    if ((f < 0.0) == (f_lo < 0.0)) {
      lo = mid;
      f_lo = f;
    } else {
      hi = mid;
    }
  }
  return mid_days;
}

}  // namespace

DayCalibration calibrate_day_spread(const Model& model, const AqiTable& table, const Standard& standard,
                                    double observed, double k_min, double k_max, std::uint64_t seed,
                                    std::uint64_t samples) {
  // The ratio is not monotone in k (more spread takes winter days below the
  // good line and summer days above it), so the bracket is scanned on a
  // grid and the sign change nearest the defaults (k = 1) is bisected.
  constexpr int kSteps = 16;
  std::vector<BaseYearDays> grid;
  for (int i = 0; i <= kSteps; ++i)
    grid.push_back(base_year_days(model, table, standard, k_min + (k_max - k_min) * i / kSteps, seed, samples));
  DayCalibration c;
  c.at_min = grid.front();
  c.at_max = grid.back();
  double best = std::numeric_limits<double>::infinity();
  for (int i = 0; i < kSteps; ++i) {
    const BaseYearDays &a = grid[static_cast<std::size_t>(i)], &b = grid[static_cast<std::size_t>(i) + 1];
    const double fa = a.good_ratio - observed, fb = b.good_ratio - observed;
    if ((fa < 0.0) == (fb < 0.0) && fa != 0.0) continue;
    const double distance = std::min(std::abs(a.k - 1.0), std::abs(b.k - 1.0));
    if (distance >= best) continue;
    best = distance;
    c.fit = fa == 0.0 ? a : bisect(model, table, standard, observed, a.k, b.k, fa, seed, samples);
  }
  return c;
}

}  // namespace aqplan
