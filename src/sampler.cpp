#include "aqplan/sampler.h"

#include <cmath>

#include <Eigen/Cholesky>

#include "aqplan/distribution.h"

namespace aqplan {

Sampler::Sampler(const Model& model, SamplingOptions options) : model_(&model), options_(options) {
  const auto& effects = model.effects();
  effect_index_.resize(effects.size());
  int last_measure = -1;
  std::uint32_t ordinal = 0;
  for (std::size_t e = 0; e < effects.size(); ++e) {
    ordinal = effects[e].measure == last_measure ? ordinal + 1 : 0;
    last_measure = effects[e].measure;
    const auto id = static_cast<std::uint32_t>(model.measures()[static_cast<std::size_t>(effects[e].measure)].id);
    effect_index_[e] = id << 8 | ordinal;
  }
  const MeteorologyParams& met = model.inputs().dataset.meteorology;
  for (std::size_t m = 0; m < kMonths; ++m) {
    // The loader guarantees positive definiteness.
    chol_[m] = met.correlation[m].llt().matrixL();
    for (std::size_t p = 0; p < kMetricCount; ++p) sigma_[p][m] = options_.weather_scale * met.sigma[p][m];
  }
  phi_ = met.phi;
}

namespace {

inline double draw_one(const Distribution& dist, std::uint64_t seed, std::uint64_t sample, Purpose purpose,
                       std::uint32_t index) noexcept {
  if (dist.kind() == DistKind::fixed) return dist.parameters()[0];
  return dist.quantile(uniform(seed, sample, purpose, index));
}

inline void draw_monthly(const MonthlyDistribution& md, std::uint64_t seed, std::uint64_t sample, Purpose purpose,
                         std::uint32_t index_base, std::array<double, kMonths>& out) noexcept {
  std::array<double, kMonths> group_value{};  // a dataset has at most 12 groups
  for (std::size_t g = 0; g < md.groups.size() && g < kMonths; ++g)
    group_value[g] = draw_one(md.groups[g], seed, sample, purpose, index_base | static_cast<std::uint32_t>(g));
  for (std::size_t m = 0; m < kMonths; ++m) out[m] = group_value[static_cast<std::size_t>(md.group_of[m])];
}

}  // namespace

void Sampler::draw(std::uint64_t seed, std::uint64_t sample, Draw& d) const noexcept {
  const Model& model = *model_;
  const Dataset& ds = model.inputs().dataset;
  const ResponseParams& rp = ds.response;

  // Measures: slips and implementation, keyed by ledger id.
  const auto& measures = model.measures();
  for (std::size_t j = 0; j < measures.size(); ++j) {
    const ModelMeasure& mm = measures[j];
    const MeasureParams& p = *mm.params;
    const auto id = static_cast<std::uint32_t>(mm.id);
    if (p.delay.p_on_time >= 1.0) {
      d.delay[j] = 0.0;
    } else {
      const auto u = uniform2(seed, sample, Purpose::delay, id);
      d.delay[j] = p.delay.draw(u[0], u[1]);
    }
    if (mm.excluded) d.implemented[j] = 0;
    else if (p.probability >= 1.0) d.implemented[j] = 1;
    else d.implemented[j] = uniform(seed, sample, Purpose::implemented, id) < p.probability ? 1 : 0;
  }
  // Effect sizes: one Philox call serves two effects of a measure (ordinals
  // 2i and 2i+1 use the two halves of counter id << 8 | i).
  const auto& effects = model.effects();
  std::uint32_t cached_counter = ~0u;
  std::array<double, 2> cached{};
  for (std::size_t e = 0; e < effects.size(); ++e) {
    const Distribution& dist = *effects[e].size;
    if (dist.kind() == DistKind::fixed) {
      d.effect_size[e] = dist.parameters()[0];
      continue;
    }
    const std::uint32_t key = effect_index_[e];
    const std::uint32_t counter = (key & ~0xFFu) | ((key & 0xFFu) >> 1);
    if (counter != cached_counter) {
      cached = uniform2(seed, sample, Purpose::effect_size, counter);
      cached_counter = counter;
    }
    d.effect_size[e] = dist.quantile(cached[key & 1u]);
  }

  for (std::size_t s = 0; s < d.growth.size(); ++s)
    d.growth[s] = draw_one(ds.inventory.sectors[s].growth, seed, sample, Purpose::growth, static_cast<std::uint32_t>(s));

  for (Metric p : kMetrics) {
    const auto pi = static_cast<std::size_t>(p);
    const auto pu = static_cast<std::uint32_t>(p);
    d.regional_change[pi] = draw_one(rp.regional_change[pi], seed, sample, Purpose::regional, pu);
    draw_monthly(rp.nonlocal_share[pi], seed, sample, Purpose::nonlocal_share, pu << 8, d.nonlocal_share[pi]);
  }
  draw_monthly(rp.nitrate.a, seed, sample, Purpose::nitrate_a, 0, d.nitrate_a);
  draw_monthly(rp.nitrate.b, seed, sample, Purpose::nitrate_b, 0, d.nitrate_b);
  d.ammonia_a = draw_one(rp.ammonia.a, seed, sample, Purpose::ammonia_a, 0);
  d.ammonia_b = draw_one(rp.ammonia.b, seed, sample, Purpose::ammonia_b, 0);
  draw_monthly(rp.ozone.aN, seed, sample, Purpose::ozone_aN, 0, d.ozone_aN);
  draw_monthly(rp.ozone.bN, seed, sample, Purpose::ozone_bN, 0, d.ozone_bN);
  draw_monthly(rp.ozone.aV, seed, sample, Purpose::ozone_aV, 0, d.ozone_aV);
  draw_monthly(rp.ozone.c, seed, sample, Purpose::ozone_c, 0, d.ozone_c);

  // Weather: correlated across metrics, AR(1) across months.
  if (options_.weather_scale == 0.0) {
    for (auto& row : d.weather) row.fill(1.0);
    return;
  }
  Eigen::Matrix<double, kMetricCount, 1> eps, y;
  const double innovation = std::sqrt(1.0 - phi_ * phi_);
  for (std::size_t m = 0; m < kMonths; ++m) {
    for (std::uint32_t pair = 0; pair < kMetricCount / 2; ++pair) {
      const auto u = uniform2(seed, sample, Purpose::weather, static_cast<std::uint32_t>(m) << 8 | pair);
      eps(2 * pair) = normal_quantile(u[0]);
      eps(2 * pair + 1) = normal_quantile(u[1]);
    }
    const Eigen::Matrix<double, kMetricCount, 1> z = chol_[m].triangularView<Eigen::Lower>() * eps;
    y = m == 0 ? z : Eigen::Matrix<double, kMetricCount, 1>(phi_ * y + innovation * z);
    for (std::size_t p = 0; p < kMetricCount; ++p) {
      const double s = sigma_[p][m];
      d.weather[p][m] = std::exp(s * y(static_cast<Eigen::Index>(p)) - 0.5 * s * s);
    }
  }
}

}  // namespace aqplan
