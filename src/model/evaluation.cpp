#include "aqplan/model/evaluation.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include "aqplan/base/distribution.h"
#include "kernels/fastmath.h"
#include "kernels/months.h"
#include "kernels/dispatch.h"

namespace aqplan {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

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

// Bounds on the derivatives of Φ by Cramér's inequality |He_n(t)|·e^{−t²/4}
// ≤ 1.086435·√(n!), so |Φ^{(n+1)}(t)| = |He_n(t)·φ(t)| ≤ 0.433426·√(n!),
// rounded up: for the degree-16 Taylor polynomial of Φ, the remainder bound
// |Φ⁽¹⁷⁾|/17!, its derivative's |Φ⁽¹⁷⁾|/16!, and |Φ''| ≤ 0.4335. Degree 16
// (not 8) so that one pass usually suffices even when the start is ~0.5σ_d
// from the root (o3: months far apart relative to σ_d): the remainder bound
// at |u| = 0.5 is 4e-14, at degree 8 it was 5e-7.
constexpr int kTaylorDegree = 16;
constexpr double kRemainder = 5.58e-9;       // 0.433426·√(16!)/17!
constexpr double kRemainderSlope = 9.48e-8;  // 0.433426·√(16!)/16!
constexpr double kMaxSecond = 0.4335;
// 1/k! for the Taylor coefficients (rounded; the computed coefficients are
// the exact ones of a polynomial within ~1e-16 relative of the Taylor
// polynomial, far inside the acceptance bounds).
constexpr std::array<double, kTaylorDegree + 1> kInverseFactorial = [] {
  std::array<double, kTaylorDegree + 1> f{};
  double factorial = 1.0;
  f[0] = 1.0;
  for (int k = 1; k <= kTaylorDegree; ++k) {
    factorial *= static_cast<double>(k);  // exact up to 22!
    f[static_cast<std::size_t>(k)] = 1.0 / factorial;
  }
  return f;
}();        // 0.433426·√(1!)

// Σ of twelve values held in vector lanes (months.h), in a fixed order:
// four interleaved partial sums p[j] = (v[j] + v[j+4]) + v[j+8] (lane j of
// (v0 + v1) + v2), then pairwise. Same bits in every build.
AQPLAN_ALWAYS_INLINE double sum12(const detail::M12& x) {
  const detail::V4 p = (x.v[0] + x.v[1]) + x.v[2];
  return (p[0] + p[1]) + (p[2] + p[3]);
}

// The solve of mixture_statistic on y = ln x for σ > 0. w: twelve weights
// summing to 1 (0 = month skipped), l: ln V (any finite value where w = 0),
// [lo, hi] the bracket of ln V over weighted months (lo < hi), y the start.
// A numeric kernel: one solver loop, kept whole.
// NOLINTNEXTLINE(readability-function-size)
AQPLAN_ALWAYS_INLINE double solve_mixture(const double* __restrict w, const double* __restrict l, double q, double z,
                                          double sigma, double inv_sigma, double lo, double hi, double y) {
  // G(y) = Σ w_i Φ(t_i) − q, t_i = (y − l_i)/σ + z, is increasing in y with
  // G(lo) ≤ 0 ≤ G(hi). In u = (y' − y)/σ every t_i moves by u, so
  //   G(y + σu) = g + Σ_{k=1..K} (−1)^{k−1} m_{k−1}·u^k/k! + R(u),
  //   m_k = Σ w_i He_k(t_i)·φ(t_i),  |R(u)| ≤ kRemainder·|u|^{K+1}, K = 16,
  // from ONE evaluation of Φ/φ per month (He_k: probabilists' Hermite
  // polynomials, He_{k+1} = t·He_k − k·He_{k−1}).
  constexpr double kTolerance = 1e-13;  // absolute in ln x, i.e. relative in x
  constexpr double kEpsilon = std::numeric_limits<double>::epsilon();
  constexpr double kMaxPolyStep = 1.5;  // |u| beyond which the polynomial is no guide
  constexpr int kMaxIterations = 200;   // bisection alone needs < 60 for any bracket here
  constexpr int kMaxNewton = 12;        // Newton steps on the polynomial per pass
  // Newton on the polynomial stops once its step is this fraction of the
  // distance by which the Taylor remainder may move the root (iterating
  // further would not make the next pass's start any better).
  constexpr double kUsefulPrecision = 1e-3;
  constexpr int K = kTaylorDegree;
  using detail::M12;
  const M12 wv = detail::load12(w), lv = detail::load12(l);
  double last_step = hi - lo, step_before_last = hi - lo;
  for (int iter = 0; iter < kMaxIterations; ++iter) {
    // Per-month terms w_i·Φ(t_i) and w_i·He_k(t_i)·φ(t_i), twelve lanes at
    // a time (months.h), each summed by sum12 as soon as it is made.
    alignas(32) double ts[kMonths], cdf[kMonths], pdf[kMonths];
    const M12 t = (y - lv) * inv_sigma + z;
    detail::store12(ts, t);
    detail::normal_cdf_pdf_12(ts, cdf, pdf);
    const M12 wp = wv * detail::load12(pdf);
    const double g = sum12(wv * detail::load12(cdf)) - q;
    double m[K];
    M12 h0 = detail::splat12(1.0), h1 = t;
    m[0] = sum12(wp);
    m[1] = sum12(wp * h1);
    for (int k = 1; k + 1 < K; ++k) {
      const M12 h2 = t * h1 - static_cast<double>(k) * h0;
      m[k + 1] = sum12(wp * h2);
      h0 = h1;
      h1 = h2;
    }
    if (g == 0.0) break;
    if (g < 0.0) lo = y;
    else hi = y;
    const double tol = kTolerance + 4.0 * kEpsilon * std::abs(y);

    // Coefficients of the Taylor polynomial P(u) = g + Σ c[k]·u^k and of
    // P'(u) = Σ d[k]·u^k.
    double c[K + 1], d[K];
    c[0] = g;
    for (int k = 1; k <= K; ++k) {
      c[k] = (k % 2 == 1 ? m[k - 1] : -m[k - 1]) * kInverseFactorial[k];
      d[k - 1] = static_cast<double>(k) * c[k];
    }
    static_assert(K == 16, "poly below is Estrin's scheme for degree 16");
    // P(u), P'(u) by Estrin's scheme (dependency chains of ~8 operations
    // instead of Horner's 32); also u^16 for the remainder bounds.
    auto estrin16 = [](const double* a, double u, double u2, double u4, double u8) {
      double e1[8], e2[4];
      for (int j = 0; j < 8; ++j) e1[j] = a[2 * j] + a[2 * j + 1] * u;
      for (int j = 0; j < 4; ++j) e2[j] = e1[2 * j] + e1[2 * j + 1] * u2;
      return (e2[0] + e2[1] * u4) + (e2[2] + e2[3] * u4) * u8;  // a[0..15]
    };
    auto poly = [&](double u, double& pv, double& dp, double& u16) {
      const double u2 = u * u, u4 = u2 * u2, u8 = u4 * u4;
      u16 = u8 * u8;
      pv = estrin16(c, u, u2, u4, u8) + c[16] * u16;
      dp = estrin16(d, u, u2, u4, u8);
    };
    // Its root by Newton, started from the Halley step of P at u = 0 (P is
    // increasing near its root whenever the Taylor model is any good).
    // At each iterate u, accept y + σ(u − P/P') as soon as the root of G
    // provably lies within tol of it: |G(u)| ≤ |P(u)| + kRemainder·|u|^17 =: r
    // and G' ≥ s := P'(u) − kRemainderSlope·u^16 nearby, so the root is within
    // 2r/s of u (when kMaxSecond·2r/s ≤ s/2, i.e. the slope holds over that
    // distance), and u − P/P' within |P|/P' ≤ r/s of u: 3r/s in all.
    const double halley_den = c[1] * c[1] - g * c[2];
    double u = halley_den > 0.5 * c[1] * c[1] ? -g * c[1] / halley_den : -g / c[1];
    bool have_root = false;
    for (int k = 0; k < kMaxNewton; ++k) {
      if (!(std::abs(u) <= kMaxPolyStep)) break;
      double pv, dp, u16;
      poly(u, pv, dp, u16);
      if (!(dp > 0.0)) break;
      const double du = pv / dp;
      const double au = std::abs(u);
      const double remainder = kRemainder * u16 * au;
      const double r = std::abs(pv) + remainder;
      const double s = dp - kRemainderSlope * u16;
      const double accepted = y + sigma * (u - du);
      if (s > 0.0 && 4.0 * kMaxSecond * r <= s * s && sigma * 3.0 * r <= tol * s && accepted >= lo &&
          accepted <= hi)
        return detail::exp_fast(accepted);
      u -= du;
      const double adu = std::abs(du);
      if (adu <= 4.0 * kEpsilon * (1.0 + std::abs(u)) || adu * dp <= kUsefulPrecision * remainder) {
        have_root = std::abs(u) <= kMaxPolyStep;
        break;
      }
    }
    double next;
    if (have_root) {
      next = y + sigma * u;
    } else {
      // Halley step on G (derivatives in u: m0, −m1); Newton when unsafe.
      const double denominator = 2.0 * m[0] * m[0] + g * m[1];
      const double u_step = denominator > m[0] * m[0] ? -2.0 * g * m[0] / denominator : -g / m[0];
      next = y + sigma * u_step;
    }
    // As in Numerical Recipes' rtsafe: bisect when the step leaves the
    // bracket or is not at most half the step before last. (NaN or infinite
    // steps fail the comparisons too.)
    const bool inside = next > lo && next < hi && std::abs(next - y) <= 0.5 * step_before_last;
    if (!inside) next = 0.5 * (lo + hi);
    const double step = std::abs(next - y);
    step_before_last = last_step;
    last_step = step;
    y = next;
    if (step <= tol || hi - lo <= tol) break;
  }
  return detail::exp_fast(y);
}

// The annual statistic for weights already validated and normalised
// (w_i ≥ 0, Σ w_i = 1), σ ≥ 0, z = Φ⁻¹(q). NaN when a weighted value is not
// positive and finite.
AQPLAN_ALWAYS_INLINE double mixture_statistic_body(const double* __restrict w, const double* __restrict monthly,
                                                   double q, double z, double sigma, double inv_sigma) {
  // A weighted month (w > 0) needs a positive, finite value (NaN fails);
  // l = its value, 1 elsewhere (so that ln l is finite). Branch-free, twelve
  // months at once (months.h).
  alignas(32) std::array<double, kMonths> l;
  bool ok;
  {
    const detail::M12 wv = detail::load12(w), v = detail::load12(monthly);
    const detail::V4 one = {1.0, 1.0, 1.0, 1.0};
    detail::V4Mask bad = {0, 0, 0, 0};
    detail::M12 lv;
    for (int i = 0; i < 3; ++i) {
      const detail::V4Mask used = wv.v[i] > 0.0, positive = v.v[i] > 0.0;
      bad |= used & ~(positive & (v.v[i] <= std::numeric_limits<double>::max()));
      lv.v[i] = (used & positive) ? v.v[i] : one;
    }
    ok = (bad[0] | bad[1] | bad[2] | bad[3]) == 0;
    detail::store12(l.data(), lv);
  }
  if (!ok) return kNaN;
  for (std::size_t i = 0; i < kMonths; ++i) l[i] = detail::log_fast(l[i]);
  // Over weighted months only, without branches: a skipped month adds +0 to
  // the mean (which is never −0, so the sum is unchanged) and leaves lo, hi.
  double lo = std::numeric_limits<double>::infinity();
  double hi = -lo;
  double mean_log = 0.0;
  for (std::size_t i = 0; i < kMonths; ++i) {
    const bool used = w[i] > 0.0;
    lo = used ? std::min(lo, l[i]) : lo;
    hi = used ? std::max(hi, l[i]) : hi;
    mean_log += used ? w[i] * l[i] : 0.0;
  }
  if (!(hi > lo)) {
    // Every weighted month has the same value: so does the mixture's quantile.
    for (std::size_t i = 0; i < kMonths; ++i)
      if (w[i] > 0.0 && l[i] == lo) return monthly[i];
  }
  if (sigma == 0.0) {
    ActiveMonths a;
    for (std::size_t i = 0; i < kMonths; ++i) {
      if (!(w[i] > 0.0)) continue;
      a.value[static_cast<std::size_t>(a.count)] = monthly[i];
      a.weight[static_cast<std::size_t>(a.count)] = w[i];
      ++a.count;
    }
    return empirical_weighted_quantile(a, q);
  }
  // Start from a single lognormal with the mixture's log-mean and log-variance.
  double var_log = 0.0;
  for (std::size_t i = 0; i < kMonths; ++i) var_log += w[i] * (l[i] - mean_log) * (l[i] - mean_log);
  double y = mean_log - sigma * z + std::sqrt(sigma * sigma + var_log) * z;
  if (!(y > lo && y < hi)) y = 0.5 * (lo + hi);
  return solve_mixture(w, l.data(), q, z, sigma, inv_sigma, lo, hi, y);
}

// mixture_statistic_body as a kernel (kernels/dispatch.h); every level
// gives the same bits.
struct MixtureKernel {
  template <SimdLevel>
  AQPLAN_ALWAYS_INLINE static double run(const double* w, const double* monthly, double q, double z, double sigma,
                                         double inv_sigma) {
    return mixture_statistic_body(w, monthly, q, z, sigma, inv_sigma);
  }
};

double mixture_statistic(const double* w, const double* monthly, double q, double z, double sigma, double inv_sigma) {
  return kernels::dispatch<MixtureKernel>(w, monthly, q, z, sigma, inv_sigma);
}

bool positive_finite(double v) { return v > 0.0 && std::isfinite(v); }

}  // namespace

