// aqplan/model/model.h — the compiled model of model.md §2–5: a plan's measures,
// inventory, response and evaluation rules flattened into arrays once, and
// evaluated for one draw of every uncertain quantity.
//
// Flow of one evaluation (Model::evaluate), for month m of the target year:
//   schedule    a[j,m]   fraction of month m in which measure j is in effect
//   emissions   ρ[s,k,m] = (1 + g_s) · Π_j (1 − r[j,s,k]·a[j,m])
//   ratios      R_k[m]   = Σ_s E[s,k,m]·I_s·ρ[s,k,m] / Σ_s E[s,k,m]·I_s
//               (I_s = 1 for the secondary pollutants: sulfate, nitrate,
//               organic aerosol, ammonium, and O3)
//   response    L[p,m]   per metric (so2, co, no2 linear; pm25 by component
//               with the nitrate and ammonia terms; pm10 = fine + coarse;
//               o3 on its seasonal NOx–VOC surface)
//   anchor      C[p,m]   = C0[p,m] · M[p,m] · (B·T_p + (1 − B)·L[p,m])
//               computed as C0·M·(1 + B·(T_p − 1) + (1 − B)·(L − 1)) so that
//               "nothing changes" reproduces C0 exactly
//   observed    months measured in the target year replace the model
//   evaluation  annual statistics (HJ 663), rounding, met flags, composite index
//
// Units: concentrations in the metric's unit (µg/m³, co mg/m³); emissions
// t/yr; fractions, ratios and shares dimensionless; delays in months.
//
// What later stages read of a model is compiled here too, so that none of
// them reaches back into the inputs: the measures, effects and sectors with
// their uncertain sizes (what the draws sample), the response coefficients,
// the weather law, and the targets and reporting rules (EvaluationRules).
//
// Thread safety: a Model is immutable after build(); evaluate() is const and
// may run concurrently on any number of threads, each with its own Workspace,
// Draw and Outcome. evaluate() allocates nothing.
#pragma once

#include <array>
#include <cstdint>
#include <limits>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include <Eigen/Core>

#include "aqplan/base/diagnostic.h"
#include "aqplan/base/distribution.h"
#include "aqplan/base/metric.h"
#include "aqplan/data/meteorology.h"
#include "aqplan/data/model_inputs.h"
#include "aqplan/data/response_params.h"
#include "aqplan/model/evaluation.h"
#include "aqplan/model/schedule.h"

