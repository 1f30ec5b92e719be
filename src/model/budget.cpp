#include "aqplan/model/budget.h"

#include <algorithm>
#include <cmath>

#include "aqplan/import/targets.h"
#include "aqplan/model/evaluation.h"
#include "aqplan/model/model.h"

namespace aqplan {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double kInf = std::numeric_limits<double>::infinity();

// The ends of a percentile metric's search, relative to the scale of its
// values: far enough that every month to come sits wholly below (above) the
// observed months' daily values for any σ_d up to ~3 (Φ of ±23 is 0 or 1
// in double), near enough that the logarithms stay well inside double.
constexpr double kFarBelow = 1e-30;
constexpr double kFarAbove = 1e30;
// Bisection on ln x stops at this width: 1e-12 relative in x.
constexpr double kLogTolerance = 1e-12;

// The boundary of target T at `decimals`: (k + 1/2)·u with k·u the largest
// reporting-grid value ≤ T (u = 10^−decimals), a target written as a decimal
// (1.8 → 17.999… or 18.000…1 units) taken as that grid value.
double boundary_of(double target, int decimals) {
  const double scale = std::pow(10.0, decimals);
  const double units = target * scale;
  const double nearest = std::nearbyint(units);
  const double k = std::abs(units - nearest) <= 1e-9 * std::max(1.0, std::abs(units)) ? nearest : std::floor(units);
  return (k + 0.5) / scale;
}

struct Months {
  MonthlyValues value{};           // observed value, or the level of the months to come
  std::array<bool, kMonths> open{};  // not observed
};

Months with_level(Months m, double x) {
  for (std::size_t i = 0; i < kMonths; ++i)
    if (m.open[i]) m.value[i] = x;
  return m;
}

// Mean metrics: the closed form (budget.h), in the target year's days.
void solve_mean(const Model& model, Metric p, const Months& months, double target, int decimals, RemainingBudget& b) {
  const Months zero = with_level(months, 0.0);
  b.reachable = meets_target(model.annual_statistic(p, zero.value), target, decimals);
  if (!b.reachable) return;
  const MonthlyValues days = month_days(model.target_year());
  double all = 0, observed = 0, open = 0;
  for (std::size_t m = 0; m < kMonths; ++m) {
    all += days[m];
    if (months.open[m]) open += days[m];
    else observed += days[m] * months.value[m];
  }
  b.limit = std::max(0.0, (b.boundary * all - observed) / open);
}

// Percentile metrics: bisection on ln x between the far ends, the annual
// statistic through the model and meets_target deciding.
void solve_percentile(const Model& model, Metric p, const Months& months, double target, int decimals,
                      RemainingBudget& b) {
  auto meets = [&](double log_x) {
    return meets_target(model.annual_statistic(p, with_level(months, std::exp(log_x)).value), target, decimals);
  };
  double scale = b.boundary;
  for (std::size_t m = 0; m < kMonths; ++m)
    if (!months.open[m]) scale = std::max(scale, months.value[m]);
  double lo = std::log(scale * kFarBelow), hi = std::log(scale * kFarAbove);
  b.reachable = b.boundary > 0 && meets(lo);  // a mixture of positive values never meets a boundary ≤ 0
  if (!b.reachable) return;
  b.already_met = meets(hi);
  if (b.already_met) {
    b.limit = kInf;
    return;
  }
  while (hi - lo > kLogTolerance) {
    const double mid = 0.5 * (lo + hi);
    if (mid <= lo || mid >= hi) break;
    (meets(mid) ? lo : hi) = mid;
  }
  b.limit = std::exp(lo);
}

RemainingBudget budget_of(const Model& model, Metric p) {
  RemainingBudget b;
  b.metric = p;
  const double target = model.rules().target_value(p, kAnnual);
  const int decimals = model.rules().decimals_of(p);
  Months months;
  for (int m = 0; m < kMonths; ++m) {
    const auto mm = static_cast<std::size_t>(m);
    const std::optional<double>& v = model.observed_value(p, m);
    months.open[mm] = !v.has_value();
    months.value[mm] = v.value_or(kNaN);
    if (months.open[mm]) ++b.months_left;
  }
  b.applies = std::isfinite(target) && b.months_left > 0 && b.months_left < kMonths;
  if (!b.applies) return b;
  b.boundary = boundary_of(target, decimals);
  b.boundary_meets = meets_target(b.boundary, target, decimals);
  if (model.annual_quantile(p) > 0) solve_percentile(model, p, months, target, decimals, b);
  else solve_mean(model, p, months, target, decimals, b);
  return b;
}

}  // namespace

std::array<RemainingBudget, kMetricCount> remaining_budget(const Model& model) {
  std::array<RemainingBudget, kMetricCount> out;
  for (Metric p : kMetrics) out[static_cast<std::size_t>(p)] = budget_of(model, p);
  return out;
}

}  // namespace aqplan
