// aqplan/distribution.h — the uncertain numbers of the model: a probability
// distribution of one real value, a delay distribution for measure slips,
// and a month-dependent distribution.
//
// Units: a Distribution carries whatever unit its data-file key states
// (a fraction, t/yr, months, a relative change); it never converts.
//
// Deterministic runs use mode(): "every distribution at its mode". Monte
// Carlo runs draw x = quantile(u) from a counter-based uniform u in (0, 1)
// (inverse-CDF sampling), so a draw is a pure function of u.
//
// Kinds and their data-file syntax (the same everywhere a distribution is
// accepted; parsed by the dataset loader):
//   0.15                                               fixed
//   { dist = "fixed", value = 0.15 }                   fixed
//   { dist = "uniform", min = 1, max = 4 }             uniform on [min, max]
//   { dist = "triangular", min = 0.1, mode = 0.15, max = 0.2 }
//   { dist = "normal", mean = 0, sd = 1, min = -2, max = 2 }   min/max optional:
//                                                      truncated to [min, max]
//   { dist = "lognormal", median = 2, sigma = 0.5 }    ln X ~ N(mu, sigma²) with
//                                                      mu = ln(median); support (0, inf)
//   { dist = "bernoulli", p = 0.3 }                    1 with probability p, else 0
//
// Thread safety: Distribution, DelayDistribution and MonthlyDistribution are
// immutable values once built; every const method may be called concurrently.
// quantile() and draw() never allocate and never throw.
#pragma once

#include <array>
#include <limits>
#include <string>
#include <string_view>
#include <vector>

#include "aqplan/metric.h"

namespace aqplan {

enum class DistKind { fixed, uniform, triangular, normal, lognormal, bernoulli };

// "fixed", "uniform", "triangular", "normal", "lognormal", "bernoulli".
std::string_view kind_name(DistKind k);

class Distribution {
 public:
  // A fixed 0.
  Distribution() = default;

  // Factories. Each throws std::invalid_argument on invalid parameters with a
  // message without location, e.g. "min (0.5) is greater than max (0.3)",
  // "mode (0.3) is outside [min, max] = [0.1, 0.2]", "sd (-1) is negative",
  // "p (1.5) is outside [0, 1]"; every parameter must be finite.
  static Distribution fixed(double value);
  // REQUIRES min <= max.
  static Distribution uniform(double min, double max);
  // REQUIRES min <= mode <= max.
  static Distribution triangular(double min, double mode, double max);
  // sd >= 0; lo < hi when given; bounds may be ±infinity (untruncated side).
  // The bounds must keep some probability mass (|bound − mean| not hundreds of sd).
  static Distribution normal(double mean, double sd, double lo = -kInf, double hi = kInf);
  // median > 0, sigma >= 0 (sigma is the sd of ln X).
  static Distribution lognormal(double median, double sigma);
  // 0 <= p <= 1.
  static Distribution bernoulli(double p);

  DistKind kind() const { return kind_; }
  // True when the value is certain (fixed, or a zero-width support).
  bool is_fixed() const { return min() == max(); }

  // The value of a deterministic run. fixed: the value; uniform: the midpoint
  // (a uniform has no mode); triangular: mode; normal: mean clamped into
  // [lo, hi]; lognormal: exp(mu − sigma²) = median·exp(−sigma²);
  // bernoulli: 1 if p >= 0.5 else 0.
  double mode() const;
  // Expected value (truncated normal: mean + sd·(φ(α) − φ(β)) / (Φ(β) − Φ(α))).
  double mean() const;
  // Support bounds: ±infinity where unbounded (lognormal: [0, inf)).
  double min() const;
  double max() const;

  // Inverse CDF at u (0 < u < 1): the value x with P(X <= x) = u. Values of u
  // outside (0, 1) are clamped to the support. Truncated normal: inverse CDF
  // on the truncated range; Φ⁻¹ by Wichura's AS 241 (relative error about
  // 1e-16). Bernoulli: 0 for u <= 1 − p.
  double quantile(double u) const noexcept;

