// aqplan/results/analysis.h — the two questions a planning meeting ends on, answered
// on top of the Monte Carlo engine with common random numbers:
//
//   rank_measures   which measures move the needle: the change in every
//                   annual statistic and in P(meet) when a measure is
//                   removed, and when it slips three months; the same summed
//                   per lead unit; and which uncertain inputs explain most of
//                   the spread of one annual statistic (Spearman rank
//                   correlation).
//   gap_to_target   what more must be cut to be c sure: the smallest extra
//                   uniform cut x of local emissions (all sectors or named
//                   ones) that lifts P(meet) to the confidence c, by
//                   bisection on x; for O3 along NOx-only, VOC-only and
//                   all-species directions, since O3 is not monotone in NOx.
//
// Every run of an analysis uses the same seed and sample count, so the
// differences are those of the change, not of the random numbers.
//
// Units: concentrations in the metric's unit; probabilities in [0, 1]; cuts
// as fractions (0.1 = 10 %) and tonnes per year of the base-year inventory.
// Thread safety: reentrant; each call runs the parallel engine.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "aqplan/base/metric.h"
#include "aqplan/model/model.h"
#include "aqplan/results/report.h"

namespace aqplan {

struct AnalysisRun {
  std::uint64_t samples = 20000;
  std::uint64_t seed = 1;
  int threads = 0;
  double weather_scale = 1.0;
};

// ---------------------------------------------------------------------------
// Ranking.

struct MeasureImpact {
  int id = 0;
  std::string text;
  std::string title_en;  // short English title, if the dataset gives one
  std::vector<std::string> lead_units;
  bool enabling = false;
  bool critical = false;          // on the planned schedule's critical path
  std::vector<int> dependants;    // measures that never start without this one
  // Removal: (without the measure) − (plan), per metric's annual statistic.
  std::array<double, kMetricCount> removed_mean{};    // change in the mean annual statistic
  std::array<double, kMetricCount> removed_p_meet{};  // change in P(annual ≤ target)
  // Three-month slip: (measure exactly three months late) − (plan).
  std::array<double, kMetricCount> slip_mean{};
  std::array<double, kMetricCount> slip_p_meet{};
  // Why removing the measure lowers the chosen metric, when it does.
  std::string note;
};

struct LeadUnitImpact {
  std::string unit;
  int measures = 0;
  int shared = 0;          // of which with several lead units
  double removed_mean = 0;    // Σ over its measures, chosen metric
  double removed_p_meet = 0;  // Σ over its measures, chosen metric
};

struct InputImportance {
  std::string input;    // "weather pm25", "delay of measure 21", "size of measure 9", ...
  double spearman = 0;  // rank correlation with the chosen annual statistic
};

struct RankResult {
  Metric metric = Metric::pm25;
  RunResult plan;
  std::vector<MeasureImpact> measures;  // sorted: largest removed_mean of the chosen metric first
  std::vector<LeadUnitImpact> units;    // sorted the same way
  std::vector<InputImportance> inputs;  // sorted by |spearman|, largest first
  std::uint64_t importance_samples = 0;
};

RankResult rank_measures(const ModelInputs& inputs, Metric metric, const AnalysisRun& run);

std::string format_rank(const RankResult& r, Language lang = Language::en);
std::string rank_to_json(const RankResult& r);
std::string rank_to_csv(const RankResult& r, bool bom = false);

// ---------------------------------------------------------------------------
// Gap to target.

struct GapRequest {
  double confidence = 0.8;
  std::optional<Metric> metric;    // every metric when empty
  int period = 0;                  // 0 = the year; 1..12 a month
  std::vector<std::string> sectors;  // every sector when empty
  double tolerance = 0.005;        // of x, for the bisection
};

struct GapRow {
  Metric metric = Metric::pm25;
  int period = 0;
  std::string direction;  // "all species", "NOx only", "VOC only"
  double p_meet = 0;      // now
  bool met_already = false;
  bool reachable = false;
  double cut = 0;             // smallest x reaching the confidence (when reachable)
  double p_meet_at_cut = 0;
  double p_meet_at_full = 0;  // with every local tonne of the direction cut
  std::array<double, kSpeciesCount> tonnes{};  // t/yr of the base-year inventory removed by the cut
  bool cheapest = false;      // the cheapest reachable direction for this metric and period (o3)
  std::string note;
};

struct GapResult {
  GapRequest request;
  std::vector<std::string> sectors;  // the sectors cut
  std::vector<GapRow> rows;
};

// Throws InputError for an unknown sector name (with "did you mean").
GapResult gap_to_target(const ModelInputs& inputs, const GapRequest& request, const AnalysisRun& run);

std::string format_gap(const GapResult& g, Language lang = Language::en);
std::string gap_to_json(const GapResult& g);
std::string gap_to_csv(const GapResult& g, bool bom = false);

}  // namespace aqplan
