// aqplan/results/gap.h — what more must be cut to be c sure: the smallest
// extra uniform cut x of local emissions (all sectors or named ones) that
// lifts P(meet) to the confidence c, by bisection on x with common random
// numbers; for O3 along NOx-only, VOC-only and all-species directions,
// since O3 is not monotone in NOx. Shown by views/gap_view.h.
//
// Units: probabilities in [0, 1]; cuts as fractions (0.1 = 10 %) and tonnes
// per year of the base-year inventory.
// Thread safety: reentrant; each call runs the parallel engine.
#pragma once

#include <array>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "aqplan/base/metric.h"
#include "aqplan/results/analysis_run.h"

namespace aqplan {

struct GapRequest {
  // P(meet) to reach; default: the scenario's [report] risk_below (the
  // threshold below which run marks a period at risk, kDefaultRiskBelow).
  std::optional<double> confidence;
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

// gap_to_target of a scenario file, with the request's samples and seed
// (defaults as rank_scenario's).
GapResult gap_scenario(const AnalysisRequest& request, const GapRequest& gap);

// "year" → 0, "1".."12" → the month; nullopt for anything else.
std::optional<int> parse_gap_period(std::string_view text);


}  // namespace aqplan
