// The daily layer (engine/daily.h): each month's statistic of the generated
// days is the monthly value; no spread gives the monthly value on every day;
// the series has the autocorrelation ψ and the stationary same-day
// correlations of [days]; the draws are a pure function of (seed, sample),
// are those of Purpose::daily, and have the same bits at every SIMD level.
#include "aqplan/engine/daily.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <memory>
#include <random>
#include <vector>

#include <Eigen/Cholesky>
#include <gtest/gtest.h>

#include "aqplan/base/diagnostic.h"
#include "aqplan/base/distribution.h"
#include "aqplan/base/percentile.h"
#include "aqplan/data/dataset.h"
#include "aqplan/engine/random.h"
#include "kernels/fastmath.h"
#include "test_util.h"

namespace aqplan {
namespace {

using Monthly = std::array<std::array<double, kMonths>, kMetricCount>;
using Quantiles = std::array<std::optional<double>, kMetricCount>;

constexpr std::size_t idx(Metric p) { return static_cast<std::size_t>(p); }

// GB 3095-2012 by HJ 663: co the P95 of daily means, o3 the P90 of MDA8.
const Quantiles kStandard = {std::nullopt, std::nullopt, std::nullopt, 0.95, 0.90, std::nullopt};

const MeteorologyParams& bundled() {
  static const MeteorologyParams met = load_dataset(test::bundled_dataset()).meteorology;
  return met;
}

// Monthly values of a plausible range per metric, different every call.
Monthly random_monthly(std::mt19937_64& rng) {
  Monthly v{};
  std::uniform_real_distribution<double> ug(5.0, 200.0), co(0.3, 4.0);
  for (Metric p : kMetrics)
    for (double& x : v[idx(p)]) x = p == Metric::co ? co(rng) : ug(rng);
  return v;
}

// The month's statistic of a metric's generated days.
double month_statistic(const DailyLayer& layer, std::span<const double> c, std::size_t p, std::size_t m,
                       const std::optional<double>& q) {
  const std::size_t b = p * layer.days() + layer.month_begin(m), n = layer.month_begin(m + 1) - layer.month_begin(m);
  std::vector<double> v(c.begin() + static_cast<std::ptrdiff_t>(b), c.begin() + static_cast<std::ptrdiff_t>(b + n));
  if (q) return hj663_percentile(v, *q);
  double sum = 0.0;
  for (double x : v) sum += x;
  return sum / static_cast<double>(n);
}

void expect_statistics_are_the_monthly_values(const DailyLayer& layer, const Quantiles& q, int samples) {
  std::mt19937_64 rng(7);
  auto scratch = std::make_unique<DailyScratch>();
  std::vector<double> c(layer.size());
  for (int i = 0; i < samples; ++i) {
    const Monthly v = random_monthly(rng);
    layer.generate(11, static_cast<std::uint64_t>(i), v, c, *scratch);
    for (std::size_t p = 0; p < kMetricCount; ++p)
      for (std::size_t m = 0; m < kMonths; ++m) {
        const double got = month_statistic(layer, c, p, m, q[p]);
        ASSERT_LE(std::abs(got / v[p][m] - 1.0), 1e-12)
            << "sample " << i << " metric " << name(kMetrics[p]) << " month " << m + 1 << ": " << got << " vs "
            << v[p][m];
      }
  }
}

TEST(DailyLayer, EachMonthsStatisticIsTheMonthlyValue) {
  for (int year : {2023, 2024}) {
    SCOPED_TRACE(year);
    expect_statistics_are_the_monthly_values(DailyLayer(bundled(), year, kStandard), kStandard, 200);
  }
}

TEST(DailyLayer, AnyPercentileAndMeansEverywhere) {
  // A median needs half the month's order statistics (nth_element, not the
  // few largest), and every metric a mean is the other extreme.
  Quantiles median = kStandard;
  median[idx(Metric::co)] = 0.5;
  median[idx(Metric::pm25)] = 0.0;
  median[idx(Metric::so2)] = 1.0;
  expect_statistics_are_the_monthly_values(DailyLayer(bundled(), 2023, median), median, 100);
  const Quantiles means{};
  expect_statistics_are_the_monthly_values(DailyLayer(bundled(), 2024, means), means, 100);
}

TEST(DailyLayer, WithoutSpreadEveryDayIsTheMonthlyValue) {
  MeteorologyParams met = bundled();
  for (auto& row : met.days.s) row.fill(0.0);
  const DailyLayer layer(met, 2023, kStandard);
  std::mt19937_64 rng(3);
  auto scratch = std::make_unique<DailyScratch>();
  std::vector<double> c(layer.size());
  for (int i = 0; i < 20; ++i) {
    const Monthly v = random_monthly(rng);
    layer.generate(5, static_cast<std::uint64_t>(i), v, c, *scratch);
    for (std::size_t p = 0; p < kMetricCount; ++p)
      for (std::size_t m = 0; m < kMonths; ++m)
        for (std::size_t d = layer.month_begin(m); d < layer.month_begin(m + 1); ++d)
          ASSERT_EQ(c[p * layer.days() + d], v[p][m]) << name(kMetrics[p]) << " day " << d;
  }
  // The days do vary with the spread on.
  const DailyLayer spread(bundled(), 2023, kStandard);
  spread.generate(5, 0, random_monthly(rng), c, *scratch);
  EXPECT_NE(c[0], c[1]);
}

// Mean and standard error over samples of a per-sample estimate.
struct Estimate {
  double sum = 0.0, sum2 = 0.0;
  int n = 0;
  void add(double x) {
    sum += x;
    sum2 += x * x;
    ++n;
  }
  double mean() const { return sum / n; }
  double se() const { return std::sqrt((sum2 / n - mean() * mean()) / (n - 1)); }
};

TEST(DailyLayer, SeriesHasTheAutocorrelationAndStationaryCrossCorrelation) {
  const MeteorologyParams& met = bundled();
  const DailyLayer layer(met, 2023, kStandard);
  const std::size_t D = layer.days();
  // Days well inside a season, where the same-day correlation has settled
  // to its stationary value (the transient decays as (ψ_i·ψ_j)^t): May–Sep,
  // and Feb, Mar, Nov, Dec.
  auto summer = [&](std::size_t d) { return d >= layer.month_begin(4) && d < layer.month_begin(9); };
  auto winter = [&](std::size_t d) {
    return (d >= layer.month_begin(1) && d < layer.month_begin(3)) || d >= layer.month_begin(10);
  };
  constexpr int kSamples = 3000;
  constexpr std::size_t P = kMetricCount;
  Estimate lag[2][P], cross[2][P][P], var[2][P];
  auto scratch = std::make_unique<DailyScratch>();
  std::vector<double> c(layer.size());
  std::mt19937_64 rng(1);
  const Monthly v = random_monthly(rng);
  for (int i = 0; i < kSamples; ++i) {
    layer.generate(99, static_cast<std::uint64_t>(i), v, c, *scratch);
    std::array<std::span<const double>, P> x;
    for (std::size_t p = 0; p < P; ++p) x[p] = scratch->series(kMetrics[p], D);
    for (int season = 0; season < 2; ++season) {
      double l[P]{}, cr[P][P]{}, n_lag = 0, n_day = 0;
      for (std::size_t d = 1; d < D; ++d) {
        if (!(season == 0 ? winter(d) : summer(d))) continue;
        n_day += 1;
        if (season == 0 ? winter(d - 1) : summer(d - 1)) {
          n_lag += 1;
          for (std::size_t p = 0; p < P; ++p) l[p] += x[p][d - 1] * x[p][d];
        }
        for (std::size_t p = 0; p < P; ++p)
          for (std::size_t q = 0; q < P; ++q) cr[p][q] += x[p][d] * x[q][d];
      }
      for (std::size_t p = 0; p < P; ++p) {
        lag[season][p].add(l[p] / n_lag);
        var[season][p].add(cr[p][p] / n_day);
        for (std::size_t q = 0; q < P; ++q) cross[season][p][q].add(cr[p][q] / n_day);
      }
    }
  }
  // x has mean 0 and variance 1, so E[x_d−1·x_d] = ψ and E[x_p·x_q] is the correlation.
  for (int season = 0; season < 2; ++season) {
    const std::size_t m = season == 0 ? 0 : 6;  // January, July
    SCOPED_TRACE(season == 0 ? "Oct-Mar" : "Apr-Sep");
    for (std::size_t p = 0; p < P; ++p) {
      const double psi = met.days.psi[p][m];
      EXPECT_NEAR(lag[season][p].mean(), psi, 4 * lag[season][p].se()) << name(kMetrics[p]);
      EXPECT_NEAR(var[season][p].mean(), 1.0, 4 * var[season][p].se()) << name(kMetrics[p]);
      for (std::size_t q = p + 1; q < P; ++q) {
        const double psi_q = met.days.psi[q][m];
        const double r = met.days.correlation[m](static_cast<Eigen::Index>(p), static_cast<Eigen::Index>(q));
        const double expected = r * std::sqrt((1 - psi * psi) * (1 - psi_q * psi_q)) / (1 - psi * psi_q);
        EXPECT_NEAR(cross[season][p][q].mean(), expected, 4 * cross[season][p][q].se())
            << name(kMetrics[p]) << "-" << name(kMetrics[q]);
      }
    }
    // The estimates are tight enough to tell the seasons apart.
    EXPECT_LT(lag[season][idx(Metric::o3)].se(), 0.01);
  }
  // PM2.5 and O3 move apart in winter, together in summer.
  EXPECT_LT(cross[0][idx(Metric::pm25)][idx(Metric::o3)].mean(), -0.2);
  EXPECT_GT(cross[1][idx(Metric::pm25)][idx(Metric::o3)].mean(), 0.2);
}

TEST(DailyLayer, DrawsArePurposeDailyByDayAndPair) {
  // x recomputed one uniform2 call at a time, by the formulas of daily.h:
  // the same bits.
  const MeteorologyParams& met = bundled();
  const DailyLayer layer(met, 2024, kStandard);
  const std::size_t D = layer.days();
  auto scratch = std::make_unique<DailyScratch>();
  std::vector<double> c(layer.size());
  std::mt19937_64 rng(5);
  const Monthly v = random_monthly(rng);
  for (std::uint64_t sample : {0ull, 77ull, (1ull << 32) + 3}) {
    layer.generate(2023, sample, v, c, *scratch);
    double prev[kMetricCount]{};
    for (std::size_t d = 0; d < D; ++d) {
      std::size_t m = 0;
      while (layer.month_begin(m + 1) <= d) ++m;
      // Metric p's day d: words 2·(d / 192), + 1 of call index p << 7 | d % 96,
      // the pair's first normal if d % 192 < 96.
      double n[kMetricCount];
      for (std::uint32_t p = 0; p < kMetricCount; ++p) {
        const std::uint32_t purpose = static_cast<std::uint32_t>(Purpose::daily);
        const std::uint32_t index = p << 7 | static_cast<std::uint32_t>(d % 96);
        std::uint32_t w[4];
        philox_batch(2023, sample, &purpose, &index, 1, &w[0], &w[1], &w[2], &w[3]);
        const std::size_t k = d / 192;
        double z[2];
        detail::normal_pair32(w[2 * k], w[2 * k + 1], z[0], z[1]);
        n[p] = z[d % 192 < 96 ? 0 : 1];
      }
      const CorrelationMatrix L = Eigen::LLT<CorrelationMatrix>(met.days.correlation[m]).matrixL();
      for (std::size_t p = 0; p < kMetricCount; ++p) {
        double eps = L(static_cast<Eigen::Index>(p), 0) * n[0];
        for (std::size_t q = 1; q <= p; ++q)
          eps += L(static_cast<Eigen::Index>(p), static_cast<Eigen::Index>(q)) * n[q];
        const double psi = met.days.psi[p][m];
        prev[p] = d == 0 ? eps : psi * prev[p] + std::sqrt(1 - psi * psi) * eps;
        ASSERT_EQ(scratch->series(kMetrics[p], D)[d], prev[p]) << "sample " << sample << " day " << d;
      }
    }
    // And a mean metric's day is V·e/A with e = exp(k·s·x).
    const std::size_t so2 = idx(Metric::so2);
    const std::span<const double> x = scratch->series(Metric::so2, D);
    double sum = 0.0;
    const double ks = met.days.k * met.days.s[so2][0];
    for (std::size_t d = 0; d < 31; ++d) sum += detail::exp_fast_reduced(ks * x[d]);
    const double day0 = v[so2][0] * detail::exp_fast_reduced(ks * x[0]) / (sum / 31);
    EXPECT_NEAR(c[so2 * D] / day0, 1.0, 1e-14);
  }
}

TEST(DailyLayer, APureFunctionOfSeedAndSample) {
  const DailyLayer layer(bundled(), 2023, kStandard);
  std::mt19937_64 rng(9);
  std::vector<Monthly> v;
  for (int i = 0; i < 40; ++i) v.push_back(random_monthly(rng));
  // Sample after sample through one scratch…
  auto scratch = std::make_unique<DailyScratch>();
  std::vector<std::vector<double>> loop;
  for (std::size_t i = 0; i < v.size(); ++i) {
    loop.emplace_back(layer.size());
    layer.generate(1, i, v[i], loop.back(), *scratch);
  }
  // …or each alone in a fresh one, in another order, after a leap year's
  // layer used the scratch: the same bits.
  const DailyLayer leap(bundled(), 2024, kStandard);
  std::vector<double> other(leap.size());
  for (std::size_t i = v.size(); i-- > 0;) {
    auto fresh = std::make_unique<DailyScratch>();
    leap.generate(1, i, v[i], other, *fresh);
    std::vector<double> alone(layer.size());
    layer.generate(1, i, v[i], alone, *fresh);
    EXPECT_TRUE(test::same_bits(alone, loop[i])) << "sample " << i;
  }
  // Other samples and other seeds differ on every day.
  std::vector<double> again(layer.size()), seeded(layer.size());
  layer.generate(1, 1, v[0], again, *scratch);
  layer.generate(2, 0, v[0], seeded, *scratch);
  for (std::size_t d = 0; d < layer.days(); ++d) {
    EXPECT_NE(again[d], loop[0][d]) << d;
    EXPECT_NE(seeded[d], loop[0][d]) << d;
  }
}

TEST(DailyLayer, LeapYearsHave366Days) {
  const DailyLayer common(bundled(), 2023, kStandard), leap(bundled(), 2024, kStandard);
  EXPECT_EQ(common.days(), 365u);
  EXPECT_EQ(leap.days(), 366u);
  EXPECT_EQ(leap.size(), 6u * 366u);
  EXPECT_EQ(common.month_begin(2), 59u);  // 1 March
  EXPECT_EQ(leap.month_begin(2), 60u);
  EXPECT_EQ(leap.month_begin(12), 366u);
  // A span of another size is refused: NaN, nothing drawn.
  auto scratch = std::make_unique<DailyScratch>();
  std::vector<double> short_of_one(leap.size() - 1, 1.0);
  leap.generate(1, 0, Monthly{}, short_of_one, *scratch);
  for (double x : short_of_one) ASSERT_TRUE(std::isnan(x));
}

TEST(DailyLayer, RefusesAFileWithoutDays) {
  MeteorologyParams met = bundled();
  met.days.given = false;
  met.days.at = {"data/x/meteorology.toml", 0, 0};
  try {
    DailyLayer(met, 2023, kStandard);
    FAIL() << "no [days], yet a layer";
  } catch (const InputError& e) {
    EXPECT_EQ(std::string(e.what()).rfind("data/x/meteorology.toml: no [days] table: ", 0), 0u) << e.what();
  }
  Quantiles bad = kStandard;
  bad[idx(Metric::o3)] = 90.0;  // a percentage, not a fraction
  EXPECT_THROW(DailyLayer(bundled(), 2023, bad), std::invalid_argument);
}

using DailySimdLevels = test::EverySimdLevel;

TEST_F(DailySimdLevels, SameBitsAtEveryLevel) {
  const DailyLayer layer(bundled(), 2024, kStandard);
  std::mt19937_64 rng(13);
  std::vector<Monthly> v;
  for (int i = 0; i < 30; ++i) v.push_back(random_monthly(rng));
  auto run = [&](SimdLevel level) {
    EXPECT_TRUE(detail::force_simd_level(level));
    auto scratch = std::make_unique<DailyScratch>();
    std::vector<double> all;
    std::vector<double> c(layer.size());
    for (std::size_t i = 0; i < v.size(); ++i) {
      layer.generate(3, i, v[i], c, *scratch);
      all.insert(all.end(), c.begin(), c.end());
    }
    return all;
  };
  const std::vector<double> base = run(SimdLevel::baseline);
  for (SimdLevel level : levels()) {
    if (level == SimdLevel::baseline) continue;
    EXPECT_TRUE(test::same_bits(run(level), base)) << simd_level_name(level);
  }
}

}  // namespace
}  // namespace aqplan
