#include "aqplan/engine/sampler.h"

#include "aqplan/engine/conditioning.h"

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstring>
#include <numbers>
#include <stdexcept>

#include <Eigen/Cholesky>
#include <fmt/format.h>

#include "aqplan/base/distribution.h"
#include "kernels/fastmath.h"
#include "kernels/dispatch.h"

namespace aqplan {

namespace {

// The month-dependent arrays of a Draw, by the number a monthly job stores:
// 0..5 nonlocal_share[metric], then nitrate a, b, ozone aN, bN, aV, c.
constexpr std::uint32_t kNitrateA = kMetricCount, kNitrateB = kNitrateA + 1, kOzoneAN = kNitrateA + 2,
                        kOzoneBN = kNitrateA + 3, kOzoneAV = kNitrateA + 4, kOzoneC = kNitrateA + 5;

inline std::array<double, kMonths>& monthly_field(Draw& d, std::uint32_t target) noexcept {
  switch (target) {
    case kNitrateA: return d.nitrate_a;
    case kNitrateB: return d.nitrate_b;
    case kOzoneAN: return d.ozone_aN;
    case kOzoneBN: return d.ozone_bN;
    case kOzoneAV: return d.ozone_aV;
    case kOzoneC: return d.ozone_c;
    default: return d.nonlocal_share[target];
  }
}

// The fields a SingleDraws value is stored in, by number (scatter_field):
// growth, regional_change, ammonia_a, ammonia_b, then the monthly arrays by
// the number of monthly_field.
constexpr std::uint16_t kFieldGrowth = 0, kFieldRegional = 1, kFieldAmmoniaA = 2, kFieldAmmoniaB = 3,
                        kFieldMonthly = 4, kFieldCount = kFieldMonthly + kOzoneC + 1;

// At most this many Philox calls are made (and their words kept) at once.
constexpr std::size_t kChunk = 64;

}  // namespace

namespace {

// x[i] = the triangular quantile (distribution.h triangular_quantile) of
// u[i] with the parameters at entry first + i, for i < count; vectorised.
AQPLAN_ALWAYS_INLINE void triangular_quantiles(const std::vector<double>& a, const std::vector<double>& b,
                                               const std::vector<double>& ba, const std::vector<double>& ca,
                                               const std::vector<double>& bc, const std::vector<double>& fc,
                                               std::size_t first, const double* __restrict u, double* __restrict x,
                                               std::size_t count) noexcept {
  const double* __restrict pa = a.data() + first;
  const double* __restrict pb = b.data() + first;
  const double* __restrict pba = ba.data() + first;
  const double* __restrict pca = ca.data() + first;
  const double* __restrict pbc = bc.data() + first;
  const double* __restrict pfc = fc.data() + first;
  for (std::size_t i = 0; i < count; ++i) x[i] = triangular_quantile(u[i], pa[i], pb[i], pba[i], pca[i], pbc[i], pfc[i]);
}

}  // namespace

void Sampler::TriangularParams::add(double min, double mode, double max) {
  a.push_back(min);
  b.push_back(max);
  ba.push_back(max - min);
  ca.push_back(mode - min);
  bc.push_back(max - mode);
  fc.push_back(max == min ? 0.0 : (mode - min) / (max - min));
}

void Sampler::TriangularPairs::add_half(std::uint32_t effect, const Distribution& d) {
  // Distribution::quantile's triangular parameters: min, mode, max.
  target.push_back(effect);
  tri.add(d.parameters()[0], d.parameters()[1], d.parameters()[2]);
}

void Sampler::TriangularPairs::finish() {
  const std::size_t n = purpose.size();
  auto reorder = [&](std::vector<double>& v) {
    std::vector<double> out(v.size());
    for (std::size_t first = 0; first < n; first += kChunk) {
      const std::size_t count = std::min(kChunk, n - first);
      for (std::size_t i = 0; i < count; ++i)
        for (std::size_t h = 0; h < 2; ++h) out[2 * first + h * count + i] = v[2 * (first + i) + h];
    }
    v = std::move(out);
  };
  for (std::vector<double>* v : {&tri.a, &tri.b, &tri.ba, &tri.ca, &tri.bc, &tri.fc}) reorder(*v);
  scatter_begin.assign(1, 0);
  for (std::size_t first = 0; first < n; first += kChunk) {
    const std::size_t count = std::min(kChunk, n - first);
    for (std::size_t i = 0; i < count; ++i)
      for (std::size_t h = 0; h < 2; ++h)
        if (target[2 * (first + i) + h] != kNone) {
          scatter_source.push_back(static_cast<std::uint32_t>(h * kChunk + i));
          scatter_target.push_back(target[2 * (first + i) + h]);
        }
    scatter_begin.push_back(static_cast<std::uint32_t>(scatter_source.size()));
  }
}

void Sampler::add_job(Purpose purpose, std::uint32_t index, Job job) {
  jobs_.push_back(std::move(job));
  job_purpose_.push_back(static_cast<std::uint32_t>(purpose));
  job_index_.push_back(index);
}

Sampler::Sampler(const Model& model, SamplingOptions options) : model_(&model), options_(std::move(options)) {
  fixed_ = model.mode_draw();
  fixed_.extra_cut = options_.extra_cut;
  if (!options_.extra_cut_sectors.empty()) {
    const std::vector<ModelSector>& sectors = model.sectors();
    std::fill(fixed_.extra_cut_sector.begin(), fixed_.extra_cut_sector.end(), 0);
    for (std::size_t s = 0; s < sectors.size(); ++s)
      if (std::find(options_.extra_cut_sectors.begin(), options_.extra_cut_sectors.end(), sectors[s].name) !=
          options_.extra_cut_sectors.end())
        fixed_.extra_cut_sector[s] = 1;
  }
  add_measure_jobs();
  add_effect_jobs();
  add_response_jobs();
  prepare_weather();
  conditioned_ = model.any_observed() && options_.weather_scale != 0.0;
  if (conditioned_) {
    prepare_noise();
    auto c = std::make_shared<const Conditioning>(model, sigma_);
    if (c->observations() > 0) conditioning_ = std::move(c);
  }
  sort_jobs();
  find_certain();
}

// The observation noise is only read at observed pairs: its calls (the
// weather's counters under Purpose::observation_noise) for the pairs of
// metrics with an observed member, in the weather's pair-major order.
void Sampler::prepare_noise() {
  for (std::uint32_t pair = 0; pair < kMetricCount / 2; ++pair)
    for (int m = 0; m < kMonths; ++m)
      if (model_->observed(kMetrics[2 * pair], m) || model_->observed(kMetrics[2 * pair + 1], m)) {
        noise_purpose_.push_back(static_cast<std::uint32_t>(Purpose::observation_noise));
        noise_index_.push_back(static_cast<std::uint32_t>(m) << 8 | pair);
      }
}

// Measures: slips and implementation, keyed by ledger id.
void Sampler::add_measure_jobs() {
  const auto& measures = model_->measures();
  for (std::size_t j = 0; j < measures.size(); ++j) {
    const ModelMeasure& mm = measures[j];
    const auto id = static_cast<std::uint32_t>(mm.id);
    const auto jj = static_cast<std::uint32_t>(j);
    fixed_.delay[j] = 0.0;
    auto fixed_late = std::find_if(options_.fixed_delay.begin(), options_.fixed_delay.end(),
                                   [&](const auto& f) { return f.first == mm.id; });
    const bool off = mm.excluded || std::find(options_.switched_off.begin(), options_.switched_off.end(), mm.id) !=
                                        options_.switched_off.end();
    if (fixed_late != options_.fixed_delay.end()) {
      fixed_.delay[j] = fixed_late->second;
    } else if (mm.delay.p_on_time < 1.0) {
      Job job;
      job.use = Use::delay;
      job.target = jj;
      job.p = mm.delay.p_on_time;
      job.d0 = mm.delay.late;
      add_job(Purpose::delay, id, job);
    }
    fixed_.implemented[j] = off ? 0 : 1;
    if (!off && mm.probability < 1.0) {
      Job job;
      job.use = Use::implemented;
      job.target = jj;
      job.p = mm.probability;
      add_job(Purpose::implemented, id, job);
    }
  }
}

// Effect sizes: one Philox call serves two effects of a measure (ordinals
// 2i and 2i+1 use the two halves of counter id << 8 | i).
void Sampler::add_effect_jobs() {
  const auto& measures = model_->measures();
  const auto& effects = model_->effects();
  int last_measure = -1;
  std::uint32_t ordinal = 0;
  std::uint32_t last_counter = ~0u;
  for (std::size_t e = 0; e < effects.size(); ++e) {
    ordinal = effects[e].measure == last_measure ? ordinal + 1 : 0;
    last_measure = effects[e].measure;
    const Distribution& dist = effects[e].size;
    fixed_.effect_size[e] = dist.parameters()[0];
    if (dist.kind() == DistKind::fixed) continue;
    const auto id = static_cast<std::uint32_t>(measures[static_cast<std::size_t>(effects[e].measure)].id);
    const std::uint32_t counter = id << 8 | ordinal >> 1;
    const bool second = (ordinal & 1u) != 0;
    if (second && counter == last_counter) {  // the other half of the previous call
      jobs_.back().target2 = static_cast<std::uint32_t>(e);
      jobs_.back().d1 = dist;
      continue;
    }
    Job job;
    job.use = Use::effects;
    job.target = static_cast<std::uint32_t>(e);
    if (second) {  // the first half's effect is certain: only the second half is used
      job.d0 = Distribution::fixed(0.0);
      job.target2 = static_cast<std::uint32_t>(e);
      job.d1 = dist;
      // d0 writes 0 to effect e, then d1 overwrites it: only u1 counts.
    } else {
      job.d0 = dist;
    }
    add_job(Purpose::effect_size, counter, job);
    last_counter = counter;
  }
}

void Sampler::add_scalar_job(const Distribution& dist, Use use, Purpose purpose, std::uint32_t index,
                             std::uint32_t target, double& fixed_slot) {
  fixed_slot = dist.kind() == DistKind::fixed ? dist.parameters()[0] : 0.0;
  if (dist.kind() == DistKind::fixed) return;
  Job job{use};
  job.target = target;
  job.d0 = dist;
  add_job(purpose, index, job);
}

void Sampler::add_monthly_jobs(const MonthlyDistribution& md, Purpose purpose, std::uint32_t index_base,
                               std::uint32_t target) {
  std::array<double, kMonths>& slot = monthly_field(fixed_, target);
  for (std::size_t g = 0; g < md.groups.size() && g < kMonths; ++g) {
    const Distribution& dist = md.groups[g];
    std::uint16_t mask = 0;
    for (std::size_t m = 0; m < kMonths; ++m) {
      if (static_cast<std::size_t>(md.group_of[m]) != g) continue;
      mask = static_cast<std::uint16_t>(mask | (1u << m));
      slot[m] = dist.kind() == DistKind::fixed ? dist.parameters()[0] : 0.0;
    }
    if (dist.kind() == DistKind::fixed || mask == 0) continue;
    Job job;
    job.use = Use::monthly;
    job.target = target;
    job.month_mask = mask;
    job.d0 = dist;
    add_job(purpose, index_base | static_cast<std::uint32_t>(g), job);
  }
}

// Growth, the regional trend and the response coefficients.
void Sampler::add_response_jobs() {
  const ResponseParams& rp = model_->response();
  const std::vector<ModelSector>& sectors = model_->sectors();
  // A quantity switched off is certain at 0: no job, so nothing else's
  // random numbers move (each draw has its own counter).
  const Distribution off = Distribution::fixed(0.0);
  for (std::size_t s = 0; s < fixed_.growth.size(); ++s)
    add_scalar_job(options_.no_growth ? off : sectors[s].growth, Use::growth, Purpose::growth,
                   static_cast<std::uint32_t>(s), static_cast<std::uint32_t>(s), fixed_.growth[s]);
  for (Metric p : kMetrics) {
    const auto pi = static_cast<std::size_t>(p);
    const auto pu = static_cast<std::uint32_t>(p);
    add_scalar_job(options_.no_regional_trend ? off : rp.regional_change[pi], Use::regional, Purpose::regional, pu, pu,
                   fixed_.regional_change[pi]);
    add_monthly_jobs(rp.nonlocal_share[pi], Purpose::nonlocal_share, pu << 8, pu);
  }
  add_monthly_jobs(rp.nitrate.a, Purpose::nitrate_a, 0, kNitrateA);
  add_monthly_jobs(rp.nitrate.b, Purpose::nitrate_b, 0, kNitrateB);
  add_scalar_job(rp.ammonia.a, Use::ammonia_a, Purpose::ammonia_a, 0, 0, fixed_.ammonia_a);
  add_scalar_job(rp.ammonia.b, Use::ammonia_b, Purpose::ammonia_b, 0, 0, fixed_.ammonia_b);
  add_monthly_jobs(rp.ozone.aN, Purpose::ozone_aN, 0, kOzoneAN);
  add_monthly_jobs(rp.ozone.bN, Purpose::ozone_bN, 0, kOzoneBN);
  add_monthly_jobs(rp.ozone.aV, Purpose::ozone_aV, 0, kOzoneAV);
  add_monthly_jobs(rp.ozone.c, Purpose::ozone_c, 0, kOzoneC);
}

// The weather's Cholesky factors, scaled σ and Philox counters.
void Sampler::prepare_weather() {
  const MeteorologyParams& met = model_->weather();
  for (std::size_t m = 0; m < kMonths; ++m) {
    // The loader guarantees positive definiteness.
    const Eigen::Matrix<double, kMetricCount, kMetricCount> L = met.correlation[m].llt().matrixL();
    for (std::size_t p = 0; p < kMetricCount; ++p)
      for (std::size_t q = 0; q < kMetricCount; ++q)
        chol_flat_[p * kMetricCount + q][m] = L(static_cast<Eigen::Index>(p), static_cast<Eigen::Index>(q));
    // Two years drawn (base and target): ln M = √2·σ·y − σ², i.e. the
    // one-year law with σ·√2; otherwise the one-year law ln M = σ·y − σ²/2.
    // Only the scale changes, never the random numbers.
    for (std::size_t p = 0; p < kMetricCount; ++p) {
      sigma_[p][m] = options_.weather_scale * met.sigma[p][m];
      if (!options_.typical_base_year && met.base_year_drawn(p, m)) sigma_[p][m] *= std::numbers::sqrt2;
    }
    for (std::uint32_t pair = 0; pair < kMetricCount / 2; ++pair) {
      weather_purpose_[pair * kMonths + m] = static_cast<std::uint32_t>(Purpose::weather);
      weather_index_[pair * kMonths + m] = static_cast<std::uint32_t>(m) << 8 | pair;
    }
    for (auto& row : fixed_.weather) row.fill(1.0);
  }
  phi_ = met.phi;
}

// Job i, when it is a delay late by a uniform number of months, to uniform_delays_.
bool Sampler::take_uniform_delay(const Job& job, std::size_t i) {
  if (job.use != Use::delay || job.d0.kind() != DistKind::uniform) return false;
  uniform_delays_.purpose.push_back(job_purpose_[i]);
  uniform_delays_.index.push_back(job_index_[i]);
  uniform_delays_.target.push_back(job.target);
  uniform_delays_.p.push_back(job.p);
  uniform_delays_.lo.push_back(job.d0.parameters()[0]);
  uniform_delays_.width.push_back(job.d0.parameters()[1] - job.d0.parameters()[0]);
  return true;
}

// Job i, when it draws triangular effect sizes, to triangular_.
bool Sampler::take_triangular_pair(const Job& job, std::size_t i) {
  if (job.use != Use::effects) return false;
  const bool second_only = job.d0.kind() == DistKind::fixed && job.target2 == job.target;
  const bool tri0 = second_only || job.d0.kind() == DistKind::triangular;
  const bool tri1 = job.target2 == kNone || job.d1.kind() == DistKind::triangular;
  if (!tri0 || !tri1) return false;
  TriangularPairs& t = triangular_;
  t.purpose.push_back(job_purpose_[i]);
  t.index.push_back(job_index_[i]);
  const Distribution unused = Distribution::triangular(0.0, 0.0, 0.0);
  if (second_only) t.add_half(kNone, unused);
  else t.add_half(job.target, job.d0);
  if (job.target2 == kNone) t.add_half(kNone, unused);
  else t.add_half(job.target2, job.d1);
  return true;
}

// Job i, when it draws one value (growth, regional, ammonia, monthly), to singles_.
bool Sampler::take_single(const Job& job, std::size_t i) {
  if (job.use != Use::growth && job.use != Use::regional && job.use != Use::ammonia_a && job.use != Use::ammonia_b &&
      job.use != Use::monthly)
    return false;
  SingleDraws& g = singles_;
  const auto call = static_cast<std::uint32_t>(g.purpose.size());
  g.purpose.push_back(job_purpose_[i]);
  g.index.push_back(job_index_[i]);
  if (job.d0.kind() == DistKind::triangular) {
    g.tri.add(job.d0.parameters()[0], job.d0.parameters()[1], job.d0.parameters()[2]);
  } else {
    g.tri.add(0.0, 0.0, 0.0);  // a placeholder, replaced by the `other` value
    g.other.push_back(call);
    g.other_dist.push_back(job.d0);
  }
  auto to = [&](std::uint32_t field, std::uint32_t offset) {
    g.scatter_call.push_back(call);
    g.scatter_field.push_back(static_cast<std::uint16_t>(field));
    g.scatter_offset.push_back(static_cast<std::uint16_t>(offset));
  };
  switch (job.use) {
    case Use::growth: to(kFieldGrowth, job.target); break;
    case Use::regional: to(kFieldRegional, job.target); break;
    case Use::ammonia_a: to(kFieldAmmoniaA, 0); break;
    case Use::ammonia_b: to(kFieldAmmoniaB, 0); break;
    default:
      for (std::uint32_t m = 0; m < kMonths; ++m)
        if (job.month_mask & (1u << m)) to(kFieldMonthly + job.target, m);
      break;
  }
  return true;
}

// The common cases leave jobs_ for their own arrays (sampler.h).
void Sampler::sort_jobs() {
  std::vector<Job> rest;
  std::vector<std::uint32_t> rest_purpose, rest_index;
  for (std::size_t i = 0; i < jobs_.size(); ++i) {
    const Job& job = jobs_[i];
    if (take_uniform_delay(job, i) || take_triangular_pair(job, i) || take_single(job, i)) continue;
    rest.push_back(job);
    rest_purpose.push_back(job_purpose_[i]);
    rest_index.push_back(job_index_[i]);
  }
  jobs_ = std::move(rest);
  job_purpose_ = std::move(rest_purpose);
  job_index_ = std::move(rest_index);
  triangular_.finish();
  const auto& t = uniform_delays_.target;
  uniform_delays_.contiguous = true;
  for (std::size_t i = 0; i < t.size(); ++i) uniform_delays_.contiguous = uniform_delays_.contiguous && t[i] == t[0] + i;
}

// What the draws overwrite; the rest is copied from fixed_.
void Sampler::find_certain() {
  std::vector<bool> drawn_delay(fixed_.delay.size()), drawn_effect(fixed_.effect_size.size()),
      drawn_growth(fixed_.growth.size());
  for (std::uint32_t j : uniform_delays_.target) drawn_delay[j] = true;
  for (std::uint32_t e : triangular_.scatter_target) drawn_effect[e] = true;
  for (std::size_t k = 0; k < singles_.scatter_field.size(); ++k)
    if (singles_.scatter_field[k] == kFieldGrowth) drawn_growth[singles_.scatter_offset[k]] = true;
  for (const Job& job : jobs_) {
    if (job.use == Use::delay) drawn_delay[job.target] = true;
    if (job.use == Use::effects) {
      drawn_effect[job.target] = true;
      if (job.target2 != kNone) drawn_effect[job.target2] = true;
    }
  }
  auto certain = [](const std::vector<bool>& drawn, std::vector<std::uint32_t>& out) {
    for (std::size_t i = 0; i < drawn.size(); ++i)
      if (!drawn[i]) out.push_back(static_cast<std::uint32_t>(i));
  };
  certain(drawn_delay, certain_delay_);
  certain(drawn_effect, certain_effect_);
  certain(drawn_growth, certain_growth_);
}

// The body of Sampler::draw as a kernel (kernels/dispatch.h); every level
// gives the same bits.
struct SamplerKernel {
  template <SimdLevel>
  AQPLAN_ALWAYS_INLINE static void run(const Sampler& s, std::uint64_t seed, std::uint64_t sample, Draw& d) noexcept {
    s.draw_body(seed, sample, d);
  }
};

void Sampler::draw(std::uint64_t seed, std::uint64_t sample, Draw& d) const {
  if (d.delay.size() != fixed_.delay.size() || d.implemented.size() != fixed_.implemented.size() ||
      d.effect_size.size() != fixed_.effect_size.size() || d.growth.size() != fixed_.growth.size() ||
      d.extra_cut_sector.size() != fixed_.extra_cut_sector.size()) [[unlikely]]
    throw std::invalid_argument(fmt::format(
        "Sampler::draw: the Draw has {} delays, {} effects and {} sectors, the model {}, {} and {} (make it with "
        "Model::mode_draw())",
        d.delay.size(), d.effect_size.size(), d.growth.size(), fixed_.delay.size(), fixed_.effect_size.size(),
        fixed_.growth.size()));
  kernels::dispatch<SamplerKernel>(*this, seed, sample, d);
}

// Certain values (sizes match: d comes from mode_draw()).
AQPLAN_ALWAYS_INLINE void Sampler::copy_certain(Draw& d) const noexcept {
  for (std::uint32_t j : certain_delay_) d.delay[j] = fixed_.delay[j];
  std::copy(fixed_.implemented.begin(), fixed_.implemented.end(), d.implemented.begin());
  for (std::uint32_t e : certain_effect_) d.effect_size[e] = fixed_.effect_size[e];
  for (std::uint32_t s : certain_growth_) d.growth[s] = fixed_.growth[s];
  d.regional_change = fixed_.regional_change;
  d.nonlocal_share = fixed_.nonlocal_share;
  d.nitrate_a = fixed_.nitrate_a;
  d.nitrate_b = fixed_.nitrate_b;
  d.ammonia_a = fixed_.ammonia_a;
  d.ammonia_b = fixed_.ammonia_b;
  d.ozone_aN = fixed_.ozone_aN;
  d.ozone_bN = fixed_.ozone_bN;
  d.ozone_aV = fixed_.ozone_aV;
  d.ozone_c = fixed_.ozone_c;
  d.extra_cut = fixed_.extra_cut;
  std::copy(fixed_.extra_cut_sector.begin(), fixed_.extra_cut_sector.end(), d.extra_cut_sector.begin());
}

// The other uncertain values: Philox in chunks, then each call's use.
AQPLAN_ALWAYS_INLINE void Sampler::draw_jobs(std::uint64_t seed, std::uint64_t sample, Draw& d) const noexcept {
  std::uint32_t w0[kChunk], w1[kChunk], w2[kChunk], w3[kChunk];
  const std::size_t n = jobs_.size();
  for (std::size_t first = 0; first < n; first += kChunk) {
    const std::size_t count = std::min(kChunk, n - first);
    philox_batch(seed, sample, job_purpose_.data() + first, job_index_.data() + first, count, w0, w1, w2, w3);
    for (std::size_t i = 0; i < count; ++i) {
      const Job& job = jobs_[first + i];
      const double u0 = open_unit53(w0[i], w1[i]);
      switch (job.use) {
        case Use::delay:
          d.delay[job.target] = u0 < job.p ? 0.0 : job.d0.quantile(open_unit53(w2[i], w3[i]));
          break;
        case Use::implemented: d.implemented[job.target] = u0 < job.p ? 1 : 0; break;
        case Use::effects:
          d.effect_size[job.target] = job.d0.quantile(u0);
          if (job.target2 != kNone) d.effect_size[job.target2] = job.d1.quantile(open_unit53(w2[i], w3[i]));
          break;
        case Use::growth: d.growth[job.target] = job.d0.quantile(u0); break;
        case Use::regional: d.regional_change[job.target] = job.d0.quantile(u0); break;
        case Use::monthly: {
          const double v = job.d0.quantile(u0);
          auto& field = monthly_field(d, job.target);
          for (std::size_t m = 0; m < kMonths; ++m)
            if (job.month_mask & (1u << m)) field[m] = v;
          break;
        }
        case Use::ammonia_a: d.ammonia_a = job.d0.quantile(u0); break;
        case Use::ammonia_b: d.ammonia_b = job.d0.quantile(u0); break;
      }
    }
  }
}

// Slips late by a uniform number of months.
AQPLAN_ALWAYS_INLINE void Sampler::draw_uniform_delays(std::uint64_t seed, std::uint64_t sample, Draw& d) const noexcept {
  std::uint32_t w0[kChunk], w1[kChunk], w2[kChunk], w3[kChunk];
  const UniformDelays& j = uniform_delays_;
  const std::size_t n_calls = j.target.size();
  for (std::size_t first = 0; first < n_calls; first += kChunk) {
    const std::size_t count = std::min(kChunk, n_calls - first);
    philox_batch(seed, sample, j.purpose.data() + first, j.index.data() + first, count, w0, w1, w2, w3);
    double value[kChunk];
    const double* __restrict p = j.p.data() + first;
    const double* __restrict lo = j.lo.data() + first;
    const double* __restrict width = j.width.data() + first;
    double* __restrict out = j.contiguous ? d.delay.data() + j.target[0] + first : value;
    for (std::size_t i = 0; i < count; ++i) {
      const double u0 = open_unit53(w0[i], w1[i]), u1 = open_unit53(w2[i], w3[i]);
      const double late = lo[i] + u1 * width[i];
      out[i] = u0 < p[i] ? 0.0 : late;
    }
    if (!j.contiguous)
      for (std::size_t i = 0; i < count; ++i) d.delay[j.target[first + i]] = value[i];
  }
}

// Triangular effect sizes, two per call.
AQPLAN_ALWAYS_INLINE void Sampler::draw_triangular(std::uint64_t seed, std::uint64_t sample, Draw& d) const noexcept {
  std::uint32_t w0[kChunk], w1[kChunk], w2[kChunk], w3[kChunk];
  const TriangularPairs& t = triangular_;
  const std::size_t n_calls = t.purpose.size();
  for (std::size_t first = 0; first < n_calls; first += kChunk) {
    const std::size_t count = std::min(kChunk, n_calls - first);
    philox_batch(seed, sample, t.purpose.data() + first, t.index.data() + first, count, w0, w1, w2, w3);
    // Half h of call i: u[h·kChunk + i], parameters at 2·first + h·count + i.
    double u[2 * kChunk], x[2 * kChunk];
    for (std::size_t i = 0; i < count; ++i) u[i] = open_unit53(w0[i], w1[i]);
    for (std::size_t i = 0; i < count; ++i) u[kChunk + i] = open_unit53(w2[i], w3[i]);
    for (std::size_t h = 0; h < 2; ++h)
      triangular_quantiles(t.tri.a, t.tri.b, t.tri.ba, t.tri.ca, t.tri.bc, t.tri.fc, 2 * first + h * count, u + h * kChunk,
                           x + h * kChunk, count);
    const std::size_t chunk = first / kChunk;
    for (std::size_t k = t.scatter_begin[chunk]; k < t.scatter_begin[chunk + 1]; ++k)
      d.effect_size[t.scatter_target[k]] = x[t.scatter_source[k]];
  }
}

// Growth, regional trend, ammonia and monthly coefficients: one value per call.
AQPLAN_ALWAYS_INLINE void Sampler::draw_singles(std::uint64_t seed, std::uint64_t sample, Draw& d) const noexcept {
  std::uint32_t w0[kChunk], w1[kChunk], w2[kChunk], w3[kChunk];
  const SingleDraws& g = singles_;
  const std::size_t n_calls = g.purpose.size();
  double x[kChunk];
  double* field[kFieldCount];
  field[kFieldGrowth] = d.growth.data();
  field[kFieldRegional] = d.regional_change.data();
  field[kFieldAmmoniaA] = &d.ammonia_a;
  field[kFieldAmmoniaB] = &d.ammonia_b;
  for (std::uint32_t t = 0; t <= kOzoneC; ++t) field[kFieldMonthly + t] = monthly_field(d, t).data();
  std::size_t next_other = 0, next_scatter = 0;
  for (std::size_t first = 0; first < n_calls; first += kChunk) {
    const std::size_t count = std::min(kChunk, n_calls - first);
    philox_batch(seed, sample, g.purpose.data() + first, g.index.data() + first, count, w0, w1, w2, w3);
    double u[kChunk];
    for (std::size_t i = 0; i < count; ++i) u[i] = open_unit53(w0[i], w1[i]);
    // Non-triangular entries are replaced below.
    triangular_quantiles(g.tri.a, g.tri.b, g.tri.ba, g.tri.ca, g.tri.bc, g.tri.fc, first, u, x, count);
    for (; next_other < g.other.size() && g.other[next_other] < first + count; ++next_other)
      x[g.other[next_other] - first] = g.other_dist[next_other].quantile(u[g.other[next_other] - first]);
    for (; next_scatter < g.scatter_call.size() && g.scatter_call[next_scatter] < first + count; ++next_scatter)
      field[g.scatter_field[next_scatter]][g.scatter_offset[next_scatter]] = x[g.scatter_call[next_scatter] - first];
  }
}

// Weather: correlated across metrics, AR(1) across months.
namespace {

constexpr std::size_t kWeatherValues = kMetricCount * kMonths;

// ef[i] = Φ⁻¹(uf[i]) for i < n (n a multiple of 8, at most 72), with
// normal_quantile's bits: the central branch for all n values
// (vectorised); the tails (|u − 0.5| > 0.425, 15 % of them) gathered into a
// dense array, computed by a vectorised loop and stored back.
AQPLAN_ALWAYS_INLINE void quantiles(const double* uf, double* ef, std::size_t n) noexcept {
  for (std::size_t i = 0; i < n; ++i) ef[i] = normal_quantile_central(uf[i] - 0.5);
  alignas(32) std::uint8_t is_tail[kWeatherValues];
  for (std::size_t i = 0; i < n; ++i) is_tail[i] = std::fabs(uf[i] - 0.5) > 0.425 ? 1 : 0;
  std::uint32_t tail_at[kWeatherValues];
  std::size_t n_tail = 0;
  for (std::size_t g = 0; g < n; g += 8) {  // eight flags at a time, each set one by its bit
    std::uint64_t bits;
    std::memcpy(&bits, is_tail + g, sizeof bits);
    for (; bits != 0; bits &= bits - 1)
      tail_at[n_tail++] = static_cast<std::uint32_t>(g + static_cast<std::size_t>(std::countr_zero(bits) >> 3));
  }
  alignas(32) double tail_u[kWeatherValues], tail_v[kWeatherValues];
  for (std::size_t k = 0; k < n_tail; ++k) tail_u[k] = uf[tail_at[k]];
  for (std::size_t k = 0; k < n_tail; ++k) {
    const double p = tail_u[k], q = p - 0.5;
    tail_v[k] = normal_quantile_tail(q, std::sqrt(-detail::log_fast(q < 0 ? p : 1.0 - p)));
  }
  for (std::size_t k = 0; k < n_tail; ++k) ef[tail_at[k]] = tail_v[k];
}

// 72 standard normals ε[p][m] of one sample from the Philox calls
// (purpose[k], index[k]), pair-major as the weather's: call k·12 + m gives
// metrics 2k and 2k + 1 of month m.
AQPLAN_ALWAYS_INLINE void pair_normals(std::uint64_t seed, std::uint64_t sample, const std::uint32_t* purpose,
                                       const std::uint32_t* index, double (&eps)[kMetricCount][kMonths]) noexcept {
  constexpr std::size_t kCalls = kMonths * kMetricCount / 2;
  std::uint32_t v0[kCalls], v1[kCalls], v2[kCalls], v3[kCalls];
  philox_batch(seed, sample, purpose, index, kCalls, v0, v1, v2, v3);
  // u[p][m], ε[p][m]: pair k of month m gives metrics 2k and 2k+1.
  alignas(32) double u[kMetricCount][kMonths];
  for (std::size_t k = 0; k < kMetricCount / 2; ++k)
    for (std::size_t m = 0; m < kMonths; ++m) u[2 * k][m] = open_unit53(v0[k * kMonths + m], v1[k * kMonths + m]);
  for (std::size_t k = 0; k < kMetricCount / 2; ++k)
    for (std::size_t m = 0; m < kMonths; ++m)
      u[2 * k + 1][m] = open_unit53(v2[k * kMonths + m], v3[k * kMonths + m]);
  static_assert(kWeatherValues % 8 == 0);
  quantiles(&u[0][0], &eps[0][0], kWeatherValues);
}

}  // namespace

AQPLAN_ALWAYS_INLINE void Sampler::draw_weather(std::uint64_t seed, std::uint64_t sample, Draw& d) const noexcept {
  if (options_.weather_scale == 0.0) {
    d.weather = fixed_.weather;
    return;
  }
  alignas(32) double eps[kMetricCount][kMonths];
  pair_normals(seed, sample, weather_purpose_.data(), weather_index_.data(), eps);
  // z_m = L_m·ε_m for every month at once (each sum in q order), then the
  // AR(1) recursion and ln M = s·y − s²/2, then M = exp for all 72 values.
  alignas(32) double z[kMetricCount][kMonths];
  for (std::size_t p = 0; p < kMetricCount; ++p) {
    for (std::size_t m = 0; m < kMonths; ++m) z[p][m] = 0.0;
    for (std::size_t q = 0; q <= p; ++q) {
      const double* L = chol_flat_[p * kMetricCount + q].data();
      for (std::size_t m = 0; m < kMonths; ++m) z[p][m] += L[m] * eps[q][m];
    }
  }
  const double innovation = std::sqrt(1.0 - phi_ * phi_);
  for (std::size_t p = 0; p < kMetricCount; ++p) {
    double y = z[p][0];
    for (std::size_t m = 1; m < kMonths; ++m) {
      y = phi_ * y + innovation * z[p][m];
      z[p][m] = y;
    }
  }
  if (conditioned_) {  // the weather waits for the model's values (engine/conditioning.h)
    for (std::size_t p = 0; p < kMetricCount; ++p)
      for (std::size_t m = 0; m < kMonths; ++m) {
        d.weather_prior[p][m] = z[p][m];
        d.weather[p][m] = 1.0;
      }
    draw_noise(seed, sample, d);
    return;
  }
  for (std::size_t p = 0; p < kMetricCount; ++p) {
    const double* sg = sigma_[p].data();
    double* w = d.weather[p].data();
    for (std::size_t m = 0; m < kMonths; ++m) w[m] = detail::exp_fast(sg[m] * z[p][m] - 0.5 * sg[m] * sg[m]);
  }
}

// Draw::observation_noise at the pairs of prepare_noise(); the others stay 0.
AQPLAN_ALWAYS_INLINE void Sampler::draw_noise(std::uint64_t seed, std::uint64_t sample, Draw& d) const noexcept {
  constexpr std::size_t kCalls = kMonths * kMetricCount / 2;
  const std::size_t n = noise_purpose_.size();
  std::uint32_t v0[kCalls], v1[kCalls], v2[kCalls], v3[kCalls];
  philox_batch(seed, sample, noise_purpose_.data(), noise_index_.data(), n, v0, v1, v2, v3);
  // Both uniforms of call k at 2k and 2k + 1, padded to a multiple of 8.
  alignas(32) double u[kWeatherValues], e[kWeatherValues];
  const std::size_t values = (2 * n + 7) / 8 * 8;
  for (std::size_t k = 0; k < n; ++k) {
    u[2 * k] = open_unit53(v0[k], v1[k]);
    u[2 * k + 1] = open_unit53(v2[k], v3[k]);
  }
  for (std::size_t i = 2 * n; i < values; ++i) u[i] = 0.5;
  quantiles(u, e, values);
  for (std::size_t k = 0; k < n; ++k) {
    const std::size_t m = noise_index_[k] >> 8, pair = noise_index_[k] & 0xff;
    d.observation_noise[2 * pair][m] = e[2 * k];
    d.observation_noise[2 * pair + 1][m] = e[2 * k + 1];
  }
}

AQPLAN_ALWAYS_INLINE void Sampler::draw_body(std::uint64_t seed, std::uint64_t sample, Draw& d) const noexcept {
  copy_certain(d);
  draw_jobs(seed, sample, d);
  draw_uniform_delays(seed, sample, d);
  draw_triangular(seed, sample, d);
  draw_singles(seed, sample, d);
  draw_weather(seed, sample, d);
}

}  // namespace aqplan
