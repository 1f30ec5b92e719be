// Accuracy of the deterministic math kernels (src/kernels/fastmath.h) against long
// double references from the C library (64-bit mantissa, so the reference's
// own error is ~2^-11 of a double ulp).
#include "kernels/fastmath.h"

#include "aqplan/base/distribution.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <limits>
#include <numbers>
#include <random>
#include <vector>

namespace aqplan::detail {
namespace {

// |got − ref| in units of the last place of the double nearest to ref.
double ulp_error(double got, long double ref) {
  const double r = static_cast<double>(ref);
  const double ulp = std::nextafter(std::abs(r), std::numeric_limits<double>::infinity()) - std::abs(r);
  return static_cast<double>(std::abs(static_cast<long double>(got) - ref) / static_cast<long double>(ulp));
}

// Dense grid [lo, hi] with n steps, plus random points in it (fixed seed).
std::vector<double> grid(double lo, double hi, int n, int random_points, unsigned seed) {
  std::vector<double> xs;
  for (int i = 0; i <= n; ++i) xs.push_back(lo + (hi - lo) * static_cast<double>(i) / n);
  std::mt19937_64 rng(seed);
  std::uniform_real_distribution<double> u(lo, hi);
  for (int i = 0; i < random_points; ++i) xs.push_back(u(rng));
  return xs;
}

TEST(FastMathExp, WithinTwoUlpOverTheNormalRange) {
  double worst = 0, worst_x = 0;
  auto check = [&](double x) {
    const double e = ulp_error(exp_fast(x), std::exp(static_cast<long double>(x)));
    if (e > worst) worst = e, worst_x = x;
  };
  for (double x : grid(-708.0, 709.0, 200000, 200000, 1)) check(x);
  // Around 0 (tiny r), around ±ln2/2 (the reduction's boundaries) and the ends.
  for (double x : grid(-1e-3, 1e-3, 20000, 0, 2)) check(x);
  for (double c : {0.5 * std::log(2.0), -0.5 * std::log(2.0), 1.5 * std::log(2.0), 700.0 * std::log(2.0)})
    for (double x : grid(c - 1e-9, c + 1e-9, 2000, 0, 3)) check(x);
  for (double x : {1e-300, -1e-300, 5e-324, 1e-17, -1e-17, 708.39, -708.39, 709.78}) check(x);
  EXPECT_LE(worst, 2.0) << "at x = " << worst_x;
  EXPECT_EQ(exp_fast(0.0), 1.0);
}

TEST(FastMathExpReduced, WithinOneETwelveRelative) {
  // The daily layer's range |x| ≤ 20 densely, then the whole clamped range.
  double worst = 0, worst_x = 0;
  auto check = [&](double x) {
    const long double ref = std::exp(static_cast<long double>(x));
    const double e = static_cast<double>(std::abs(static_cast<long double>(exp_fast_reduced(x)) / ref - 1.0L));
    if (e > worst) worst = e, worst_x = x;
  };
  for (double x : grid(-20.0, 20.0, 400000, 200000, 4)) check(x);
  for (double c : {0.5 * std::log(2.0), -0.5 * std::log(2.0), 13.5 * std::log(2.0), -27.5 * std::log(2.0)})
    for (double x : grid(c - 1e-9, c + 1e-9, 2000, 0, 5)) check(x);
  for (double x : grid(-708.0, 708.0, 100000, 0, 6)) check(x);
  EXPECT_LE(worst, 1e-12) << "at x = " << worst_x;
  // The degree-10 truncation shows (it is not exp_fast under another name).
  EXPECT_GT(worst, 1e-15);
  EXPECT_EQ(exp_fast_reduced(0.0), 1.0);
  EXPECT_GT(exp_fast_reduced(-1e300), 0.0);  // clamped to −708: finite, no underflow
  EXPECT_LT(exp_fast_reduced(1e300), std::numeric_limits<double>::infinity());
}

// R·cos θ and R·sin θ of normal_pair32's formulas, in long double.
std::array<long double, 2> pair_reference(std::uint32_t wr, std::uint32_t wa) {
  const long double u = (static_cast<long double>(wr) + 0.5L) / 4294967296.0L;
  const long double radius = std::sqrt(-2.0L * std::log(u));
  const long double t = (static_cast<long double>(wa & 0x1fffffffu) + 0.5L) / 536870912.0L;
  const long double theta = (2.0L * t - 1.0L) * 0.785398163397448309615660845819875721L;
  long double a = std::cos(theta), b = std::sin(theta);
  if (wa >> 29 & 1u) std::swap(a, b);
  return {(wa >> 30 & 1u) ? -radius * a : radius * a, (wa >> 31) ? -radius * b : radius * b};
}

TEST(FastMathNormalPair, BoxMullerToOneETwelveAbsolute) {
  // A dense grid of radius words (both ends included) against angle words of
  // every swap and sign choice, over the whole quarter circle.
  double worst = 0;
  std::uint32_t worst_r = 0, worst_a = 0;
  std::vector<std::uint32_t> radius_words{0u, 1u, 0x7fffffffu, 0x80000000u, 0xfffffffeu, 0xffffffffu};
  for (std::uint32_t i = 0; i < 4096; ++i) radius_words.push_back(i * 1048576u + 12345u);
  std::vector<std::uint32_t> angle_words{0u, 0x1fffffffu, 0xffffffffu, 0xe0000000u};
  for (std::uint32_t top = 0; top < 8; ++top)
    for (std::uint32_t i = 0; i < 64; ++i) angle_words.push_back(top << 29 | (i * 8388608u + 777u));
  for (std::uint32_t wr : radius_words)
    for (std::uint32_t wa : angle_words) {
      double z[2];
      normal_pair32(wr, wa, z[0], z[1]);
      const auto ref = pair_reference(wr, wa);
      for (int k = 0; k < 2; ++k) {
        const double e = static_cast<double>(std::abs(static_cast<long double>(z[k]) - ref[k]));
        if (e > worst) worst = e, worst_r = wr, worst_a = wa;
      }
    }
  EXPECT_LE(worst, 1e-12) << "at words " << worst_r << ", " << worst_a;
  // The largest normal: √(−2 ln 2⁻³³) ≈ 6.7637, at wr = 0 and θ ≈ 0.
  double z0, z1;
  normal_pair32(0u, 0x10000000u, z0, z1);
  EXPECT_NEAR(z0, 6.763706, 1e-5);
  EXPECT_NEAR(z1, 0.0, 1e-7);
}

TEST(FastMathNormalPair, QuantilesAreTheNormalOnes) {
  // 2²¹ normals from Philox-independent words (mt19937): their empirical
  // quantiles at a grid of p lie within sampling error of Φ⁻¹(p)
  // (normal_quantile), both halves of a pair alike, and the halves are
  // uncorrelated.
  constexpr std::size_t kPairs = std::size_t{1} << 20;
  std::mt19937 rng(23);
  std::vector<double> first(kPairs), second(kPairs);
  double cross = 0.0;
  for (std::size_t i = 0; i < kPairs; ++i) {
    const std::uint32_t wr = static_cast<std::uint32_t>(rng()), wa = static_cast<std::uint32_t>(rng());
    normal_pair32(wr, wa, first[i], second[i]);
    cross += first[i] * second[i];
  }
  EXPECT_LT(std::abs(cross / kPairs), 5.0 / std::sqrt(static_cast<double>(kPairs)));
  const double n = static_cast<double>(kPairs);
  for (std::vector<double>* z : {&first, &second}) {
    std::sort(z->begin(), z->end());
    for (double p : {0.0005, 0.005, 0.025, 0.1, 0.25, 0.5, 0.75, 0.9, 0.975, 0.995, 0.9995}) {
      const double q = normal_quantile(p);
      // The quantile's standard error √(p(1 − p)/n)/φ(q), five of them.
      const double se = std::sqrt(p * (1 - p) / n) / (std::exp(-0.5 * q * q) / std::sqrt(2 * std::numbers::pi));
      EXPECT_NEAR((*z)[static_cast<std::size_t>(p * n)], q, 5 * se) << "p = " << p;
    }
  }
}

TEST(FastMathExp, UnderflowAndOverflow) {
  EXPECT_EQ(exp_fast(-800.0), 0.0);
  EXPECT_EQ(exp_fast(-1e300), 0.0);
  EXPECT_EQ(exp_fast(710.0), std::numeric_limits<double>::infinity());
  EXPECT_EQ(exp_fast(1e300), std::numeric_limits<double>::infinity());
  // Gradual underflow: subnormal results are close to the true value.
  for (double x : {-710.0, -720.0, -740.0}) {
    const double ref = static_cast<double>(std::exp(static_cast<long double>(x)));
    EXPECT_GT(exp_fast(x), 0.0) << x;
    EXPECT_NEAR(exp_fast(x) / ref, 1.0, 1e-5) << x;  // subnormals carry fewer bits
  }
}

TEST(FastMathLog, WithinTwoUlpForPositiveFiniteValues) {
  double worst = 0, worst_x = 0;
  auto check = [&](double x) {
    const double e = ulp_error(log_fast(x), std::log(static_cast<long double>(x)));
    if (e > worst) worst = e, worst_x = x;
  };
  // Every binade from subnormal to the largest, with dense mantissas.
  std::mt19937_64 rng(4);
  std::uniform_real_distribution<double> mant(1.0, 2.0);
  for (int e = -1074; e <= 1023; ++e)
    for (int i = 0; i < 64; ++i) check(std::ldexp(mant(rng), e));
  // Near 1 (log small: relative accuracy matters) and around √2/2, √2.
  for (double x : grid(0.99, 1.01, 100000, 0, 5)) check(x);
  for (double x : grid(1.0 - 1e-9, 1.0 + 1e-9, 2000, 0, 6)) check(x);
  for (double c : {std::sqrt(0.5), std::sqrt(2.0)})
    for (double x : grid(c - 1e-12, c + 1e-12, 2000, 0, 7)) check(x);
  // Plain range of concentrations.
  for (double x : grid(1e-3, 1e4, 200000, 100000, 8)) check(x);
  for (double x : {5e-324, 2.2250738585072014e-308, std::numeric_limits<double>::max(), 2.0, 0.5})
    check(x);
  EXPECT_LE(worst, 2.0) << "at x = " << worst_x;
  EXPECT_EQ(log_fast(1.0), 0.0);
}

TEST(FastMathNormal, CdfAndPdfMatchErfcAndExpToRelative1e14) {
  const long double inv_sqrt2 = 1.0L / std::sqrt(2.0L);
  const long double inv_sqrt2pi = 1.0L / std::sqrt(2.0L * 3.141592653589793238462643383279502884L);
  double worst_cdf = 0, worst_pdf = 0, worst_cdf_t = 0, worst_pdf_t = 0;
  auto check = [&](double t) {
    double cdf, pdf;
    normal_cdf_pdf(t, cdf, pdf);
    const long double lt = t;
    const long double ref_cdf = 0.5L * std::erfc(-lt * inv_sqrt2);
    const long double ref_pdf = inv_sqrt2pi * std::exp(-0.5L * lt * lt);
    const double e_cdf = static_cast<double>(std::abs((cdf - ref_cdf) / ref_cdf));
    const double e_pdf = static_cast<double>(std::abs((pdf - ref_pdf) / ref_pdf));
    if (e_cdf > worst_cdf) worst_cdf = e_cdf, worst_cdf_t = t;
    if (e_pdf > worst_pdf) worst_pdf = e_pdf, worst_pdf_t = t;
  };
  for (double t : grid(-37.0, 8.0, 450000, 100000, 9)) check(t);
  // Each side of Cody's interval boundaries 0.66291 and √32.
  for (double c : {0.66291, -0.66291, 5.656854248, -5.656854248})
    for (double t : grid(c - 1e-9, c + 1e-9, 200, 0, 10)) check(t);
  EXPECT_LE(worst_cdf, 1e-14) << "Φ at t = " << worst_cdf_t;
  EXPECT_LE(worst_pdf, 1e-14) << "φ at t = " << worst_pdf_t;
}

TEST(FastMathNormal, SymmetryAndLimits) {
  // Φ(t) + Φ(−t) = 1 and φ(t) = φ(−t) (the two sides take different paths).
  for (double t : grid(0.0, 8.0, 8000, 0, 11)) {
    double c1, p1, c2, p2;
    normal_cdf_pdf(t, c1, p1);
    normal_cdf_pdf(-t, c2, p2);
    EXPECT_NEAR(c1 + c2, 1.0, 4e-16) << t;
    EXPECT_EQ(p1, p2) << t;
  }
  double cdf, pdf;
  normal_cdf_pdf(0.0, cdf, pdf);
  EXPECT_EQ(cdf, 0.5);
  normal_cdf_pdf(-60.0, cdf, pdf);
  EXPECT_EQ(cdf, 0.0);
  EXPECT_EQ(pdf, 0.0);
  normal_cdf_pdf(60.0, cdf, pdf);
  EXPECT_EQ(cdf, 1.0);
  EXPECT_EQ(pdf, 0.0);
  normal_cdf_pdf(-std::numeric_limits<double>::infinity(), cdf, pdf);
  EXPECT_EQ(cdf, 0.0);
  normal_cdf_pdf(std::numeric_limits<double>::infinity(), cdf, pdf);
  EXPECT_EQ(cdf, 1.0);
}

}  // namespace
}  // namespace aqplan::detail