// ---------------------------------------------------------------------------

bool meets_target(double value, double target, int decimals) {
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
  return MeanStatistic(weights)(monthly);
}

namespace {
// The prepared statistics' weights: each divided by their sum, in month
// order (as collect() does). False when a weight is negative or not finite,
// or they sum to 0 or overflow.
bool normalise_weights(std::span<const double, kMonths> weights, std::array<double, kMonths>& out) noexcept {
  double total = 0.0;
  for (double w : weights) {
    if (!(w >= 0.0) || !std::isfinite(w)) return false;
    total += w;
  }
  if (!(total > 0.0) || !std::isfinite(total)) return false;
  for (std::size_t m = 0; m < kMonths; ++m) out[m] = weights[m] / total;
  return true;
}
}  // namespace

MeanStatistic::MeanStatistic(std::span<const double, kMonths> weights) noexcept
    : valid_(normalise_weights(weights, weight_)) {}

double MeanStatistic::operator()(std::span<const double, kMonths> monthly) const noexcept {
  if (!valid_) return kNaN;
  // Weighted months in month order, without branches: a skipped month adds
  // +0 (to a sum that starts at +0, so nothing changes).
  double sum = 0.0;
  for (std::size_t m = 0; m < kMonths; ++m) sum += weight_[m] > 0.0 ? weight_[m] * monthly[m] : 0.0;
  if (std::isfinite(sum)) return sum;  // then every weighted month was finite
  // A weighted month not finite (NaN), or finite values overflowing the sum.
  for (std::size_t m = 0; m < kMonths; ++m)
    if (weight_[m] > 0.0 && !std::isfinite(monthly[m])) return kNaN;
  return sum;
}

