// Model::check and Model::build: the inputs checked, then flattened into the
// arrays the per-sample kernels read (model/evaluate.cpp).
#include <algorithm>
#include <cmath>
#include <initializer_list>

#include <fmt/format.h>

#include "aqplan/base/text.h"
#include "aqplan/data/validate.h"
#include "aqplan/model/model.h"
#include "base/messages.h"

namespace aqplan {

Model::Model(Model&&) noexcept = default;
Model& Model::operator=(Model&&) noexcept = default;
Model::~Model() = default;

namespace {

constexpr std::size_t kS = kSpeciesCount;
constexpr std::size_t kM = kMonths;

constexpr std::size_t mi(Metric p) { return static_cast<std::size_t>(p); }
constexpr std::size_t si(Species k) { return static_cast<std::size_t>(k); }

// The timings the schedule is built from: one per ledger measure with data,
// in ledger order (validate_inputs has checked the joins).
std::vector<MeasureTiming> measure_timings(const ModelInputs& in) {
  std::vector<MeasureTiming> timings;
  for (const Measure& row : in.ledger.measures) {
    const MeasureParams* p = in.dataset.measures.find(row.id);
    if (!p) continue;
    MeasureTiming t;
    t.id = row.id;
    t.deadline = effective_timing(*p, row).value_or(row.deadline);
    t.depends_on = p->depends_on;
    t.lag_months = p->lag_months;
    t.ramp_months = p->ramp_months;
    t.file = p->file.empty() ? in.dataset.files.measures : p->file;
    t.line = p->line;
    t.column = p->column;
    timings.push_back(std::move(t));
  }
  return timings;
}

// σ_d of each percentile metric (co, o3): given, or calibrated so that the
// base year's monthly values reproduce its annual value; 0 for mean metrics.
std::array<double, kMetricCount> daily_dispersions(const ModelInputs& in, Diagnostics& diags) {
  std::array<double, kMetricCount> sigma{};
  const Dataset& ds = in.dataset;
  for (Metric p : kMetrics) {
    if (in.standard[p].statistic != AnnualStatistic::percentile) continue;
    const DailyDispersion& dd = ds.meteorology.daily_dispersion[mi(p)];
    if (dd.mode == DailyDispersion::Mode::value) {
      sigma[mi(p)] = dd.value;
      continue;
    }
    std::array<double, kMonths> base{};
    for (std::size_t m = 0; m < kM; ++m) base[m] = in.targets.base_value(p, static_cast<int>(m));
    const double annual = in.targets.base_value(p, kAnnual);
    const DispersionFit fit = calibrate_daily_dispersion(base, annual, in.standard.quantile(p, ds.target_year), ds.base_year);
    if (!fit.ok()) {
      diags.error(dd.at.file.empty() ? SourceRef{ds.files.meteorology, 0, 0} : dd.at,
                  Text(msg::compile_cannot_calibrate, name(p), ds.base_year, annual,
                       fmt::format("{:.4g}", fit.reachable_min), fmt::format("{:.4g}", fit.reachable_max)));
      continue;
    }
    sigma[mi(p)] = fit.sigma_d;
  }
  return sigma;
}

}  // namespace

// The steps of Model::build, each filling its part of the model.
struct Model::Compiler {
  Model& model;
  const ModelInputs& in;
  std::vector<Term> species_terms;  // terms on single species rows, grouped by row in rows()

  void labels() {
    model.scenario_name_ = in.scenario_name;
    model.dataset_name_ = in.dataset.name;
    model.scenario_name_zh_ = in.scenario_name_zh;
    model.dataset_name_zh_ = in.dataset.name_zh;
    model.language_ = in.dataset.language;
    model.target_year_ = in.dataset.target_year;
    model.response_ = in.dataset.response;
    model.weather_ = in.dataset.meteorology;
    for (const Sector& s : in.dataset.inventory.sectors)
      model.sectors_.push_back({s.name, s.emissions, s.growth, s.profile, s.impact});
  }

