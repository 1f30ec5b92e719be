// aqplan/engine/montecarlo.h — the parallel Monte Carlo engine: evaluates a model
// for samples [begin, end) of a run, each with every uncertain quantity drawn
// (sampler.h), and accumulates per metric × month, per annual statistic and
// for the composite index the mean, sd, quantiles and P(rounded value ≤
// target) (accumulator.h).
//
// Parallelism: TBB over fixed blocks of samples; each worker fills its own
// accumulator; accumulators merge by exact integer arithmetic, so the result
// is bit-identical for any thread count, block order or split of the sample
// range over processes (run [0, k) and [k, n) separately, merge, and get the
// bytes of one run over [0, n)). Memory does not grow with the sample count.
//
// Statistic layout of the accumulator (stat_index): metric p, month m (1..12)
// → p·12 + m − 1; the annual statistic of p → 72 + p; the composite index → 78.
// A model with observed months adds the re-forecast's inputs, whose
// posterior means results report: "input.trend.<metric>" (T_p − 1) at 79 + p
// and "input.growth.<sector>" at 85 + s (inventory order).
//
// Re-forecast (model.md §8): when the sampler is conditioned (observed
// months, weather drawn), each sample's unobserved months take the weather
// drawn given the observed ones and the sample its weight
// (engine/conditioning.h); the accumulator is then a weighted one, and every
// statistic the weighted one. Weights need no normalisation, so the
// bit-identity across threads and parts holds as without.
//
// Units: concentrations in the metric's unit; the composite index is
// dimensionless. Thread safety: run_monte_carlo is reentrant; the Model and
// Sampler are only read.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <stdexcept>
#include <vector>

#include "aqplan/engine/accumulator.h"
#include "aqplan/engine/sampler.h"
#include "aqplan/model/model.h"

namespace aqplan {

inline constexpr std::size_t kMonthlyStats = kMetricCount * kMonths;  // 72
inline constexpr std::size_t kStatCount = kMonthlyStats + kMetricCount + 1;  // 79
inline constexpr std::size_t stat_index(Metric p, int month) {
  return static_cast<std::size_t>(p) * kMonths + static_cast<std::size_t>(month - 1);
}
inline constexpr std::size_t annual_stat_index(Metric p) { return kMonthlyStats + static_cast<std::size_t>(p); }
inline constexpr std::size_t kCompositeStat = kMonthlyStats + kMetricCount;

// The statistics of a run of `model`: names "pm25.1" … "pm25.year",
// "composite"; bins a tenth of the reporting precision of the standard
// (0.1 µg/m³ for a metric reported in integers, 0.01 mg/m³ for co, 0.001
// for the composite index) from 0 to four times the largest base-year or
// target value, plus 1 (values above are counted, and reported exactly as
// the maximum seen).
std::vector<StatSpec> run_stat_specs(const Model& model);

struct MonteCarloOptions {
  std::uint64_t seed = 0;
  std::uint64_t begin = 0;  // first sample index
  std::uint64_t end = 0;    // one past the last
  int threads = 0;          // 0 = every core
  std::uint64_t block = 2048;  // samples per task; results do not depend on it
  // Called now and then from a worker thread with the samples done so far.
  std::function<void(std::uint64_t done, std::uint64_t total)> progress;
  // When it becomes true, the run stops at the next block and throws Cancelled.
  const std::atomic<bool>* cancel = nullptr;
};

class Cancelled : public std::runtime_error {
 public:
  Cancelled() : std::runtime_error("run cancelled") {}
};

// Evaluates samples [begin, end). Throws Cancelled, or std::runtime_error
// when the model produces a non-finite value (naming the sample).
// results/run_result.h summarizes the accumulator for planners.
RunAccumulator run_monte_carlo(const Model& model, const Sampler& sampler, const MonteCarloOptions& options);

// One statistic (stat_index, annual_stat_index or kCompositeStat) of every
// sample of [begin, end): out[i] is sample begin + i, the very value
// run_monte_carlo accumulates for it. For analyses that need a statistic's
// exact sample quantiles rather than the accumulator's binned ones (explain's
// medians). The same parallelism, progress and cancel as run_monte_carlo;
// the values do not depend on the thread count. Throws Cancelled, or
// std::runtime_error naming the first sample whose value is not finite.
// With observed months (Sampler::conditioned) the values are those of the
// re-forecast and `weights`, when given, receives each sample's weight
// (engine/conditioning.h; all 1 without observations).
std::vector<double> sample_values(const Model& model, const Sampler& sampler, const MonteCarloOptions& options,
                                  std::size_t stat, std::vector<double>* weights = nullptr);

}  // namespace aqplan
