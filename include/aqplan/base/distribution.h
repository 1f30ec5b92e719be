// aqplan/base/distribution.h — the uncertain numbers of the model: a probability
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

#include <algorithm>
#include <array>
#include <bit>
#include <cstdint>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "aqplan/base/message.h"
#include "aqplan/base/metric.h"

namespace aqplan {

enum class DistKind { fixed, uniform, triangular, normal, lognormal, bernoulli };

// Invalid parameters of a distribution. what() is the reason in English,
// text() the same as a catalogue message (base/message.h) for diagnostics in
// the planner's language; a std::invalid_argument, so callers that catch
// that still do.
class DistributionError : public std::invalid_argument {
 public:
  explicit DistributionError(Text text) : std::invalid_argument(text.str()), text_(std::move(text)) {}
  const Text& text() const { return text_; }

 private:
  Text text_;
};

// "fixed", "uniform", "triangular", "normal", "lognormal", "bernoulli".
std::string_view kind_name(DistKind k);

class Distribution {
 public:
  // A fixed 0.
  Distribution() = default;

  // Factories. Each throws DistributionError (a std::invalid_argument) on
  // invalid parameters with a message without location, e.g. "min (0.5) is greater than max (0.3)",
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
// Its central branch, Φ⁻¹(0.5 + q) for |q| <= 0.425 (AS 241's first
// rational approximation): normal_quantile(p) == normal_quantile_central(p − 0.5)
// there. Inline and branch-free, so a loop over many values vectorises.
inline double normal_quantile_central(double q) noexcept {
    const double r = 0.180625 - q * q;
    return q * (((((((2.5090809287301226727e+3 * r + 3.3430575583588128105e+4) * r + 6.7265770927008700853e+4) * r +
                    4.5921953931549871457e+4) * r + 1.3731693765509461125e+4) * r + 1.9715909503065514427e+3) * r +
                 1.3314166789178437745e+2) * r + 3.3871328727963666080e0) /
           (((((((5.2264952788528545610e+3 * r + 2.8729085735721942674e+4) * r + 3.9307895800092710610e+4) * r +
                2.1213794301586595867e+4) * r + 5.3941960214247511077e+3) * r + 6.8718700749205790830e+2) * r +
             4.2313330701600911252e+1) * r + 1.0);
  }
// Its tail branches, Φ⁻¹(p) for |q| > 0.425 with q = p − 0.5 (only its sign
// is used), given r = √(−ln min(p, 1 − p)) (r > 1.6; callers compute it with
// detail::log_fast of src/kernels/fastmath.h, as normal_quantile does, so that both
// give the same bits): AS 241's two
// rational approximations in r − 1.6 (r ≤ 5) and r − 5 (r > 5). Inline and
// branch-free — the coefficients of the branch that applies are selected,
// then one polynomial pair is evaluated with exactly the operations of that
// branch — so a loop over many values vectorises:
// normal_quantile(p) == normal_quantile_tail(p − 0.5, √(−log_fast(min(p, 1 − p)))) there.
inline double normal_quantile_tail(double q, double r) noexcept {
  const bool near = r <= 5.0;
  const double t = r - (near ? 1.6 : 5.0);
  const double n7 = near ? 7.74545014278341407640e-4 : 2.01033439929228813265e-7;
  const double n6 = near ? 2.27238449892691845833e-2 : 2.71155556874348757815e-5;
  const double n5 = near ? 2.41780725177450611770e-1 : 1.24266094738807843860e-3;
  const double n4 = near ? 1.27045825245236838258e0 : 2.65321895265761230930e-2;
  const double n3 = near ? 3.64784832476320460504e0 : 2.96560571828504891230e-1;
  const double n2 = near ? 5.76949722146069140550e0 : 1.78482653991729133580e0;
  const double n1 = near ? 4.63033784615654529590e0 : 5.46378491116411436990e0;
  const double n0 = near ? 1.42343711074968357734e0 : 6.65790464350110377720e0;
  const double d7 = near ? 1.05075007164441684324e-9 : 2.04426310338993978564e-15;
  const double d6 = near ? 5.47593808499534494600e-4 : 1.42151175831644588870e-7;
  const double d5 = near ? 1.51986665636164571966e-2 : 1.84631831751005468180e-5;
  const double d4 = near ? 1.48103976427480074590e-1 : 7.86869131145613259100e-4;
  const double d3 = near ? 6.89767334985100004550e-1 : 1.48753612908506148525e-2;
  const double d2 = near ? 1.67638483018380384940e0 : 1.36929880922735805310e-1;
  const double d1 = near ? 2.05319162663775882187e0 : 5.99832206555887937690e-1;
  const double val = (((((((n7 * t + n6) * t + n5) * t + n4) * t + n3) * t + n2) * t + n1) * t + n0) /
                     (((((((d7 * t + d6) * t + d5) * t + d4) * t + d3) * t + d2) * t + d1) * t + 1.0);
  return q < 0 ? -val : val;
}
// The standard normal CDF Φ(x).
double normal_cdf(double x) noexcept;

namespace detail {
// sqrt(lower ? lower_arg : upper_arg) with one square root: the select done
// on the bits, which GCC does not move past the sqrt (with a plain ?: it
// vectorises as two square roots and a blend, twice the cost).
inline double sqrt_of_select(bool lower, double lower_arg, double upper_arg) noexcept {
  const std::uint64_t mask = std::uint64_t{0} - static_cast<std::uint64_t>(lower);
  const std::uint64_t bits =
      (std::bit_cast<std::uint64_t>(lower_arg) & mask) | (std::bit_cast<std::uint64_t>(upper_arg) & ~mask);
  return std::sqrt(std::bit_cast<double>(bits));
}
}  // namespace detail

// The triangular quantile, written once: Distribution::quantile and the
// sampler's vector loop over many draws both call it. Its parts are
// a = min, b = max, ba = b − a, ca = mode − a, bc = b − mode, fc = ca/ba;
// u in [0, 1]:
//   x = u < fc ? a + √(u·ba·ca) : b − √((1 − u)·ba·bc),   x = a when ba = 0.
// Branch-free, every operand computed and then selected, so a loop over it
// vectorises.
inline double triangular_quantile(double u, double a, double b, double ba, double ca, double bc, double fc) noexcept {
  const bool lower = u < fc;
  const double r = detail::sqrt_of_select(lower, u * ba * ca, (1.0 - u) * ba * bc);
  const double lower_x = a + r, upper_x = b - r;
  const double v = lower ? lower_x : upper_x;
  return ba == 0.0 ? a : v;
}

// Inline: called once per uncertain quantity per Monte Carlo sample.
inline double Distribution::quantile(double u) const noexcept {
  if (std::isnan(u)) u = 0.5;
  switch (kind_) {
    case DistKind::fixed: return p_[0];
    case DistKind::uniform: {
      u = std::clamp(u, 0.0, 1.0);
      return p_[0] + u * (p_[1] - p_[0]);
    }
    case DistKind::triangular: {
      const double a = p_[0], c = p_[1], b = p_[2];
      if (b == a) return a;
      return triangular_quantile(std::clamp(u, 0.0, 1.0), a, b, b - a, c - a, b - c, (c - a) / (b - a));
    }
    case DistKind::normal: {
      const double mu = p_[0], sd = p_[1], lo = p_[2], hi = p_[3];
      if (sd == 0) return mu;
      if (u <= 0) return lo;
      if (u >= 1) return hi;
      double z;
      if (reflected_) {
        z = -normal_quantile(cdf_lo_ + (1.0 - u) * (cdf_hi_ - cdf_lo_));
      } else {
        z = normal_quantile(cdf_lo_ + u * (cdf_hi_ - cdf_lo_));
      }
      return std::clamp(mu + sd * z, lo, hi);
    }
    case DistKind::lognormal: {
      if (p_[1] == 0) return p_[0];
      if (u <= 0) return 0.0;
      if (u >= 1) return kInf;
      return p_[0] * std::exp(p_[1] * normal_quantile(u));
    }
    case DistKind::bernoulli: return u <= 1.0 - p_[0] ? 0.0 : 1.0;
  }
  return 0.0;
}

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
  // The u-quantile of the mixture (u in [0, 1]): 0 while u ≤ p_on_time, then
  // late's quantile of the rest. quantile(0.5) is the median slip.
  double quantile(double u) const {
    if (u <= p_on_time) return 0.0;
    return late.quantile(std::min(1.0, (u - p_on_time) / (1.0 - p_on_time)));
  }
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
