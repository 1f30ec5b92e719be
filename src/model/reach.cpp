// Reach: which uncertain inputs can change which metric (model/reach.h).
#include "aqplan/model/reach.h"

#include <algorithm>

namespace aqplan {

namespace {

constexpr std::size_t kS = kSpeciesCount;
constexpr std::size_t si(Species k) { return static_cast<std::size_t>(k); }
constexpr std::uint8_t bit(Metric p) { return static_cast<std::uint8_t>(1u << static_cast<unsigned>(p)); }

bool can_be_nonzero(const Distribution& d) { return !(d.min() == 0.0 && d.max() == 0.0); }

// Which emission weight a metric's response puts on a species in a month.
enum class Weight : std::uint8_t { none, plain, impact, coarse };
using Channels = std::array<Weight, kSpeciesCount>;

// The species the local PM2.5 of month m reads, by component.
void pm25_channels(const ResponseParams& rp, int m, Channels& c) {
  const auto mm = static_cast<std::size_t>(m);
  const auto share = [&](Pm25Component k) { return rp.pm25_shares[static_cast<std::size_t>(k)][mm] != 0.0; };
  const bool ammonium = share(Pm25Component::ammonium_sulfate) || share(Pm25Component::ammonium_nitrate);
  if (share(Pm25Component::primary)) c[si(Species::pm25)] = Weight::impact;
  if (share(Pm25Component::ammonium_sulfate)) c[si(Species::so2)] = Weight::plain;
  if (share(Pm25Component::ammonium_nitrate)) c[si(Species::nox)] = Weight::plain;
  if (share(Pm25Component::secondary_organic)) c[si(Species::voc)] = Weight::plain;
  if (ammonium && (can_be_nonzero(rp.ammonia.a) || can_be_nonzero(rp.ammonia.b))) c[si(Species::nh3)] = Weight::plain;
}

// The species metric p's local response reads in month m (0..11), and with
// which weight; none at all when the month is observed or wholly non-local.
Channels channels(const Model& model, Metric p, int m) {
  Channels c{};
  const ResponseParams& rp = model.response();
  if (model.observed(p, m) || !(rp.nonlocal_share[static_cast<std::size_t>(p)][m].min() < 1.0)) return c;
  switch (p) {
    case Metric::so2: c[si(Species::so2)] = Weight::impact; break;
    case Metric::co: c[si(Species::co)] = Weight::impact; break;
    case Metric::no2: c[si(Species::nox)] = Weight::impact; break;
    case Metric::pm25: pm25_channels(rp, m, c); break;
    case Metric::pm10:
      if (model.fine_share(m) > 0.0) pm25_channels(rp, m, c);
      if (model.fine_share(m) < 1.0) c[si(Species::pm10)] = Weight::coarse;
      break;
    case Metric::o3: {
      const OzoneResponse& o = rp.ozone;
      const bool cross = can_be_nonzero(o.c[m]);
      if (can_be_nonzero(o.aN[m]) || can_be_nonzero(o.bN[m]) || cross) c[si(Species::nox)] = Weight::plain;
      if (can_be_nonzero(o.aV[m]) || cross) c[si(Species::voc)] = Weight::plain;
      break;
    }
  }
  return c;
}

// Sector s's emission weight of species k in month m under weight w, up to
// the normalisation (only whether it is above 0 matters).
double weight_of(const ModelSector& s, std::size_t k, int m, Weight w) {
  const auto mm = static_cast<std::size_t>(m);
  switch (w) {
    case Weight::none: return 0.0;
    case Weight::plain: return s.emissions[k] * s.profile[k][mm];
    case Weight::impact: return s.emissions[k] * s.profile[k][mm] * s.impact;
    case Weight::coarse:
      return (s.emissions[si(Species::pm10)] - s.emissions[si(Species::pm25)]) * s.profile[si(Species::pm10)][mm] * s.impact;
  }
  return 0.0;
}

// Whether each measure can be in effect in the target year: not switched
// off, planned to start before the year ends, and every prerequisite too.
std::vector<bool> can_act(const Model& model) {
  const Schedule& schedule = model.schedule();
  std::vector<bool> active(model.measures().size(), false);
  for (std::size_t j : schedule.topological_order()) {
    const ModelMeasure& mm = model.measures()[j];
    bool ok = !mm.excluded && schedule.planned(j).start < static_cast<double>(kMonths);
    for (int id : mm.depends_on) {
      const auto i = schedule.index_of(id);
      ok = ok && i && active[*i];
    }
    active[j] = ok;
  }
  return active;
}

}  // namespace

Reach::Reach(const Model& model) : sectors_(model.sectors().size()) {
  const auto& sectors = model.sectors();
  reads_.assign(sectors_ * kS, 0);
  for (Metric p : kMetrics)
    for (int m = 0; m < kMonths; ++m) {
      const Channels c = channels(model, p, m);
      for (std::size_t s = 0; s < sectors_; ++s)
        for (std::size_t k = 0; k < kS; ++k)
          if (c[k] != Weight::none && weight_of(sectors[s], k, m, c[k]) > 0.0) reads_[s * kS + k] |= bit(p);
      const auto pi = static_cast<std::size_t>(p);
      if (model.observed(p, m)) continue;
      weather_[pi] = true;
      regional_[pi] = regional_[pi] || model.response().nonlocal_share[pi][m].max() > 0.0;
    }
  const std::vector<bool> active = can_act(model);
  const auto& measures = model.measures();
  size_.assign(measures.size(), 0);
  for (const ModelEffect& e : model.effects()) {
    const auto j = static_cast<std::size_t>(e.measure);
    if (!active[j] || !can_be_nonzero(e.size)) continue;
    for (std::size_t k = 0; k < kS; ++k)
      if (e.species & (1u << k)) size_[j] |= reads_[static_cast<std::size_t>(e.sector) * kS + k];
  }
  // Timing: j's own reach and that of every measure waiting for it. In
  // reverse topological order each dependant is complete before j.
  timing_ = size_;
  const Schedule& schedule = model.schedule();
  const auto order = schedule.topological_order();
  for (auto it = order.rbegin(); it != order.rend(); ++it)
    for (int id : measures[*it].depends_on)
      if (const auto i = schedule.index_of(id)) timing_[*i] |= timing_[*it];
}

bool Reach::sector_species(std::size_t s, Species k, Metric p) const {
  return s < sectors_ && (reads_[s * kS + si(k)] & bit(p)) != 0;
}

bool Reach::sector_species_any(Species k, Metric p) const {
  for (std::size_t s = 0; s < sectors_; ++s)
    if (sector_species(s, k, p)) return true;
  return false;
}

bool Reach::growth(std::size_t s, Metric p) const {
  return std::any_of(kSpecies.begin(), kSpecies.end(), [&](Species k) { return sector_species(s, k, p); });
}

bool Reach::size(std::size_t j, Metric p) const { return j < size_.size() && (size_[j] & bit(p)) != 0; }

bool Reach::timing(std::size_t j, Metric p) const { return j < timing_.size() && (timing_[j] & bit(p)) != 0; }

bool Reach::input(const UncertainInput& in, Metric p) const {
  const auto pi = static_cast<std::size_t>(p);
  switch (in.kind) {
    case InputKind::weather: return in.metric == p && weather_[pi];
    case InputKind::regional: return in.metric == p && regional_[pi];
    case InputKind::growth: return growth(in.index, p);
    case InputKind::size: return size(in.index, p);
    case InputKind::delay:
    case InputKind::implemented: return timing(in.index, p);
  }
  return false;
}

}  // namespace aqplan
