// Schedule::evaluate for 44 measures shaped like the Zezhou 2023 ledger
// (deadline kinds and dependencies of zezhou-defaults.md), random delays.
#include <benchmark/benchmark.h>

#include <cstdint>
#include <random>
#include <vector>

#include "aqplan/model/schedule.h"

namespace {

struct Row {
  int id;
  const char* deadline;
  std::vector<int> deps;
  double lag;
};

std::vector<aqplan::MeasureTiming> zezhou_like() {
  const std::vector<Row> rows{
      {1, "长期坚持", {}, 0},         {2, "2023年6月底前", {}, 0},   {3, "2024年12月底前", {}, 0},
      {4, "2023年6月底前", {}, 0},    {5, "2023年9月底前", {}, 0},   {6, "2023年3月和7月底前", {}, 0},
      {7, "2023年3月底前", {}, 0},    {8, "2023年7月底前", {}, 0},   {9, "2023年12月底前", {7}, 9},
      {10, "2023年9月底前", {}, 0},   {11, "2023年3月底前", {}, 0},  {12, "2023年9月底前", {}, 0},
      {13, "2023年4月底前", {}, 0},   {14, "长期坚持", {}, 0},        {15, "2023年4月底前", {}, 0},
      {16, "2023年12月底前", {22}, 0}, {17, "2024年6月底前", {16}, 0}, {18, "2023年10月底前", {}, 0},
      {19, "2023年5月底前", {}, 0},   {20, "2023年5月底前", {}, 0},  {21, "2023年10月底前", {}, 0},
      {22, "2023年10月底前", {}, 0},  {23, "2023年10月底前", {}, 0}, {24, "长期坚持", {21}, 0},
      {25, "长期坚持", {23}, 0},       {26, "长期坚持", {23}, 0},      {27, "2023年4月底前", {}, 0},
      {28, "2023年7月1日起", {}, 0},  {29, "2023年5月底前", {}, 0},  {30, "长期坚持", {}, 0},
      {31, "2023年4月1日起", {}, 0},  {32, "2023年5月底前", {}, 0},  {33, "2023年5月1日起", {32}, 0},
      {34, "长期坚持", {}, 0},         {35, "长期坚持", {}, 0},        {36, "长期坚持", {}, 0},
      {37, "长期坚持", {}, 0},         {38, "长期坚持", {}, 0},        {39, "长期坚持", {}, 0},
      {40, "长期坚持", {41}, 0},       {41, "2023年3月底前", {}, 0},  {42, "2023年3月底前", {}, 0},
      {43, "2023年5月底前", {}, 0},   {44, "2023年5-9月", {43}, 0},
  };
  std::vector<aqplan::MeasureTiming> out;
  for (const Row& r : rows) {
    aqplan::MeasureTiming m;
    m.id = r.id;
    m.deadline = aqplan::parse_deadline(r.deadline);
    m.depends_on = r.deps;
    m.lag_months = r.lag;
    m.ramp_months = (r.id % 5 == 0) ? 2.0 : 0.0;  // some measures ramp
    out.push_back(std::move(m));
  }
  return out;
}

void BM_ScheduleEvaluate(benchmark::State& state) {
  const aqplan::Schedule schedule = aqplan::Schedule::build(zezhou_like(), 2023);
  const std::size_t n = schedule.size();
  // Pre-drawn delays (on time with p = 0.7, else uniform 1–4 months), cycled.
  constexpr std::size_t kDraws = 256;
  std::mt19937_64 rng(42);
  std::bernoulli_distribution late(0.3);
  std::uniform_real_distribution<double> months(1.0, 4.0);
  std::vector<std::vector<double>> delays(kDraws, std::vector<double>(n));
  for (auto& d : delays)
    for (double& x : d) x = late(rng) ? months(rng) : 0.0;
  const std::vector<std::uint8_t> implemented(n, 1);
  aqplan::ActivityMatrix activity(static_cast<Eigen::Index>(n), aqplan::kMonths);
  std::vector<double> start(n), complete(n);
  std::size_t k = 0;
  for (auto _ : state) {
    schedule.evaluate(delays[k], implemented, activity, start, complete);
    benchmark::DoNotOptimize(activity.data());
    benchmark::ClobberMemory();
    k = (k + 1) % kDraws;
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()));
}
BENCHMARK(BM_ScheduleEvaluate);

}  // namespace