  void measures() {
    const std::vector<MeasureTiming> timings = measure_timings(in);
    model.schedule_.emplace(Schedule::build(timings, model.target_year_));
    for (std::size_t j = 0; j < timings.size(); ++j) {
      const Measure& row = *in.ledger.find(timings[j].id);
      const MeasureParams& p = *in.dataset.measures.find(row.id);
      ModelMeasure mm;
      mm.id = row.id;
      mm.text = row.text;
      mm.title_en = p.title_en;
      mm.lead_units = row.lead_units;
      mm.enabling = p.enabling;
      mm.excluded = std::find(in.excluded.begin(), in.excluded.end(), row.id) != in.excluded.end();
      mm.depends_on = p.depends_on;
      mm.timing = timings[j].deadline;
      mm.lag_months = p.lag_months;
      mm.ramp_months = p.ramp_months;
      mm.delay = p.delay;
      mm.probability = p.probability;
      for (const MeasureEffect& e : p.effects) mm.species = static_cast<SpeciesMask>(mm.species | e.species);
      mm.has_effects = !p.effects.empty();
      model.measures_.push_back(std::move(mm));
      effects(j, p);
    }
  }

  // Measure j's effects and their terms: an all-species fraction acts on the
  // sector's common factor, anything else on each species' row.
  void effects(std::size_t j, const MeasureParams& p) {
    for (const MeasureEffect& e : p.effects) {
      const std::size_t index = model.effects_.size();
      model.effects_.push_back({static_cast<int>(j), e.sector, e.species, e.kind, e.size});
      const auto s = static_cast<std::size_t>(e.sector);
      if (e.kind == EffectSize::fraction && e.species == kAllSpecies) {
        model.sector_terms_.push_back({static_cast<std::uint32_t>(j), static_cast<std::uint32_t>(s * kM),
                                       static_cast<std::uint32_t>(index), -1.0});
        continue;
      }
      for (std::size_t k = 0; k < kS; ++k) {
        if (!(e.species & (1u << k))) continue;
        double inv_base = -1.0;  // a fraction
        if (e.kind == EffectSize::tonnes) {
          const double base = model.sectors_[s].emissions[k];
          inv_base = base > 0 ? 1.0 / base : 0.0;
        }
        species_terms.push_back({static_cast<std::uint32_t>(j), static_cast<std::uint32_t>((s * kS + k) * kM),
                                 static_cast<std::uint32_t>(index), inv_base});
      }
    }
  }

  // w[(k·S + s)·12 + m]: sector s's share of species k's (ground-weighted
  // when `impact`) emissions in month m; 0 in a month without any.
  template <class EmissionOf, class ProfileOf>
  void fill_weights(std::vector<double>& w, std::size_t k, EmissionOf emission_of, ProfileOf profile_of, bool impact) {
    const auto& sectors = in.dataset.inventory.sectors;
    const std::size_t S = sectors.size();
    for (std::size_t m = 0; m < kM; ++m) {
      double total = 0;
      for (std::size_t s = 0; s < S; ++s) {
        const Sector& sec = sectors[s];
        const double v = emission_of(sec) * profile_of(sec)[m] * (impact ? sec.impact : 1.0);
        w[(k * S + s) * kM + m] = v;
        total += v;
      }
      for (std::size_t s = 0; s < S; ++s) {
        double& v = w[(k * S + s) * kM + m];
        v = total > 0 ? v / total : 0.0;
      }
    }
  }

  void weights() {
    const std::size_t S = model.sectors_.size();
    model.w_impact_.assign(kS * S * kM, 0.0);
    model.w_plain_.assign(kS * S * kM, 0.0);
    model.w_coarse_.assign(S * kM, 0.0);
    for (Species k : kSpecies) {
      auto em = [k](const Sector& s) { return s.emission(k); };
      auto pr = [k](const Sector& s) -> const std::array<double, kMonths>& { return s.profile_of(k); };
      fill_weights(model.w_impact_, si(k), em, pr, true);
      fill_weights(model.w_plain_, si(k), em, pr, false);
    }
    fill_weights(
        model.w_coarse_, 0, [](const Sector& s) { return s.emission(Species::pm10) - s.emission(Species::pm25); },
        [](const Sector& s) -> const std::array<double, kMonths>& { return s.profile_of(Species::pm10); }, true);
  }

