// aqplan/model/evaluation.h — the evaluation rules of HJ 663-2013 applied to
// concentrations: the percentile of daily values, GB/T 8170 rounding, the
// annual statistic of a metric from its twelve monthly values (day-weighted
// mean, or the percentile of the day-weighted lognormal mixture of model.md
// §5 "daily spread"), the calibration of that mixture's daily dispersion, and
// the composite index (综合指数).
//
// Units: concentrations in the unit of their metric (metric.h: µg/m³, co in
// mg/m³); probabilities and quantiles q, p as fractions in [0, 1] (0.95, not
// 95); the daily dispersion σ_d is the standard deviation of the natural log
// of daily values (dimensionless); month weights are days (or any
// non-negative numbers, only their ratios matter).
//
// Thread safety and cost: every function is pure (no global state), so any
// number of threads may call them at once (PercentileStatistic: see its
// comment). The per-sample functions
// (hj663_percentile, round_half_even, meets_target, annual_mean,
// annual_percentile_statistic, composite_index) never allocate and never
// throw; invalid arguments give NaN (documented per function).
// calibrate_daily_dispersion is meant to run once per data set (≈300 mixture
// evaluations) and does not throw either.
#pragma once

#include <array>
#include <cstddef>
#include <span>

#include "aqplan/base/metric.h"
#include "aqplan/base/percentile.h"
#include "aqplan/base/rounding.h"
#include "aqplan/data/standard.h"

namespace aqplan {

// ---------------------------------------------------------------------------
// Percentile of daily values (HJ 663-2013): hj663_rank, hj663_percentile in
// base/percentile.h. Rounding (GB/T 8170-2008): round_half_even in
// base/rounding.h. Both are shared with the import of station data.

// ---------------------------------------------------------------------------
// Target checks (HJ 663-2013).

// True when round_half_even(value, decimals) ≤ target: targets are written
// in reported precision (e.g. 1.8 mg/m³ or 170 µg/m³), with the standard's
// decimals for the metric (Standard::decimals). False when value or target
// is NaN.
bool meets_target(double value, double target, int decimals);

// ---------------------------------------------------------------------------
// Annual statistics from twelve monthly values.

using MonthlyValues = std::array<double, kMonths>;

// Days of each month of `year` (metric.h days_in_month), as weights.
MonthlyValues month_days(int year);

// Day-weighted mean of the monthly means: Σ days_m·V[m] / Σ days_m — the
// annual mean of daily means when every day is valid.
double annual_mean(std::span<const double, kMonths> monthly, int year);
// Weighted form: months with weight 0 are skipped (their value may be NaN:
// a missing month). NaN when a weight is negative or not finite, all weights
// are 0, or a weighted month's value is not finite.
double annual_mean(std::span<const double, kMonths> monthly, std::span<const double, kMonths> weights);

// annual_mean with its weights checked and normalised once, for evaluating
// many sets of monthly values (annual_mean(monthly, weights) is
// MeanStatistic(weights)(monthly), bit for bit). Thread safety: immutable
// after construction; operator() is const, never allocates, never throws.
class MeanStatistic {
 public:
  MeanStatistic() = default;  // invalid: every call gives NaN
  explicit MeanStatistic(std::span<const double, kMonths> weights) noexcept;

  double operator()(std::span<const double, kMonths> monthly) const noexcept;

  bool valid() const noexcept { return valid_; }
  // The normalised weights: ∂(annual mean)/∂V[m] (all 0 when invalid).
  const std::array<double, kMonths>& weights() const noexcept { return weight_; }

