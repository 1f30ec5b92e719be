#include <benchmark/benchmark.h>

#include "aqplan/deadline.h"

static void BM_ParseDeadline(benchmark::State& state) {
  for (auto _ : state) benchmark::DoNotOptimize(aqplan::parse_deadline("2023 年 3 月和 7 月底前"));
}
BENCHMARK(BM_ParseDeadline);
