#include "aqplan/results/analysis_run.h"

#include <algorithm>

#include "aqplan/engine/conditioning.h"
#include "aqplan/engine/montecarlo.h"
#include "aqplan/results/run.h"

namespace aqplan {

AnalysisRun analysis_run(const AnalysisRequest& request, const Scenario& sc) {
  AnalysisRun run;
  run.samples = request.samples.value_or(kDefaultAnalysisSamples);
  run.seed = request.seed.value_or(sc.seed.value_or(kDefaultSeed));
  run.threads = request.threads;
  run.weather_scale = sc.weather_scale;
  run.feedback = request.feedback;
  return run;
}

namespace {

// The engine's options for one more run of the analysis (counted in its
// feedback, which watches it).
MonteCarloOptions engine_options(const AnalysisRun& run) {
  MonteCarloOptions mc;
  mc.seed = run.seed;
  mc.end = run.samples;
  mc.threads = run.threads;
  if (const std::shared_ptr<AnalysisFeedback>& f = run.feedback) {
    const int k = ++f->runs;
    if (f->progress) mc.progress = [f, k](std::uint64_t done, std::uint64_t total) { f->progress(k, done, total); };
    mc.cancel = f->cancel;
  }
  return mc;
}

}  // namespace

RunResult run_variant(const Model& model, const AnalysisRun& run, SamplingOptions options) {
  options.weather_scale = run.weather_scale;
  const Sampler sampler(model, std::move(options));
  return summarize(model, run_monte_carlo(model, sampler, engine_options(run)), run.seed);
}

std::vector<double> variant_values(const Model& model, const AnalysisRun& run, SamplingOptions options, std::size_t stat,
                                   std::vector<double>* weights) {
  options.weather_scale = run.weather_scale;
  const Sampler sampler(model, std::move(options));
  return sample_values(model, sampler, engine_options(run), stat, weights);
}

std::vector<double> plan_values(const Model& model, const AnalysisRun& run, std::size_t stat, std::vector<double>& weights) {
  const Sampler sampler(model, weather_scaled(run.weather_scale));
  std::vector<double> values = sample_values(model, sampler, engine_options(run), stat, &weights);
  if (!weights.empty()) check_reachable(model, sampler, *std::max_element(weights.begin(), weights.end()), weights.size());
  return values;
}

RunResult plan_run(const Model& model, const AnalysisRun& run) {
  const Sampler sampler(model, weather_scaled(run.weather_scale));
  const RunAccumulator acc = run_monte_carlo(model, sampler, engine_options(run));
  check_reachable(model, sampler, acc.max_weight(), acc.count());
  return summarize(model, acc, run.seed);
}

}  // namespace aqplan
