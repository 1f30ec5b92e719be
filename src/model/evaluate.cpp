// The per-sample kernels of the compiled model: Model::evaluate and its two
// stages, emission_deltas and respond (model.md §2–5).
#include "aqplan/model/model.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include "kernels/months.h"
#include "kernels/dispatch.h"

namespace aqplan {

namespace {
constexpr std::size_t kS = kSpeciesCount;
constexpr std::size_t kM = kMonths;
constexpr std::size_t mi(Metric p) { return static_cast<std::size_t>(p); }
constexpr std::size_t si(Species k) { return static_cast<std::size_t>(k); }
}  // namespace

// The body of Model::evaluate in its two stages, one kernel each
// (kernels/dispatch.h); every level gives the same bits. Month loops use
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
    const std::size_t S = model.sectors_.size();

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

  // Local response, anchoring, and (kAnnual) annual statistics and composite index.
  template <bool kAnnual = true>
  AQPLAN_ALWAYS_INLINE static void respond(const Model& model, const Draw& d, const Deltas& e, Outcome& out) {
    using detail::load12;
    using detail::store12;
    const ResponseParams& rp = model.response_;
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
      if (model.any_observed_) {
        out.modelled[pi] = out.monthly[pi];
        for (std::size_t m = 0; m < kM; ++m)
          if (const auto& obs = model.observed_[pi][m]) out.monthly[pi][m] = *obs;
      }
      if constexpr (kAnnual) out.annual[pi] = model.annual_statistic(p, out.monthly[pi]);
    }
    if constexpr (kAnnual) out.composite = composite_index(out.annual, model.rules_.index);
  }

  // The kernels (kernels/dispatch.h): the whole evaluation, and its two stages.
  // (Not noexcept: the schedule throws on an invalid draw.)
  struct Evaluate {
    template <SimdLevel>
    AQPLAN_ALWAYS_INLINE static void run(const Model& model, const Draw& d, Workspace& ws, Outcome& out) {
      Deltas e;
      emissions(model, d, ws, e);
      respond(model, d, e, out);
    }
  };
  struct EvaluateMonths {
    template <SimdLevel>
    AQPLAN_ALWAYS_INLINE static void run(const Model& model, const Draw& d, Workspace& ws, Outcome& out) {
      Deltas e;
      emissions(model, d, ws, e);
      respond<false>(model, d, e, out);
    }
  };
  struct Emissions {
    template <SimdLevel>
    AQPLAN_ALWAYS_INLINE static void run(const Model& model, const Draw& d, Workspace& ws, EmissionDeltas& out) {
      Deltas e;
      emissions(model, d, ws, e);
      for (std::size_t k = 0; k < kS; ++k) {
        detail::store12(out.impact[k].data(), e.impact[k]);
        detail::store12(out.plain[k].data(), e.plain[k]);
      }
      detail::store12(out.coarse.data(), e.coarse);
    }
  };
  struct Respond {
    template <SimdLevel>
    AQPLAN_ALWAYS_INLINE static void run(const Model& model, const Draw& d, const EmissionDeltas& in, Outcome& out) {
      Deltas e;
      for (std::size_t k = 0; k < kS; ++k) {
        e.impact[k] = detail::load12(in.impact[k].data());
        e.plain[k] = detail::load12(in.plain[k].data());
      }
      e.coarse = detail::load12(in.coarse.data());
      respond(model, d, e, out);
    }
  };
};

void Model::evaluate(const Draw& d, Workspace& ws, Outcome& out) const {
  kernels::dispatch<ModelKernel::Evaluate>(*this, d, ws, out);
}

void Model::evaluate_months(const Draw& d, Workspace& ws, Outcome& out) const {
  kernels::dispatch<ModelKernel::EvaluateMonths>(*this, d, ws, out);
}

void Model::finish(Outcome& out) const {
  for (Metric p : kMetrics) out.annual[mi(p)] = annual_statistic(p, out.monthly[mi(p)]);
  out.composite = composite_index(out.annual, rules_.index);
}

void Model::emission_deltas(const Draw& d, Workspace& ws, EmissionDeltas& out) const {
  kernels::dispatch<ModelKernel::Emissions>(*this, d, ws, out);
}

void Model::respond(const Draw& d, const EmissionDeltas& e, Outcome& out) const {
  kernels::dispatch<ModelKernel::Respond>(*this, d, e, out);
}

void Model::projected_emissions(const Draw& d, Workspace& ws, std::span<double> out) const {
  const std::size_t S = sectors_.size();
  if (out.size() != S * kS * kM) throw std::invalid_argument("projected_emissions: output size is not sectors × species × 12");
  schedule_->evaluate(d.delay, d.implemented, ws.activity, ws.start, ws.complete);
  // ρ[s,k,m] = (1 + g_s)·Π_j (1 − r·a[j,m]), a tonnes effect as a fraction of E[s,k].
  for (std::size_t s = 0; s < S; ++s)
    for (std::size_t k = 0; k < kS; ++k)
      for (std::size_t m = 0; m < kM; ++m) out[(s * kS + k) * kM + m] = 1.0 + d.growth[s];
  for (std::size_t e = 0; e < effects_.size(); ++e) {
    const ModelEffect& eff = effects_[e];
    const auto s = static_cast<std::size_t>(eff.sector);
    const auto* a = ws.activity.row(static_cast<Eigen::Index>(eff.measure)).data();
    for (std::size_t k = 0; k < kS; ++k) {
      if (!(eff.species & (1u << k))) continue;
      const double base = sectors_[s].emissions[k];
      double r = d.effect_size[e];
      if (eff.kind == EffectSize::tonnes) r = base > 0 ? std::min(1.0, r / base) : 0.0;
      for (std::size_t m = 0; m < kM; ++m) out[(s * kS + k) * kM + m] *= 1.0 - r * a[m];
    }
  }
  for (std::size_t s = 0; s < S; ++s)
    for (std::size_t k = 0; k < kS; ++k)
      for (std::size_t m = 0; m < kM; ++m) out[(s * kS + k) * kM + m] *= sectors_[s].emissions[k] * sectors_[s].profile[k][m];
}

}  // namespace aqplan
