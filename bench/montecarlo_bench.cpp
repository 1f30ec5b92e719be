// Monte Carlo throughput on the bundled Zezhou 2023 plan, whole-run and per
// stage, so the hot spot is visible. Run:
//   build/bench/aqplan_bench --benchmark_filter='MonteCarlo|Stage'
#include <benchmark/benchmark.h>

#include <cmath>
#include <cstdint>
#include <optional>
#include <vector>

#include "aqplan/engine/conditioning.h"
#include "aqplan/engine/montecarlo.h"
#include "aqplan/engine/sampler.h"
#include "aqplan/data/scenario.h"

namespace {

using namespace aqplan;

const Model& plan() {
  static const Model m = Model::build(load_inputs((std::string(AQPLAN_SOURCE_DIR) + "/scenarios/plan-2023.toml")));
  return m;
}

// Sample 0 of the run seeded 1: the input of the per-sample stage benchmarks.
Draw first_draw(const Model& m) {
  Draw d = m.mode_draw();
  Sampler(m).draw(1, 0, d);
  return d;
}

// Whole runs of `m`: samples/s for state.range(0) samples on
// state.range(1) threads (items_per_second).
void run_throughput(benchmark::State& state, const Model& m) {
  Sampler sampler(m);
  const auto samples = static_cast<std::uint64_t>(state.range(0));
  std::uint64_t seed = 1;
  for (auto _ : state) {
    MonteCarloOptions o;
    o.seed = seed++;
    o.end = samples;
    o.threads = static_cast<int>(state.range(1));
    RunAccumulator acc = run_monte_carlo(m, sampler, o);
    benchmark::DoNotOptimize(acc.count());
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * samples));
}

// Whole run: samples/s for 1 and 2 threads.
void BM_MonteCarloRun(benchmark::State& state) { run_throughput(state, plan()); }
BENCHMARK(BM_MonteCarloRun)->Args({200000, 1})->Args({200000, 2})->Unit(benchmark::kMillisecond)->UseRealTime();

// The re-forecast (model.md §8): the bundled plan with January–March of
// every metric observed (the ytd-2023 example values), so every sample is
// weighted and its April–December weather drawn given the observed months.
// Compare with BM_MonteCarloRun at the same arguments.
void BM_MonteCarloRunObserved(benchmark::State& state) {
  static const Model m = Model::build(load_inputs(std::string(AQPLAN_SOURCE_DIR) + "/scenarios/ytd-2023.toml"));
  run_throughput(state, m);
}
BENCHMARK(BM_MonteCarloRunObserved)->Args({200000, 1})->Args({200000, 2})->Unit(benchmark::kMillisecond)->UseRealTime();

// The re-forecast's per-sample step alone (Conditioning::apply) on the
// BM_MonteCarloRunObserved model: weights and conditional weather of one sample.
void BM_StageCondition(benchmark::State& state) {
  static const Model m = Model::build(load_inputs(std::string(AQPLAN_SOURCE_DIR) + "/scenarios/ytd-2023.toml"));
  const Sampler sampler(m);
  const Conditioning* cond = sampler.conditioning();
  Draw d = m.mode_draw();
  sampler.draw(1, 0, d);
  Workspace ws = m.make_workspace();
  Outcome out;
  m.evaluate_months(d, ws, out);
  double sum = 0;
  for (auto _ : state) {
    sum += cond->apply(out.modelled, d.weather_prior, d.observation_noise, out.monthly);
    benchmark::DoNotOptimize(out.monthly[5][11]);
  }
  benchmark::DoNotOptimize(sum);
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_StageCondition);

