#include "aqplan/evaluation.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numbers>

namespace aqplan {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double kEps = std::numeric_limits<double>::epsilon();

// Powers of ten for round_half_even; exact in binary up to 10^22.
constexpr std::array<double, 16> kPow10{1e0, 1e1, 1e2,  1e3,  1e4,  1e5,  1e6,  1e7,
                                        1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15};

// Standard normal CDF, accurate in both tails.
inline double normal_cdf(double t) { return 0.5 * std::erfc(-t * std::numbers::sqrt2 / 2.0); }

inline double normal_pdf(double t) {
  // 1/sqrt(2π)
  constexpr double kInvSqrt2Pi = 0.5 * std::numbers::inv_sqrtpi * std::numbers::sqrt2;
  return kInvSqrt2Pi * std::exp(-0.5 * t * t);
}

// Φ⁻¹(p) for p in (0, 1): P. J. Acklam's rational approximation (relative
// error 1.15e-9), refined by one Halley step on erfc to full double precision.
double normal_quantile(double p) {
  static constexpr double a[6] = {-3.969683028665376e+01, 2.209460984245205e+02, -2.759285104469687e+02,
                                  1.383577518672690e+02,  -3.066479806614716e+01, 2.506628277459239e+00};
  static constexpr double b[5] = {-5.447609879822406e+01, 1.615858368580409e+02, -1.556989798598866e+02,
                                  6.680131188771972e+01,  -1.328068155288572e+01};
  static constexpr double c[6] = {-7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838e+00,
                                  -2.549732539343734e+00, 4.374664141464968e+00,  2.938163982698783e+00};
  static constexpr double d[4] = {7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00,
                                  3.754408661907416e+00};
  constexpr double kLow = 0.02425;
  double x;
  if (p < kLow) {
    const double q = std::sqrt(-2.0 * std::log(p));
    x = (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) /
        ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1.0);
  } else if (p <= 1.0 - kLow) {
    const double q = p - 0.5;
    const double r = q * q;
    x = (((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q /
        (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1.0);
  } else {
    const double q = std::sqrt(-2.0 * std::log1p(-p));
    x = -(((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) /
        ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1.0);
  }
  // Halley refinement.
  const double e = normal_cdf(x) - p;
  const double u = e / normal_pdf(x);
  x -= u / (1.0 + 0.5 * x * u);
  return x;
}

// The months that take part in a weighted statistic, compacted.
struct ActiveMonths {
  std::array<double, kMonths> value{};
  std::array<double, kMonths> weight{};  // normalised to sum 1
  int count = 0;
};

// Fills `out` with the months of positive weight. False when a weight is
// negative or not finite, all weights are 0, or a weighted value fails
// `value_ok`.
template <class ValueOk>
bool collect(std::span<const double, kMonths> monthly, std::span<const double, kMonths> weights, ValueOk value_ok,
             ActiveMonths& out) {
  double total = 0.0;
  out.count = 0;
  for (int m = 0; m < kMonths; ++m) {
    const double w = weights[static_cast<std::size_t>(m)];
    if (!(w >= 0.0) || !std::isfinite(w)) return false;
    if (w == 0.0) continue;
    const double v = monthly[static_cast<std::size_t>(m)];
    if (!value_ok(v)) return false;
    out.value[static_cast<std::size_t>(out.count)] = v;
    out.weight[static_cast<std::size_t>(out.count)] = w;
    ++out.count;
    total += w;
  }
  if (out.count == 0 || !(total > 0.0) || !std::isfinite(total)) return false;
  for (int i = 0; i < out.count; ++i) out.weight[static_cast<std::size_t>(i)] /= total;
  return true;
}

// σ_d = 0: the day-weighted empirical quantile (see the header).
double empirical_weighted_quantile(ActiveMonths a, double q) {
  // Insertion sort by value, at most 12 entries.
  for (int i = 1; i < a.count; ++i) {
    const auto ui = static_cast<std::size_t>(i);
    const double v = a.value[ui], w = a.weight[ui];
    std::size_t j = ui;
    while (j > 0 && a.value[j - 1] > v) {
      a.value[j] = a.value[j - 1];
      a.weight[j] = a.weight[j - 1];
      --j;
    }
    a.value[j] = v;
    a.weight[j] = w;
  }
  constexpr double kTie = 1e-12;  // weights are normalised to sum 1
  double cumulative = 0.0;
  for (int i = 0; i < a.count; ++i) {
    const auto ui = static_cast<std::size_t>(i);
    cumulative += a.weight[ui];
    // Months sharing this value are counted together.
    if (i + 1 < a.count && a.value[ui + 1] == a.value[ui]) continue;
    if (cumulative > q + kTie) return a.value[ui];
    if (cumulative >= q - kTie) {
      // Exactly q below and at this value: the mixture's limit is the
      // geometric mean with the next larger value.
      return i + 1 < a.count ? std::sqrt(a.value[ui] * a.value[ui + 1]) : a.value[ui];
    }
  }
  return a.value[static_cast<std::size_t>(a.count - 1)];
}

double mixture_statistic(const ActiveMonths& a, double q, double sigma) {
  double lo = std::numeric_limits<double>::infinity();
  double hi = -lo;
  std::array<double, kMonths> log_v{};
  double mean_log = 0.0;
  for (int i = 0; i < a.count; ++i) {
    const auto ui = static_cast<std::size_t>(i);
    log_v[ui] = std::log(a.value[ui]);
    lo = std::min(lo, log_v[ui]);
    hi = std::max(hi, log_v[ui]);
    mean_log += a.weight[ui] * log_v[ui];
  }
  if (!(hi > lo)) {
    // Every weighted month has the same value: so does the mixture's quantile.
    for (int i = 0; i < a.count; ++i)
      if (log_v[static_cast<std::size_t>(i)] == lo) return a.value[static_cast<std::size_t>(i)];
  }
  if (sigma == 0.0) return empirical_weighted_quantile(a, q);

  const double z = normal_quantile(q);
  const double inv_sigma = 1.0 / sigma;
  // G(y) = Σ w_i Φ((y − ln V_i)/σ + z) − q is increasing in y = ln x, with
  // G(lo) ≤ 0 ≤ G(hi) (every term is ≤ Φ(z) = q at lo and ≥ q at hi).
  // G, G' and G'' (φ'(t) = −t·φ(t) costs nothing more).
  auto eval = [&](double y, double& g, double& dg, double& d2g) {
    g = -q;
    dg = 0.0;
    d2g = 0.0;
    for (int i = 0; i < a.count; ++i) {
      const auto ui = static_cast<std::size_t>(i);
      const double t = (y - log_v[ui]) * inv_sigma + z;
      const double pdf = a.weight[ui] * normal_pdf(t);
      g += a.weight[ui] * normal_cdf(t);
      dg += pdf;
      d2g -= t * pdf;
    }
    dg *= inv_sigma;
    d2g *= inv_sigma * inv_sigma;
  };

  // Start from a single lognormal with the mixture's log-mean and log-variance.
  double var_log = 0.0;
  for (int i = 0; i < a.count; ++i) {
    const auto ui = static_cast<std::size_t>(i);
    var_log += a.weight[ui] * (log_v[ui] - mean_log) * (log_v[ui] - mean_log);
  }
  double y = mean_log - sigma * z + std::sqrt(sigma * sigma + var_log) * z;
  if (!(y > lo && y < hi)) y = 0.5 * (lo + hi);

  constexpr double kTolerance = 1e-14;  // absolute, in ln x: ~1e-14 relative in x
  // Halley's method converges cubically, error ≈ C·step³ with C ~ 1/σ²: a
  // step below 1e-4·σ leaves an error of order 1e-12·σ, so it is accepted
  // without evaluating G once more.
  const double accept_step = 1e-4 * std::min(1.0, sigma);
  constexpr int kMaxIterations = 200;  // bisection alone needs < 60 for any bracket here
  // As in Numerical Recipes' rtsafe: bisect when the step leaves the bracket
  // or is not at most half the step before last (in the tails of the
  // months, G is nearly flat and curved, and the steps would only creep).
  double last_step = hi - lo, step_before_last = hi - lo;
  for (int iter = 0; iter < kMaxIterations; ++iter) {
    double g, dg, d2g;
    eval(y, g, dg, d2g);
    if (g == 0.0) break;
    if (g < 0.0) lo = y;
    else hi = y;
    // Halley step; the Newton step when the Halley denominator is unsafe.
    const double denominator = 2.0 * dg * dg - g * d2g;
    double next = denominator > dg * dg ? y - 2.0 * g * dg / denominator : y - g / dg;
    // (NaN or infinite steps, from dg == 0, fail the comparisons too.)
    const bool newton = next > lo && next < hi && std::abs(next - y) <= 0.5 * step_before_last;
    if (!newton) next = 0.5 * (lo + hi);
    const double step = std::abs(next - y);
    step_before_last = last_step;
    last_step = step;
    y = next;
    if (newton && step <= accept_step) break;
    if (step <= kTolerance * std::max(1.0, std::abs(y)) || hi - lo <= kTolerance * std::max(1.0, std::abs(y))) break;
  }
  return std::exp(y);
}

bool positive_finite(double v) { return v > 0.0 && std::isfinite(v); }

}  // namespace

// ---------------------------------------------------------------------------

double hj663_rank(std::size_t n, double p) {
  if (n == 0 || !(p >= 0.0 && p <= 1.0)) return kNaN;
  double k = 1.0 + static_cast<double>(n - 1) * p;
  // p is a decimal (0.95, 0.9) that binary cannot hold exactly; a rank a few
  // ulps away from an integer is that integer.
  const double nearest = std::nearbyint(k);
  if (std::abs(k - nearest) <= 4.0 * kEps * k) k = nearest;
  return k;
}

// HJ 663-2013 (环境空气质量评价技术规范（试行）), percentile calculation
// (百分位数计算方法):
//   (1) sort the n concentrations ascending, X(1) ≤ X(2) ≤ … ≤ X(n);
//   (2) the rank of the p-th percentile is k = 1 + (n − 1) × p%;
//   (3) m_p = X(s) + (X(s+1) − X(s)) × (k − s), s the integer part of k
//       (when s = n, m_p = X(n)).
double hj663_percentile(std::span<double> values, double p) {
  const std::size_t n = values.size();
  const double k = hj663_rank(n, p);
  if (std::isnan(k)) return kNaN;
  for (double v : values)
    if (std::isnan(v)) return kNaN;
  const double s_real = std::floor(k);
  const auto s = static_cast<std::size_t>(s_real);  // 1-based, 1 ≤ s ≤ n
  auto nth = values.begin() + static_cast<std::ptrdiff_t>(s - 1);
  std::nth_element(values.begin(), nth, values.end());
  const double xs = *nth;
  const double frac = k - s_real;
  if (s >= n || frac == 0.0) return xs;
  // X(s+1) is the smallest value after the s-th after nth_element.
  const double xs1 = *std::min_element(nth + 1, values.end());
  return xs + (xs1 - xs) * frac;
}

// GB/T 8170-2008 数值修约规则 (rounding rules), §3.2: a digit 5 followed by
// nothing (or only zeros) is dropped when the digit before it is even and
// rounds up when it is odd (四舍六入五成双); a 5 followed by non-zero
// digits rounds up; negative numbers round by their absolute value.
double round_half_even(double value, int decimals) {
  if (!std::isfinite(value)) return value;
  if (decimals < 0 || decimals >= static_cast<int>(kPow10.size())) return kNaN;
  const double scale = kPow10[static_cast<std::size_t>(decimals)];
  const double scaled = std::abs(value) * scale;
  constexpr double kTwo52 = 4503599627370496.0;
  if (scaled >= kTwo52) return value;
  const double floor_part = std::floor(scaled);
  const double frac = scaled - floor_part;  // exact below 2^52
  // The decimal the caller means may sit a few ulps from the binary value;
  // scaling adds at most one more rounding. 8 ulps of `scaled` covers both.
  const double tolerance = 8.0 * kEps * scaled;
  double rounded;
  if (std::abs(frac - 0.5) <= tolerance) {
    rounded = std::fmod(floor_part, 2.0) == 0.0 ? floor_part : floor_part + 1.0;
  } else {
    rounded = frac < 0.5 ? floor_part : floor_part + 1.0;
  }
  if (rounded == 0.0) return 0.0;
  const double result = rounded / scale;  // correctly rounded: the double nearest the decimal
  return value < 0.0 ? -result : result;
}

bool meets_target(double value, double target, Metric m) { return meets_target_decimals(value, target, decimals(m)); }

bool meets_target_decimals(double value, double target, int decimals) {
  return round_half_even(value, decimals) <= target;  // false for NaN
}

MonthlyValues month_days(int year) {
  MonthlyValues d{};
  for (int m = 1; m <= kMonths; ++m) d[static_cast<std::size_t>(m - 1)] = days_in_month(year, m);
  return d;
}

double annual_mean(std::span<const double, kMonths> monthly, int year) {
  const MonthlyValues days = month_days(year);
  return annual_mean(monthly, std::span<const double, kMonths>(days));
}

double annual_mean(std::span<const double, kMonths> monthly, std::span<const double, kMonths> weights) {
  ActiveMonths a;
  if (!collect(monthly, weights, [](double v) { return std::isfinite(v); }, a)) return kNaN;
  double sum = 0.0;
  for (int i = 0; i < a.count; ++i) sum += a.weight[static_cast<std::size_t>(i)] * a.value[static_cast<std::size_t>(i)];
  return sum;
}

double annual_percentile_statistic(std::span<const double, kMonths> monthly, double q, double sigma_d, int year) {
  const MonthlyValues days = month_days(year);
  return annual_percentile_statistic(monthly, std::span<const double, kMonths>(days), q, sigma_d);
}

double annual_percentile_statistic(std::span<const double, kMonths> monthly,
                                   std::span<const double, kMonths> weights, double q, double sigma_d) {
  if (!(q > 0.0 && q < 1.0) || !(sigma_d >= 0.0) || !std::isfinite(sigma_d)) return kNaN;
  ActiveMonths a;
  if (!collect(monthly, weights, positive_finite, a)) return kNaN;
  return mixture_statistic(a, q, sigma_d);
}

DispersionFit calibrate_daily_dispersion(std::span<const double, kMonths> monthly, double annual_value, double q,
                                         int year) {
  const MonthlyValues days = month_days(year);
  return calibrate_daily_dispersion(monthly, std::span<const double, kMonths>(days), annual_value, q);
}

DispersionFit calibrate_daily_dispersion(std::span<const double, kMonths> monthly,
                                         std::span<const double, kMonths> weights, double annual_value, double q) {
  DispersionFit fit;
  fit.sigma_d = kNaN;
  fit.achieved = kNaN;
  fit.reachable_min = kNaN;
  fit.reachable_max = kNaN;
  ActiveMonths a;
  if (!(q > 0.0 && q < 1.0) || !positive_finite(annual_value) || !collect(monthly, weights, positive_finite, a))
    return fit;  // invalid_input

  // Scan grid: σ_d = 0, 0.01, …, 3.00.
  constexpr int kSteps = 300;
  constexpr double kMaxSigma = 3.0;
  constexpr double kSigmaTolerance = 1e-12;
  auto sigma_at = [&](int i) { return kMaxSigma * static_cast<double>(i) / kSteps; };
  auto f = [&](double sigma) { return mixture_statistic(a, q, sigma) - annual_value; };

  double lo_sigma = kNaN, hi_sigma = kNaN;
  bool exact = false;
  double prev = f(0.0);
  fit.reachable_min = fit.reachable_max = prev + annual_value;
  if (prev == 0.0) {
    exact = true;
    lo_sigma = hi_sigma = 0.0;
    fit.roots = 1;
  }
  for (int i = 1; i <= kSteps; ++i) {
    const double sigma = sigma_at(i);
    const double cur = f(sigma);
    fit.reachable_min = std::min(fit.reachable_min, cur + annual_value);
    fit.reachable_max = std::max(fit.reachable_max, cur + annual_value);
    // A root at a grid point counts once (with the interval that ends there).
    const bool crosses = cur == 0.0 || (prev != 0.0 && (prev < 0.0) != (cur < 0.0));
    if (crosses) {
      ++fit.roots;
      if (std::isnan(lo_sigma)) {
        lo_sigma = sigma_at(i - 1);
        hi_sigma = sigma;
        exact = cur == 0.0;
        if (exact) lo_sigma = sigma;
      }
    }
    prev = cur;
  }
  if (std::isnan(lo_sigma)) {
    fit.status = DispersionFitStatus::not_reproducible;
    return fit;
  }
  if (!exact) {
    // Bisection: f(lo) and f(hi) have opposite signs.
    double f_lo = f(lo_sigma);
    while (hi_sigma - lo_sigma > kSigmaTolerance) {
      const double mid = 0.5 * (lo_sigma + hi_sigma);
      if (mid <= lo_sigma || mid >= hi_sigma) break;
      const double f_mid = f(mid);
      if (f_mid == 0.0) {
        lo_sigma = hi_sigma = mid;
        break;
      }
      if ((f_mid < 0.0) == (f_lo < 0.0)) {
        lo_sigma = mid;
        f_lo = f_mid;
      } else {
        hi_sigma = mid;
      }
    }
  }
  fit.sigma_d = 0.5 * (lo_sigma + hi_sigma);
  fit.achieved = mixture_statistic(a, q, fit.sigma_d);
  fit.status = DispersionFitStatus::ok;
  return fit;
}

CompositeIndex composite_index(std::span<const double, kMetricCount> annual, const CompositeIndexTable& table) {
  CompositeIndex out;
  double best = -std::numeric_limits<double>::infinity();
  for (int i = 0; i < kMetricCount; ++i) {
    const auto ui = static_cast<std::size_t>(i);
    const double c = round_half_even(annual[ui], table.decimals[ui]);
    const double term = table.weight[ui] * c / table.divisor[ui];
    out.terms[ui] = term;
    out.index += term;
    if (term > best) {
      best = term;
      out.primary = kMetrics[ui];
    }
  }
  return out;
}

}  // namespace aqplan