namespace aqplan {

struct ModelKernel;

// One sample's value of every uncertain quantity. Sizes are set by
// Model::mode_draw(); keep them. Indices: j = measure (Model::measure order),
// e = effect (Model::effect order), s = sector (inventory order).
struct Draw {
  std::vector<double> delay;              // [j] months ≥ 0
  std::vector<std::uint8_t> implemented;  // [j] 0 or 1
  std::vector<double> effect_size;        // [e] fraction, or t/yr for a tonnes effect
  std::vector<double> growth;             // [s] relative activity change
  std::array<double, kMetricCount> regional_change{};  // T_p − 1
  PerMetricMonth<double> nonlocal_share{};              // B[p][m]
  // Nitrate N(x) = 1 + a·x + b·x² + c·x³ with c = −1 − a − b (N(1) = 0).
  std::array<double, kMonths> nitrate_a{}, nitrate_b{};
  double ammonia_a = 0, ammonia_b = 0;
  std::array<double, kMonths> ozone_aN{}, ozone_bN{}, ozone_aV{}, ozone_c{};
  PerMetricMonth<double> weather{};  // M[p][m], 1 = the base year's weather
  // When the sampler conditions the weather on observed months
  // (engine/conditioning.h: the weather is then drawn after the model's
  // values are known, and `weather` is 1): the sample's standardised weather
  // y[p][m] of the unconditional law, and standard normals for the
  // observations' error. Unused otherwise.
  PerMetricMonth<double> weather_prior{}, observation_noise{};
  // An extra uniform cut of local emissions on top of the measures (for
  // gap-to-target searches and response tests): fraction of species k removed
  // from every sector s with extra_cut_sector[s] != 0. 0 = none.
  std::array<double, kSpeciesCount> extra_cut{};
  std::vector<std::uint8_t> extra_cut_sector;  // [s]; all 1 by default
};

// Scratch space of one thread; make it with Model::make_workspace().
struct Workspace {
  ActivityMatrix activity;
  std::vector<double> start, complete;
  std::vector<double> sector_factor;  // G[s·12 + m]: growth × every all-species fraction effect
};

// The first stage of Model::evaluate: the relative change of effective
// emissions, R − 1 per species and month (dimensionless; exactly 0 where
// nothing changes), as the response reads it. `impact`: ground-level-weighted
// (used for so2, nox, co, pm25); `plain`: emission-weighted (precursors so2,
// nox, voc, nh3); `coarse`: coarse PM (pm10 − pm25), ground-level-weighted.
// Species the response does not read stay 0.
struct EmissionDeltas {
  std::array<std::array<double, kMonths>, kSpeciesCount> impact{}, plain{};
  std::array<double, kMonths> coarse{};
};

struct Outcome {
  PerMetricMonth<double> monthly{};          // C[p][m], metric unit
  // The model's value of every month before observed months replace it
  // (filled only when the model has observed months; metric unit).
  PerMetricMonth<double> modelled{};
  std::array<double, kMetricCount> annual{};  // annual statistic, not rounded
  CompositeIndex composite;
  // Local response of each PM2.5 component (1 = as in the base year), in
  // Pm25Component order: primary, ammonium sulfate, ammonium nitrate, organic.
  std::array<std::array<double, kMonths>, kPm25ComponentCount> pm25_component{};
};

// One measure of the compiled model: what the schedule, the draws and the
// analyses read of it (ledger text and lead units, data's slip and
// implementation probability).
struct ModelMeasure {
  int id = 0;
  std::string text;      // the ledger text
  std::string title_en;  // short English title, if the dataset gives one
  std::vector<std::string> lead_units;
  bool enabling = false;  // paperwork or monitoring: no effects of its own
  bool excluded = false;  // switched off by the scenario
  std::vector<int> depends_on;
  Deadline timing;  // what the schedule uses (ledger deadline, or the dataset's override / stages)
  double lag_months = 0;   // after a prerequisite completes (model/schedule.h)
  double ramp_months = 0;  // to full effect after each stage starts
  DelayDistribution delay;
  double probability = 1.0;  // of being implemented at all
  SpeciesMask species = 0;   // every species its effects cut
  bool has_effects = false;
};

// One effect: measure j removes a share (or tonnes) of sector s's emissions of `species`.
struct ModelEffect {
  int measure = 0;  // j
  int sector = 0;   // s
  SpeciesMask species = 0;
  EffectSize kind = EffectSize::fraction;
  Distribution size;
};

// One sector of the inventory: base-year emissions (t/yr), activity growth,
// monthly profiles (share of each species' annual emissions in each month,
// Σ_m = 1) and the local impact per tonne I_s (model.md §2).
struct ModelSector {
  std::string name;
  std::array<double, kSpeciesCount> emissions{};
  Distribution growth;
  std::array<std::array<double, kMonths>, kSpeciesCount> profile{};  // [k][m]
  double impact = 1.0;
};

// What a sample is evaluated against, in the target year: the targets and
// base-year values (metric unit; period 0..11 the months, kAnnual the year)
// and the standard's reporting rules.
struct EvaluationRules {
  std::array<std::array<double, kPeriods>, kMetricCount> base{}, target{};
  std::array<int, kMetricCount> decimals{};  // reporting decimals (GB/T 8170 rounding)
  int composite_decimals = 2;
  CompositeIndexTable index;  // the composite index's divisors, weights and decimals
  double composite_base = 0, composite_target = 0;  // the index of the base-year and target annual values
  double risk_below = kDefaultRiskBelow;  // P(meet) below this: at risk (ModelInputs::risk_below)

  double base_value(Metric p, int period) const { return base[static_cast<std::size_t>(p)][static_cast<std::size_t>(period)]; }
  double target_value(Metric p, int period) const {
    return target[static_cast<std::size_t>(p)][static_cast<std::size_t>(period)];
  }
  int decimals_of(Metric p) const { return decimals[static_cast<std::size_t>(p)]; }
};

class Model {
 public:
  // Every problem that stops `inputs` from compiling: the joins
  // (data/validate.h), the schedule's (a dependency on an unknown measure, a
  // cycle, ...), a daily dispersion that cannot be calibrated, and — a net
  // behind the readers' bounds — results that are not finite with every
  // value at its most likely. Empty when build() would succeed.
  static Diagnostics check(const ModelInputs& inputs);
  // Compiles the inputs; throws InputError with check()'s diagnostics when
  // they do not fit together. The Model keeps what it needs; `inputs` may go.
  static Model build(const ModelInputs& inputs);

