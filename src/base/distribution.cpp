#include "aqplan/base/distribution.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include <fmt/format.h>

#include "base/messages.h"
#include "kernels/fastmath.h"

namespace aqplan {

namespace {

constexpr double kSqrt2 = 1.41421356237309504880;
constexpr double kSqrt2Pi = 2.50662827463100050242;

// Standard normal density.
double phi_pdf(double x) { return std::exp(-0.5 * x * x) / kSqrt2Pi; }

void require_finite(double v, const char* what) {
  if (!std::isfinite(v)) throw DistributionError(Text(msg::dist_not_finite, what, v));
}

}  // namespace

double normal_cdf(double x) noexcept { return 0.5 * std::erfc(-x / kSqrt2); }

// Wichura's algorithm AS 241 (PPND16, Applied Statistics 37:477–484, 1988):
// rational approximations accurate to about 1e-16 relative, with no call to
// erfc or exp, so it is cheap enough for the per-sample weather draws.
double normal_quantile(double p) noexcept {
  if (!(p > 0.0)) return -Distribution::kInf;
  if (!(p < 1.0)) return Distribution::kInf;
  const double q = p - 0.5;
  if (std::fabs(q) <= 0.425) return normal_quantile_central(q);
  // deterministic on every machine (fastmath.h); the same r as the Sampler's weather.
  const double r = std::sqrt(-detail::log_fast(q < 0 ? p : 1.0 - p));
  return normal_quantile_tail(q, r);
}
std::string_view kind_name(DistKind k) {
  switch (k) {
    case DistKind::fixed: return "fixed";
    case DistKind::uniform: return "uniform";
    case DistKind::triangular: return "triangular";
    case DistKind::normal: return "normal";
    case DistKind::lognormal: return "lognormal";
    case DistKind::bernoulli: return "bernoulli";
  }
  return "?";
}

Distribution Distribution::fixed(double value) {
  require_finite(value, "value");
  Distribution d;
  d.kind_ = DistKind::fixed;
  d.p_ = {value, 0, 0, 0};
  return d;
}

Distribution Distribution::uniform(double min, double max) {
  require_finite(min, "min");
  require_finite(max, "max");
  if (min > max) throw DistributionError(Text(msg::dist_min_above_max, min, max));
  Distribution d;
  d.kind_ = DistKind::uniform;
  d.p_ = {min, max, 0, 0};
  return d;
}

Distribution Distribution::triangular(double min, double mode, double max) {
  require_finite(min, "min");
  require_finite(mode, "mode");
  require_finite(max, "max");
  if (min > max) throw DistributionError(Text(msg::dist_min_above_max, min, max));
  if (mode < min || mode > max)
    throw DistributionError(Text(msg::dist_mode_outside, mode, min, max));
  Distribution d;
  d.kind_ = DistKind::triangular;
  d.p_ = {min, mode, max, 0};
  return d;
}

Distribution Distribution::normal(double mean, double sd, double lo, double hi) {
  require_finite(mean, "mean");
  require_finite(sd, "sd");
  if (std::isnan(lo) || lo == kInf) throw DistributionError(Text(msg::dist_invalid_bound, "min", lo));
  if (std::isnan(hi) || hi == -kInf) throw DistributionError(Text(msg::dist_invalid_bound, "max", hi));
  if (sd < 0) throw DistributionError(Text(msg::dist_negative, "sd", sd));
  if (lo >= hi) throw DistributionError(Text(msg::dist_min_not_below_max, lo, hi));
  Distribution d;
  d.kind_ = DistKind::normal;
  d.p_ = {mean, sd, lo, hi};
  if (sd > 0) {
    const double alpha = (lo - mean) / sd;
    const double beta = (hi - mean) / sd;
    // Work in the lower tail, where Φ is accurate: reflect when the whole
    // range lies above the mean.
    d.reflected_ = alpha > 0;
    d.cdf_lo_ = d.reflected_ ? normal_cdf(-beta) : normal_cdf(alpha);
    d.cdf_hi_ = d.reflected_ ? normal_cdf(-alpha) : normal_cdf(beta);
    if (!(d.cdf_hi_ > d.cdf_lo_))
      throw DistributionError(Text(msg::dist_no_mass, lo, hi, mean, sd));
  } else if (mean < lo || mean > hi) {
    throw DistributionError(Text(msg::dist_mean_outside, mean, lo, hi));
  }
  return d;
}

Distribution Distribution::lognormal(double median, double sigma) {
  require_finite(median, "median");
  require_finite(sigma, "sigma");
  if (median <= 0) throw DistributionError(Text(msg::dist_not_positive, "median", median));
  if (sigma < 0) throw DistributionError(Text(msg::dist_negative, "sigma", sigma));
  Distribution d;
  d.kind_ = DistKind::lognormal;
  d.p_ = {median, sigma, 0, 0};
  return d;
}

Distribution Distribution::bernoulli(double p) {
  require_finite(p, "p");
  if (p < 0 || p > 1) throw DistributionError(Text(msg::dist_p_outside, p));
  Distribution d;
  d.kind_ = DistKind::bernoulli;
  d.p_ = {p, 0, 0, 0};
  return d;
}

double Distribution::mode() const {
  switch (kind_) {
    case DistKind::fixed: return p_[0];
    case DistKind::uniform: return 0.5 * (p_[0] + p_[1]);
    case DistKind::triangular: return p_[1];
    case DistKind::normal: return std::clamp(p_[0], p_[2], p_[3]);
    case DistKind::lognormal: return p_[0] * std::exp(-p_[1] * p_[1]);
    case DistKind::bernoulli: return p_[0] >= 0.5 ? 1.0 : 0.0;
  }
  return 0.0;
}

double Distribution::mean() const {
  switch (kind_) {
    case DistKind::fixed: return p_[0];
    case DistKind::uniform: return 0.5 * (p_[0] + p_[1]);
    case DistKind::triangular: return (p_[0] + p_[1] + p_[2]) / 3.0;
    case DistKind::normal: {
      const double mu = p_[0], sd = p_[1];
      if (sd == 0) return mu;
      const double alpha = (p_[2] - mu) / sd, beta = (p_[3] - mu) / sd;
      const double pa = std::isfinite(alpha) ? phi_pdf(alpha) : 0.0;
      const double pb = std::isfinite(beta) ? phi_pdf(beta) : 0.0;
      const double shift = (pa - pb) / (cdf_hi_ - cdf_lo_);
      return std::clamp(mu + sd * shift, p_[2], p_[3]);
    }
    case DistKind::lognormal: return p_[0] * std::exp(0.5 * p_[1] * p_[1]);
    case DistKind::bernoulli: return p_[0];
  }
  return 0.0;
}

double Distribution::min() const {
  switch (kind_) {
    case DistKind::fixed: return p_[0];
    case DistKind::uniform:
    case DistKind::triangular: return p_[0];
    case DistKind::normal: return p_[1] == 0 ? p_[0] : p_[2];
    case DistKind::lognormal: return p_[1] == 0 ? p_[0] : 0.0;
    case DistKind::bernoulli: return p_[0] == 1 ? 1.0 : 0.0;
  }
  return 0.0;
}

double Distribution::max() const {
  switch (kind_) {
    case DistKind::fixed: return p_[0];
    case DistKind::uniform: return p_[1];
    case DistKind::triangular: return p_[2];
    case DistKind::normal: return p_[1] == 0 ? p_[0] : p_[3];
    case DistKind::lognormal: return p_[1] == 0 ? p_[0] : kInf;
    case DistKind::bernoulli: return p_[0] == 0 ? 0.0 : 1.0;
  }
  return 0.0;
}

std::string Distribution::describe() const {
  switch (kind_) {
    case DistKind::fixed: return fmt::format("{}", p_[0]);
    case DistKind::uniform: return fmt::format("uniform({}, {})", p_[0], p_[1]);
    case DistKind::triangular: return fmt::format("triangular({}, {}, {})", p_[0], p_[1], p_[2]);
    case DistKind::normal:
      if (std::isinf(p_[2]) && std::isinf(p_[3])) return fmt::format("normal({}, {})", p_[0], p_[1]);
      return fmt::format("normal({}, {}, [{}, {}])", p_[0], p_[1], p_[2], p_[3]);
    case DistKind::lognormal: return fmt::format("lognormal(median {}, sigma {})", p_[0], p_[1]);
    case DistKind::bernoulli: return fmt::format("bernoulli({})", p_[0]);
  }
  return "?";
}

}  // namespace aqplan
