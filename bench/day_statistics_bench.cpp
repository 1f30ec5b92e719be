// The day counts of one sample's year (model/day_statistics.h): HJ 663
// rounding, HJ 633 AQI, good / heavy / over-limit / primary counts of 365
// days, on the days the daily layer draws for the bundled plan's mode.
// Items = samples. Run:
//   build/bench/aqplan_bench --benchmark_filter='DayCounts'
#include <benchmark/benchmark.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "aqplan/data/aqi_table.h"
#include "aqplan/data/scenario.h"
#include "aqplan/engine/daily.h"
#include "aqplan/model/day_statistics.h"
#include "aqplan/model/model.h"

namespace {

using namespace aqplan;

void BM_DayCounts(benchmark::State& state) {
  const ModelInputs in = load_inputs(std::string(AQPLAN_SOURCE_DIR) + "/scenarios/plan-2023.toml");
  const Model model = Model::build(in);
  Workspace ws = model.make_workspace();
  Outcome o;
  model.evaluate(model.mode_draw(), ws, o);
  std::array<std::optional<double>, kMetricCount> q{};
  std::array<std::array<double, kMonths>, kMetricCount> monthly{};
  for (Metric p : kMetrics) {
    const auto i = static_cast<std::size_t>(p);
    monthly[i] = o.monthly[i];
    if (model.annual_quantile(p) > 0.0) q[i] = model.annual_quantile(p);
  }
  const DailyLayer layer(model.weather(), 2023, q);
  auto scratch = std::make_unique<DailyScratch>();
  std::vector<double> days(layer.size());
  layer.generate(1, 0, monthly, days, *scratch);
  const DayEvaluator e(load_aqi_table(std::string(AQPLAN_SOURCE_DIR) + "/data/standards/hj633-2012.toml"),
                       in.standard, 2023);
  DayCounts c;
  for (auto _ : state) {
    e.count(days, c);
    benchmark::DoNotOptimize(c.good[0]);
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()));
}
BENCHMARK(BM_DayCounts);

}  // namespace
