// aqplan/results/analysis_run.h — how the analyses (rank, gap) run the
// engine: many runs of one compiled model, each a variant of the draws
// (engine/sampler.h SamplingOptions), all with the same seed and sample
// count, so that their differences are those of the variants (common
// random numbers).
//
// Thread safety: reentrant; each run uses `threads` worker threads.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "aqplan/data/scenario.h"
#include "aqplan/engine/sampler.h"
#include "aqplan/results/run_result.h"

namespace aqplan {

// Analyses run many Monte Carlo runs; their default sample count is smaller
// than a single run's (results/run.h), and common random numbers keep the
// differences sharp.
inline constexpr std::uint64_t kDefaultAnalysisSamples = 20000;

// Progress of an analysis: called now and then from a worker thread with
// the number of the run under way (1, 2, …) and the samples it has done.
using AnalysisProgress = std::function<void(int run, std::uint64_t done, std::uint64_t total)>;

// What the caller of an analysis watches and how it stops one: shared by
// every run of the analysis (run_variant counts the runs here).
struct AnalysisFeedback {
  AnalysisProgress progress;
  // When it becomes true, the run under way stops at its next block and
  // throws Cancelled (engine/montecarlo.h); no result is made.
  const std::atomic<bool>* cancel = nullptr;
  std::atomic<int> runs{0};
};

struct AnalysisRun {
  std::uint64_t samples = kDefaultAnalysisSamples;
  std::uint64_t seed = 1;
  int threads = 0;
  double weather_scale = 1.0;
  std::shared_ptr<AnalysisFeedback> feedback;  // none: silent, not cancellable
};

// An analysis of a scenario file, as a planner asks for it.
struct AnalysisRequest {
  std::string scenario;
  ScenarioOptions scenario_options;  // data/scenario.h (an --observed file)
  std::optional<std::uint64_t> samples;  // default kDefaultAnalysisSamples
  std::optional<std::uint64_t> seed;     // default: the scenario's, else kDefaultSeed (results/run.h)
  int threads = 0;
  std::shared_ptr<AnalysisFeedback> feedback;  // progress and cancel; none: silent
};

// The run a request asks for of scenario `sc`, defaults filled in.
AnalysisRun analysis_run(const AnalysisRequest& request, const Scenario& sc);

// One run of `model` with the variant `options` describes (its weather
// scale is the run's).
RunResult run_variant(const Model& model, const AnalysisRun& run, SamplingOptions options = {});

// The plan's own run (run_variant without a variant), with model.md §8's
// reach check of its observed months (engine/conditioning.h
// check_reachable): the variants of an analysis (an extra cut, a measure
// removed) may move the model away from the observations, the plan may not.
RunResult plan_run(const Model& model, const AnalysisRun& run);

// The same run, keeping only statistic `stat` (engine/montecarlo.h
// stat_index, annual_stat_index) of every sample, in sample order: for
// exact sample quantiles (engine/montecarlo.h sample_values). Counted,
// shown and cancelled through the run's feedback like run_variant.
// `weights`, when given, receives each sample's re-forecast weight
// (engine/montecarlo.h sample_values; all 1 without observed months).
std::vector<double> variant_values(const Model& model, const AnalysisRun& run, SamplingOptions options, std::size_t stat,
                                   std::vector<double>* weights = nullptr);

// The plan's own values of `stat` (variant_values without a variant) and
// their weights, with plan_run's reach check.
std::vector<double> plan_values(const Model& model, const AnalysisRun& run, std::size_t stat, std::vector<double>& weights);

}  // namespace aqplan
