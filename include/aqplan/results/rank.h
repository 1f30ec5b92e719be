// aqplan/results/rank.h — which measures move the needle, answered on top of
// the Monte Carlo engine with common random numbers: the change in every
// annual statistic and in P(meet) when a measure is removed, and when it
// slips three months; the same summed per lead unit; and which uncertain
// inputs explain most of the spread of one annual statistic (Spearman rank
// correlation, listing only inputs that can reach the metric (model/reach.h)
// and whose correlation passes a significance cut). Shown by
// views/rank_view.h.
//
// Every run of the analysis uses the same seed and sample count, so the
// differences are those of the change, not of the random numbers.
//
// Units: concentrations in the metric's unit; probabilities in [0, 1].
// Thread safety: reentrant; each call runs the parallel engine.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "aqplan/base/metric.h"
#include "aqplan/import/ledger.h"
#include "aqplan/model/reach.h"
#include "aqplan/results/analysis_run.h"
#include "aqplan/results/run_result.h"

namespace aqplan {

// Why removing a measure lowers the chosen metric, when it does (the view
// says it in words).
enum class RemovalNote {
  none,
  nox_nitrate,  // a NOx cut raises PM: winter ammonium nitrate rises under moderate NOx cuts
  nox_o3,       // a NOx cut raises O3 where O3 is VOC-limited
  unexplained,  // within Monte Carlo noise, or through the growth of its sector
};

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
  RemovalNote note = RemovalNote::none;
};

// A name a measure gives its lead unit that the per-unit table counts under
// a known unit's name (data/lead-units.toml): a confirmed alias, or a near
// miss of one known name (the suggestion import-ledger reports).
struct UnitVariant {
  std::string written;   // as the ledger writes it
  bool confirmed = false;  // listed under [aliases]; else a near miss
  std::vector<int> measures;  // the measures that write it so
};

struct LeadUnitImpact {
  std::string unit;  // the known name (or as written, for a name close to no known one)
  std::vector<UnitVariant> variants;  // other names counted under it
  int measures = 0;
  int shared = 0;          // of which with several lead units
  double removed_mean = 0;    // Σ over its measures, chosen metric
  double removed_p_meet = 0;  // Σ over its measures, chosen metric
};

struct InputImportance {
  // The input's key, as JSON names it: "weather (pm25)", "delay of measure
  // 21", "size of measure 9", "growth of steel", … (views name it in words).
  std::string input;
  double spearman = 0;  // rank correlation with the chosen annual statistic
  UncertainInput what;  // which input of the draws
  int measure = 0;      // its measure's ledger id (delay, size, implemented)
  std::string sector;   // its sector (growth)
};

// The family-wise significance level of "what explains the spread": the
// probability that any input with no association at all is listed.
inline constexpr double kInputFamilyAlpha = 0.05;

// How "what explains the spread" chooses what to list. Under no association,
// Spearman's ρ over n samples has mean 0 and variance exactly 1/(n − 1)
// (the permutation distribution of a correlation, ties included), and is
// close to normal for n in the hundreds and more. An input is listed when
// |ρ| > cut = z·se, se = 1/√(n − 1), z = Φ⁻¹(1 − α/(2·tested)): a two-sided
// test at level α/tested for each input (Bonferroni), so that with
// probability at least 1 − α no input without association is listed.
struct InputSelection {
  std::uint64_t samples = 0;   // n
  std::size_t tested = 0;      // uncertain inputs that can reach the metric, each tested
  std::size_t not_significant = 0;  // of which |ρ| ≤ cut (not listed)
  std::vector<std::string> unreachable;  // uncertain inputs that cannot reach the metric: not tested, never listed
  double alpha = kInputFamilyAlpha;
  double z = 0;
  double se = 0;
  double cut = 0;
};

// The inputs that explain the spread of `metric`'s annual statistic.
struct SpreadExplanation {
  std::vector<InputImportance> inputs;  // listed: |ρ| > cut, sorted by |ρ|, largest first
  InputSelection selection;
};

struct RankResult {
  Metric metric = Metric::pm25;
  RunResult plan;
  std::vector<MeasureImpact> measures;  // sorted: largest removed_mean of the chosen metric first
  std::vector<LeadUnitImpact> units;    // sorted the same way
  std::vector<InputImportance> inputs;  // listed (InputSelection): sorted by |spearman|, largest first
  std::uint64_t importance_samples = 0;
  InputSelection input_selection;
};

// The first min(run.samples, kImportanceSamples) samples of `run`: every
// uncertain input that can reach `metric`, correlated with its annual
// statistic, and those passing the cut listed.
inline constexpr std::uint64_t kImportanceSamples = 5000;
SpreadExplanation explain_spread(const Model& model, Metric metric, const AnalysisRun& run);

// `known`: the lead units and aliases the per-unit table resolves names
// against (default: DATA/lead-units.toml, base/paths.h).
RankResult rank_measures(const ModelInputs& inputs, Metric metric, const AnalysisRun& run, const LeadUnits& known);
RankResult rank_measures(const ModelInputs& inputs, Metric metric, const AnalysisRun& run);

// rank_measures of a scenario file, with the request's samples and seed
// (defaults: kDefaultAnalysisSamples; the scenario's seed, else 1).
RankResult rank_scenario(const AnalysisRequest& request, Metric metric);

}  // namespace aqplan