  Model(Model&&) noexcept;
  Model& operator=(Model&&) noexcept;
  Model(const Model&) = delete;
  Model& operator=(const Model&) = delete;
  ~Model();

  const std::string& scenario_name() const { return scenario_name_; }  // empty for a bare dataset
  const std::string& dataset_name() const { return dataset_name_; }
  // The names in Chinese tables (empty: as above), and the dataset's table
  // language ("en" or "zh").
  const std::string& scenario_name_zh() const { return scenario_name_zh_; }
  const std::string& dataset_name_zh() const { return dataset_name_zh_; }
  const std::string& language() const { return language_; }
  int target_year() const { return target_year_; }
  const Schedule& schedule() const { return *schedule_; }
  const std::vector<ModelMeasure>& measures() const { return measures_; }
  const std::vector<ModelEffect>& effects() const { return effects_; }
  const std::vector<ModelSector>& sectors() const { return sectors_; }
  // The response coefficients (the draws sample the uncertain ones).
  const ResponseParams& response() const { return response_; }
  // Year-to-year weather: σ per metric and month, correlations, AR(1) φ.
  const MeteorologyParams& weather() const { return weather_; }
  const EvaluationRules& rules() const { return rules_; }
  // σ_d of co and o3 (calibrated or given); 0 for mean metrics.
  double daily_dispersion(Metric m) const { return sigma_d_[static_cast<std::size_t>(m)]; }
  // Annual statistic of a metric from twelve monthly values (target-year days).
  double annual_statistic(Metric m, const std::array<double, kMonths>& monthly) const;
  // ∂(annual statistic)/∂(monthly value m) at `monthly`: the day weights of
  // a mean metric, the lognormal mixture's sensitivity for co and o3
  // (PercentileStatistic::sensitivity). The statistic is homogeneous of
  // degree 1, so Σ_m g[m]·monthly[m] = annual_statistic(p, monthly): g
  // splits the annual value into the months' parts.
  std::array<double, kMonths> annual_weights(Metric m, const std::array<double, kMonths>& monthly) const;
  // True when month `month_index` (0..11) of metric m was observed in the
  // target year, so the model does not decide it.
  bool observed(Metric m, int month_index) const {
    return observed_[static_cast<std::size_t>(m)][static_cast<std::size_t>(month_index)].has_value();
  }
  // The value measured in month `month_index` (0..11) of the target year,
  // when observed (metric unit; co and o3 the month's P95 / P90 MDA8).
  const std::optional<double>& observed_value(Metric m, int month_index) const {
    return observed_[static_cast<std::size_t>(m)][static_cast<std::size_t>(month_index)];
  }
  // q of a percentile metric's annual statistic (co 0.95, o3 0.90: the
  // standard's); 0 for a mean metric.
  double annual_quantile(Metric m) const { return quantile_[static_cast<std::size_t>(m)]; }
  // Where the scenario or its observations file states that value.
  const SourceRef& observed_at(Metric m, int month_index) const {
    return observed_at_[static_cast<std::size_t>(m)][static_cast<std::size_t>(month_index)];
  }
  bool any_observed() const { return any_observed_; }
  // C0[p,m]: the base-year value of month `month_index` (0..11) the response
  // is anchored on, a known base-year weather anomaly divided out
  // (meteorology.h); without one, the observed base-year value.
  double anchor(Metric m, int month_index) const {
    return c0_[static_cast<std::size_t>(m)][static_cast<std::size_t>(month_index)];
  }
  // C0[pm25,m] / C0[pm10,m] of the observed base-year values: the fine
  // share of PM10 in month m (0..11).
  double fine_share(int month_index) const { return fine_share_[static_cast<std::size_t>(month_index)]; }

  // Every distribution at its mode, weather as in the base year (M = 1).
  Draw mode_draw() const;
  Workspace make_workspace() const;

  // One sample: the concentrations, annual statistics and composite index of
  // a draw. Throws std::invalid_argument for a draw that does not fit the
  // model (a negative or non-finite delay, an implemented flag not 0/1).
  void evaluate(const Draw& draw, Workspace& ws, Outcome& out) const;
  // evaluate() up to the monthly values (out.monthly, out.modelled,
  // out.pm25_component); out.annual and out.composite are left as they
  // were. finish() adds them from out.monthly: evaluate() is
  // evaluate_months() then finish(), bit for bit. The re-forecast changes
  // the unobserved months' weather in between (engine/conditioning.h).
  void evaluate_months(const Draw& draw, Workspace& ws, Outcome& out) const;
  void finish(Outcome& out) const;

