// aqplan/results/report.h — everything the leadership report shows (`aqplan
// report`, docs/report.md), made by the library's own analyses, with no
// engine of its own:
//   - every scenario's run (results/run.h), all with the first scenario's
//     seed and samples (common random numbers, as results/comparison.h);
//   - for the first scenario, its planned schedule (results/schedule_table.h),
//     measure importance (results/rank.h) and the gap to the report's
//     confidence for every metric whose year is at risk (results/gap.h),
//     these two with `analysis_samples` samples;
//   - for two or more scenarios, their comparison (results/comparison.h);
//   - the input files of every scenario with their SHA-256, the seed, the
//     sample counts, the aqplan version and the standard, so that the report
//     can be made again from its footer.
// Shown by views/report_view.h (an HTML page and an Excel workbook).
//
// Units: as results/run_result.h; tonnes in t per year.
// Thread safety: reentrant; each call runs the parallel engine.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "aqplan/results/analysis_run.h"
#include "aqplan/results/comparison.h"
#include "aqplan/results/gap.h"
#include "aqplan/results/rank.h"
#include "aqplan/results/run.h"

namespace aqplan {

// Samples of the report's analyses (rank and gap) when the request does
// not say: fewer than a single analysis's default (kDefaultAnalysisSamples),
// so that the whole report of the bundled plan takes under 5 s on two cores
// (docs/report.md, "Speed"). Common random numbers keep the differences
// sharp: P(meet) has a standard error of 0.006 at 0.8, which moves the gap's
// cut by about 0.4 percentage point, below the whole percent the verdict
// quotes.
inline constexpr std::uint64_t kDefaultReportAnalysisSamples = 5000;

struct ReportRequest {
  std::vector<std::string> scenarios;  // one or more files; the first is the reference
  ScenarioOptions scenario_options;    // of every scenario (data/scenario.h: an --observed file)
  std::optional<std::uint64_t> samples;  // of the runs; default: the first scenario's, else kDefaultSamples
  std::optional<std::uint64_t> seed;     // default: the first scenario's, else kDefaultSeed
  std::optional<std::uint64_t> analysis_samples;  // of rank and gap; default kDefaultReportAnalysisSamples
  int threads = 0;
  std::shared_ptr<AnalysisFeedback> feedback;  // progress and cancel; none: silent
};

// A file a scenario was built from (engine/run_part.h input_files): as the
// report names it, and the SHA-256 of its bytes (what `sha256sum` prints).
struct ReportInput {
  std::string path;
  std::string sha256;
};

struct ScenarioReport {
  std::string file;  // the scenario file as given
  RunOutput run;     // its run, and its planned schedule
  std::vector<ReportInput> inputs;
};

struct Report {
  std::vector<ScenarioReport> scenarios;  // the first is the reference
  std::optional<Comparison> comparison;   // with two or more scenarios
  RankResult rank;  // of the first scenario; sorted by its first metric at risk (pm25 when none is)
  GapResult gap;    // of the first scenario: the year, every sector, at `confidence`
  double confidence = kDefaultRiskBelow;  // the first scenario's [report] risk_below
  std::uint64_t samples = 0, seed = 0, analysis_samples = 0;
  std::string observed_file;  // the request's observations file (--observed) as given; empty: none
  std::string aqplan_version;
  std::string standard;  // the standard the targets are judged by, e.g. "GB 3095-2012, HJ 663-2013"

  const RunResult& result() const { return scenarios.front().run.result; }
  // The metrics whose annual P(meet) in the first scenario is below its
  // risk threshold, in the standard's order.
  std::vector<Metric> at_risk() const;
};

// Throws InputError for bad input (every problem of every scenario file),
// Cancelled when cancelled.
Report report_scenarios(const ReportRequest& request);

}  // namespace aqplan
