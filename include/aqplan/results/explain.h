// aqplan/results/explain.h — why one metric's month (or year) is at risk,
// and what would move it: `aqplan explain` (docs/analysis.md, "Why a month
// is at risk"). Shown by views/explain_view.h.
//
// Every run has the same seed and sample count (common random numbers), and
// keeps the period's statistic of every sample (analysis_run.h
// variant_values), so medians are exact sample medians: the ⌈n/2⌉-th
// smallest value (the run table's p50 is its histogram bin's midpoint,
// within 0.05 of it for a metric reported in integers).
//
// Waterfall: from the base-year value to the plan's projected median, one
// factor group added at a time, in this order:
//   base          the base year's reported value of the period
//   base_months   the year only: the annual statistic of the base year's
//                 months (target-year days) less the reported value
//   observed      the period's months observed in the target year replace
//                 the model (run 1 less the above; only when there are some)
//   growth        run 2 − run 1: sector growth (with the response's uncertain
//                 coefficients, which act once emissions change)
//   regional      run 3 − run 2: the regional trend of the non-local part
//   weather       run 4 − run 3: the weather drawn; the median with it less
//                 the median without, where the convexity of monthly and
//                 annual percentiles shows
//   measure       one per measure that can move the period: the plan's median
//                 less the median without that measure (never implemented,
//                 nor anything waiting for it)
//   interaction   (run 5 − run 4) − Σ measures: what the measures do together
//                 beyond the sum of their one-at-a-time parts
//   projected     run 5, the plan as written
// Runs: 1 nothing but the observed months (every measure off, growth 0,
// regional trend 0, weather off) — its median is checked against one
// deterministic evaluation of that draw (`check`); 2 + growth; 3 + the
// regional trend; 4 + weather; 5 the plan. The bars telescope, so they sum to
// the projected median exactly (to the rounding of a double).
//
// Split: the period's concentration by sector and species, secondary
// formation included (model/attribution.h), averaged over the samples of
// the plan (weather drawn): its parts sum to the mean of the period's
// statistic. The year: each month's parts weighted by ∂annual/∂month
// (Model::annual_weights), which for a percentile metric (co, o3) is the
// lognormal mixture's sensitivity and still sums to the annual value
// (Euler). O3 is not a sum of parts: its cells are first-order changes if a
// sector's NOx or VOC were removed.
//
// Levers: with common random numbers, the change of the median and of
// P(meet) from (a) an extra cut of kExplainCut of one sector's emissions of
// one species (every sector × species the metric reads and that emits in the
// period), with the tonnes it removes in the period (the cut × the plan's
// mean post-plan tonnes, as gap's); (b) each measure that can move the period
// removed, and (c) exactly kExplainSlipMonths late. Sorted by |ΔP(meet)|,
// then |Δmedian|. A lever whose sign goes against intuition carries a note:
// a NOx cut raising winter nitrate, or O3 where it is VOC-limited.
//
// A measure "can move the period" when it can reach the metric
// (model/reach.h) and, for a month, it or a measure waiting for it is in
// effect that month on the planned schedule (no slips: slips only move
// starts later, and removal only takes effect away, so a measure not in
// effect then on the planned schedule changes nothing that month). A month
// observed in the target year is not decided by the model: nothing moves it,
// and no lever is run.
//
// Units: concentrations in the metric's unit; probabilities in [0, 1];
// tonnes in t per period (the month, or the year).
// Thread safety: reentrant; each call runs the parallel engine.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "aqplan/base/metric.h"
#include "aqplan/results/analysis_run.h"

namespace aqplan {

// The extra cut of one sector's species that a lever tries (a fraction).
inline constexpr double kExplainCut = 0.10;
// The slip a lever tries, in months (as rank's).
inline constexpr double kExplainSlipMonths = 3.0;

struct ExplainRequest {
  Metric metric = Metric::pm25;
  int period = 0;  // 0 = the year; 1..12 a month
};

// base_anomaly: a known base-year weather anomaly of the period's months
// divided out of the base-year values (docs/model.md §5); shown only then.
enum class StepKind {
  base, base_months, base_anomaly, observed, growth, regional, weather, measure, interaction, projected
};

struct WaterfallStep {
  StepKind kind = StepKind::base;
  int measure = 0;  // ledger id (kind measure)
  std::string text, title_en;  // the measure's ledger text and short English title
  double change = 0;  // the bar; for base and projected, the level
  double level = 0;   // the running value after the bar
};

// Why a lever's sign is what it is, when it goes against intuition.
enum class LeverNote { none, nitrate, ozone };
enum class LeverKind { cut, removed, slip };

struct Lever {
  LeverKind kind = LeverKind::cut;
  std::string sector;            // cut
  Species species = Species::so2;  // cut
  int measure = 0;               // removed, slip: ledger id
  std::string text, title_en;
  double d_median = 0;  // lever − plan, metric unit
  double d_p_meet = 0;  // lever − plan
  double tonnes = 0;    // cut: t removed in the period (mean over the samples)
  LeverNote note = LeverNote::none;
};

struct ExplainSplit {
  bool additive = true;     // false for o3 (first-order changes)
  bool ammonium_split = false;  // ammonium salts split by precursor (response.toml [ammonium])
  std::vector<std::string> sectors;                       // inventory order
  std::vector<std::array<double, kSpeciesCount>> cells;   // [s][k], metric unit
  std::vector<std::array<double, kSpeciesCount>> tonnes;  // [s][k], post-plan t in the period
  double local = 0, nonlocal = 0, observed = 0, unattributed = 0;
  double total = 0;  // mean of the period's statistic = local + nonlocal + observed
  std::uint64_t samples = 0;
};

struct ExplainResult {
  ExplainRequest request;
  std::string scenario, dataset, scenario_zh, dataset_zh, language = "en";
  int year = 0;
  std::uint64_t samples = 0, seed = 0;
  int runs = 0;  // Monte Carlo runs (the split's pass over the plan's samples included)
  double base = 0, target = 0;
  int decimals = 0;
  double risk_below = 0;
  double median = 0, p_meet = 0;  // the plan's
  std::optional<double> ess;      // a re-forecast's effective sample size of the plan's run (weighted samples)
  bool decided = true;  // false: every month of the period observed; nothing moves it
  std::vector<WaterfallStep> waterfall;
  double check_expected = 0, check_run = 0;  // run 1's median against one evaluation
  ExplainSplit split;
  std::vector<Lever> levers;  // sorted by |d_p_meet|, then |d_median|
};

// InputError ("--samples: …") for more samples than a run may keep in
// memory (max_kept_samples of data/limits.toml).
ExplainResult explain_period(const ModelInputs& inputs, const ExplainRequest& request, const AnalysisRun& run);

// explain_period of a scenario file, with the request's samples and seed
// (defaults as rank_scenario's).
ExplainResult explain_scenario(const AnalysisRequest& request, const ExplainRequest& explain);

}  // namespace aqplan