 private:
  std::array<double, kMonths> weight_{};  // normalised to sum 1; 0 = month skipped
  bool valid_ = false;
};

// The annual q-quantile statistic (co: q = 0.95 of daily 24-h means; o3:
// q = 0.90 of daily MDA8) from the twelve monthly values of that same
// statistic, through the day-weighted lognormal mixture of model.md §5.
// The daily values of month m are lognormal with log-sd σ_d, located so that
// the month's q-quantile is V[m]: μ_m = ln V[m] − σ_d·z_q, z_q = Φ⁻¹(q).
// The result x solves Σ_m w_m·Φ((ln x − μ_m)/σ_d) / Σ_m w_m = q; it lies
// between the smallest and the largest weighted V[m] (equal months give
// exactly that value). Solved on ln x inside that bracket by Halley steps
// (Newton with the second derivative, which costs nothing extra), falling
// back to bisection when a step leaves the bracket or converges slowly;
// 1e-13 relative (the solve stops when the root provably lies that close;
// see PercentileStatistic), one or two evaluations of the twelve terms.
// σ_d = 0 (no daily spread): the day-weighted empirical quantile of the
// monthly values — the smallest V[m] whose cumulative weight (of months with
// a value ≤ it) exceeds q; when that cumulative weight equals q exactly
// (within 1e-12), the geometric mean of V[m] and the next larger value.
// Both are the limit of the mixture as σ_d → 0.
// Months with weight 0 are skipped (their value may be NaN). NaN when q is
// not in (0, 1), σ_d is negative or not finite, a weight is negative or not
// finite, all weights are 0, or a weighted month's value is not > 0.
double annual_percentile_statistic(std::span<const double, kMonths> monthly, double q, double sigma_d, int year);
double annual_percentile_statistic(std::span<const double, kMonths> monthly,
                                   std::span<const double, kMonths> weights, double q, double sigma_d);

// annual_percentile_statistic prepared for fixed weights, q and σ_d (the
// Monte Carlo hot path: Model builds one per percentile metric). The
// constructor validates and normalises the weights and computes
// z_q = Φ⁻¹(q) (distribution.h normal_quantile) and 1/σ_d once; operator()
// gives exactly annual_percentile_statistic(monthly, weights, q, sigma_d)
// (that function is this class built and called once), NaN for the same
// invalid inputs (a default-constructed or invalid object gives NaN).
// Accuracy: |x − x*| ≤ 1e-13·x* (+ a few ulps of rounding in the twelve
// terms, i.e. ~1e-15·σ_d/Σ w_m φ(t_m)), far below the reporting precision
// (0.1 mg/m³ co, 1 µg/m³ o3). Each evaluation of the twelve terms gives
// the degree-16 Taylor polynomial of the mixture CDF in ln x (the
// derivatives of Φ are Hermite polynomials times φ, free once φ is known);
// its root (Newton from a Halley start) is accepted as soon as Cramér's
// bound on the Taylor remainder proves the true root within tolerance,
// otherwise it is the next Newton-type step (bisection fallback inside the
// bracket, as in rtsafe). Usually one evaluation (co and o3 alike). Φ, φ, exp and
// log come from deterministic inline kernels (src/kernels/fastmath.h): the result is
// bit-identical on every x86-64 machine.
// Thread safety: immutable after construction; operator() is const, never
// allocates, never throws.
class PercentileStatistic {
 public:
  PercentileStatistic() = default;  // invalid: every call gives NaN
  PercentileStatistic(std::span<const double, kMonths> weights, double q, double sigma_d) noexcept;

  double operator()(std::span<const double, kMonths> monthly) const noexcept;

  bool valid() const noexcept { return valid_; }
  // ∂x/∂V[m] at x = (*this)(monthly): with t_m = (ln x − ln V[m])/σ_d + z_q,
  // (x/V[m])·w_m·φ(t_m) / Σ_k w_k·φ(t_k). x is homogeneous of degree 1 in
  // the V[m], so Σ_m V[m]·∂x/∂V[m] = x (Euler): the terms split x into the
  // months' parts. σ_d = 0: the months equal to x share 1 equally, or x the
  // geometric mean of V_lo < x < V_hi gives x/(2·V_lo) and x/(2·V_hi).
  // All 0 when invalid or x is not finite.
  std::array<double, kMonths> sensitivity(std::span<const double, kMonths> monthly) const noexcept;
  double quantile() const noexcept { return q_; }
  double daily_dispersion() const noexcept { return sigma_; }

