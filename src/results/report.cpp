#include "aqplan/results/report.h"

#include <algorithm>

#include "aqplan/base/files.h"
#include "aqplan/base/paths.h"
#include "aqplan/base/sha256.h"
#include "aqplan/model/check.h"

namespace aqplan {

namespace {

std::vector<ReportInput> inputs_of(const Scenario& sc) {
  std::vector<ReportInput> out;
  for (const std::string& f : input_files(sc)) out.push_back({f, sha256_hex(read_file_bytes(f))});
  return out;
}

// One scenario's run, counted as a run of the report's feedback.
RunOutput run_one(const std::string& file, const Report& r, const ReportRequest& req) {
  RunRequest run;
  run.scenario = file;
  run.scenario_options = req.scenario_options;
  run.samples = r.samples;
  run.seed = r.seed;
  run.threads = req.threads;
  if (const auto& fb = req.feedback) {
    const int k = ++fb->runs;
    run.progress = [fb, k](std::uint64_t done, std::uint64_t total) {
      if (fb->progress) fb->progress(k, done, total);
    };
    run.cancel = fb->cancel;
  }
  return run_scenario(run);
}

// The metric rank sorts by: PM2.5 when it is at risk or nothing is, else the
// first at risk.
Metric rank_metric(const std::vector<Metric>& at_risk) {
  if (at_risk.empty() || std::find(at_risk.begin(), at_risk.end(), Metric::pm25) != at_risk.end()) return Metric::pm25;
  return at_risk.front();
}

}  // namespace

std::vector<Metric> Report::at_risk() const {
  std::vector<Metric> out;
  const RunResult& r = result();
  for (Metric p : kMetrics)
    if (r.at_risk(r.annual_row(p))) out.push_back(p);
  return out;
}

Report report_scenarios(const ReportRequest& req) {
  const std::vector<Scenario> scenarios = load_checked_scenarios(req.scenarios, req.scenario_options);
  Report r;
  if (scenarios.empty()) return r;
  const Scenario& first = scenarios.front();
  r.seed = req.seed.value_or(first.seed.value_or(kDefaultSeed));
  r.samples = req.samples.value_or(first.samples.value_or(kDefaultSamples));
  r.analysis_samples = req.analysis_samples.value_or(kDefaultReportAnalysisSamples);
  r.observed_file = req.scenario_options.observed_file;
  r.confidence = first.inputs.risk_below;
  r.aqplan_version = version();
  r.standard = first.inputs.standard.name + ", " + first.inputs.standard.evaluation;
  for (std::size_t i = 0; i < scenarios.size(); ++i)
    r.scenarios.push_back({req.scenarios[i], run_one(req.scenarios[i], r, req), inputs_of(scenarios[i])});
  if (r.scenarios.size() >= 2) {
    Comparison c;
    for (const ScenarioReport& s : r.scenarios) c.runs.push_back(s.run.result);
    r.comparison = std::move(c);
  }
  AnalysisRequest analysis;
  analysis.scenario = req.scenarios.front();
  analysis.scenario_options = req.scenario_options;
  analysis.samples = r.analysis_samples;
  analysis.seed = r.seed;
  analysis.threads = req.threads;
  analysis.feedback = req.feedback;
  r.rank = rank_scenario(analysis, rank_metric(r.at_risk()));
  GapRequest gap;
  gap.confidence = r.confidence;
  r.gap = gap_scenario(analysis, gap);
  return r;
}

}  // namespace aqplan
