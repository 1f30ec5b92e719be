// A month's concentration split by sector and species (model/attribution.h):
// the response equations of evaluate.cpp, kept term by term. Plain scalar
// code, for reports, not the per-sample kernels.
#include "aqplan/model/attribution.h"

#include <algorithm>
#include <stdexcept>

namespace aqplan {

namespace {
constexpr std::size_t kS = kSpeciesCount;
constexpr std::size_t mi(Metric p) { return static_cast<std::size_t>(p); }
constexpr std::size_t si(Species k) { return static_cast<std::size_t>(k); }
}  // namespace

Attribution::Attribution(const Model& model) : model_(model) {
  for (const ModelSector& sec : model.sectors())
    for (std::size_t k = 0; k < kS; ++k)
      for (std::size_t m = 0; m < kMonths; ++m) {
        const double e = sec.emissions[k] * sec.profile[k][m];
        impact_total_[k][m] += e * sec.impact;
        plain_total_[k][m] += e;
        if (k == si(Species::pm10))
          coarse_total_[m] += (sec.emissions[k] - sec.emissions[si(Species::pm25)]) * sec.profile[k][m] * sec.impact;
      }
}

// W·ρ of every sector: its post-plan tonnes over the base year's total (×
// I_s for the ground-weighted channels); for coarse PM, the coarse share of
// its PM10 tonnes.
void Attribution::ratio(std::span<const double> emissions, Species k, std::size_t m, Weight w, Ratio& out) const {
  const std::vector<ModelSector>& sectors = model_.sectors();
  const std::size_t kk = si(k);
  const double total = w == Weight::impact ? impact_total_[kk][m] : w == Weight::plain ? plain_total_[kk][m] : coarse_total_[m];
  out.term.assign(sectors.size(), 0.0);
  out.carried = total > 0.0;
  out.R = out.carried ? 0.0 : 1.0;
  if (!out.carried) return;
  for (std::size_t s = 0; s < sectors.size(); ++s) {
    const ModelSector& sec = sectors[s];
    double t = emissions[(s * kS + kk) * kMonths + m];
    if (w == Weight::coarse)
      t = sec.emissions[kk] > 0.0 ? t * (sec.emissions[kk] - sec.emissions[si(Species::pm25)]) / sec.emissions[kk] : 0.0;
    out.term[s] = t * (w == Weight::plain ? 1.0 : sec.impact) / total;
    out.R += out.term[s];
  }
}

void Attribution::pm25_parts(const Draw& d, std::span<const double> emissions, std::size_t m,
                             std::vector<std::array<double, kSpeciesCount>>& cells, double& unattributed) const {
  const ResponseParams& rp = model_.response();
  const double sh_p = rp.pm25_shares[0][m], sh_s = rp.pm25_shares[1][m], sh_n = rp.pm25_shares[2][m],
               sh_o = rp.pm25_shares[3][m];
  const double f_s = rp.ammonium.given ? rp.ammonium.sulfate : 0.0, f_n = rp.ammonium.given ? rp.ammonium.nitrate : 0.0;
  Ratio primary, so2, nox, nh3, voc;
  ratio(emissions, Species::pm25, m, Weight::impact, primary);
  ratio(emissions, Species::so2, m, Weight::plain, so2);
  ratio(emissions, Species::nox, m, Weight::plain, nox);
  ratio(emissions, Species::nh3, m, Weight::plain, nh3);
  ratio(emissions, Species::voc, m, Weight::plain, voc);
  const double x_nh3 = 1.0 - nh3.R, x_nox = 1.0 - nox.R;
  const double A = std::max(rp.ammonia.floor, 1.0 - (d.ammonia_a * x_nh3 + d.ammonia_b * x_nh3 * x_nh3));
  const double na = d.nitrate_a[m], nb = d.nitrate_b[m], nc = -1.0 - na - nb;
  const double N = std::max(0.0, 1.0 + x_nox * (na + x_nox * (nb + x_nox * nc)));
  const double sulfate = sh_s * so2.R * A, nitrate = sh_n * N * A;
  const double ammonium = f_s * sulfate + f_n * nitrate;
  // `amount` of a part spread over the sectors in proportion to their terms
  // of r, into column k; unattributed when no sector carries it.
  auto spread = [&](const Ratio& r, double amount, Species k) {
    if (amount == 0.0) return;
    if (!r.carried || !(r.R > 0.0)) {
      unattributed += amount;
      return;
    }
    for (std::size_t s = 0; s < cells.size(); ++s) cells[s][si(k)] += amount * r.term[s] / r.R;
  };
  spread(primary, sh_p * primary.R, Species::pm25);
  spread(so2, (1.0 - f_s) * sulfate, Species::so2);
  spread(nox, (1.0 - f_n) * nitrate, Species::nox);
  spread(nh3, ammonium, Species::nh3);
  spread(voc, sh_o * voc.R, Species::voc);
}

void Attribution::o3_parts(const Draw& d, std::span<const double> emissions, std::size_t m, double loc,
                           MonthParts& out) const {
  const OzoneResponse& oz = model_.response().ozone;
  Ratio nox, voc;
  ratio(emissions, Species::nox, m, Weight::plain, nox);
  ratio(emissions, Species::voc, m, Weight::plain, voc);
  const double xn = 1.0 - nox.R, xv = 1.0 - voc.R;
  const double drop = d.ozone_aN[m] * xn + d.ozone_bN[m] * xn * xn + d.ozone_aV[m] * xv + d.ozone_c[m] * xn * xv;
  const bool floored = 1.0 - drop < oz.floor;
  const double L = std::max(oz.floor, 1.0 - drop);
  // ∂L/∂x: removing a sector's tonnes raises x by its term.
  const double dn = floored ? 0.0 : -(d.ozone_aN[m] + 2.0 * d.ozone_bN[m] * xn + d.ozone_c[m] * xv);
  const double dv = floored ? 0.0 : -(d.ozone_aV[m] + d.ozone_c[m] * xn);
  for (std::size_t s = 0; s < out.cells.size(); ++s) {
    out.cells[s][si(Species::nox)] = loc * dn * nox.term[s];
    out.cells[s][si(Species::voc)] = loc * dv * voc.term[s];
  }
  out.additive = false;
  out.local = loc * L;
}

void Attribution::split(const Draw& d, std::span<const double> emissions, Metric p, int month, MonthParts& out) const {
  const std::size_t S = model_.sectors().size();
  if (emissions.size() != S * kS * kMonths)
    throw std::invalid_argument("Attribution::split: emissions are not sectors × species × 12");
  const auto m = static_cast<std::size_t>(month);
  const double c0 = model_.anchor(p, month), M = d.weather[mi(p)][m];
  const double B = d.nonlocal_share[mi(p)][m];
  const double loc = c0 * M * (1.0 - B);
  out.cells.assign(S, {});
  out.additive = true;
  out.unattributed = 0.0;
  out.nonlocal = c0 * M * B * (1.0 + d.regional_change[mi(p)]);
  if (p == Metric::o3) {
    o3_parts(d, emissions, m, loc, out);
    return;
  }
  double unit_unattributed = 0.0;
  if (p == Metric::pm25 || p == Metric::pm10) {
    pm25_parts(d, emissions, m, out.cells, unit_unattributed);
    if (p == Metric::pm10) {
      const double f = model_.fine_share(month);
      for (auto& row : out.cells)
        for (double& c : row) c *= f;
      unit_unattributed *= f;
      Ratio coarse;
      ratio(emissions, Species::pm10, m, Weight::coarse, coarse);
      if (!coarse.carried) unit_unattributed += (1.0 - f);
      for (std::size_t s = 0; s < S; ++s) out.cells[s][si(Species::pm10)] += (1.0 - f) * coarse.term[s];
    }
  } else {
    const Species k = p == Metric::so2 ? Species::so2 : p == Metric::co ? Species::co : Species::nox;
    Ratio r;
    ratio(emissions, k, m, Weight::impact, r);
    if (!r.carried) unit_unattributed = 1.0;
    for (std::size_t s = 0; s < S; ++s) out.cells[s][si(k)] = r.term[s];
  }
  out.local = 0.0;
  for (auto& row : out.cells)
    for (double& c : row) {
      c *= loc;
      out.local += c;
    }
  out.unattributed = loc * unit_unattributed;
  out.local += out.unattributed;
}

}  // namespace aqplan