  // evaluate() in its two stages, for stage benchmarks and tests; the two
  // give exactly what evaluate() gives. emission_deltas: the schedule, then
  // the remaining-emission ratios and their weighted deltas. respond: the
  // local response, anchoring, annual statistics and composite index.
  void emission_deltas(const Draw& draw, Workspace& ws, EmissionDeltas& out) const;
  void respond(const Draw& draw, const EmissionDeltas& deltas, Outcome& out) const;

  // The target year's emissions of one draw after growth and the measures,
  // without the draw's extra cut, in tonnes per month:
  // out[(s·K + k)·12 + m] = E[s,k]·profile[s,k,m]·ρ[s,k,m] (K = kSpeciesCount),
  // for every sector and species (also those the response does not read).
  // For reports (gap's tonnes), not the per-sample kernels: plain scalar
  // code, the same equations. Throws std::invalid_argument as evaluate()
  // does, and when out.size() is not sectors × K × 12.
  void projected_emissions(const Draw& draw, Workspace& ws, std::span<double> out) const;

 private:
  friend struct ModelKernel;
  Model() = default;
  static Model compile(const ModelInputs& inputs);  // build() without the checks

  struct Compiler;
  friend struct Compiler;

  std::string scenario_name_, dataset_name_, scenario_name_zh_, dataset_name_zh_, language_ = "en";
  int target_year_ = 0;
  std::optional<Schedule> schedule_;
  std::vector<ModelMeasure> measures_;
  std::vector<ModelEffect> effects_;
  std::vector<ModelSector> sectors_;
  ResponseParams response_;
  MeteorologyParams weather_;
  EvaluationRules rules_;
  // One term per (effect, species): where it multiplies ρ.
  struct Term {
    std::uint32_t measure;     // j
    std::uint32_t rho_offset;  // (s·K + k)·12
    std::uint32_t effect;      // e
    double inv_base;           // 1/E[s,k] for a tonnes effect; −1 for a fraction
  };
  // Fraction effects on every species of a sector act on the sector's common
  // factor G[s][m] once instead of on its seven ρ rows (rho_offset = s·12).
  std::vector<Term> sector_terms_;
  // The rows ρ[s,k] the response reads (a non-zero emission weight), in
  // (k, s) order — species k's rows are rows_[species_rows_[k],
  // species_rows_[k + 1]) — each with its terms (row_terms_[term_begin, term_end), in
  // effect order) and where its weights are (offsets into w_impact_,
  // w_plain_, w_coarse_; kNoWeight when that weight is 0 in every month).
  // Rows nobody reads are never computed.
  static constexpr std::uint32_t kNoWeight = ~0u;
  struct Row {
    std::uint32_t sector, species;
    std::uint32_t term_begin, term_end;
    std::uint32_t impact, plain, coarse;
  };
  std::vector<Row> rows_;
  std::array<std::uint32_t, kSpeciesCount + 1> species_rows_{};
  std::vector<Term> row_terms_;  // the other effects' terms, one per (effect, species), grouped by row
  std::array<double, kMetricCount> sigma_d_{};
  std::array<double, kMetricCount> quantile_{};
  // annual_statistic's percentile metrics (co, o3), prepared once in build()
  // from days_, quantile_ and sigma_d_; default (invalid) for mean metrics.
  std::array<PercentileStatistic, kMetricCount> percentile_{};
  MonthlyValues days_{};
  MeanStatistic mean_;  // annual_statistic's mean metrics, prepared once in build() from days_
  bool any_observed_ = false;
  PerMetricMonth<std::optional<double>> observed_{};
  PerMetricMonth<SourceRef> observed_at_{};
  // Normalised emission weights [k][s][m] (Σ_s = 1 per k, m; all 0 when the
  // species has no emissions that month): ground-weighted and plain.
  std::vector<double> w_impact_, w_plain_, w_coarse_;
  PerMetricMonth<double> c0_{};         // base-year observation
  std::array<double, kMonths> fine_share_{};  // C0[pm25]/C0[pm10]
};

}  // namespace aqplan