void BM_StageDraw(benchmark::State& state) {
  const Model& m = plan();
  Sampler sampler(m);
  Draw d = m.mode_draw();
  std::uint64_t i = 0;
  for (auto _ : state) {
    sampler.draw(1, i++, d);
    benchmark::DoNotOptimize(d.weather[0][0]);
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_StageDraw);

void BM_StageSchedule(benchmark::State& state) {
  const Model& m = plan();
  const Draw d = first_draw(m);
  Workspace ws = m.make_workspace();
  for (auto _ : state) {
    m.schedule().evaluate(d.delay, d.implemented, ws.activity, ws.start, ws.complete);
    benchmark::DoNotOptimize(ws.activity(0, 0));
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_StageSchedule);

// Emissions: the schedule, then ρ and the weighted emission deltas
// (Model::emission_deltas, the first half of evaluate).
void BM_StageEmissions(benchmark::State& state) {
  const Model& m = plan();
  const Draw d = first_draw(m);
  Workspace ws = m.make_workspace();
  EmissionDeltas e;
  for (auto _ : state) {
    m.emission_deltas(d, ws, e);
    benchmark::DoNotOptimize(e.impact[0][0]);
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_StageEmissions);

// Response: local response, anchoring, annual statistics and composite index
// (Model::respond, the second half of evaluate).
void BM_StageResponse(benchmark::State& state) {
  const Model& m = plan();
  const Draw d = first_draw(m);
  Workspace ws = m.make_workspace();
  EmissionDeltas e;
  Outcome o;
  m.emission_deltas(d, ws, e);
  for (auto _ : state) {
    m.respond(d, e, o);
    benchmark::DoNotOptimize(o.annual[0]);
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_StageResponse);

// The whole of Model::evaluate: schedule, emissions and response.
void BM_StageEvaluate(benchmark::State& state) {
  const Model& m = plan();
  const Draw d = first_draw(m);
  Workspace ws = m.make_workspace();
  Outcome o;
  for (auto _ : state) {
    m.evaluate(d, ws, o);
    benchmark::DoNotOptimize(o.annual[0]);
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_StageEvaluate);

void BM_StageAnnualStatistics(benchmark::State& state) {
  const Model& m = plan();
  Workspace ws = m.make_workspace();
  Outcome o;
  m.evaluate(m.mode_draw(), ws, o);
  for (auto _ : state) {
    for (Metric p : kMetrics) benchmark::DoNotOptimize(m.annual_statistic(p, o.monthly[static_cast<std::size_t>(p)]));
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_StageAnnualStatistics);

void BM_StageAccumulate(benchmark::State& state) {
  const Model& m = plan();
  RunAccumulator acc(run_stat_specs(m));
  std::array<double, kStatCount> values{};
  std::array<std::uint8_t, kStatCount> met{};
  for (std::size_t k = 0; k < kStatCount; ++k) values[k] = 10.0 + 0.37 * static_cast<double>(k);
  for (auto _ : state) {
    values[0] += 0.001;
    acc.add(values, met);
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_StageAccumulate);

// n real samples of the bundled plan (values spread as in a run, so
// histogram bins are scattered), statistic-major as add_batch takes them:
// statistic i of sample s at [i·n + s].
std::vector<double> batch_values(std::size_t n) {
  const Model& m = plan();
  const Sampler sampler(m);
  std::vector<double> v(kStatCount * n);
  Draw d = m.mode_draw();
  Workspace ws = m.make_workspace();
  Outcome o;
  for (std::size_t s = 0; s < n; ++s) {
    sampler.draw(1, s, d);
    m.evaluate(d, ws, o);
    for (Metric p : kMetrics) {
      for (int month = 1; month <= kMonths; ++month)
        v[stat_index(p, month) * n + s] = o.monthly[static_cast<std::size_t>(p)][static_cast<std::size_t>(month - 1)];
      v[annual_stat_index(p) * n + s] = o.annual[static_cast<std::size_t>(p)];
    }
    v[kCompositeStat * n + s] = o.composite.index;
  }
  return v;
}

// The re-forecast's weights (model.md §8) for n samples: w = e^-x, x spread
// over [0, 85], so W takes every shape (high 64 bits only, both halves, low
// half only) and falls in every group of its significant bits.
std::vector<double> batch_weights(std::size_t n) {
  std::vector<double> w(n);
  for (std::size_t s = 0; s < n; ++s) w[s] = std::exp(-85.0 * static_cast<double>((s * 97) % n) / static_cast<double>(n));
  return w;
}

// What the engine does: n samples added as one batch, unweighted or
// weighted (met flags alternate; both paths are branch-free in them).
// Per sample.
void accumulate_batch(benchmark::State& state, std::size_t n, Weighting weighting) {
  const Model& m = plan();
  RunAccumulator acc(run_stat_specs(m), weighting);
  const std::vector<double> values = batch_values(n), weights = batch_weights(n);
  std::vector<std::uint8_t> met(kStatCount * n, 0);
  for (std::size_t j = 0; j < met.size(); j += 2) met[j] = 1;
  if (weighting == Weighting::weighted) {
    for (auto _ : state) acc.add_batch(values, met, n, weights);
    state.counters["ess"] = acc.ess() / static_cast<double>(acc.count()) * static_cast<double>(n);  // of a batch
  } else {
    for (auto _ : state) acc.add_batch(values, met, n);
  }
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(n));
}

void BM_StageAccumulateBatch(benchmark::State& state) { accumulate_batch(state, 256, Weighting::none); }
BENCHMARK(BM_StageAccumulateBatch);
void BM_StageAccumulateBatchWeighted(benchmark::State& state) { accumulate_batch(state, 256, Weighting::weighted); }
BENCHMARK(BM_StageAccumulateBatchWeighted);
// Batches of 64, as run_monte_carlo adds them.
void BM_StageAccumulateBatch64(benchmark::State& state) { accumulate_batch(state, 64, Weighting::none); }
BENCHMARK(BM_StageAccumulateBatch64);
void BM_StageAccumulateBatchWeighted64(benchmark::State& state) { accumulate_batch(state, 64, Weighting::weighted); }
BENCHMARK(BM_StageAccumulateBatchWeighted64);

}  // namespace
