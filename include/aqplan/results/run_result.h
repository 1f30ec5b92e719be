// aqplan/results/run_result.h — the results of a run as planners read them:
// per metric and month (and for the year) the base-year value, the target,
// the distribution of the projection and the probability of meeting the
// target; and the composite index. Made from a run's accumulator
// (summarize) or from one deterministic evaluation (deterministic_result);
// shown by views/run_view.h.
//
// A deterministic run (every uncertain input at its mode) fills the same
// structure with one sample: mean = every quantile = the projection, sd = 0,
// p_meet 0 or 1 and p_meet_se = 0, so every consumer reads one schema.
//
// Units: concentrations in the metric's unit (µg/m³; co mg/m³);
// probabilities in [0, 1]; the composite index is dimensionless.
// Thread safety: plain values and pure functions.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "aqplan/base/metric.h"
#include "aqplan/engine/accumulator.h"
#include "aqplan/model/budget.h"
#include "aqplan/model/model.h"

namespace aqplan {

struct Summary {
  double mean = 0, sd = 0, p05 = 0, p25 = 0, p50 = 0, p75 = 0, p95 = 0;
  double p_meet = 0, p_meet_se = 0;
};

struct ResultRow {
  Metric metric = Metric::so2;
  int month = 0;  // 1..12; 0 for the annual row
  double base = 0;
  double target = 0;
  bool observed = false;  // a month measured in the target year: every quantile is the measured value
  Summary s;
};

struct CompositeSummary {
  double base = 0, target = 0, mean = 0, sd = 0, p05 = 0, p50 = 0, p95 = 0;
  double p_meet = 0;  // P(the rounded index ≤ the target as reported): the chance the plan's improvement is reached
};

// Where an annual band comes from (docs/montecarlo.md, "Where the spread
// comes from"): shares of the annual value's variance, summing to 1.
struct SpreadShares {
  double weather_base = 0;    // the base year's weather (0 with base_year = "typical")
  double weather_target = 0;  // the target year's weather
  double plan = 0;            // the plan's own uncertainty: delays, sizes, growth, regional trend, response
};

// A persistent input of the re-forecast: its mean before the observations
// (the distribution's) and after (the weighted mean over the samples).
struct InputPosterior {
  std::string name;  // "trend.<metric>" (T_p − 1) or "growth.<sector>"
  double prior = 0, posterior = 0;  // relative changes (0.02 = +2 %)
};

// What the observed months did to a run (model.md §8); present when the
// model has observed months.
struct Reforecast {
  std::size_t observations = 0;  // (metric, month) pairs observed that weigh (|S|)
  // P(meet) of each annual value and of the composite index in the
  // forecast without the observations (the plan as projected before they
  // were measured: the same scenario, seed and first prior_samples samples).
  std::array<double, kMetricCount> prior_p_meet{};
  double prior_composite_p_meet = 0;
  std::uint64_t prior_samples = 0;
  // What the months still to come must average (mean metrics) or stay under
  // (co, o3) for the year to round to its target (model/budget.h).
  std::array<RemainingBudget, kMetricCount> budget{};
  std::array<bool, kMetricCount> percentile{};  // the metric's annual value is a percentile (co, o3): its budget is per month
  std::vector<InputPosterior> inputs;  // regional trend per metric, then growth per sector
};

struct RunResult {
  std::string scenario;
  std::string dataset;
  std::string scenario_zh, dataset_zh;  // names in Chinese tables; empty: as above
  std::string language = "en";          // the dataset's table language, "en" or "zh"
  int year = 0;
  std::uint64_t samples = 0;
  // Effective sample size (Σw)²/Σw² of a re-forecast's weighted samples;
  // = samples otherwise. Every Monte Carlo standard error uses it.
  double ess = 0;
  std::uint64_t seed = 0;
  bool deterministic = false;
  std::vector<ResultRow> monthly;  // metric-major: so2 1..12, no2 1..12, ...
  std::vector<ResultRow> annual;   // one per metric, metric order
  CompositeSummary composite;
  // Reporting decimals of the standard in the target year (GB/T 8170).
  std::array<int, kMetricCount> decimals{};
  int composite_decimals = 2;
  // P(meet) below which a period is at risk (the scenario's [report]
  // risk_below, else kDefaultRiskBelow); an observed month never is.
  double risk_below = kDefaultRiskBelow;
  bool at_risk(const ResultRow& row) const { return !row.observed && row.s.p_meet < risk_below; }
  // The local ammonium nitrate response of each month (1 = as in the base
  // year), with every uncertain input at its mode and base-year weather:
  // with the scenario's measures, and with none of them. Where the first is
  // higher, the scenario's NOx cuts raise nitrate (winter NOx saturation,
  // docs/model.md §3), which works against their PM benefit; the views say so.
  std::array<double, kMonths> nitrate_response{};
  std::array<double, kMonths> nitrate_response_without_measures{};
  // The month's local NOx emissions at the mode with the scenario's
  // measures, t (which scenario of a comparison cuts more NOx).
  std::array<double, kMonths> nox_tonnes{};
  // Per metric (metric order), the shares of its annual variance; absent
  // for a deterministic run. Estimated on the first spread_samples samples
  // of the run (results/run.h).
  std::optional<std::array<SpreadShares, kMetricCount>> spread;
  std::uint64_t spread_samples = 0;
  std::optional<Reforecast> reforecast;  // with observed months

  const ResultRow& month_row(Metric p, int month) const {
    return monthly[static_cast<std::size_t>(p) * kMonths + static_cast<std::size_t>(month - 1)];
  }
  const ResultRow& annual_row(Metric p) const { return annual[static_cast<std::size_t>(p)]; }
  int decimals_of(Metric p) const { return decimals[static_cast<std::size_t>(p)]; }
};

// The planner-facing result of a finished run's accumulator
// (engine/montecarlo.h's statistics) of `model`, seeded `seed`.
RunResult summarize(const Model& model, const RunAccumulator& acc, std::uint64_t seed);

// A deterministic run: one evaluation of the mode draw.
RunResult deterministic_result(const Model& model, const Outcome& outcome);

}  // namespace aqplan
