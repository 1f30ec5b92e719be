#include "aqplan/base/distribution.h"

#include <cmath>
#include <cstdint>
#include <functional>
#include <limits>
#include <vector>
#include <stdexcept>
#include <string>

#include <gtest/gtest.h>
#include <toml++/toml.h>

#include "aqplan/base/diagnostic.h"
#include "kernels/fastmath.h"
#include "data/toml_reader.h"

namespace aqplan {
namespace {

constexpr double kPi = 3.14159265358979323846;

std::string factory_error(const std::function<void()>& f) {
  try {
    f();
  } catch (const std::invalid_argument& e) {
    return e.what();
  }
  return "(no error)";
}

TEST(Distribution, FixedIsItsValueEverywhere) {
  Distribution d = Distribution::fixed(0.15);
  EXPECT_EQ(d.mode(), 0.15);
  EXPECT_EQ(d.mean(), 0.15);
  EXPECT_EQ(d.quantile(0.01), 0.15);
  EXPECT_EQ(d.quantile(0.99), 0.15);
  EXPECT_TRUE(d.is_fixed());
  EXPECT_EQ(Distribution().mode(), 0.0);
}

TEST(Distribution, UniformModeIsMidpointAndQuantileLinear) {
  Distribution d = Distribution::uniform(1, 4);
  EXPECT_EQ(d.mode(), 2.5);
  EXPECT_EQ(d.mean(), 2.5);
  EXPECT_DOUBLE_EQ(d.quantile(0.25), 1.75);
  EXPECT_EQ(d.min(), 1);
  EXPECT_EQ(d.max(), 4);
  EXPECT_FALSE(d.is_fixed());
}

TEST(Distribution, TriangularClosedForms) {
  Distribution d = Distribution::triangular(0, 1, 4);
  EXPECT_EQ(d.mode(), 1);
  EXPECT_DOUBLE_EQ(d.mean(), 5.0 / 3.0);
  // F(mode) = (c − a)/(b − a) = 1/4 < 0.5, so the median lies on the right
  // branch: b − sqrt((1 − u)(b − a)(b − c)) = 4 − sqrt(0.5·4·3).
  EXPECT_NEAR(d.quantile(0.5), 4.0 - std::sqrt(6.0), 1e-12);
  EXPECT_NEAR(d.quantile(0.25), 1.0, 1e-12);
  // Left branch: a + sqrt(u (b − a)(c − a)).
  EXPECT_NEAR(d.quantile(0.1), std::sqrt(0.1 * 4.0), 1e-12);
  Distribution sym = Distribution::triangular(0.1, 0.15, 0.2);
  EXPECT_NEAR(sym.quantile(0.5), 0.15, 1e-12);
}

TEST(Distribution, NormalQuantileMatchesReferenceValues) {
  EXPECT_NEAR(normal_quantile(0.975), 1.959964, 1e-6);
  EXPECT_NEAR(normal_quantile(0.975), 1.959963984540054, 1e-12);
  EXPECT_NEAR(normal_quantile(0.5), 0.0, 1e-15);
  EXPECT_NEAR(normal_quantile(0.025), -1.959963984540054, 1e-12);
  EXPECT_NEAR(normal_quantile(0.8413447460685429), 1.0, 1e-12);  // Φ(1)
  // Deep tails: Φ(Φ⁻¹(p)) = p to relative precision.
  for (double p : {1e-300, 1e-100, 1e-12, 1e-5, 0.02, 0.03}) {
    EXPECT_NEAR(normal_cdf(normal_quantile(p)) / p, 1.0, 1e-9) << p;
  }
  Distribution n = Distribution::normal(10, 2);
  EXPECT_NEAR(n.quantile(0.975), 10 + 2 * 1.959963984540054, 1e-11);
  EXPECT_EQ(n.mode(), 10);
  EXPECT_EQ(n.mean(), 10);
}

TEST(Distribution, TruncatedNormalStaysInBoundsAndInvertsTheTruncatedCdf) {
  // Half-normal: N(0, 1) on [0, inf): quantile(u) = Φ⁻¹((1 + u)/2), mean sqrt(2/π).
  Distribution half = Distribution::normal(0, 1, 0);
  EXPECT_NEAR(half.quantile(0.5), 0.6744897501960817, 1e-12);
  EXPECT_NEAR(half.mean(), std::sqrt(2.0 / kPi), 1e-12);
  EXPECT_EQ(half.min(), 0.0);

  // A range far in the upper tail (computed by reflection).
  Distribution tail = Distribution::normal(0, 1, 3, 4);
  const double mass = normal_cdf(4) - normal_cdf(3);
  for (double u : {1e-9, 0.1, 0.5, 0.9, 1 - 1e-9}) {
    const double x = tail.quantile(u);
    EXPECT_GE(x, 3.0);
    EXPECT_LE(x, 4.0);
    EXPECT_NEAR((normal_cdf(x) - normal_cdf(3)) / mass, u, 1e-7) << u;
  }
  Distribution both = Distribution::normal(0.2, 0.1, 0.0, 0.25);
  for (int i = 1; i < 100; ++i) {
    const double x = both.quantile(i / 100.0);
    EXPECT_GE(x, 0.0);
    EXPECT_LE(x, 0.25);
  }
  // Mode: the mean clamped into the bounds.
  EXPECT_EQ(Distribution::normal(5, 1, 0, 2).mode(), 2);
  EXPECT_EQ(Distribution::normal(1, 1, 0, 2).mode(), 1);
}

TEST(Distribution, LognormalMedianModeMean) {
  Distribution d = Distribution::lognormal(2.0, 0.5);
  EXPECT_NEAR(d.quantile(0.5), 2.0, 1e-12);
  EXPECT_NEAR(d.mode(), 2.0 * std::exp(-0.25), 1e-12);
  EXPECT_NEAR(d.mean(), 2.0 * std::exp(0.125), 1e-12);
  EXPECT_NEAR(d.quantile(0.975), 2.0 * std::exp(0.5 * 1.959963984540054), 1e-10);
  EXPECT_EQ(d.min(), 0.0);
  EXPECT_TRUE(std::isinf(d.max()));
}

TEST(Distribution, BernoulliQuantileAndMode) {
  Distribution d = Distribution::bernoulli(0.3);
  EXPECT_EQ(d.quantile(0.69), 0.0);
  EXPECT_EQ(d.quantile(0.71), 1.0);
  EXPECT_EQ(d.mode(), 0.0);
  EXPECT_DOUBLE_EQ(d.mean(), 0.3);
  EXPECT_EQ(Distribution::bernoulli(0.5).mode(), 1.0);
}

TEST(Distribution, DelayModeAndDraw) {
  DelayDistribution late{0.7, Distribution::uniform(1, 4)};
  EXPECT_EQ(late.mode(), 0.0);
  EXPECT_DOUBLE_EQ(late.mean(), 0.3 * 2.5);
  EXPECT_EQ(late.draw(0.69, 0.5), 0.0);
  EXPECT_DOUBLE_EQ(late.draw(0.71, 0.5), 2.5);
  DelayDistribution mostly_late{0.4, Distribution::triangular(1, 2, 6)};
  EXPECT_EQ(mostly_late.mode(), 2.0);
}

TEST(Distribution, InvalidParametersAreRejectedWithTheReason) {
  EXPECT_EQ(factory_error([] { Distribution::uniform(2, 1); }), "min (2) is greater than max (1)");
  EXPECT_EQ(factory_error([] { Distribution::triangular(0.1, 0.3, 0.2); }),
            "mode (0.3) is outside [min, max] = [0.1, 0.2]");
  EXPECT_EQ(factory_error([] { Distribution::normal(0, -1); }), "sd (-1) is negative");
  EXPECT_EQ(factory_error([] { Distribution::bernoulli(1.5); }), "p (1.5) is outside [0, 1]");
  EXPECT_EQ(factory_error([] { Distribution::lognormal(0, 1); }), "median (0) is not positive");
  EXPECT_EQ(factory_error([] { Distribution::normal(0, 1, 2, 1); }), "min (2) is not less than max (1)");
}

TEST(Distribution, InvalidParametersCarryTheirReasonInBothLanguages) {
  auto zh = [](const std::function<void()>& f) -> std::string {
    try {
      f();
    } catch (const DistributionError& e) {
      EXPECT_EQ(e.text().str(), e.what());  // the English is what() says
      return e.text().str(Language::zh);
    }
    return "(no error)";
  };
  EXPECT_EQ(zh([] { Distribution::uniform(2, 1); }), "“min”（2）大于“max”（1）");
  EXPECT_EQ(zh([] { Distribution::triangular(0.1, 0.3, 0.2); }), "“mode”（0.3）超出 [min, max] = [0.1, 0.2]");
  EXPECT_EQ(zh([] { Distribution::normal(0, -1); }), "“sd”（-1）为负数");
  EXPECT_EQ(zh([] { Distribution::normal(0, 1, 2, 1); }), "“min”（2）不小于“max”（1）");
  EXPECT_EQ(zh([] { Distribution::normal(0, 1, 100, 200); }), "边界 [100, 200] 内不含正态分布（均值 0，标准差 1）的任何概率");
  EXPECT_EQ(zh([] { Distribution::normal(5, 0, 0, 1); }), "“mean”（5）超出 [min, max] = [0, 1]，且“sd”为 0");
  EXPECT_EQ(zh([] { Distribution::lognormal(0, 1); }), "“median”（0）不是正数");
  EXPECT_EQ(zh([] { Distribution::lognormal(1, -1); }), "“sigma”（-1）为负数");
  EXPECT_EQ(zh([] { Distribution::bernoulli(1.5); }), "“p”（1.5）超出 [0, 1]");
  EXPECT_EQ(zh([] { Distribution::fixed(std::numeric_limits<double>::quiet_NaN()); }), "“value”（nan）不是有限数值");
  EXPECT_EQ(zh([] { Distribution::normal(0, 1, std::numeric_limits<double>::infinity()); }), "“min”（inf）不是有效的边界");
  // Still a std::invalid_argument for the callers that catch that.
  EXPECT_THROW(Distribution::uniform(2, 1), std::invalid_argument);
}

// ---- the TOML syntax, through the internal reader ----

struct Parsed {
  Diagnostics diags;
  std::optional<Distribution> dist;
  std::optional<DelayDistribution> delay;
  std::optional<MonthlyDistribution> monthly;
};

// Parses `x = <value>` from a one-line document named f.toml.
Parsed read_x(const std::string& value, detail::Range range = {}, char what = 'd') {
  Parsed p;
  const std::string doc = "x = " + value + "\n";
  toml::table t = toml::parse(doc, std::string_view("f.toml"));
  detail::TomlReader r("f.toml", p.diags);
  if (what == 'd') p.dist = r.distribution(*t.get("x"), "x", range);
  if (what == 'l') p.delay = r.delay(*t.get("x"), "x");
  if (what == 'm') p.monthly = r.monthly_distribution(*t.get("x"), "x", range);
  return p;
}

std::string messages(const Diagnostics& d) { return d.to_string(); }

// The scalar AS 241 as it was before normal_quantile_tail (Wichura 1988,
// PPND16), tail branches only, with `log` as the logarithm: the reference
// for the branch-free kernel.
double as241_tail_reference(double p, double (*log)(double)) {
  const double q = p - 0.5;
  double r = q < 0 ? p : 1.0 - p;
  r = std::sqrt(-log(r));
  double val;
  if (r <= 5.0) {
    r -= 1.6;
    val = (((((((7.74545014278341407640e-4 * r + 2.27238449892691845833e-2) * r + 2.41780725177450611770e-1) * r +
               1.27045825245236838258e0) * r + 3.64784832476320460504e0) * r + 5.76949722146069140550e0) * r +
            4.63033784615654529590e0) * r + 1.42343711074968357734e0) /
          (((((((1.05075007164441684324e-9 * r + 5.47593808499534494600e-4) * r + 1.51986665636164571966e-2) * r +
               1.48103976427480074590e-1) * r + 6.89767334985100004550e-1) * r + 1.67638483018380384940e0) * r +
            2.05319162663775882187e0) * r + 1.0);
  } else {
    r -= 5.0;
    val = (((((((2.01033439929228813265e-7 * r + 2.71155556874348757815e-5) * r + 1.24266094738807843860e-3) * r +
               2.65321895265761230930e-2) * r + 2.96560571828504891230e-1) * r + 1.78482653991729133580e0) * r +
            5.46378491116411436990e0) * r + 6.65790464350110377720e0) /
          (((((((2.04426310338993978564e-15 * r + 1.42151175831644588870e-7) * r + 1.84631831751005468180e-5) * r +
               7.86869131145613259100e-4) * r + 1.48753612908506148525e-2) * r + 1.36929880922735805310e-1) * r +
            5.99832206555887937690e-1) * r + 1.0);
  }
  return q < 0 ? -val : val;
}
double std_log(double x) { return std::log(x); }
double fast_log(double x) { return detail::log_fast(x); }

// Tail probabilities p < 0.075 (and their mirrors 1 − p): 1e-300 … 0.075 in
// log steps of a factor 1.01 (crossing r = 5 at p ≈ 1.4e-11), the smallest
// subnormal, and the values next to 0, 0.075, 0.925 and 1.
std::vector<double> tail_grid() {
  std::vector<double> p;
  for (double x = 1e-300; x < 0.075; x *= 1.01) {
    p.push_back(x);
    if (1.0 - x < 1.0) p.push_back(1.0 - x);  // rounded: still a tail value above 0.925
  }
  p.push_back(std::numeric_limits<double>::denorm_min());
  p.push_back(std::nextafter(0.075, 0.0));
  p.push_back(std::nextafter(0.925, 1.0));
  p.push_back(1.0 - 0x1.0p-53);
  p.push_back(0x1.0p-53);
  p.push_back(std::exp(-25.0));  // r = 5 exactly, or next to it
  p.push_back(std::nextafter(std::exp(-25.0), 0.0));
  p.push_back(std::nextafter(std::exp(-25.0), 1.0));
  return p;
}

double tail_kernel(double p) {
  const double q = p - 0.5;
  return normal_quantile_tail(q, std::sqrt(-detail::log_fast(q < 0 ? p : 1.0 - p)));
}

TEST(DistributionNormalTail, BranchFreeKernelIsTheOldFormulaBitForBit) {
  // Same logarithm: the same operations on the same coefficients, whichever
  // branch (r ≤ 5 or r > 5) applies.
  int far = 0;
  for (double p : tail_grid()) {
    ASSERT_EQ(tail_kernel(p), as241_tail_reference(p, fast_log)) << "p = " << p;
    far += std::sqrt(-detail::log_fast(p < 0.5 ? p : 1.0 - p)) > 5.0 ? 1 : 0;
  }
  EXPECT_GT(far, 100);  // the r > 5 branch is exercised
}

TEST(DistributionNormalTail, KernelMatchesTheOldFormulaWithStdLogToAFewUlp) {
  for (double p : tail_grid()) {
    const double ref = as241_tail_reference(p, std_log);
    const double got = tail_kernel(p);
    // log_fast and std::log differ by ≤ 2 ulp; r − 1.6 amplifies that a little near p = 0.075.
    EXPECT_LE(std::fabs(got - ref), 4.0 * std::numeric_limits<double>::epsilon() * std::fabs(ref)) << "p = " << p;
  }
  // A symmetric pair, and the extremes of a 53-bit uniform.
  EXPECT_EQ(tail_kernel(1e-3), -tail_kernel(1.0 - 1e-3));
  EXPECT_NEAR(tail_kernel(0x1.0p-53), -8.2095361516013869, 1e-13);  // Φ⁻¹(2^-53), mpmath
  EXPECT_NEAR(tail_kernel(1.0 - 0x1.0p-53), 8.2095361516013869, 1e-13);
}

TEST(DistributionNormalTail, NormalQuantileIsTheCentralOrTailKernelExactly) {
  for (double p : tail_grid()) ASSERT_EQ(normal_quantile(p), tail_kernel(p)) << "p = " << p;
  for (double p = 0.0751; p < 0.925; p += 0.0013) {
    const double q = p - 0.5;
    ASSERT_EQ(normal_quantile(p), normal_quantile_central(q)) << "p = " << p;
  }
  EXPECT_EQ(normal_quantile(0.0), -Distribution::kInf);
  EXPECT_EQ(normal_quantile(1.0), Distribution::kInf);
}

TEST(DistributionToml, EveryKindParses) {
  EXPECT_EQ(*read_x("0.15").dist, Distribution::fixed(0.15));
  EXPECT_EQ(*read_x("3").dist, Distribution::fixed(3));
  EXPECT_EQ(*read_x(R"({ dist = "fixed", value = 2 })").dist, Distribution::fixed(2));
  EXPECT_EQ(*read_x(R"({ dist = "uniform", min = 1, max = 4 })").dist, Distribution::uniform(1, 4));
  EXPECT_EQ(*read_x(R"({ dist = "triangular", min = 0.1, mode = 0.15, max = 0.2 })").dist,
            Distribution::triangular(0.1, 0.15, 0.2));
  EXPECT_EQ(*read_x(R"({ dist = "normal", mean = 0, sd = 1 })").dist, Distribution::normal(0, 1));
  EXPECT_EQ(*read_x(R"({ dist = "normal", mean = 0, sd = 1, min = -1 })").dist, Distribution::normal(0, 1, -1));
  EXPECT_EQ(*read_x(R"({ dist = "lognormal", median = 2, sigma = 0.5 })").dist, Distribution::lognormal(2, 0.5));
  EXPECT_EQ(*read_x(R"({ dist = "bernoulli", p = 0.3 })").dist, Distribution::bernoulli(0.3));
}

TEST(DistributionToml, InvalidParametersNameFileLineColumnAndKey) {
  // The inline table starts at column 5 of `x = {`.
  EXPECT_EQ(messages(read_x(R"({ dist = "uniform", min = 5, max = 4 })").diags),
            "f.toml:1:5: x: min (5) is greater than max (4)\n");
  EXPECT_EQ(messages(read_x(R"({ dist = "triangular", min = 0.1, mode = 0.3, max = 0.2 })").diags),
            "f.toml:1:5: x: mode (0.3) is outside [min, max] = [0.1, 0.2]\n");
  EXPECT_EQ(messages(read_x(R"({ dist = "normal", mean = 0, sd = -2 })").diags),
            "f.toml:1:5: x: sd (-2) is negative\n");
  EXPECT_EQ(messages(read_x(R"({ dist = "bernoulli", p = 1.2 })").diags),
            "f.toml:1:5: x: p (1.2) is outside [0, 1]\n");
  // The dist value starts at column 14.
  EXPECT_EQ(messages(read_x(R"({ dist = "trianglar", min = 0, mode = 1, max = 2 })").diags),
            "f.toml:1:14: x.dist: unknown distribution 'trianglar' (did you mean 'triangular'?)\n");
  EXPECT_EQ(messages(read_x(R"({ dist = "triangular", min = 0, max = 2 })").diags),
            "f.toml:1:5: x: missing key 'mode'\n");
  // Unknown key `moda` at column 37 (with the missing `mode` reported too).
  EXPECT_EQ(messages(read_x(R"({ dist = "triangular", min = 0, moda = 1, max = 2 })").diags),
            "f.toml:1:37: x: unknown key 'moda' (did you mean 'mode'?)\n"
            "f.toml:1:5: x: missing key 'mode'\n");
  EXPECT_EQ(messages(read_x(R"({ dist = "uniform", min = "1", max = 2 })").diags),
            "f.toml:1:31: x.min: expected a number, got a string\n");
  EXPECT_EQ(messages(read_x(R"("triangular")").diags),
            "f.toml:1:5: x: expected a number or a distribution table, got a string\n");
}

TEST(DistributionToml, ProblemsAreReportedInChinese) {
  auto zh = [](const Parsed& p) { return p.diags.to_string(Language::zh); };
  EXPECT_EQ(zh(read_x(R"({ dist = "uniform", min = 5, max = 4 })")), "f.toml:1:5: x：“min”（5）大于“max”（4）\n");
  EXPECT_EQ(zh(read_x(R"({ dist = "trianglar", min = 0, mode = 1, max = 2 })")),
            "f.toml:1:14: x.dist：未知的分布“trianglar”（是否应为“triangular”？）\n");
  EXPECT_EQ(zh(read_x(R"({ dist = "triangular", min = 0, moda = 1, max = 2 })")),
            "f.toml:1:37: x：未知的键“moda”（是否应为“mode”？）\n"
            "f.toml:1:5: x：缺少键“mode”\n");
  EXPECT_EQ(zh(read_x(R"({ dist = "uniform", min = "1", max = 2 })")), "f.toml:1:31: x.min：应为数值，实为字符串\n");
  EXPECT_EQ(zh(read_x("[1]")), "f.toml:1:5: x：应为数值或分布表，实为数组\n");
  EXPECT_EQ(zh(read_x("1.2", detail::kFractionRange)), "f.toml:1:5: x：1.2 超出 [0, 1]\n");
  EXPECT_EQ(zh(read_x(R"({ dist = "normal", mean = 0.5, sd = 0.1 })", detail::kFractionRange)),
            "f.toml:1:5: x：normal(0.5, 0.1) 的取值范围 (-inf, inf) 超出 [0, 1]\n");
  EXPECT_EQ(zh(read_x(R"({ p_on_time = 1.5, late = 1 })", {}, 'l')), "f.toml:1:19: x.p_on_time：1.5 超出 [0, 1]\n");
  EXPECT_EQ(zh(read_x("true", {}, 'l')), "f.toml:1:5: x：应为数值、分布或 { p_on_time, late }，实为布尔值\n");
  EXPECT_EQ(zh(read_x(R"({ "11-2" = 1, "4-10" = 2 })", {}, 'm')), "f.toml:1:5: x：3 月未被覆盖\n");
  EXPECT_EQ(zh(read_x(R"({ "12-2" = 1, "5-11" = 2 })", {}, 'm')), "f.toml:1:5: x：3、4 月未被覆盖\n");
  EXPECT_EQ(messages(read_x(R"({ "12-2" = 1, "5-11" = 2 })", {}, 'm').diags), "f.toml:1:5: x: months 3, 4 not covered\n");
  EXPECT_EQ(zh(read_x(R"({ "11-3" = 1, "3-10" = 2 })", {}, 'm')), "f.toml:1:5: x：3 月被重复覆盖（“11-3”和“3-10”）\n");
  EXPECT_EQ(zh(read_x(R"({ "13-3" = 1 })", {}, 'm')), "f.toml:1:7: x：“13-3”不是月份或月份范围（应如“11-3”或“5”）\n");
  EXPECT_EQ(zh(read_x("[1, 2]", {}, 'm')), "f.toml:1:5: x：有 2 个值，应为 12 个\n");
}

TEST(DistributionToml, ChoicesAreListedInTheMessagesLanguage) {
  Diagnostics d;
  const toml::table t = toml::parse("a = \"c\"\nb = 1\n", std::string_view("f.toml"));
  detail::TomlReader r("f.toml", d);
  const std::vector<std::string> choices = {"mean", "max", "min"};
  EXPECT_FALSE(r.choice(*t.get("a"), "a", choices));
  EXPECT_FALSE(r.choice(*t.get("b"), "b", choices));
  const std::vector<std::string> two = {"mean", "max"};
  EXPECT_FALSE(r.choice(*t.get("b"), "b", two));
  EXPECT_EQ(d.to_string(), "f.toml:1:5: a: 'c' is not 'mean', 'max' or 'min'\n"
                           "f.toml:2:5: b: expected 'mean', 'max' or 'min', got an integer\n"
                           "f.toml:2:5: b: expected 'mean' or 'max', got an integer\n");
  EXPECT_EQ(d.to_string(Language::zh), "f.toml:1:5: a：“c”不是“mean”、“max”或“min”\n"
                                       "f.toml:2:5: b：应为“mean”、“max”或“min”，实为整数\n"
                                       "f.toml:2:5: b：应为“mean”或“max”，实为整数\n");
}

TEST(DistributionToml, RangeConstraintCoversTheWholeSupport) {
  EXPECT_TRUE(read_x(R"({ dist = "triangular", min = 0, mode = 0.5, max = 1 })", detail::kFractionRange).dist);
  EXPECT_EQ(messages(read_x("1.2", detail::kFractionRange).diags), "f.toml:1:5: x: 1.2 is outside [0, 1]\n");
  EXPECT_EQ(messages(read_x(R"({ dist = "triangular", min = -0.1, mode = 0.1, max = 0.2 })", detail::kFractionRange)
                         .diags),
            "f.toml:1:5: x: triangular(-0.1, 0.1, 0.2) has support [-0.1, 0.2], outside [0, 1]\n");
  // An untruncated normal is unbounded, so it cannot be a fraction.
  EXPECT_EQ(messages(read_x(R"({ dist = "normal", mean = 0.5, sd = 0.1 })", detail::kFractionRange).diags),
            "f.toml:1:5: x: normal(0.5, 0.1) has support (-inf, inf), outside [0, 1]\n");
  EXPECT_TRUE(read_x(R"({ dist = "normal", mean = 0.5, sd = 0.1, min = 0, max = 1 })", detail::kFractionRange).dist);
}

TEST(DistributionToml, DelayForms) {
  Parsed p = read_x(R"({ p_on_time = 0.7, late = { dist = "uniform", min = 1, max = 4 } })", {}, 'l');
  ASSERT_TRUE(p.delay) << messages(p.diags);
  EXPECT_EQ(p.delay->p_on_time, 0.7);
  EXPECT_EQ(p.delay->late, Distribution::uniform(1, 4));
  Parsed plain = read_x("2", {}, 'l');
  ASSERT_TRUE(plain.delay);
  EXPECT_EQ(plain.delay->p_on_time, 0.0);
  EXPECT_EQ(plain.delay->mode(), 2.0);
  EXPECT_EQ(messages(read_x(R"({ p_on_time = 1.5, late = 1 })", {}, 'l').diags),
            "f.toml:1:19: x.p_on_time: 1.5 is outside [0, 1]\n");
  EXPECT_EQ(messages(read_x(R"({ p_on_time = 0.5, late = -1 })", {}, 'l').diags),
            "f.toml:1:31: x.late: -1 is outside [0, inf)\n");
}

TEST(DistributionToml, MonthRangesGroupMonthsAndMustCoverEachOnce) {
  Parsed p = read_x(R"({ "11-3" = 0.45, "4-10" = { dist = "uniform", min = 0.4, max = 0.6 } })", {}, 'm');
  ASSERT_TRUE(p.monthly) << messages(p.diags);
  ASSERT_EQ(p.monthly->groups.size(), 2u);
  EXPECT_EQ(p.monthly->group_of[0], 0);   // January in "11-3"
  EXPECT_EQ(p.monthly->group_of[3], 1);   // April in "4-10"
  EXPECT_EQ(p.monthly->group_of[10], 0);  // November
  EXPECT_EQ((*p.monthly)[6], Distribution::uniform(0.4, 0.6));
  Parsed arr = read_x("[1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]", {}, 'm');
  ASSERT_TRUE(arr.monthly);
  EXPECT_EQ(arr.monthly->groups.size(), 12u);
  EXPECT_EQ((*arr.monthly)[11].mode(), 12);
  EXPECT_EQ(messages(read_x(R"({ "11-2" = 1, "4-10" = 2 })", {}, 'm').diags), "f.toml:1:5: x: month 3 not covered\n");
  EXPECT_EQ(messages(read_x(R"({ "11-3" = 1, "3-10" = 2 })", {}, 'm').diags),
            "f.toml:1:5: x: month 3 covered more than once (by '11-3' and '3-10')\n");
  EXPECT_EQ(messages(read_x(R"({ "13-3" = 1 })", {}, 'm').diags),
            "f.toml:1:7: x: '13-3' is not a month or month range (expected e.g. \"11-3\" or \"5\")\n");
  EXPECT_EQ(messages(read_x("[1, 2]", {}, 'm').diags), "f.toml:1:5: x: 2 values, expected 12\n");
}

}  // namespace
}  // namespace aqplan
