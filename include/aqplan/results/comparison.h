// aqplan/results/comparison.h — several scenarios run with the same seed and
// samples (common random numbers), side by side: the annual p50 and P(meet)
// of each metric, the composite index, and the months whose P(meet) moves
// by more than a threshold from the first scenario's. Shown by
// views/compare_view.h.
//
// Units: as results/run_result.h. Thread safety: reentrant.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "aqplan/data/scenario.h"
#include "aqplan/results/run_result.h"

namespace aqplan {

// The P(meet) change of a month that counts as "moved".
inline constexpr double kDefaultMovedThreshold = 0.1;

struct Comparison {
  std::vector<RunResult> runs;  // the first is the reference
  double threshold = kDefaultMovedThreshold;
  std::optional<Metric> metric;  // one metric only, when set
};

// A month whose P(meet) moved by more than the threshold.
struct MovedMonth {
  std::size_t run;  // index into Comparison::runs (never 0)
  Metric metric;
  int month;
  double reference, value;  // P(meet) in the first run, and in this one
};
std::vector<MovedMonth> moved_months(const Comparison& c);
// The metrics shown: the one chosen, else every metric.
std::vector<Metric> shown_metrics(const Comparison& c);

struct CompareRequest {
  std::vector<std::string> scenarios;    // two or more files; the first is the reference
  ScenarioOptions scenario_options;      // data/scenario.h (an --observed file for every scenario)
  std::optional<std::uint64_t> samples;  // default: the first scenario's, else kDefaultSamples (results/run.h)
  std::optional<std::uint64_t> seed;     // default: the first scenario's, else kDefaultSeed
  int threads = 0;
  double threshold = kDefaultMovedThreshold;
  std::optional<Metric> metric;
};

// Throws InputError with every problem of every scenario file.
Comparison compare_scenarios(const CompareRequest& request);

}  // namespace aqplan
