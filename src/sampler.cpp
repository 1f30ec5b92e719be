#include "aqplan/sampler.h"

#include <algorithm>
#include <cmath>

#include <Eigen/Cholesky>

#include "aqplan/distribution.h"
#include "fastmath.h"
#include "simd_dispatch.h"

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

// At most this many Philox calls are made (and their words kept) at once.
constexpr std::size_t kChunk = 64;

}  // namespace

void Sampler::TriangularPairs::add_half(std::uint32_t effect, const Distribution& d) {
  // Distribution::quantile's triangular parameters: min, mode, max.
  const double lo = d.parameters()[0], mode = d.parameters()[1], hi = d.parameters()[2];
  target.push_back(effect);
  a.push_back(lo);
  b.push_back(hi);
  ba.push_back(hi - lo);
  ca.push_back(mode - lo);
  bc.push_back(hi - mode);
  fc.push_back(hi == lo ? 0.0 : (mode - lo) / (hi - lo));
}

void Sampler::add_job(Purpose purpose, std::uint32_t index, Job job) {
  jobs_.push_back(std::move(job));
  job_purpose_.push_back(static_cast<std::uint32_t>(purpose));
  job_index_.push_back(index);
}

Sampler::Sampler(const Model& model, SamplingOptions options) : model_(&model), options_(options) {
  const Dataset& ds = model.inputs().dataset;
  const ResponseParams& rp = ds.response;
  fixed_ = model.mode_draw();
  fixed_.extra_cut = options_.extra_cut;
  if (!options_.extra_cut_sectors.empty()) {
    std::fill(fixed_.extra_cut_sector.begin(), fixed_.extra_cut_sector.end(), 0);
    for (const std::string& n : options_.extra_cut_sectors)
      if (auto s = ds.inventory.find(n)) fixed_.extra_cut_sector[static_cast<std::size_t>(*s)] = 1;
  }

  // Measures: slips and implementation, keyed by ledger id.
  const auto& measures = model.measures();
  for (std::size_t j = 0; j < measures.size(); ++j) {
    const ModelMeasure& mm = measures[j];
    const MeasureParams& p = *mm.params;
    const auto id = static_cast<std::uint32_t>(mm.id);
    const auto jj = static_cast<std::uint32_t>(j);
    fixed_.delay[j] = 0.0;
    auto fixed_late = std::find_if(options_.fixed_delay.begin(), options_.fixed_delay.end(),
                                   [&](const auto& f) { return f.first == mm.id; });
    const bool off = mm.excluded || std::find(options_.switched_off.begin(), options_.switched_off.end(), mm.id) !=
                                        options_.switched_off.end();
    if (fixed_late != options_.fixed_delay.end()) {
      fixed_.delay[j] = fixed_late->second;
    } else if (p.delay.p_on_time < 1.0) {
      Job job;
      job.use = Use::delay;
      job.target = jj;
      job.p = p.delay.p_on_time;
      job.d0 = p.delay.late;
      add_job(Purpose::delay, id, job);
    }
    fixed_.implemented[j] = off ? 0 : 1;
    if (!off && p.probability < 1.0) {
      Job job;
      job.use = Use::implemented;
      job.target = jj;
      job.p = p.probability;
      add_job(Purpose::implemented, id, job);
    }
  }
  // Effect sizes: one Philox call serves two effects of a measure (ordinals
  // 2i and 2i+1 use the two halves of counter id << 8 | i).
  const auto& effects = model.effects();
  int last_measure = -1;
  std::uint32_t ordinal = 0;
  std::uint32_t last_counter = ~0u;
  for (std::size_t e = 0; e < effects.size(); ++e) {
    ordinal = effects[e].measure == last_measure ? ordinal + 1 : 0;
    last_measure = effects[e].measure;
    const Distribution& dist = *effects[e].size;
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
    if (second) {  // the first half's effect is certain: only the second half is used
      job.target = static_cast<std::uint32_t>(e);
      job.d0 = Distribution::fixed(0.0);
      job.target2 = static_cast<std::uint32_t>(e);
      job.d1 = dist;
      // d0 writes 0 to effect e, then d1 overwrites it: only u1 counts.
    } else {
      job.target = static_cast<std::uint32_t>(e);
      job.d0 = dist;
    }
    add_job(Purpose::effect_size, counter, job);
    last_counter = counter;
  }

  auto scalar = [&](const Distribution& dist, Use use, Purpose purpose, std::uint32_t index, std::uint32_t target,
                    double& fixed_slot) {
    fixed_slot = dist.kind() == DistKind::fixed ? dist.parameters()[0] : 0.0;
    if (dist.kind() == DistKind::fixed) return;
    Job job{use};
    job.target = target;
    job.d0 = dist;
    add_job(purpose, index, job);
  };
  auto monthly = [&](const MonthlyDistribution& md, Purpose purpose, std::uint32_t index_base, std::uint32_t target) {
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
  };

  for (std::size_t s = 0; s < fixed_.growth.size(); ++s)
    scalar(ds.inventory.sectors[s].growth, Use::growth, Purpose::growth, static_cast<std::uint32_t>(s),
           static_cast<std::uint32_t>(s), fixed_.growth[s]);
  for (Metric p : kMetrics) {
    const auto pi = static_cast<std::size_t>(p);
    const auto pu = static_cast<std::uint32_t>(p);
    scalar(rp.regional_change[pi], Use::regional, Purpose::regional, pu, pu, fixed_.regional_change[pi]);
    monthly(rp.nonlocal_share[pi], Purpose::nonlocal_share, pu << 8, pu);
  }
  monthly(rp.nitrate.a, Purpose::nitrate_a, 0, kNitrateA);
  monthly(rp.nitrate.b, Purpose::nitrate_b, 0, kNitrateB);
  scalar(rp.ammonia.a, Use::ammonia_a, Purpose::ammonia_a, 0, 0, fixed_.ammonia_a);
  scalar(rp.ammonia.b, Use::ammonia_b, Purpose::ammonia_b, 0, 0, fixed_.ammonia_b);
  monthly(rp.ozone.aN, Purpose::ozone_aN, 0, kOzoneAN);
  monthly(rp.ozone.bN, Purpose::ozone_bN, 0, kOzoneBN);
  monthly(rp.ozone.aV, Purpose::ozone_aV, 0, kOzoneAV);
  monthly(rp.ozone.c, Purpose::ozone_c, 0, kOzoneC);

  const MeteorologyParams& met = model.inputs().dataset.meteorology;
  for (std::size_t m = 0; m < kMonths; ++m) {
    // The loader guarantees positive definiteness.
    const Eigen::Matrix<double, kMetricCount, kMetricCount> L = met.correlation[m].llt().matrixL();
    for (std::size_t p = 0; p < kMetricCount; ++p)
      for (std::size_t q = 0; q < kMetricCount; ++q)
        chol_flat_[p * kMetricCount + q][m] = L(static_cast<Eigen::Index>(p), static_cast<Eigen::Index>(q));
    for (std::size_t p = 0; p < kMetricCount; ++p) sigma_[p][m] = options_.weather_scale * met.sigma[p][m];
    for (std::uint32_t pair = 0; pair < kMetricCount / 2; ++pair) {
      weather_purpose_[m * (kMetricCount / 2) + pair] = static_cast<std::uint32_t>(Purpose::weather);
      weather_index_[m * (kMetricCount / 2) + pair] = static_cast<std::uint32_t>(m) << 8 | pair;
    }
    for (auto& row : fixed_.weather) row.fill(1.0);
  }
  phi_ = met.phi;

  // The common cases leave jobs_ for their own arrays (sampler.h).
  std::vector<Job> rest;
  std::vector<std::uint32_t> rest_purpose, rest_index;
  for (std::size_t i = 0; i < jobs_.size(); ++i) {
    const Job& job = jobs_[i];
    if (job.use == Use::delay && job.d0.kind() == DistKind::uniform) {
      uniform_delays_.purpose.push_back(job_purpose_[i]);
      uniform_delays_.index.push_back(job_index_[i]);
      uniform_delays_.target.push_back(job.target);
      uniform_delays_.p.push_back(job.p);
      uniform_delays_.lo.push_back(job.d0.parameters()[0]);
      uniform_delays_.width.push_back(job.d0.parameters()[1] - job.d0.parameters()[0]);
      continue;
    }
    if (job.use == Use::effects) {
      const bool second_only = job.d0.kind() == DistKind::fixed && job.target2 == job.target;
      const bool tri0 = second_only || job.d0.kind() == DistKind::triangular;
      const bool tri1 = job.target2 == kNone || job.d1.kind() == DistKind::triangular;
      if (tri0 && tri1) {
        TriangularPairs& t = triangular_;
        t.purpose.push_back(job_purpose_[i]);
        t.index.push_back(job_index_[i]);
        const Distribution unused = Distribution::triangular(0.0, 0.0, 0.0);
        if (second_only) t.add_half(kNone, unused);
        else t.add_half(job.target, job.d0);
        if (job.target2 == kNone) t.add_half(kNone, unused);
        else t.add_half(job.target2, job.d1);
        continue;
      }
    }
    rest.push_back(job);
    rest_purpose.push_back(job_purpose_[i]);
    rest_index.push_back(job_index_[i]);
  }
  jobs_ = std::move(rest);
  job_purpose_ = std::move(rest_purpose);
  job_index_ = std::move(rest_index);
}

