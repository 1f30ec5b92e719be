// aqplan/model/budget.h — the remaining budget of a re-forecast (model.md §8):
// given the months already measured in the target year, how high the months
// still to come may be for each metric's annual value to round to its
// target.
//
// Definitions. A metric's annual value A meets its target T when
// round_half_even(A, decimals) ≤ T (evaluation.h meets_target; GB/T 8170).
// With T on the reporting grid (a multiple of u = 10^−decimals), that is
// A < T + u/2, or A = T + u/2 when T's last digit is even (round-half-even
// keeps it): target 38 is met at 38.5, target 37 is not met at 37.5. The
// boundary T + u/2 is the supremum of the annual values that meet; a target
// between grid values meets exactly when its grid value below does, so the
// boundary is taken from that grid value.
//
// The budget is solved against the boundary, with every observed month at
// its measured value and every month to come at one common level x, through
// the model's own annual statistic (Model::annual_statistic: the target
// year's days, leap years included, and the model's σ_d):
//   mean metrics (so2, no2, pm10, pm25): the annual value is the
//     day-weighted mean, so x is the day-weighted average the months to come
//     must keep below, in closed form:
//       x = (B·Σ_all days_m − Σ_observed days_m·V_m) / Σ_to-come days_m;
//   percentile metrics (co P95, o3 P90 MDA8): the annual value is the
//     q-quantile of the day-weighted lognormal mixture of the twelve months
//     (model.md §5), increasing in x; x is the monthly statistic every month
//     to come must stay below (all of them at the same level), found by
//     bisection on ln x to 1e-12 relative, with meets_target as the test.
// Below `limit` the year meets its target; above it, it does not; at it
// exactly the annual value is the boundary (to the solve's precision),
// which meets only when `boundary_meets`.
//
// Two ends: `reachable` is false when the observed months alone decide
// against the target — even months of 0 to come (a percentile metric:
// 1e-30 of the scale, its mixture needs positive values) leave the year
// above the boundary. `already_met` is true when no value of the months to
// come can push the year over: never for a mean metric (its weights are
// positive, the mean grows without bound), but for a percentile metric when
// the months to come hold less than 1 − q of the year's days, because their
// days then fit above the q-quantile of the observed months' mixture however
// high they are. For o3 (q = 0.90, 36.5 of 365 days) one month to come
// (28–31 days) is such a case; for co (q = 0.95, 18.25 days) none is. Found
// with the months to come at 1e30 of the scale.
//
// Units: limit and boundary in the metric's unit (µg/m³, co mg/m³); for a
// percentile metric the limit is a monthly P95 (co) or P90 MDA8 (o3).
//
// Thread safety and cost: pure; at most ~50 evaluations of the annual
// statistic per percentile metric. Does not print, does not throw.
#pragma once

#include <array>
#include <limits>

#include "aqplan/base/metric.h"

namespace aqplan {

class Model;

struct RemainingBudget {
  Metric metric = Metric::so2;
  // The metric has a finite annual target, at least one month of the target
  // year is observed and at least one is not. The fields below are
  // meaningful only then.
  bool applies = false;
  int months_left = 0;  // months not observed
  // The annual value the budget is solved against: T + u/2 (see above).
  double boundary = std::numeric_limits<double>::quiet_NaN();
  // An annual value exactly at the boundary meets the target (T's last
  // reported digit is even).
  bool boundary_meets = false;
  // The supremum of the common level of the months to come at which the
  // year meets its target: mean metrics their day-weighted average,
  // percentile metrics each month's statistic. NaN when !reachable; +inf
  // when already_met; otherwise finite and ≥ 0.
  double limit = std::numeric_limits<double>::quiet_NaN();
  bool reachable = true;     // false: even 0 in every month to come cannot bring the year to its target
  bool already_met = false;  // true: the year meets its target whatever the months to come are
};

// The budget of every metric, in metric order (kMetrics).
std::array<RemainingBudget, kMetricCount> remaining_budget(const Model& model);

}  // namespace aqplan