  // Parameters as written: fixed {value}; uniform {min, max};
  // triangular {min, mode, max}; normal {mean, sd, lo, hi};
  // lognormal {median, sigma}; bernoulli {p}. Unused entries are 0.
  const std::array<double, 4>& parameters() const { return p_; }

  // "0.15", "uniform(1, 4)", "triangular(0.1, 0.15, 0.2)", "normal(0, 1)",
  // "normal(0, 1, [-2, 2])", "lognormal(median 2, sigma 0.5)", "bernoulli(0.3)".
  std::string describe() const;

  bool operator==(const Distribution&) const = default;

  static constexpr double kInf = std::numeric_limits<double>::infinity();

 private:
  DistKind kind_ = DistKind::fixed;
  std::array<double, 4> p_{};
  // Truncated normal, standardised: CDF at the bounds (lower-tail form, or of
  // the reflected variable when `reflected_`, for accuracy in the upper tail).
  double cdf_lo_ = 0.0;
  double cdf_hi_ = 1.0;
  bool reflected_ = false;
};

// The standard normal quantile Φ⁻¹(p), 0 < p < 1 (±infinity at 0 and 1).
double normal_quantile(double p) noexcept;
// The standard normal CDF Φ(x).
double normal_cdf(double x) noexcept;

// The slip of a measure, in months after its planned time: on time (0) with
// probability p_on_time, else late by a draw of `late`. A plain number or
// distribution in the data file means "always drawn from it"
// (p_on_time = 0). `late` has support within [0, inf).
struct DelayDistribution {
  double p_on_time = 1.0;
  Distribution late;  // months

  // 0 if p_on_time >= 0.5, else late.mode().
  double mode() const { return p_on_time >= 0.5 ? 0.0 : late.mode(); }
  double mean() const { return (1.0 - p_on_time) * late.mean(); }
  double max() const { return p_on_time >= 1.0 ? 0.0 : late.max(); }
  // A draw from two independent uniforms in (0, 1): on time when
  // u_on_time < p_on_time, else late.quantile(u_late). Never allocates.
  double draw(double u_on_time, double u_late) const noexcept {
    return u_on_time < p_on_time ? 0.0 : late.quantile(u_late);
  }
  bool operator==(const DelayDistribution&) const = default;
};

// A distribution that varies by month. Months that the data file gives as one
// entry (a scalar, or one key of a month-range table such as "11-3") share a
// group: a Monte Carlo run draws one value per group, so an uncertain winter
// coefficient is the same in each winter month of a sample. Every element of
// a 12-element array is its own group.
//
// Month-dependent data-file syntax (everywhere a value varies by month):
//   0.45                              every month
//   [a, b, c, ... 12 values]          January … December
//   { "11-3" = 0.45, "4-10" = 0.50 }  month ranges (inclusive, wrapping over
//                                     the new year; "5" is one month); every
//                                     month covered exactly once
struct MonthlyDistribution {
  std::vector<Distribution> groups{Distribution{}};  // in file order; default: a fixed 0 all year
  std::array<int, kMonths> group_of{};               // month index 0..11 (January = 0) → groups index

  static MonthlyDistribution constant(Distribution d) {
    MonthlyDistribution m;
    m.groups = {d};
    return m;
  }
  // month index 0..11 (January = 0).
  const Distribution& operator[](int month_index) const {
    return groups[static_cast<std::size_t>(group_of[static_cast<std::size_t>(month_index)])];
  }
  // Every month at its mode.
  std::array<double, kMonths> modes() const {
    std::array<double, kMonths> out{};
    for (int m = 0; m < kMonths; ++m) out[static_cast<std::size_t>(m)] = (*this)[m].mode();
    return out;
  }
};

}  // namespace aqplan
