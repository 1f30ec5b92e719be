#include "aqplan/model/model.h"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "aqplan/base/text.h"
#include "kernels/months.h"
#include "kernels/dispatch.h"

namespace aqplan {

Model::Model(Model&&) noexcept = default;
Model& Model::operator=(Model&&) noexcept = default;
Model::~Model() = default;

namespace {

constexpr std::size_t kS = kSpeciesCount;
constexpr std::size_t kM = kMonths;

constexpr std::size_t mi(Metric p) { return static_cast<std::size_t>(p); }
constexpr std::size_t si(Species k) { return static_cast<std::size_t>(k); }

// A measure's timing for the schedule: the dataset's stages or timing
// override when given, else the ledger's deadline.
Deadline timing_of(const MeasureParams& p, const Measure& ledger_row, const std::string& file, Diagnostics& diags) {
  if (p.stages.empty()) return p.timing ? *p.timing : ledger_row.deadline;
  // Stages map onto a two-stage deadline when each falls on a month boundary:
  // "by end of M" or "from the 1st of M+1".
  auto boundary = [](const Deadline& d) -> std::optional<std::pair<int, int>> {
    if (d.kind == DeadlineKind::by_end_of) return std::pair{d.year, d.month};
    if (d.kind == DeadlineKind::from_date && d.day == 1)
      return d.month == 1 ? std::pair{d.year - 1, 12} : std::pair{d.year, d.month - 1};
    return std::nullopt;
  };
  if (p.stages.size() == 2) {
    auto a = boundary(p.stages[0]), b = boundary(p.stages[1]);
    if (a && b && a->first == b->first && a->second < b->second) {
      Deadline d;
      d.kind = DeadlineKind::two_stage;
      d.year = a->first;
      d.month = a->second;
      d.end_month = b->second;
      d.raw = p.stages[0].raw + " / " + p.stages[1].raw;
      return d;
    }
  }
  diags.error(file, 0, 0,
              fmt::format("measure {}: stages must be two month boundaries of one year (e.g. '2023年5月1日起' and "
                          "'2023年9月1日起'); got {} stage(s)",
                          p.id, p.stages.size()));
  return ledger_row.deadline;
}

}  // namespace

Model Model::build(ModelInputs in) {
  Model model;
  model.inputs_ = std::make_unique<ModelInputs>(std::move(in));
  const ModelInputs& inp = *model.inputs_;
  const Dataset& ds = inp.dataset;
  const Inventory& inv = ds.inventory;
  Diagnostics diags;

  if (inp.targets.base_year != ds.base_year || inp.targets.target_year != ds.target_year)
    diags.error(ds.files.targets, 0, 0,
                fmt::format("targets are for {}→{}, the dataset for {}→{}", inp.targets.base_year, inp.targets.target_year,
                            ds.base_year, ds.target_year));

  // Measures: every ledger row needs its data, and every data entry a ledger row.
  std::vector<MeasureTiming> timings;
  for (const Measure& row : inp.ledger.measures) {
    const MeasureParams* p = ds.measures.find(row.id);
    if (!p) {
      diags.error(ds.files.measures, 0, 0,
                  fmt::format("ledger measure {} has no entry in {} (enabling measures need one too, with enabling = true)",
                              row.id, ds.files.measures));
      continue;
    }
    ModelMeasure mm;
    mm.id = row.id;
    mm.ledger = &row;
    mm.params = p;
    mm.timing = timing_of(*p, row, ds.files.measures, diags);
    mm.excluded = std::find(inp.excluded.begin(), inp.excluded.end(), row.id) != inp.excluded.end();
    MeasureTiming t;
    t.id = row.id;
    t.deadline = mm.timing;
    t.depends_on = p->depends_on;
    t.lag_months = p->lag_months;
    t.ramp_months = p->ramp_months;
    t.file = p->file.empty() ? ds.files.measures : p->file;
    t.line = p->line;
    t.column = p->column;
    timings.push_back(std::move(t));
    model.measures_.push_back(mm);
  }
  std::vector<std::string> ledger_ids;  // for "did you mean"
  for (const auto& m : inp.ledger.measures) ledger_ids.push_back(std::to_string(m.id));
  for (const MeasureParams& p : ds.measures.measures) {
    if (!inp.ledger.find(p.id)) {
      diags.error(ds.files.measures, 0, 0,
                  fmt::format("measure {} is not in the ledger {}{}", p.id, ds.files.ledger,
                              did_you_mean_suffix(std::to_string(p.id), ledger_ids)));
    }
  }
  for (int id : inp.excluded) {
    if (!inp.ledger.find(id)) {
      diags.error(inp.scenario_file, 0, 0,
                  fmt::format("measures: {} is not a ledger measure{}", id, did_you_mean_suffix(std::to_string(id), ledger_ids)));
    }
  }
  diags.throw_if_errors();
  model.schedule_.emplace(Schedule::build(timings, ds.target_year));

  // Terms on single species rows; grouped by row into row_terms_ below.
  std::vector<Term> species_terms;
  for (std::size_t j = 0; j < model.measures_.size(); ++j) {
    for (const MeasureEffect& e : model.measures_[j].params->effects) {
      const std::size_t index = model.effects_.size();
      model.effects_.push_back({static_cast<int>(j), e.sector, e.species, e.kind, &e.size});
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
          const double base = inv.sectors[s].emissions[k];
          inv_base = base > 0 ? 1.0 / base : 0.0;
        }
        species_terms.push_back({static_cast<std::uint32_t>(j), static_cast<std::uint32_t>((s * kS + k) * kM),
                                 static_cast<std::uint32_t>(index), inv_base});
      }
    }
  }

  // Emission weights.
  const std::size_t S = inv.sectors.size();
  model.w_impact_.assign(kS * S * kM, 0.0);
  model.w_plain_.assign(kS * S * kM, 0.0);
  model.w_coarse_.assign(S * kM, 0.0);
  auto fill = [&](std::vector<double>& w, std::size_t k, auto emission_of, auto profile_of, bool impact) {
    for (std::size_t m = 0; m < kM; ++m) {
      double total = 0;
      for (std::size_t s = 0; s < S; ++s) {
        const Sector& sec = inv.sectors[s];
        double v = emission_of(sec) * profile_of(sec)[m] * (impact ? sec.impact : 1.0);
        w[(k * S + s) * kM + m] = v;
        total += v;
      }
      for (std::size_t s = 0; s < S; ++s) {
        double& v = w[(k * S + s) * kM + m];
        v = total > 0 ? v / total : 0.0;
      }
    }
  };
  for (Species k : kSpecies) {
    auto em = [k](const Sector& s) { return s.emission(k); };
    auto pr = [k](const Sector& s) -> const std::array<double, kMonths>& { return s.profile_of(k); };
    fill(model.w_impact_, si(k), em, pr, true);
    fill(model.w_plain_, si(k), em, pr, false);
  }
  fill(
      model.w_coarse_, 0, [](const Sector& s) { return s.emission(Species::pm10) - s.emission(Species::pm25); },
      [](const Sector& s) -> const std::array<double, kMonths>& { return s.profile_of(Species::pm10); }, true);

  // The rows of ρ the response reads, each with its terms and weights.
  {
    auto any_nonzero = [](const double* w) {
      for (std::size_t m = 0; m < kM; ++m)
        if (w[m] != 0.0) return true;
      return false;
    };
    auto is_one_of = [](std::size_t k, std::initializer_list<Species> list) {
      for (Species x : list)
        if (si(x) == k) return true;
      return false;
    };
    for (std::size_t k = 0; k < kS; ++k) {
      model.species_rows_[k] = static_cast<std::uint32_t>(model.rows_.size());
      for (std::size_t s = 0; s < S; ++s) {
        Row row{static_cast<std::uint32_t>(s), static_cast<std::uint32_t>(k), 0, 0, kNoWeight, kNoWeight, kNoWeight};
        const std::size_t wk = (k * S + s) * kM;
        if (is_one_of(k, {Species::so2, Species::nox, Species::co, Species::pm25}) && any_nonzero(&model.w_impact_[wk]))
          row.impact = static_cast<std::uint32_t>(wk);
        if (is_one_of(k, {Species::so2, Species::nox, Species::voc, Species::nh3}) && any_nonzero(&model.w_plain_[wk]))
          row.plain = static_cast<std::uint32_t>(wk);
        if (k == si(Species::pm10) && any_nonzero(&model.w_coarse_[s * kM]))
          row.coarse = static_cast<std::uint32_t>(s * kM);
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

  // Anchors: the base-year observation.
  for (Metric p : kMetrics)
    for (std::size_t m = 0; m < kM; ++m) model.c0_[mi(p)][m] = inp.targets.base_value(p, static_cast<int>(m));
  for (std::size_t m = 0; m < kM; ++m) {
    double pm10 = model.c0_[mi(Metric::pm10)][m], pm25 = model.c0_[mi(Metric::pm25)][m];
    if (!(pm10 > 0) || pm25 > pm10)
      diags.error(ds.files.targets, 0, 0,
                  fmt::format("base-year month {}: PM2.5 {} exceeds PM10 {} (the coarse share would be negative)", m + 1, pm25, pm10));
    model.fine_share_[m] = pm10 > 0 ? pm25 / pm10 : 0.0;
  }

  // Evaluation constants.
  model.days_ = month_days(ds.target_year);
  model.mean_ = MeanStatistic(model.days_);
  for (const auto& row : inp.observed)
    for (const auto& v : row) model.any_observed_ = model.any_observed_ || v.has_value();
  model.index_table_ = inp.standard.index_table(ds.target_year);
  for (Metric p : kMetrics) {
    const auto& ms = inp.standard[p];
    if (ms.statistic != AnnualStatistic::percentile) continue;
    const double q = inp.standard.quantile(p, ds.target_year);
    model.quantile_[mi(p)] = q;
    const DailyDispersion& dd = ds.meteorology.daily_dispersion[mi(p)];
    if (dd.mode == DailyDispersion::Mode::value) {
      model.sigma_d_[mi(p)] = dd.value;
      continue;
    }
    std::array<double, kMonths> base{};
    for (std::size_t m = 0; m < kM; ++m) base[m] = model.c0_[mi(p)][m];
    DispersionFit fit = calibrate_daily_dispersion(base, inp.targets.base_value(p, kAnnual), q, ds.base_year);
    if (!fit.ok()) {
      diags.error(ds.files.meteorology, 0, 0,
                  fmt::format("daily_dispersion.{}: cannot calibrate: no σ_d in [0, 3] turns the {} monthly values into "
                              "the annual {} (reachable {:.4g}–{:.4g}); give a value instead of \"calibrate\"",
                              name(p), ds.base_year, inp.targets.base_value(p, kAnnual), fit.reachable_min, fit.reachable_max));
      continue;
    }
    model.sigma_d_[mi(p)] = fit.sigma_d;
  }
  diags.throw_if_errors();
  for (Metric p : kMetrics)
    if (model.quantile_[mi(p)] > 0)
      model.percentile_[mi(p)] = PercentileStatistic(model.days_, model.quantile_[mi(p)], model.sigma_d_[mi(p)]);
  return model;
}

double Model::annual_statistic(Metric p, const std::array<double, kMonths>& monthly) const {
  return quantile_[mi(p)] > 0 ? percentile_[mi(p)](monthly) : mean_(monthly);
}

Draw Model::mode_draw() const {
  const Dataset& ds = inputs_->dataset;
  const ResponseParams& rp = ds.response;
  Draw d;
  d.delay.resize(measures_.size());
  d.implemented.resize(measures_.size());
  for (std::size_t j = 0; j < measures_.size(); ++j) {
    d.delay[j] = measures_[j].params->delay.mode();
    d.implemented[j] = !measures_[j].excluded && measures_[j].params->probability >= 0.5 ? 1 : 0;
  }
  d.effect_size.resize(effects_.size());
  for (std::size_t e = 0; e < effects_.size(); ++e) d.effect_size[e] = effects_[e].size->mode();
  d.growth.resize(ds.inventory.sectors.size());
  for (std::size_t s = 0; s < d.growth.size(); ++s) d.growth[s] = ds.inventory.sectors[s].growth.mode();
  d.extra_cut_sector.assign(ds.inventory.sectors.size(), 1);
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
  ws.sector_factor.resize(inputs_->dataset.inventory.sectors.size() * kM);
  return ws;
}

// The body of Model::evaluate in its two stages, compiled for baseline x86-64
// and for AVX2 (simd_dispatch.h); both give the same bits. Month loops use
// explicit 4-wide vectors (months.h): the same operations, lane by lane, as
// the scalar loops `x[m] = expression` they replace.
struct ModelKernel {
  using M12 = detail::M12;
  // EmissionDeltas in vector form.
  struct Deltas {
    std::array<M12, kSpeciesCount> impact{}, plain{};
    M12 coarse{};
  };

  // Schedule, then the emission-ratio deltas R − 1 the response reads.
  AQPLAN_ALWAYS_INLINE static void emissions(const Model& model, const Draw& d, Workspace& ws, Deltas& e) {
    using detail::load12;
    using detail::store12;
    const std::size_t S = model.inputs_->dataset.inventory.sectors.size();

    // 1. Schedule.
    model.schedule_->evaluate(d.delay, d.implemented, ws.activity, ws.start, ws.complete);

    // 2. Remaining-emission ratios ρ[s,k,m] = (1 + g_s)·Π_j (1 − r·a[j,m]).
    // Every term multiplies every month, branch-free: a measure not in effect
    // this draw has a = 0 in every month and multiplies by exactly 1 (r is
    // finite), which is cheaper than testing for it.
    // G[s][m] = (1 + g_s)·Π over all-species fraction effects, then
    // ρ[s,k,m] = G[s][m]·(1 − extra cut)·Π over the other effects.
    auto activity_row = [&ws](std::uint32_t j) { return ws.activity.row(static_cast<Eigen::Index>(j)).data(); };
    for (std::size_t s = 0; s < S; ++s) store12(&ws.sector_factor[s * kM], detail::splat12(1.0 + d.growth[s]));
    for (const Model::Term& t : model.sector_terms_) {
      const double r = d.effect_size[t.effect];
      double* G = &ws.sector_factor[t.rho_offset];
      store12(G, load12(G) * (1.0 - r * load12(activity_row(t.measure))));
    }

    // 3. Effective-emission ratios, as deltas R − 1 (exactly 0 when nothing
    // changes). Only the ratios the response uses: ground-weighted for the
    // primary pollutants (so2, nox, co, pm25, coarse pm), plain weights for the
    // precursors of secondary ones (so2, nox, voc, nh3). Rows come species by
    // species (each species' sums then stay in registers), in sector order
    // within one, so every sum adds its rows in sector order; each row ρ[s,k]
    // is made and added in at once.
    bool any_extra_cut = false;  // (without one, ρ starts as G: G·1 is G, bit for bit)
    for (double c : d.extra_cut) any_extra_cut |= c != 0.0;
    for (std::size_t k = 0; k < kS; ++k) {
      M12 impact{}, plain{}, coarse{};
      for (std::uint32_t ri = model.species_rows_[k]; ri < model.species_rows_[k + 1]; ++ri) {
        const Model::Row& row = model.rows_[ri];
        M12 rho = load12(&ws.sector_factor[row.sector * kM]);
        if (any_extra_cut) rho = rho * (d.extra_cut_sector[row.sector] ? 1.0 - d.extra_cut[k] : 1.0);
        for (std::uint32_t i = row.term_begin; i < row.term_end; ++i) {
          const Model::Term& t = model.row_terms_[i];
          double r = d.effect_size[t.effect];
          if (t.inv_base >= 0.0) r = std::min(1.0, r * t.inv_base);  // tonnes → fraction of E[s,k]
          rho *= 1.0 - r * load12(activity_row(t.measure));
        }
        const M12 delta = rho - 1.0;
        if (row.impact != Model::kNoWeight) impact += load12(&model.w_impact_[row.impact]) * delta;
        if (row.plain != Model::kNoWeight) plain += load12(&model.w_plain_[row.plain]) * delta;
        if (row.coarse != Model::kNoWeight) coarse += load12(&model.w_coarse_[row.coarse]) * delta;
      }
      e.impact[k] = impact;
      e.plain[k] = plain;
      if (k == si(Species::pm10)) e.coarse = coarse;
    }
  }

  // Local response, anchoring, annual statistics and composite index.
  AQPLAN_ALWAYS_INLINE static void respond(const Model& model, const Draw& d, const Deltas& e, Outcome& out) {
    using detail::load12;
    using detail::store12;
    const ResponseParams& rp = model.inputs_->dataset.response;
    // 4. Local response L − 1 per metric and month.
    std::array<M12, kMetricCount> dL;
    dL[mi(Metric::so2)] = e.impact[si(Species::so2)];
    dL[mi(Metric::co)] = e.impact[si(Species::co)];
    dL[mi(Metric::no2)] = e.impact[si(Species::nox)];
    {
      // PM2.5 by component; secondary components use plain emission weights.
      const M12 x_nh3 = -e.plain[si(Species::nh3)];
      const M12 x_nox = -e.plain[si(Species::nox)];
      const M12 x_voc = -e.plain[si(Species::voc)];
      const M12 A = detail::max12(rp.ammonia.floor, 1.0 - (d.ammonia_a * x_nh3 + d.ammonia_b * x_nh3 * x_nh3));
      const M12 na = load12(d.nitrate_a.data()), nb = load12(d.nitrate_b.data());
      const M12 nc = -1.0 - na - nb;
      const M12 N = detail::max12(0.0, 1.0 + x_nox * (na + x_nox * (nb + x_nox * nc)));
      const M12 d_primary = e.impact[si(Species::pm25)];
      const M12 d_sulfate = (1.0 + e.plain[si(Species::so2)]) * A - 1.0;
      const M12 d_nitrate = N * A - 1.0;
      const M12 d_organic = e.plain[si(Species::voc)];
      const auto& sh = rp.pm25_shares;
      store12(out.pm25_component[0].data(), 1.0 + d_primary);
      store12(out.pm25_component[1].data(), 1.0 + d_sulfate);
      store12(out.pm25_component[2].data(), 1.0 + d_nitrate);
      store12(out.pm25_component[3].data(), 1.0 + d_organic);
      const M12 d_pm25 = load12(sh[0].data()) * d_primary + load12(sh[1].data()) * d_sulfate +
                         load12(sh[2].data()) * d_nitrate + load12(sh[3].data()) * d_organic;
      const M12 fine = load12(model.fine_share_.data());
      dL[mi(Metric::pm25)] = d_pm25;
      dL[mi(Metric::pm10)] = fine * d_pm25 + (1.0 - fine) * e.coarse;

      // O3 on its seasonal NOx–VOC surface, floored.
      const M12 o3_drop = load12(d.ozone_aN.data()) * x_nox + load12(d.ozone_bN.data()) * x_nox * x_nox +
                          load12(d.ozone_aV.data()) * x_voc + load12(d.ozone_c.data()) * x_nox * x_voc;
      dL[mi(Metric::o3)] = detail::max12(rp.ozone.floor, 1.0 - o3_drop) - 1.0;
    }

    // 5. Anchor on the base-year observation; observed months replace the model.
    for (Metric p : kMetrics) {
      const std::size_t pi = mi(p);
      const double T = d.regional_change[pi];
      const M12 B = load12(d.nonlocal_share[pi].data());
      store12(out.monthly[pi].data(),
              load12(model.c0_[pi].data()) * load12(d.weather[pi].data()) * (1.0 + B * T + (1.0 - B) * dL[pi]));
      if (model.any_observed_)
        for (std::size_t m = 0; m < kM; ++m)
          if (const auto& obs = model.inputs_->observed[pi][m]) out.monthly[pi][m] = *obs;
      out.annual[pi] = model.annual_statistic(p, out.monthly[pi]);
    }
    out.composite = composite_index(out.annual, model.index_table_);
  }

  AQPLAN_ALWAYS_INLINE static void evaluate(const Model& model, const Draw& d, Workspace& ws, Outcome& out) {
    Deltas e;
    emissions(model, d, ws, e);
    respond(model, d, e, out);
  }
};

namespace {
// (Not noexcept: the schedule throws on an invalid draw.)
void evaluate_baseline(const Model& model, const Draw& d, Workspace& ws, Outcome& out) {
  ModelKernel::evaluate(model, d, ws, out);
}
AQPLAN_TARGET_AVX2 void evaluate_avx2(const Model& model, const Draw& d, Workspace& ws, Outcome& out) {
  ModelKernel::evaluate(model, d, ws, out);
}
AQPLAN_ALWAYS_INLINE void copy_out(const ModelKernel::Deltas& v, EmissionDeltas& out) {
  for (std::size_t k = 0; k < kS; ++k) {
    detail::store12(out.impact[k].data(), v.impact[k]);
    detail::store12(out.plain[k].data(), v.plain[k]);
  }
  detail::store12(out.coarse.data(), v.coarse);
}
AQPLAN_ALWAYS_INLINE void copy_in(const EmissionDeltas& in, ModelKernel::Deltas& v) {
  for (std::size_t k = 0; k < kS; ++k) {
    v.impact[k] = detail::load12(in.impact[k].data());
    v.plain[k] = detail::load12(in.plain[k].data());
  }
  v.coarse = detail::load12(in.coarse.data());
}
void emissions_baseline(const Model& model, const Draw& d, Workspace& ws, EmissionDeltas& out) {
  ModelKernel::Deltas e;
  ModelKernel::emissions(model, d, ws, e);
  copy_out(e, out);
}
AQPLAN_TARGET_AVX2 void emissions_avx2(const Model& model, const Draw& d, Workspace& ws, EmissionDeltas& out) {
  ModelKernel::Deltas e;
  ModelKernel::emissions(model, d, ws, e);
  copy_out(e, out);
}
void respond_baseline(const Model& model, const Draw& d, const EmissionDeltas& in, Outcome& out) {
  ModelKernel::Deltas e;
  copy_in(in, e);
  ModelKernel::respond(model, d, e, out);
}
AQPLAN_TARGET_AVX2 void respond_avx2(const Model& model, const Draw& d, const EmissionDeltas& in, Outcome& out) {
  ModelKernel::Deltas e;
  copy_in(in, e);
  ModelKernel::respond(model, d, e, out);
}
}  // namespace

void Model::evaluate(const Draw& d, Workspace& ws, Outcome& out) const {
  if (detail::use_avx2()) evaluate_avx2(*this, d, ws, out);
  else evaluate_baseline(*this, d, ws, out);
}

void Model::emission_deltas(const Draw& d, Workspace& ws, EmissionDeltas& out) const {
  if (detail::use_avx2()) emissions_avx2(*this, d, ws, out);
  else emissions_baseline(*this, d, ws, out);
}

void Model::respond(const Draw& d, const EmissionDeltas& e, Outcome& out) const {
  if (detail::use_avx2()) respond_avx2(*this, d, e, out);
  else respond_baseline(*this, d, e, out);
}

}  // namespace aqplan
