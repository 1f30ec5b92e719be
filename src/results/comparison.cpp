#include "aqplan/results/comparison.h"

#include <cmath>

#include "aqplan/data/scenario.h"
#include "aqplan/engine/conditioning.h"
#include "aqplan/engine/montecarlo.h"
#include "aqplan/model/check.h"
#include "aqplan/results/run.h"

namespace aqplan {

std::vector<Metric> shown_metrics(const Comparison& c) {
  if (c.metric) return {*c.metric};
  return {kMetrics.begin(), kMetrics.end()};
}

std::vector<MovedMonth> moved_months(const Comparison& c) {
  std::vector<MovedMonth> out;
  for (std::size_t i = 1; i < c.runs.size(); ++i)
    for (Metric p : shown_metrics(c))
      for (int m = 1; m <= kMonths; ++m) {
        const double a = c.runs[0].month_row(p, m).s.p_meet, b = c.runs[i].month_row(p, m).s.p_meet;
        if (std::abs(b - a) > c.threshold) out.push_back({i, p, m, a, b});
      }
  return out;
}

Comparison compare_scenarios(const CompareRequest& req) {
  const std::vector<Scenario> scenarios = load_checked_scenarios(req.scenarios, req.scenario_options);
  Comparison c;
  c.threshold = req.threshold;
  c.metric = req.metric;
  if (scenarios.empty()) return c;
  const std::uint64_t seed = req.seed.value_or(scenarios.front().seed.value_or(kDefaultSeed));
  const std::uint64_t samples = req.samples.value_or(scenarios.front().samples.value_or(kDefaultSamples));
  for (const Scenario& sc : scenarios) {
    const Model model = Model::build(sc.inputs);
    const Sampler sampler(model, weather_scaled(sc.weather_scale));
    MonteCarloOptions mc;
    mc.seed = seed;
    mc.end = samples;
    mc.threads = req.threads;
    const RunAccumulator acc = run_monte_carlo(model, sampler, mc);
    check_reachable(model, sampler, acc.max_weight(), acc.count());
    c.runs.push_back(summarize(model, acc, seed));
  }
  return c;
}

}  // namespace aqplan