  // The rows of ρ the response reads, each with its terms and weights.
  void rows() {
    auto any_nonzero = [](const double* w) { return std::any_of(w, w + kM, [](double x) { return x != 0.0; }); };
    auto is_one_of = [](std::size_t k, std::initializer_list<Species> list) {
      return std::any_of(list.begin(), list.end(), [k](Species x) { return si(x) == k; });
    };
    const std::size_t S = model.sectors_.size();
    for (std::size_t k = 0; k < kS; ++k) {
      model.species_rows_[k] = static_cast<std::uint32_t>(model.rows_.size());
      for (std::size_t s = 0; s < S; ++s) {
        Row row{static_cast<std::uint32_t>(s), static_cast<std::uint32_t>(k), 0, 0, kNoWeight, kNoWeight, kNoWeight};
        const std::size_t wk = (k * S + s) * kM;
        if (is_one_of(k, {Species::so2, Species::nox, Species::co, Species::pm25}) && any_nonzero(&model.w_impact_[wk]))
          row.impact = static_cast<std::uint32_t>(wk);
        if (is_one_of(k, {Species::so2, Species::nox, Species::voc, Species::nh3}) && any_nonzero(&model.w_plain_[wk]))
          row.plain = static_cast<std::uint32_t>(wk);
        if (k == si(Species::pm10) && any_nonzero(&model.w_coarse_[s * kM])) row.coarse = static_cast<std::uint32_t>(s * kM);
        if (row.impact == kNoWeight && row.plain == kNoWeight && row.coarse == kNoWeight) continue;
        row.term_begin = static_cast<std::uint32_t>(model.row_terms_.size());
        for (const Term& t : species_terms)
          if (t.rho_offset == (s * kS + k) * kM) model.row_terms_.push_back(t);
        row.term_end = static_cast<std::uint32_t>(model.row_terms_.size());
        model.rows_.push_back(row);
      }
    }
    model.species_rows_[kS] = static_cast<std::uint32_t>(model.rows_.size());
  }

  // The base-year anchors, observed months, targets and reporting rules.
  void anchors() {
    const Targets& t = in.targets;
    for (std::size_t m = 0; m < kM; ++m) {
      const double pm10 = t.base_value(Metric::pm10, static_cast<int>(m)), pm25 = t.base_value(Metric::pm25, static_cast<int>(m));
      model.fine_share_[m] = pm10 > 0 ? pm25 / pm10 : 0.0;
    }
    // A known base-year weather anomaly divides out of the anchor (model.md §5).
    const BaseAnomaly& anomaly = in.dataset.meteorology.base_anomaly;
    for (Metric p : kMetrics)
      for (std::size_t m = 0; m < kM; ++m) {
        model.c0_[mi(p)][m] = t.base_value(p, static_cast<int>(m));
        if (const auto& a = anomaly[mi(p)][m]) model.c0_[mi(p)][m] /= *a;
      }
    model.observed_ = in.observed;
    model.observed_at_ = in.observed_at;
    for (const auto& row : in.observed)
      for (const auto& v : row) model.any_observed_ = model.any_observed_ || v.has_value();
  }

  void rules() {
    const int year = model.target_year_;
    EvaluationRules& r = model.rules_;
    r.base = in.targets.base;
    r.target = in.targets.target;
    for (Metric p : kMetrics) r.decimals[mi(p)] = in.standard.decimals(p, year);
    r.composite_decimals = in.standard.composite_decimals(year);
    r.risk_below = in.risk_below;
    r.index = composite_index_table(in.standard, year);
    std::array<double, kMetricCount> base{}, target{};
    for (Metric p : kMetrics) {
      base[mi(p)] = r.base_value(p, kAnnual);
      target[mi(p)] = r.target_value(p, kAnnual);
    }
    r.composite_base = composite_index(base, r.index).index;
    r.composite_target = composite_index(target, r.index).index;
  }

