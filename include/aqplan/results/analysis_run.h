// aqplan/results/analysis_run.h — how the analyses (rank, gap) run the
// engine: many runs of one compiled model, each a variant of the draws
// (engine/sampler.h SamplingOptions), all with the same seed and sample
// count, so that their differences are those of the variants (common
// random numbers).
//
// Thread safety: reentrant; each run uses `threads` worker threads.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "aqplan/data/scenario.h"
#include "aqplan/engine/sampler.h"
#include "aqplan/results/run_result.h"

namespace aqplan {

// Analyses run many Monte Carlo runs; their default sample count is smaller
// than a single run's (results/run.h), and common random numbers keep the
// differences sharp.
inline constexpr std::uint64_t kDefaultAnalysisSamples = 20000;

struct AnalysisRun {
  std::uint64_t samples = kDefaultAnalysisSamples;
  std::uint64_t seed = 1;
  int threads = 0;
  double weather_scale = 1.0;
};

// An analysis of a scenario file, as a planner asks for it.
struct AnalysisRequest {
  std::string scenario;
  std::optional<std::uint64_t> samples;  // default kDefaultAnalysisSamples
  std::optional<std::uint64_t> seed;     // default: the scenario's, else kDefaultSeed (results/run.h)
  int threads = 0;
};

// The run a request asks for of scenario `sc`, defaults filled in.
AnalysisRun analysis_run(const AnalysisRequest& request, const Scenario& sc);

// One run of `model` with the variant `options` describes (its weather
// scale is the run's).
RunResult run_variant(const Model& model, const AnalysisRun& run, SamplingOptions options = {});

}  // namespace aqplan
