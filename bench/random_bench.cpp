// philox_batch for n = 190 counters of one sample: about what Sampler::draw
// asks for per sample on the bundled plan (measures, sectors, metrics,
// weather). BM_PhiloxBatch is the dispatched entry point (its label names
// the path this CPU uses); BM_PhiloxPath/<path> calls each path this CPU
// supports directly. Run:
//   build/bench/aqplan_bench --benchmark_filter='Philox'
#include <benchmark/benchmark.h>

#include <cstdint>
#include <string>
#include <vector>

#include "kernels/philox.h"
#include "aqplan/engine/random.h"

namespace {

constexpr std::size_t kCalls = 190;

struct Counters {
  std::vector<std::uint32_t> purpose, index, w0, w1, w2, w3;
  explicit Counters(std::size_t n) : purpose(n), index(n), w0(n), w1(n), w2(n), w3(n) {
    for (std::size_t i = 0; i < n; ++i) {
      purpose[i] = static_cast<std::uint32_t>(1 + i % 15);
      index[i] = static_cast<std::uint32_t>(i);
    }
  }
};

template <class F>
void run(benchmark::State& state, F&& batch) {
  Counters c(kCalls);
  std::uint64_t sample = 0;
  for (auto _ : state) {
    batch(1, sample++, c.purpose.data(), c.index.data(), kCalls, c.w0.data(), c.w1.data(), c.w2.data(), c.w3.data());
    benchmark::DoNotOptimize(c.w0.data());
    benchmark::DoNotOptimize(c.w3.data());
    benchmark::ClobberMemory();
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * kCalls));
}

void BM_PhiloxBatch(benchmark::State& state) {
  state.SetLabel(aqplan::detail::philox_active_path().name);
  run(state, aqplan::philox_batch);
}
BENCHMARK(BM_PhiloxBatch);

// One benchmark per path this CPU runs.
const bool registered = [] {
  for (const aqplan::detail::PhiloxPath& p : aqplan::detail::philox_paths()) {
    if (!p.supported()) continue;
    benchmark::RegisterBenchmark((std::string("BM_PhiloxPath/") + p.name).c_str(),
                                 [fn = p.fn](benchmark::State& state) { run(state, fn); });
  }
  return true;
}();

}  // namespace