  // The annual statistics: day weights, each percentile metric's q and σ_d.
  void statistics(const std::array<double, kMetricCount>& sigma_d) {
    model.days_ = month_days(model.target_year_);
    model.mean_ = MeanStatistic(model.days_);
    model.sigma_d_ = sigma_d;
    for (Metric p : kMetrics) {
      if (in.standard[p].statistic != AnnualStatistic::percentile) continue;
      model.quantile_[mi(p)] = in.standard.quantile(p, model.target_year_);
      model.percentile_[mi(p)] = PercentileStatistic(model.days_, model.quantile_[mi(p)], sigma_d[mi(p)]);
    }
  }
};

namespace {

// What stops the inputs from compiling: the joins, the schedule, the
// calibration of the daily dispersions.
Diagnostics compile_problems(const ModelInputs& in) {
  Diagnostics diags = validate_inputs(in);
  if (diags.has_errors()) return diags;
  try {
    (void)Schedule::build(measure_timings(in), in.dataset.target_year);
  } catch (const InputError& e) {
    diags.append(e.diagnostics());
  }
  (void)daily_dispersions(in, diags);
  return diags;
}

// The net behind the readers' bounds (data/domain.h): at its most likely
// values the compiled model gives finite concentrations, statistics and
// index. A failure here means a value got past its reader's range.
void check_finite(const Model& model, const ModelInputs& in, Diagnostics& diags) {
  const std::string file = in.scenario_file.empty() ? in.dataset.files.dataset : in.scenario_file;
  Workspace ws = model.make_workspace();
  Outcome o;
  try {
    model.evaluate(model.mode_draw(), ws, o);
  } catch (const std::invalid_argument& e) {
    diags.error(file, 0, 0, Text(msg::compile_invalid_model, e.what()));
    return;
  }
  Text bad;
  for (Metric p : kMetrics) {
    for (std::size_t m = 0; m < kM && bad.empty(); ++m)
      if (!std::isfinite(o.monthly[mi(p)][m])) bad = Text(msg::compile_month_value, name(p), m + 1, o.monthly[mi(p)][m]);
    if (bad.empty() && !std::isfinite(o.annual[mi(p)])) bad = Text(msg::compile_year_value, name(p), o.annual[mi(p)]);
    if (!bad.empty()) break;
  }
  if (bad.empty() && !std::isfinite(o.composite.index)) bad = Text(msg::compile_index_value, o.composite.index);
  if (!bad.empty()) diags.error(file, 0, 0, Text(msg::compile_not_finite, bad));
}

}  // namespace

Diagnostics Model::check(const ModelInputs& in) {
  Diagnostics diags = compile_problems(in);
  if (!diags.has_errors()) check_finite(compile(in), in, diags);
  return diags;
}

Model Model::build(const ModelInputs& in) {
  Diagnostics diags = compile_problems(in);
  diags.throw_if_errors();
  Model model = compile(in);
  check_finite(model, in, diags);
  diags.throw_if_errors();
  return model;
}

Model Model::compile(const ModelInputs& in) {
  Model model;
  Diagnostics unused;
  Compiler c{model, in, {}};
  c.labels();
  c.measures();
  c.weights();
  c.rows();
  c.anchors();
  c.rules();
  c.statistics(daily_dispersions(in, unused));
  return model;
}

double Model::annual_statistic(Metric p, const std::array<double, kMonths>& monthly) const {
  return quantile_[mi(p)] > 0 ? percentile_[mi(p)](monthly) : mean_(monthly);
}

std::array<double, kMonths> Model::annual_weights(Metric p, const std::array<double, kMonths>& monthly) const {
  return quantile_[mi(p)] > 0 ? percentile_[mi(p)].sensitivity(monthly) : mean_.weights();
}

Draw Model::mode_draw() const {
  const ResponseParams& rp = response_;
  Draw d;
  d.delay.resize(measures_.size());
  d.implemented.resize(measures_.size());
  for (std::size_t j = 0; j < measures_.size(); ++j) {
    d.delay[j] = measures_[j].delay.mode();
    d.implemented[j] = !measures_[j].excluded && measures_[j].probability >= 0.5 ? 1 : 0;
  }
  d.effect_size.resize(effects_.size());
  for (std::size_t e = 0; e < effects_.size(); ++e) d.effect_size[e] = effects_[e].size.mode();
  d.growth.resize(sectors_.size());
  for (std::size_t s = 0; s < d.growth.size(); ++s) d.growth[s] = sectors_[s].growth.mode();
  d.extra_cut_sector.assign(sectors_.size(), 1);
  for (Metric p : kMetrics) {
    d.regional_change[mi(p)] = rp.regional_change[mi(p)].mode();
    d.nonlocal_share[mi(p)] = rp.nonlocal_share[mi(p)].modes();
    d.weather[mi(p)].fill(1.0);
  }
  d.nitrate_a = rp.nitrate.a.modes();
  d.nitrate_b = rp.nitrate.b.modes();
  d.ammonia_a = rp.ammonia.a.mode();
  d.ammonia_b = rp.ammonia.b.mode();
  d.ozone_aN = rp.ozone.aN.modes();
  d.ozone_bN = rp.ozone.bN.modes();
  d.ozone_aV = rp.ozone.aV.modes();
  d.ozone_c = rp.ozone.c.modes();
  return d;
}

Workspace Model::make_workspace() const {
  Workspace ws;
  ws.activity.resize(static_cast<Eigen::Index>(measures_.size()), kMonths);
  ws.start.resize(measures_.size());
  ws.complete.resize(measures_.size());
  ws.sector_factor.resize(sectors_.size() * kM);
  return ws;
}

}  // namespace aqplan