// The body of Sampler::draw, compiled for baseline x86-64 and for AVX2
// (simd_dispatch.h); both give the same bits.
struct SamplerKernel {
  AQPLAN_ALWAYS_INLINE static void draw(const Sampler& s, std::uint64_t seed, std::uint64_t sample, Draw& d) noexcept {
    s.draw_body(seed, sample, d);
  }
};

namespace {
void draw_baseline(const Sampler& s, std::uint64_t seed, std::uint64_t sample, Draw& d) noexcept {
  SamplerKernel::draw(s, seed, sample, d);
}
AQPLAN_TARGET_AVX2 void draw_avx2(const Sampler& s, std::uint64_t seed, std::uint64_t sample, Draw& d) noexcept {
  SamplerKernel::draw(s, seed, sample, d);
}
}  // namespace

void Sampler::draw(std::uint64_t seed, std::uint64_t sample, Draw& d) const noexcept {
  if (detail::use_avx2()) draw_avx2(*this, seed, sample, d);
  else draw_baseline(*this, seed, sample, d);
}

AQPLAN_ALWAYS_INLINE void Sampler::draw_body(std::uint64_t seed, std::uint64_t sample, Draw& d) const noexcept {
  // Certain values first (sizes match: d comes from mode_draw()).
  std::copy(fixed_.delay.begin(), fixed_.delay.end(), d.delay.begin());
  std::copy(fixed_.implemented.begin(), fixed_.implemented.end(), d.implemented.begin());
  std::copy(fixed_.effect_size.begin(), fixed_.effect_size.end(), d.effect_size.begin());
  std::copy(fixed_.growth.begin(), fixed_.growth.end(), d.growth.begin());
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

  // Uncertain values: Philox in chunks, then each call's use.
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

  // Slips late by a uniform number of months.
  {
    const UniformDelays& j = uniform_delays_;
    const std::size_t n_calls = j.target.size();
    for (std::size_t first = 0; first < n_calls; first += kChunk) {
      const std::size_t count = std::min(kChunk, n_calls - first);
      philox_batch(seed, sample, j.purpose.data() + first, j.index.data() + first, count, w0, w1, w2, w3);
      double value[kChunk];
      const double* __restrict p = j.p.data() + first;
      const double* __restrict lo = j.lo.data() + first;
      const double* __restrict width = j.width.data() + first;
      for (std::size_t i = 0; i < count; ++i) {
        const double u0 = open_unit53(w0[i], w1[i]), u1 = open_unit53(w2[i], w3[i]);
        const double late = lo[i] + u1 * width[i];
        value[i] = u0 < p[i] ? 0.0 : late;
      }
      for (std::size_t i = 0; i < count; ++i) d.delay[j.target[first + i]] = value[i];
    }
  }
  // Triangular effect sizes, two per call.
  {
    const TriangularPairs& t = triangular_;
    const std::size_t n_calls = t.purpose.size();
    for (std::size_t first = 0; first < n_calls; first += kChunk) {
      const std::size_t count = std::min(kChunk, n_calls - first);
      philox_batch(seed, sample, t.purpose.data() + first, t.index.data() + first, count, w0, w1, w2, w3);
      double u[2 * kChunk], x[2 * kChunk];
      for (std::size_t i = 0; i < count; ++i) {
        u[2 * i] = open_unit53(w0[i], w1[i]);
        u[2 * i + 1] = open_unit53(w2[i], w3[i]);
      }
      const std::size_t base = 2 * first;
      const double* __restrict a = t.a.data() + base;
      const double* __restrict b = t.b.data() + base;
      const double* __restrict ba = t.ba.data() + base;
      const double* __restrict ca = t.ca.data() + base;
      const double* __restrict bc = t.bc.data() + base;
      const double* __restrict fc = t.fc.data() + base;
      for (std::size_t h = 0; h < 2 * count; ++h) {
        // Every operand loaded unconditionally, then selects: the loop vectorises.
        const double uh = u[h], A = a[h], B = b[h], BA = ba[h], CA = ca[h], BC = bc[h];
        const bool lower = uh < fc[h];
        const double lower_arg = uh * BA * CA, upper_arg = (1.0 - uh) * BA * BC;
        const double r = std::sqrt(lower ? lower_arg : upper_arg);
        const double lower_x = A + r, upper_x = B - r;
        const double v = lower ? lower_x : upper_x;
        x[h] = BA == 0.0 ? A : v;
      }
      for (std::size_t h = 0; h < 2 * count; ++h)
        if (t.target[base + h] != kNone) d.effect_size[t.target[base + h]] = x[h];
    }
  }

  // Weather: correlated across metrics, AR(1) across months.
  if (options_.weather_scale == 0.0) {
    d.weather = fixed_.weather;
    return;
  }
  constexpr std::size_t kCalls = kMonths * kMetricCount / 2;
  std::uint32_t v0[kCalls], v1[kCalls], v2[kCalls], v3[kCalls];
  philox_batch(seed, sample, weather_purpose_.data(), weather_index_.data(), kCalls, v0, v1, v2, v3);
  // u[p][m], ε[p][m]: pair k of month m gives metrics 2k and 2k+1.
  alignas(32) double u[kMetricCount][kMonths], eps[kMetricCount][kMonths];
  for (std::size_t c = 0; c < kCalls; ++c) {
    const std::size_t m = c / (kMetricCount / 2), k = c % (kMetricCount / 2);
    u[2 * k][m] = open_unit53(v0[c], v1[c]);
    u[2 * k + 1][m] = open_unit53(v2[c], v3[c]);
  }
  // Φ⁻¹: the central branch for all (vectorised), the tails one by one.
  for (std::size_t p = 0; p < kMetricCount; ++p)
    for (std::size_t m = 0; m < kMonths; ++m) eps[p][m] = normal_quantile_central(u[p][m] - 0.5);
  for (std::size_t p = 0; p < kMetricCount; ++p)
    for (std::size_t m = 0; m < kMonths; ++m)
      if (std::fabs(u[p][m] - 0.5) > 0.425) eps[p][m] = normal_quantile(u[p][m]);

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
  for (std::size_t p = 0; p < kMetricCount; ++p) {
    const double* sg = sigma_[p].data();
    double* w = d.weather[p].data();
    for (std::size_t m = 0; m < kMonths; ++m) w[m] = detail::exp_fast(sg[m] * z[p][m] - 0.5 * sg[m] * sg[m]);
  }
}

}  // namespace aqplan
