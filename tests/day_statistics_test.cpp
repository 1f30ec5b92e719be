// Day counts of a year of daily values (model.md §10): good and heavy days
// by HJ 633 on values rounded as HJ 663 reports them, days over the 24-h
// limits, primary pollutants; and with no daily spread, the good days are the
// months whose values are good times their days.
#include <gtest/gtest.h>

#include <array>
#include <memory>
#include <random>
#include <vector>

#include "aqplan/base/rounding.h"
#include "aqplan/data/aqi_table.h"
#include "aqplan/data/dataset.h"
#include "aqplan/data/standard.h"
#include "aqplan/engine/daily.h"
#include "aqplan/model/aqi.h"
#include "aqplan/model/day_statistics.h"
#include "test_util.h"

namespace aqplan {
namespace {

constexpr std::size_t idx(Metric p) { return static_cast<std::size_t>(p); }

const AqiTable& hj633() {
  static const AqiTable t = load_aqi_table(test::source_dir() + "/data/standards/hj633-2012.toml");
  return t;
}

const Standard& gb3095() {
  static const Standard s = load_standard(test::source_dir() + "/data/standards/gb3095-2012.toml");
  return s;
}

// A year (2023) of clean days: every metric far below its IAQI 50.
std::vector<double> clean_year(const DayEvaluator& e) {
  std::vector<double> v(kMetricCount * e.days());
  const std::array<double, kMetricCount> clean = {5, 10, 20, 0.3, 40, 10};  // so2 no2 pm10 co o3 pm25
  for (std::size_t p = 0; p < kMetricCount; ++p)
    for (std::size_t d = 0; d < e.days(); ++d) v[p * e.days() + d] = clean[p];
  return v;
}

TEST(DayStatistics, GoodAndHeavyDaysOnReportedValues) {
  const DayEvaluator e(hj633(), gb3095(), 2023);
  ASSERT_EQ(e.days(), 365u);
  std::vector<double> v = clean_year(e);
  auto pm25 = [&](std::size_t day) -> double& { return v[idx(Metric::pm25) * e.days() + day]; };
  // January (days 0..30): PM2.5 75.4 is reported 75 (IAQI 100, good), 75.5
  // is reported 76 (half to even; IAQI 101, not good), 150 is IAQI 200 (not
  // heavy), 150.6 → 151 (IAQI 201, heavy).
  pm25(0) = 75.4;
  pm25(1) = 75.5;
  pm25(2) = 150.0;
  pm25(3) = 150.6;
  // February (days 31..58): O3 MDA8 265 → IAQI 200; 266 → 201, heavy; 801
  // is beyond the 8-h table (IAQI 300, heavy).
  v[idx(Metric::o3) * e.days() + 31] = 265;
  v[idx(Metric::o3) * e.days() + 32] = 266;
  v[idx(Metric::o3) * e.days() + 33] = 801;
  DayCounts c;
  e.count(v, c);
  EXPECT_EQ(c.days[0], 31);
  EXPECT_EQ(c.days[1], 28);
  EXPECT_EQ(c.year_days(), 365);
  EXPECT_EQ(c.good[0], 31 - 3);  // 75.5, 150 and 150.6 are not good
  EXPECT_EQ(c.heavy[0], 1);
  EXPECT_EQ(c.good[1], 28 - 3);
  EXPECT_EQ(c.heavy[1], 2);
  EXPECT_EQ(c.year_good(), 365 - 6);
  EXPECT_EQ(c.year_heavy(), 3);
  EXPECT_DOUBLE_EQ(c.good_ratio(), 359.0 / 365.0);
  // GB 3095-2012's 24-h PM2.5 limit 75: 75.5 (reported 76) and the two above
  // are over it, 75.4 (75) is not; the O3 MDA8 limit 160: three days.
  EXPECT_EQ(c.over_limit[idx(Metric::pm25)][0], 3);
  EXPECT_EQ(c.over_limit[idx(Metric::o3)][1], 3);
  EXPECT_EQ(c.over_limit[idx(Metric::so2)][0], 0);
  // Primary pollutants: PM2.5 on its four January days, O3 on its three
  // February days; clean days (AQI ≤ 50) have none.
  EXPECT_EQ(c.primary[idx(Metric::pm25)][0], 4);
  EXPECT_EQ(c.primary[idx(Metric::o3)][1], 3);
  EXPECT_EQ(c.primary[idx(Metric::pm25)][5], 0);
  EXPECT_EQ(c.primary[idx(Metric::o3)][5], 0);
}

// Every day checked against day_aqi on the same rounded values: the counts
// are the per-day rule summed, for random days across all categories.
TEST(DayStatistics, CountsAreThePerDayRuleSummed) {
  const DayEvaluator e(hj633(), gb3095(), 2024);
  ASSERT_EQ(e.days(), 366u);
  std::mt19937_64 rng(11);
  std::lognormal_distribution<double> f(0.0, 0.8);
  const std::array<double, kMetricCount> typical = {20, 35, 90, 1.2, 110, 55};
  std::vector<double> v(kMetricCount * e.days());
  for (std::size_t p = 0; p < kMetricCount; ++p)
    for (std::size_t d = 0; d < e.days(); ++d) v[p * e.days() + d] = typical[p] * f(rng);
  DayCounts c;
  e.count(v, c);
  int good = 0, heavy = 0, primary_pm25 = 0, month = 0, month_end = days_in_month(2024, 1), good_march = 0;
  for (std::size_t d = 0; d < e.days(); ++d) {
    if (static_cast<int>(d) == month_end) month_end += days_in_month(2024, ++month + 1);
    std::array<double, kMetricCount> day{};
    for (std::size_t p = 0; p < kMetricCount; ++p)
      day[p] = round_half_even(v[p * e.days() + d], gb3095().decimals(kMetrics[p], 2024));
    const DayAqi a = day_aqi(hj633(), day);
    good += a.aqi <= 100;
    heavy += a.aqi > 200;
    primary_pm25 += (a.primary & primary_bit(Metric::pm25)) != 0;
    if (month == 2) good_march += a.aqi <= 100;
  }
  EXPECT_GT(good, 50);  // the draw spans the categories
  EXPECT_GT(heavy, 5);
  EXPECT_EQ(c.year_good(), good);
  EXPECT_EQ(c.year_heavy(), heavy);
  EXPECT_EQ(c.good[2], good_march);
  int primary = 0;
  for (int n : c.primary[idx(Metric::pm25)]) primary += n;
  EXPECT_EQ(primary, primary_pm25);
}

// With no daily spread every day of a month is its monthly value, so the
// good days are the days of the months whose values are good (model-spec
// §10's check of the daily layer with s → 0).
TEST(DayStatistics, WithoutDailySpreadGoodDaysAreTheGoodMonthsDays) {
  MeteorologyParams met = load_dataset(test::bundled_dataset()).meteorology;
  for (auto& row : met.days.s) row.fill(0.0);
  const DailyLayer layer(met, 2023, {std::nullopt, std::nullopt, std::nullopt, 0.95, 0.90, std::nullopt});
  const DayEvaluator e(hj633(), gb3095(), 2023);
  auto scratch = std::make_unique<DailyScratch>();
  std::vector<double> c(layer.size());
  std::mt19937_64 rng(5);
  std::uniform_real_distribution<double> pm(20.0, 160.0);
  for (std::uint64_t sample = 0; sample < 5; ++sample) {
    std::array<std::array<double, kMonths>, kMetricCount> monthly{};
    const std::array<double, kMetricCount> clean = {5, 10, 20, 0.3, 40, 10};
    for (std::size_t p = 0; p < kMetricCount; ++p) monthly[p].fill(clean[p]);
    for (double& x : monthly[idx(Metric::pm25)]) x = pm(rng);
    layer.generate(9, sample, monthly, c, *scratch);
    DayCounts counts;
    e.count(c, counts);
    int expected = 0;
    for (int m = 0; m < kMonths; ++m) {
      std::array<double, kMetricCount> day{};
      for (std::size_t p = 0; p < kMetricCount; ++p)
        day[p] = round_half_even(monthly[p][static_cast<std::size_t>(m)], gb3095().decimals(kMetrics[p], 2023));
      const int good_month = day_aqi(hj633(), day).aqi <= 100 ? days_in_month(2023, m + 1) : 0;
      EXPECT_EQ(counts.good[static_cast<std::size_t>(m)], good_month) << "month " << m + 1;
      expected += good_month;
    }
    EXPECT_EQ(counts.year_good(), expected);
  }
}

}  // namespace
}  // namespace aqplan
