#include "aqplan/results/run.h"

#include <tuple>

#include "aqplan/base/paths.h"
#include "aqplan/base/files.h"
#include "aqplan/base/text.h"
#include "aqplan/data/scenario.h"
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

}  // namespace

RunOutput run_scenario(const RunRequest& req) {
  const Scenario sc = load_checked_scenario(req.scenario);
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
  out.result = summarize(model, run_monte_carlo(model, sampler, mc), mc.seed);
  return out;
}

RunPart run_scenario_part(const RunRequest& req, std::uint64_t part, std::uint64_t parts) {
  const Scenario sc = load_checked_scenario(req.scenario);
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

RunOutput merge_scenario_parts(const std::string& scenario, const std::vector<std::string>& part_files) {
  const Scenario sc = load_checked_scenario(scenario);
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
  return {summarize(model, merged.acc, merged.seed), schedule_table(model)};
}

}  // namespace aqplan
