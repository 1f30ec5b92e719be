#include "aqplan/base/percentile.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace aqplan {

namespace {
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double kEps = std::numeric_limits<double>::epsilon();
}  // namespace

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

}  // namespace aqplan