 private:
  std::array<double, kMonths> weight_{};  // normalised to sum 1; 0 = month skipped
  double q_ = 0.0;
  double sigma_ = 0.0;
  double inv_sigma_ = 0.0;  // 0 when σ_d = 0 (empirical quantile)
  double z_ = 0.0;          // Φ⁻¹(q)
  bool valid_ = false;
};

// ---------------------------------------------------------------------------
// Calibration of the daily dispersion σ_d.

enum class DispersionFitStatus {
  ok,                // sigma_d reproduces the annual value
  not_reproducible,  // no σ_d in [0, 3] gives the annual value
  invalid_input,     // the monthly values, weights, q or annual value are unusable
};

struct DispersionFit {
  DispersionFitStatus status = DispersionFitStatus::invalid_input;
  double sigma_d = 0.0;  // NaN unless status == ok
  // Statistic of the mixture at sigma_d (equals the annual value to ~1e-12
  // relative when ok); NaN otherwise.
  double achieved = 0.0;
  // Number of distinct roots seen on the scan grid. More than one means the
  // statistic is not monotone in σ_d for these data; the smallest root is
  // returned.
  int roots = 0;
  // Range of the statistic over the scan grid σ_d ∈ [0, 3], for the message
  // a caller shows when status == not_reproducible.
  double reachable_min = 0.0;
  double reachable_max = 0.0;

  bool ok() const { return status == DispersionFitStatus::ok; }
};

// The σ_d for which annual_percentile_statistic(monthly, weights, q, σ_d)
// equals annual_value. The statistic is scanned on σ_d = 0, 0.01, …, 3.00
// (σ_d = 0 being the degenerate limit above); the first bracket with a sign
// change is refined by bisection to 1e-12 in σ_d. No clamping: a value
// outside what any σ_d in [0, 3] reaches gives not_reproducible. σ_d = 0 is
// returned only when the empirical quantile equals annual_value exactly.
// Roots closer together than the grid step (0.01) may be seen as none.
DispersionFit calibrate_daily_dispersion(std::span<const double, kMonths> monthly, double annual_value, double q,
                                         int year);
DispersionFit calibrate_daily_dispersion(std::span<const double, kMonths> monthly,
                                         std::span<const double, kMonths> weights, double annual_value, double q);

// ---------------------------------------------------------------------------
// Composite index (环境空气质量综合指数).

// Per-metric constants of the index, indexed by static_cast<int>(Metric):
// the divisor S_i (same unit as the metric), the weight w_i (1 in HJ
// 663-2013) and the reporting decimals; composite_index_table builds one
// from a standard file.
struct CompositeIndexTable {
  std::array<double, kMetricCount> divisor{};
  std::array<double, kMetricCount> weight{};
  std::array<int, kMetricCount> decimals{};
};

struct CompositeIndex {
  double index = 0.0;                      // Σ_i terms[i], not rounded
  std::array<double, kMetricCount> terms{};  // w_i·C_i/S_i, C_i rounded to decimals_i
  Metric primary = Metric::so2;            // metric of the largest term (first in metric order on ties)
};

// The constants of a standard in force in `year`.
CompositeIndexTable composite_index_table(const Standard& standard, int year);

// Σ_i w_i·C_i/S_i over the six metrics, C_i = round_half_even(annual[i],
// decimals_i), `annual` indexed by static_cast<int>(Metric) and holding each
// metric's annual statistic (mean, or percentile for co and o3). A NaN
// statistic makes its term and the index NaN; primary then ignores it.
CompositeIndex composite_index(std::span<const double, kMetricCount> annual, const CompositeIndexTable& table);

}  // namespace aqplan