double annual_percentile_statistic(std::span<const double, kMonths> monthly, double q, double sigma_d, int year) {
  const MonthlyValues days = month_days(year);
  return annual_percentile_statistic(monthly, std::span<const double, kMonths>(days), q, sigma_d);
}

double annual_percentile_statistic(std::span<const double, kMonths> monthly,
                                   std::span<const double, kMonths> weights, double q, double sigma_d) {
  return PercentileStatistic(weights, q, sigma_d)(monthly);
}

PercentileStatistic::PercentileStatistic(std::span<const double, kMonths> weights, double q, double sigma_d) noexcept {
  if (!(q > 0.0 && q < 1.0) || !(sigma_d >= 0.0) || !std::isfinite(sigma_d)) return;
  if (!normalise_weights(weights, weight_)) return;
  q_ = q;
  sigma_ = sigma_d;
  inv_sigma_ = sigma_d > 0.0 ? 1.0 / sigma_d : 0.0;
  z_ = normal_quantile(q);
  valid_ = true;
}

double PercentileStatistic::operator()(std::span<const double, kMonths> monthly) const noexcept {
  if (!valid_) return kNaN;
  return mixture_statistic(weight_.data(), monthly.data(), q_, z_, sigma_, inv_sigma_);
}

namespace {
// PercentileStatistic::sensitivity without daily spread: x is one weighted
// month's value (or months equal to it), or the geometric mean of the two
// weighted months around it.
std::array<double, kMonths> empirical_sensitivity(const std::array<double, kMonths>& weight,
                                                  std::span<const double, kMonths> monthly, double x) noexcept {
  std::array<double, kMonths> g{};
  int equal = 0;
  std::size_t lo = kMonths, hi = kMonths;
  for (std::size_t m = 0; m < kMonths; ++m) {
    if (!(weight[m] > 0.0)) continue;
    const double v = monthly[m];
    if (v == x) ++equal;
    else if (v < x && (lo == kMonths || v > monthly[lo])) lo = m;
    else if (v > x && (hi == kMonths || v < monthly[hi])) hi = m;
  }
  for (std::size_t m = 0; m < kMonths; ++m)
    if (weight[m] > 0.0 && monthly[m] == x) g[m] = 1.0 / equal;
  if (equal == 0 && lo < kMonths && hi < kMonths) {
    g[lo] = x / (2.0 * monthly[lo]);
    g[hi] = x / (2.0 * monthly[hi]);
  }
  return g;
}
}  // namespace

