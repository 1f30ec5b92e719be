// Per-sample costs of the HJ 663 evaluation: these run once per metric per
// Monte Carlo sample. Inputs are the seed's attachment-1 values (2022).
#include <benchmark/benchmark.h>

#include <algorithm>
#include <array>
#include <random>

#include "aqplan/model/evaluation.h"

namespace {

using aqplan::MonthlyValues;

constexpr MonthlyValues kO3{89, 108, 138, 157, 177, 212, 169, 149, 175, 149, 123, 81};
constexpr MonthlyValues kCO{2.6, 2.0, 2.1, 1.9, 1.4, 1.1, 1.3, 1.7, 1.9, 1.5, 2.1, 2.6};

// 31 daily values of a month; the span is reordered by the call, so each
// iteration copies them back (included in the time, as a caller would).
void BM_Percentile31(benchmark::State& state) {
  std::array<double, 31> days{};
  std::mt19937 rng(1);
  std::lognormal_distribution<double> daily(5.0, 0.3);
  for (double& d : days) d = daily(rng);
  std::array<double, 31> work{};
  for (auto _ : state) {
    work = days;
    benchmark::DoNotOptimize(aqplan::hj663_percentile(work, 0.95));
  }
}
BENCHMARK(BM_Percentile31);

// One metric's annual percentile statistic from its twelve months: q, σ_d.
void BM_AnnualPercentile(benchmark::State& state, const MonthlyValues& monthly, double q, double sigma_d) {
  const MonthlyValues days = aqplan::month_days(2023);
  MonthlyValues v = monthly;
  for (auto _ : state) {
    benchmark::DoNotOptimize(v);
    benchmark::DoNotOptimize(aqplan::annual_percentile_statistic(v, days, q, sigma_d));
  }
}
BENCHMARK_CAPTURE(BM_AnnualPercentile, O3, kO3, 0.90, 0.095);
BENCHMARK_CAPTURE(BM_AnnualPercentile, CO, kCO, 0.95, 0.43);

// The prepared form Model uses (weights, q, σ_d and Φ⁻¹(q) set up once).
void BM_PreparedPercentile(benchmark::State& state, const MonthlyValues& monthly, double q, double sigma_d) {
  const aqplan::PercentileStatistic stat(aqplan::month_days(2023), q, sigma_d);
  MonthlyValues v = monthly;
  for (auto _ : state) {
    benchmark::DoNotOptimize(v);
    benchmark::DoNotOptimize(stat(v));
  }
}
BENCHMARK_CAPTURE(BM_PreparedPercentile, O3, kO3, 0.90, 0.095);
BENCHMARK_CAPTURE(BM_PreparedPercentile, CO, kCO, 0.95, 0.43);

void BM_AnnualMean(benchmark::State& state) {
  const MonthlyValues days = aqplan::month_days(2023);
  MonthlyValues v = kO3;
  for (auto _ : state) {
    benchmark::DoNotOptimize(v);
    benchmark::DoNotOptimize(aqplan::annual_mean(v, days));
  }
}
BENCHMARK(BM_AnnualMean);

void BM_RoundHalfEven(benchmark::State& state) {
  std::array<double, 64> values{};
  std::mt19937 rng(2);
  std::uniform_real_distribution<double> u(0.0, 300.0);
  for (double& x : values) x = u(rng);
  std::size_t i = 0;
  for (auto _ : state) {
    benchmark::DoNotOptimize(aqplan::round_half_even(values[i++ & 63], 1));
  }
}
BENCHMARK(BM_RoundHalfEven);

void BM_CompositeIndex(benchmark::State& state) {
  aqplan::CompositeIndexTable table;
  table.divisor = {60, 40, 70, 4, 160, 35};
  table.weight = {1, 1, 1, 1, 1, 1};
  table.decimals = {0, 0, 0, 1, 0, 0};
  std::array<double, aqplan::kMetricCount> annual{10.6, 26.5, 78.8, 1.95, 171.4, 39.4};
  for (auto _ : state) {
    benchmark::DoNotOptimize(annual);
    benchmark::DoNotOptimize(aqplan::composite_index(annual, table));
  }
}
BENCHMARK(BM_CompositeIndex);

// Once per data set, not per sample; shown for scale.
void BM_CalibrateDailyDispersion(benchmark::State& state) {
  for (auto _ : state) benchmark::DoNotOptimize(aqplan::calibrate_daily_dispersion(kO3, 172, 0.90, 2022));
}
BENCHMARK(BM_CalibrateDailyDispersion);

}  // namespace
