#include "aqplan/results/run.h"

#include <algorithm>
#include <cmath>
#include <tuple>

#include <fmt/format.h>

#include "aqplan/base/paths.h"
#include "aqplan/base/files.h"
#include "aqplan/base/text.h"
#include "aqplan/data/scenario.h"
#include "aqplan/engine/conditioning.h"
#include "aqplan/engine/montecarlo.h"
#include "aqplan/model/check.h"
#include "base/messages.h"

namespace aqplan {

namespace {

MonteCarloOptions engine_options(const RunRequest& req, const Scenario& sc) {
  MonteCarloOptions mc;
  mc.seed = req.seed.value_or(sc.seed.value_or(kDefaultSeed));
  mc.end = req.samples.value_or(sc.samples.value_or(kDefaultSamples));
  mc.threads = req.threads;
  mc.progress = req.progress;
  mc.cancel = req.cancel;
  return mc;
}

// The variance of every annual statistic over samples [0, n) drawn with `so`.
std::array<double, kMetricCount> annual_variance(const Model& model, const SamplingOptions& so,
                                                 const MonteCarloOptions& mc) {
  const Sampler sampler(model, so);
  const RunAccumulator acc = run_monte_carlo(model, sampler, mc);
  std::array<double, kMetricCount> v{};
  for (Metric p : kMetrics) {
    const double sd = acc.summary(annual_stat_index(p)).sd;
    v[static_cast<std::size_t>(p)] = sd * sd;
  }
  return v;
}

// Shares of `all` from the three variances; a negative difference (Monte
// Carlo noise, or weather that narrows a band through an interaction)
// counts as 0, and the shares are scaled to sum to 1.
SpreadShares shares(double all, double typical, double no_weather) {
  SpreadShares s;
  s.weather_base = std::max(0.0, all - typical);
  s.weather_target = std::max(0.0, typical - no_weather);
  s.plan = std::max(0.0, no_weather);
  const double sum = s.weather_base + s.weather_target + s.plan;
  if (!(sum > 0.0)) return {};
  s.weather_base /= sum;
  s.weather_target /= sum;
  s.plan /= sum;
  return s;
}


}  // namespace

void add_prior(const ModelInputs& inputs, double weather_scale, std::uint64_t seed, std::uint64_t samples, int threads,
               const std::atomic<bool>* cancel, RunResult& out) {
  if (!out.reforecast) return;
  ModelInputs before = inputs;
  for (auto& row : before.observed) row.fill(std::nullopt);
  const Model model = Model::build(before);
  MonteCarloOptions mc;
  mc.seed = seed;
  mc.end = std::min(samples, kReforecastPriorSamples);
  mc.threads = threads;
  mc.cancel = cancel;
  const RunAccumulator acc = run_monte_carlo(model, Sampler(model, weather_scaled(weather_scale)), mc);
  for (Metric p : kMetrics)
    out.reforecast->prior_p_meet[static_cast<std::size_t>(p)] = acc.summary(annual_stat_index(p)).p_meet;
  out.reforecast->prior_composite_p_meet = acc.summary(kCompositeStat).p_meet;
  out.reforecast->prior_samples = mc.end;
}

void add_spread(const Model& model, double weather_scale, std::uint64_t seed, std::uint64_t samples, int threads,
                const std::atomic<bool>* cancel, RunResult& out) {
  MonteCarloOptions mc;
  mc.seed = seed;
  mc.end = std::min(samples, kSpreadSamples);
  mc.threads = threads;
  mc.cancel = cancel;
  const SamplingOptions as_given = weather_scaled(weather_scale);
  SamplingOptions typical = as_given;
  typical.typical_base_year = true;
  const auto all = annual_variance(model, as_given, mc);
  bool any_drawn = false;
  for (std::size_t p = 0; p < kMetricCount; ++p)
    for (std::size_t m = 0; m < kMonths; ++m) any_drawn = any_drawn || model.weather().base_year_drawn(p, m);
  const auto one_year = any_drawn && weather_scale > 0.0 ? annual_variance(model, typical, mc) : all;
  const auto no_weather = weather_scale > 0.0 ? annual_variance(model, weather_scaled(0.0), mc) : all;
  std::array<SpreadShares, kMetricCount> s{};
  for (std::size_t p = 0; p < kMetricCount; ++p) s[p] = shares(all[p], one_year[p], no_weather[p]);
  out.spread = s;
  out.spread_samples = mc.end;
}

namespace {

// What a run reports besides its own statistics: where the spread comes
// from, or for a re-forecast (whose weighted band the three-run split does
// not apply to) the forecast before the observations.
void add_context(const Model& model, const Scenario& sc, std::uint64_t seed, std::uint64_t samples, int threads,
                 const std::atomic<bool>* cancel, RunResult& out) {
  if (model.any_observed())
    add_prior(sc.inputs, sc.weather_scale, seed, samples, threads, cancel, out);
  else
    add_spread(model, sc.weather_scale, seed, samples, threads, cancel, out);
}

}  // namespace

RunOutput run_scenario(const RunRequest& req) {
  const Scenario sc = load_checked_scenario(req.scenario, req.scenario_options);
  const Model model = Model::build(sc.inputs);
  RunOutput out;
  out.schedule = schedule_table(model);
  if (req.deterministic) {
    Workspace ws = model.make_workspace();
    Outcome outcome;
    model.evaluate(model.mode_draw(), ws, outcome);
    out.result = deterministic_result(model, outcome);
    return out;
  }
  const Sampler sampler(model, weather_scaled(sc.weather_scale));
  const MonteCarloOptions mc = engine_options(req, sc);
  const RunAccumulator acc = run_monte_carlo(model, sampler, mc);
  check_reachable(model, sampler, acc.max_weight(), acc.count());
  out.result = summarize(model, acc, mc.seed);
  add_context(model, sc, mc.seed, mc.end, mc.threads, mc.cancel, out.result);
  return out;
}

RunPart run_scenario_part(const RunRequest& req, std::uint64_t part, std::uint64_t parts) {
  const Scenario sc = load_checked_scenario(req.scenario, req.scenario_options);
  RunPart p;
  p.fingerprint = input_fingerprint(sc);  // the files as loaded, before the run
  const Model model = Model::build(sc.inputs);
  const Sampler sampler(model, weather_scaled(sc.weather_scale));
  MonteCarloOptions mc = engine_options(req, sc);
  p.aqplan_version = version();
  p.scenario = sc.name;
  p.seed = mc.seed;
  p.samples = mc.end;
  p.part = part;
  p.parts = parts;
  std::tie(mc.begin, mc.end) = part_range(p.samples, part, parts);
  p.begin = mc.begin;
  p.end = mc.end;
  p.acc = run_monte_carlo(model, sampler, mc);
  return p;
}

RunOutput merge_scenario_parts(const std::string& scenario, const std::vector<std::string>& part_files,
                               const ScenarioOptions& options) {
  const Scenario sc = load_checked_scenario(scenario, options);
  const Model model = Model::build(sc.inputs);
  Diagnostics diags;
  std::vector<RunPart> parts;
  for (const std::string& file : part_files) {
    try {
      parts.push_back(parse_part(read_file_bytes(file), file));
    } catch (const InputError& e) {
      diags.append(e.diagnostics());
    }
  }
  diags.throw_if_errors();
  const MergedRun merged = merge_parts(parts, part_files, input_fingerprint(sc));
  if (merged.acc.specs() != run_stat_specs(model))
    throw InputError(part_files.front(), 0, 0, Text(msg::merge_statistics_not_scenarios));
  check_reachable(model, Sampler(model, weather_scaled(sc.weather_scale)), merged.acc.max_weight(), merged.acc.count());
  RunOutput out{summarize(model, merged.acc, merged.seed), schedule_table(model)};
  add_context(model, sc, merged.seed, merged.acc.count(), 0, nullptr, out.result);
  return out;
}

}  // namespace aqplan
