#include "aqplan/distribution.h"

#include <cmath>
#include <functional>
#include <stdexcept>
#include <string>

#include <gtest/gtest.h>
#include <toml++/toml.h>

#include "aqplan/diagnostic.h"
#include "toml_reader.h"

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