std::array<double, kMonths> PercentileStatistic::sensitivity(std::span<const double, kMonths> monthly) const noexcept {
  std::array<double, kMonths> g{};
  const double x = (*this)(monthly);
  if (!valid_ || !std::isfinite(x)) return g;
  if (sigma_ == 0.0) return empirical_sensitivity(weight_, monthly, x);
  // φ(t) up to its constant 1/√(2π), which cancels.
  double total = 0.0;
  const double lx = std::log(x);
  for (std::size_t m = 0; m < kMonths; ++m) {
    if (!(weight_[m] > 0.0)) continue;
    const double t = (lx - std::log(monthly[m])) * inv_sigma_ + z_;
    g[m] = weight_[m] * std::exp(-0.5 * t * t);
    total += g[m];
  }
  for (std::size_t m = 0; m < kMonths; ++m) g[m] = total > 0.0 ? g[m] / total * x / monthly[m] : 0.0;
  return g;
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
  auto f = [&](double sigma) { return PercentileStatistic(weights, q, sigma)(monthly) - annual_value; };

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
  fit.achieved = PercentileStatistic(weights, q, fit.sigma_d)(monthly);
  fit.status = DispersionFitStatus::ok;
  return fit;
}

CompositeIndexTable composite_index_table(const Standard& st, int year) {
  CompositeIndexTable t;
  for (Metric m : kMetrics) {
    const auto i = static_cast<std::size_t>(m);
    t.divisor[i] = st[m].divisor.value_at(year);
    t.weight[i] = st[m].weight.value_at(year);
    t.decimals[i] = st.decimals(m, year);
  }
  return t;
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
