#include "aqplan/results/run_result.h"

#include "aqplan/engine/conditioning.h"
#include "aqplan/engine/montecarlo.h"
#include "aqplan/model/evaluation.h"
#include "results/labels.h"

#include <algorithm>

#include <fmt/format.h>

namespace aqplan {

namespace {

// The ammonium nitrate response of each month at the mode, with the
// scenario's measures and without any.
void nitrate_responses(const Model& model, RunResult& r) {
  Draw d = model.mode_draw();
  Workspace ws = model.make_workspace();
  Outcome o;
  constexpr auto kNitrate = static_cast<std::size_t>(Pm25Component::ammonium_nitrate);
  model.evaluate(d, ws, o);
  r.nitrate_response = o.pm25_component[kNitrate];
  std::vector<double> e(model.sectors().size() * kSpeciesCount * kMonths);
  model.projected_emissions(d, ws, e);
  constexpr auto kNox = static_cast<std::size_t>(Species::nox);
  for (std::size_t s = 0; s < model.sectors().size(); ++s)
    for (std::size_t m = 0; m < kMonths; ++m) r.nox_tonnes[m] += e[(s * kSpeciesCount + kNox) * kMonths + m];
  std::fill(d.implemented.begin(), d.implemented.end(), std::uint8_t{0});
  model.evaluate(d, ws, o);
  r.nitrate_response_without_measures = o.pm25_component[kNitrate];
}

// The rows of a run with base and target filled from the model's rules; the
// summaries are left for the caller.
RunResult skeleton(const Model& model) {
  const EvaluationRules& rules = model.rules();
  RunResult r;
  detail::copy_labels(model, r);
  for (Metric p : kMetrics)
    for (int m = 1; m <= kMonths; ++m)
      r.monthly.push_back(
          {p, m, rules.base_value(p, m - 1), rules.target_value(p, m - 1), model.observed(p, m - 1), {}});
  for (Metric p : kMetrics)
    r.annual.push_back({p, 0, rules.base_value(p, kAnnual), rules.target_value(p, kAnnual), false, {}});
  r.composite.base = rules.composite_base;
  r.composite.target = rules.composite_target;
  r.decimals = rules.decimals;
  r.composite_decimals = rules.composite_decimals;
  r.risk_below = rules.risk_below;
  nitrate_responses(model, r);
  return r;
}

// The re-forecast's budget and input posteriors (the prior P(meet) is
// results/run.h's: it takes another run).
Reforecast reforecast_of(const Model& model, const RunAccumulator& acc) {
  Reforecast f;
  // The observations that weigh: those whose month has weather (σ > 0).
  if (acc.weighted())
    for (Metric p : kMetrics)
      for (int m = 0; m < kMonths; ++m)
        f.observations += model.observed(p, m) && model.weather().sigma[static_cast<std::size_t>(p)][static_cast<std::size_t>(m)] > 0.0;
  f.budget = remaining_budget(model);
  for (Metric p : kMetrics) f.percentile[static_cast<std::size_t>(p)] = model.annual_quantile(p) > 0.0;
  if (acc.size() <= kStatCount) return f;
  for (Metric p : kMetrics) {
    const std::size_t pi = static_cast<std::size_t>(p);
    f.inputs.push_back({fmt::format("trend.{}", name(p)), model.response().regional_change[pi].mean(),
                        acc.summary(kStatCount + pi).mean});
  }
  for (std::size_t k = 0; k < model.sectors().size(); ++k)
    f.inputs.push_back({fmt::format("growth.{}", model.sectors()[k].name), model.sectors()[k].growth.mean(),
                        acc.summary(kStatCount + kMetricCount + k).mean});
  return f;
}

Summary point(double v, double target, int decimals) {
  Summary s;
  s.mean = s.p05 = s.p25 = s.p50 = s.p75 = s.p95 = v;
  s.sd = 0;
  s.p_meet = meets_target(v, target, decimals) ? 1.0 : 0.0;
  s.p_meet_se = 0;
  return s;
}

}  // namespace

RunResult summarize(const Model& model, const RunAccumulator& acc, std::uint64_t seed) {
  RunResult r = skeleton(model);
  r.samples = acc.count();
  r.seed = seed;
  auto fill = [&](ResultRow& row, std::size_t k) {
    const StatSummary s = acc.summary(k);
    row.s = {s.mean, s.sd, s.p05, s.p25, s.p50, s.p75, s.p95, s.p_meet, s.p_meet_se};
  };
  for (auto& row : r.monthly) fill(row, stat_index(row.metric, row.month));
  for (auto& row : r.annual) fill(row, annual_stat_index(row.metric));
  const StatSummary c = acc.summary(kCompositeStat);
  r.composite.mean = c.mean;
  r.composite.sd = c.sd;
  r.composite.p05 = c.p05;
  r.composite.p50 = c.p50;
  r.composite.p95 = c.p95;
  r.composite.p_meet = c.p_meet;
  r.ess = acc.ess();
  if (model.any_observed()) r.reforecast = reforecast_of(model, acc);
  return r;
}

RunResult deterministic_result(const Model& model, const Outcome& o) {
  RunResult r = skeleton(model);
  r.samples = 1;
  r.ess = 1;
  r.deterministic = true;
  for (auto& row : r.monthly)
    row.s = point(o.monthly[static_cast<std::size_t>(row.metric)][static_cast<std::size_t>(row.month - 1)], row.target,
                  r.decimals_of(row.metric));
  for (auto& row : r.annual)
    row.s = point(o.annual[static_cast<std::size_t>(row.metric)], row.target, r.decimals_of(row.metric));
  r.composite.mean = r.composite.p05 = r.composite.p50 = r.composite.p95 = o.composite.index;
  r.composite.sd = 0;
  const double target = round_half_even(r.composite.target, r.composite_decimals);  // as reported
  r.composite.p_meet = meets_target(o.composite.index, target, r.composite_decimals) ? 1.0 : 0.0;
  return r;
}

}  // namespace aqplan
