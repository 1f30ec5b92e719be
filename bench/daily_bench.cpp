// The daily layer (engine/daily.h): 6 metrics × 365 days per sample on the
// bundled plan's meteorology and the monthly values of its first draw.
// BM_DailyLayer runs the level this CPU uses (its label names it);
// BM_DailyLayerLevel/<level> forces each level the CPU runs. Items = samples.
// Run:
//   build/bench/aqplan_bench --benchmark_filter='DailyLayer'
#include <benchmark/benchmark.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "aqplan/base/simd.h"
#include "aqplan/data/scenario.h"
#include "aqplan/engine/daily.h"
#include "aqplan/engine/sampler.h"
#include "kernels/dispatch.h"

namespace {

using namespace aqplan;

struct Setup {
  Model model;
  std::array<std::array<double, kMonths>, kMetricCount> monthly{};
  std::array<std::optional<double>, kMetricCount> q{};
};

const Setup& setup() {
  static const Setup s = [] {
    Setup out{Model::build(load_inputs(std::string(AQPLAN_SOURCE_DIR) + "/scenarios/plan-2023.toml"))};
    Draw d = out.model.mode_draw();
    Sampler(out.model).draw(1, 0, d);
    Workspace ws = out.model.make_workspace();
    Outcome o;
    out.model.evaluate(d, ws, o);
    for (Metric p : kMetrics) {
      const auto i = static_cast<std::size_t>(p);
      out.monthly[i] = o.monthly[i];
      if (out.model.annual_quantile(p) > 0.0) out.q[i] = out.model.annual_quantile(p);
    }
    return out;
  }();
  return s;
}

void run(benchmark::State& state) {
  const Setup& s = setup();
  const DailyLayer layer(s.model.weather(), 2023, s.q);
  auto scratch = std::make_unique<DailyScratch>();
  std::vector<double> out(layer.size());
  std::uint64_t sample = 0;
  for (auto _ : state) {
    layer.generate(1, sample++, s.monthly, out, *scratch);
    benchmark::DoNotOptimize(out.data());
    benchmark::ClobberMemory();
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()));
}

void BM_DailyLayer(benchmark::State& state) {
  state.SetLabel(std::string(simd_level_name(simd_level())));
  run(state);
}
BENCHMARK(BM_DailyLayer);

// One benchmark per level this CPU runs (the level is restored after each).
const bool registered = [] {
  for (SimdLevel level : {SimdLevel::baseline, SimdLevel::avx2, SimdLevel::avx512}) {
    const SimdLevel original = simd_level();
    const bool runs = detail::force_simd_level(level);
    detail::force_simd_level(original);
    if (!runs) continue;
    benchmark::RegisterBenchmark((std::string("BM_DailyLayerLevel/") + std::string(simd_level_name(level))).c_str(),
                                 [level](benchmark::State& state) {
                                   const SimdLevel before = simd_level();
                                   detail::force_simd_level(level);
                                   run(state);
                                   detail::force_simd_level(before);
                                 });
  }
  return true;
}();

}  // namespace
