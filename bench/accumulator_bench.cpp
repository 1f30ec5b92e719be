// RunAccumulator with the engine's shape: 79 statistics per sample (6 metrics
// × 12 months, 6 annual statistics, the composite index). Bin widths as the
// engine uses them (0.1 µg/m³, 0.01 mg/m³ for co, 0.001 for the index); the
// ranges are generous round numbers for a benchmark, not model data.
#include <benchmark/benchmark.h>

#include <array>
#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include "aqplan/engine/accumulator.h"

namespace {

struct Shape {
  const char* metric;
  double bin_width;
  double upper;
  double typical;  // centre of the synthetic values
};

constexpr std::array<Shape, 6> kShapes{{{"so2", 0.1, 200.0, 15.0},
                                        {"no2", 0.1, 200.0, 35.0},
                                        {"pm10", 0.1, 800.0, 90.0},
                                        {"co", 0.01, 20.0, 1.8},
                                        {"o3", 0.1, 500.0, 170.0},
                                        {"pm25", 0.1, 500.0, 50.0}}};

std::vector<aqplan::StatSpec> engine_specs() {
  std::vector<aqplan::StatSpec> specs;
  for (const Shape& s : kShapes) {
    for (int m = 1; m <= 12; ++m) specs.push_back({std::string(s.metric) + ".m" + std::to_string(m), s.bin_width, s.upper});
    specs.push_back({std::string(s.metric) + ".annual", s.bin_width, s.upper});
  }
  specs.push_back({"composite", 0.001, 30.0});
  return specs;
}

struct Draws {
  std::size_t stats = 0;
  std::vector<double> values;  // kRows × stats
  std::vector<std::uint8_t> met;
};

constexpr std::size_t kRows = 256;

Draws make_draws(const std::vector<aqplan::StatSpec>& specs) {
  Draws d;
  d.stats = specs.size();
  d.values.resize(kRows * d.stats);
  d.met.resize(kRows * d.stats);
  std::mt19937_64 rng(7);
  std::lognormal_distribution<double> spread(0.0, 0.3);
  for (std::size_t r = 0; r < kRows; ++r) {
    for (std::size_t i = 0; i < d.stats; ++i) {
      const double typical = i + 1 == d.stats ? 4.5 : kShapes[i / 13].typical;
      const double v = typical * spread(rng);
      d.values[r * d.stats + i] = v;
      d.met[r * d.stats + i] = static_cast<std::uint8_t>(v <= typical);
    }
  }
  return d;
}

void fill(aqplan::RunAccumulator& acc, const Draws& d, std::size_t samples) {
  for (std::size_t j = 0; j < samples; ++j) {
    const std::size_t r = j % kRows;
    acc.add(std::span<const double>(d.values).subspan(r * d.stats, d.stats),
            std::span<const std::uint8_t>(d.met).subspan(r * d.stats, d.stats));
  }
}

// ns per sample of 79 statistics.
void BM_AccumulatorAdd79(benchmark::State& state) {
  const auto specs = engine_specs();
  const Draws d = make_draws(specs);
  aqplan::RunAccumulator acc(specs);
  std::size_t r = 0;
  for (auto _ : state) {
    acc.add(std::span<const double>(d.values).subspan(r * d.stats, d.stats),
            std::span<const std::uint8_t>(d.met).subspan(r * d.stats, d.stats));
    r = (r + 1) % kRows;
  }
  benchmark::DoNotOptimize(acc.count());
  state.SetItemsProcessed(state.iterations());
  state.counters["memory_MB"] = static_cast<double>(acc.memory_bytes()) / 1e6;
}
BENCHMARK(BM_AccumulatorAdd79);

void BM_AccumulatorMerge79(benchmark::State& state) {
  const auto specs = engine_specs();
  const Draws d = make_draws(specs);
  aqplan::RunAccumulator part(specs);
  fill(part, d, 1000);
  aqplan::RunAccumulator total(specs);
  for (auto _ : state) total.merge(part);
  benchmark::DoNotOptimize(total.count());
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations()) * static_cast<std::int64_t>(part.memory_bytes()));
}
BENCHMARK(BM_AccumulatorMerge79);

void BM_AccumulatorSerialize79(benchmark::State& state) {
  const auto specs = engine_specs();
  const Draws d = make_draws(specs);
  aqplan::RunAccumulator acc(specs);
  fill(acc, d, 1000);
  std::size_t bytes = 0;
  for (auto _ : state) {
    std::string s = acc.serialize();
    bytes = s.size();
    benchmark::DoNotOptimize(s.data());
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * bytes));
  state.counters["size_MB"] = static_cast<double>(bytes) / 1e6;
}
BENCHMARK(BM_AccumulatorSerialize79);

void BM_AccumulatorDeserialize79(benchmark::State& state) {
  const auto specs = engine_specs();
  const Draws d = make_draws(specs);
  aqplan::RunAccumulator acc(specs);
  fill(acc, d, 1000);
  const std::string s = acc.serialize();
  for (auto _ : state) {
    aqplan::RunAccumulator back = aqplan::RunAccumulator::deserialize(s);
    benchmark::DoNotOptimize(back.count());
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * s.size()));
}
BENCHMARK(BM_AccumulatorDeserialize79);

// All 79 summaries (five quantiles each, a scan of the histogram).
void BM_AccumulatorSummary79(benchmark::State& state) {
  const auto specs = engine_specs();
  const Draws d = make_draws(specs);
  aqplan::RunAccumulator acc(specs);
  fill(acc, d, 1000);
  for (auto _ : state) {
    for (std::size_t i = 0; i < acc.size(); ++i) benchmark::DoNotOptimize(acc.summary(i));
  }
}
BENCHMARK(BM_AccumulatorSummary79);

}  // namespace
