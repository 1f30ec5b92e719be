// aqplan/engine/sampler.h — one Monte Carlo sample of every uncertain quantity of a
// model (model.md §6): measure delays, implementation, effect sizes, sector
// growth, the regional trend, uncertain response coefficients, and
// correlated year-to-year weather.
//
// Every value is drawn by inverse-CDF from a counter-based uniform keyed by
// (seed, sample, purpose, index) (random.h), with indices that name the
// quantity (measure id, effect ordinal, sector, metric, month), so sample i
// is the same whatever else is drawn and whichever thread draws it, and
// scenarios share random numbers for everything they have in common.
//
// Weather: ε[p,m] ~ N(0, 1) independent; z_m = L_m·ε_m with L_m the Cholesky
// factor of the season's correlation matrix; y_1 = z_1 and
// y_m = φ·y_{m−1} + √(1 − φ²)·z_m (AR(1) across months); then
// M[p,m] = exp(s·y[p,m] − s²/2) with s = scale·σ[p,m], so E[M] = 1.
//
// Units: as in model.h (months, fractions, t/yr, relative changes).
// The Philox calls of one sample are made in batches (random.h
// philox_batch), with the same counters and bits as one call each.
//
// Thread safety: immutable after construction; draw() is const, allocates
// nothing and may run on any number of threads, each with its own Draw.
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include <Eigen/Core>

#include "aqplan/base/distribution.h"
#include "aqplan/model/model.h"
#include "aqplan/engine/random.h"

namespace aqplan {

class Conditioning;  // engine/conditioning.h

// Changes a run makes to the model's draws without rebuilding the model
// (rank and gap run many variants of one compiled model). Quantities not
// touched keep their random numbers, so variants share them.
struct SamplingOptions {
  // Multiplies every year-to-year weather σ; 0 switches weather off (M = 1).
  double weather_scale = 1.0;
  // The base year taken as a typical year in every month, whatever the
  // model's meteorology says (the one-draw law: only the target year's
  // weather is drawn); run's sensitivity uses it.
  bool typical_base_year = false;
  // Ledger ids never implemented in any sample (nor anything waiting for them).
  std::vector<int> switched_off;
  // Ledger ids exactly this many months late in every sample.
  std::vector<std::pair<int, double>> fixed_delay;
  // An extra uniform cut of local emissions in every sample: fraction of
  // each species removed from the named sectors (every sector when empty).
  std::array<double, kSpeciesCount> extra_cut{};
  std::vector<std::string> extra_cut_sectors;
  // Every sector's growth 0 in every sample: activity as in the base year.
  bool no_growth = false;
  // Every metric's regional trend 0 in every sample (T_p = 1): the
  // non-local part as in the base year.
  bool no_regional_trend = false;
};

// Options with only the weather scale set.
inline SamplingOptions weather_scaled(double scale) {
  SamplingOptions o;
  o.weather_scale = scale;
  return o;
}

struct SamplerKernel;

class Sampler {
 public:
  // REQUIRES: `model` outlives the Sampler.
  explicit Sampler(const Model& model, SamplingOptions options = {});

  // Overwrites every field of `d` (which must come from model.mode_draw())
  // with sample `sample` of the run seeded `seed`. Allocates nothing.
  // std::invalid_argument when d's sizes are not the model's.
  void draw(std::uint64_t seed, std::uint64_t sample, Draw& d) const;

  // True when the model has observed months and the weather is drawn: the
  // draw then leaves d.weather at 1 and gives the standardised weather y of
  // its unconditional law in d.weather_prior and, for the months with an
  // observed metric, standard normals in d.observation_noise
  // (Purpose::observation_noise, the weather's indices), for
  // engine/conditioning.h to draw the weather of the months still to come
  // given the observed ones.
  bool conditioned() const { return conditioned_; }
  // The re-forecast's conditioning (engine/conditioning.h), built once with
  // the sampler: null when the sampler is not conditioned or no observation
  // weighs (every observed pair has σ = 0).
  const Conditioning* conditioning() const { return conditioning_.get(); }
  // σ[p][m] of ln M as drawn: the meteorology's σ times the weather scale,
  // and times √2 where the base year is drawn too (ln M = σ·y − σ²/2).
  const PerMetricMonth<double>& weather_sigma() const { return sigma_; }

 private:
  // One Philox call of a sample and what its two 53-bit uniforms u0, u1
  // become. Precomputed once: only uncertain quantities get a call, certain
  // ones are copied from fixed_ (the Draw of every certain value).
  enum class Use : std::uint8_t {
    delay,        // delay[target] = late.quantile(u1) unless u0 < p
    implemented,  // implemented[target] = u0 < p
    effects,      // effect_size[target] = d0.quantile(u0); effect_size[target2] = d1.quantile(u1) when target2 != kNone
    growth,       // growth[target] = d0.quantile(u0)
    regional,     // regional_change[target] = d0.quantile(u0)
    monthly,      // monthly array `target` (sampler.cpp) [m] = d0.quantile(u0) for every month m in month_mask
    ammonia_a,
    ammonia_b,
  };
  static constexpr std::uint32_t kNone = ~0u;
  struct Job {
    Use use = Use::delay;
    std::uint16_t month_mask = 0;
    std::uint32_t target = 0, target2 = kNone;
    double p = 0;
    Distribution d0{}, d1{};
  };
  // Construction, step by step.
  void add_job(Purpose purpose, std::uint32_t index, Job job);
  void add_measure_jobs();
  void add_effect_jobs();
  void add_scalar_job(const Distribution& dist, Use use, Purpose purpose, std::uint32_t index, std::uint32_t target,
                      double& fixed_slot);
  void add_monthly_jobs(const MonthlyDistribution& md, Purpose purpose, std::uint32_t index_base, std::uint32_t target);
  void add_response_jobs();
  void prepare_weather();
  void prepare_noise();
  bool take_uniform_delay(const Job& job, std::size_t i);
  bool take_triangular_pair(const Job& job, std::size_t i);
  bool take_single(const Job& job, std::size_t i);
  void sort_jobs();
  void find_certain();
  // One draw, step by step (inlined into the kernel of each level).
  void draw_body(std::uint64_t seed, std::uint64_t sample, Draw& d) const noexcept;
  void copy_certain(Draw& d) const noexcept;
  void draw_jobs(std::uint64_t seed, std::uint64_t sample, Draw& d) const noexcept;
  void draw_uniform_delays(std::uint64_t seed, std::uint64_t sample, Draw& d) const noexcept;
  void draw_triangular(std::uint64_t seed, std::uint64_t sample, Draw& d) const noexcept;
  void draw_singles(std::uint64_t seed, std::uint64_t sample, Draw& d) const noexcept;
  void draw_weather(std::uint64_t seed, std::uint64_t sample, Draw& d) const noexcept;
  void draw_noise(std::uint64_t seed, std::uint64_t sample, Draw& d) const noexcept;
  friend struct SamplerKernel;

  // The two common cases, kept apart from jobs_ so that their arithmetic runs
  // as plain loops over arrays (vectorised), with the same formulas as
  // Distribution::quantile:
  //   slips late by a uniform:  delay = u0 < p ? 0 : lo + u1·width
  //   triangular effect sizes:  x = u < fc ? a + √(u·ba·ca) : b − √((1 − u)·ba·bc)
  //     (ba = b − a, ca = c − a, bc = b − c, fc = ca/ba; x = a when ba = 0),
  //     two per call (u0, u1).
  struct UniformDelays {
    std::vector<std::uint32_t> purpose, index, target;
    std::vector<double> p, lo, width;
    bool contiguous = false;  // target[i] == target[0] + i for every i: stored without a scatter
  };
  // Calls are processed kChunk (sampler.cpp) at a time. Half h of call i of
  // chunk k is parameter entry 2·first + h·count + i (first = k·kChunk,
  // count = the chunk's number of calls), so that each half is a contiguous
  // run; the used halves' values go to effect_size[scatter_target[s]] from
  // x[scatter_source[s]] (x[h·kChunk + i]) for s in
  // [scatter_begin[k], scatter_begin[k + 1]).
  // Triangular parameters in the form the formula above uses, one entry per
  // value drawn (a = b = 0 for an entry that is not triangular).
  struct TriangularParams {
    std::vector<double> a, b, ba, ca, bc, fc;
    void add(double min, double mode, double max);
  };
  struct TriangularPairs {
    std::vector<std::uint32_t> purpose, index;
    std::vector<std::uint32_t> target;  // effect index, or kNone, by half: 2i + h
    TriangularParams tri;
    std::vector<std::uint32_t> scatter_begin, scatter_source, scatter_target;
    void add_half(std::uint32_t effect, const Distribution& d);
    void finish();  // orders the parameters and builds the scatter list, from target and the halves as added
  };
  // Every growth, regional, ammonia and monthly draw: one value from u0 per
  // call, x[i] = the triangular formula above for all calls (vectorised;
  // non-triangular calls have a = b = 0 there), then Distribution::quantile
  // for the calls listed in `other` (other kinds), then x[i] stored at every
  // (field, offset) of the scatter list (field numbers: sampler.cpp).
  struct SingleDraws {
    std::vector<std::uint32_t> purpose, index;
    TriangularParams tri;
    std::vector<std::uint32_t> other;    // call numbers with a non-triangular distribution
    std::vector<Distribution> other_dist;  // their distributions
    std::vector<std::uint32_t> scatter_call;      // x[scatter_call[k]] goes to
    std::vector<std::uint16_t> scatter_field, scatter_offset;  // field scatter_field[k], element scatter_offset[k]
  };
  UniformDelays uniform_delays_;
  TriangularPairs triangular_;
  SingleDraws singles_;
  // The certain elements of the vector fields, copied from fixed_ per draw
  // (every other element is overwritten by a draw).
  std::vector<std::uint32_t> certain_delay_, certain_effect_, certain_growth_;

  const Model* model_;
  SamplingOptions options_;
  Draw fixed_;                               // every certain value; uncertain ones are overwritten per draw
  std::vector<Job> jobs_;                    // in counter order
  std::vector<std::uint32_t> job_purpose_, job_index_;  // the counters of jobs_
  // Weather calls pair-major: call k·12 + m is pair k (metrics 2k, 2k + 1) of month m.
  std::array<std::uint32_t, kMonths * kMetricCount / 2> weather_purpose_{}, weather_index_{};
  // The observation noise's calls: the weather's, Purpose::observation_noise,
  // for the pairs with an observed metric only (prepare_noise).
  std::vector<std::uint32_t> noise_purpose_, noise_index_;
  // Cholesky factors of the seasonal correlation matrices: [p·6 + q][month].
  std::array<std::array<double, kMonths>, kMetricCount * kMetricCount> chol_flat_{};
  PerMetricMonth<double> sigma_{};
  double phi_ = 0.0;
  bool conditioned_ = false;
  std::shared_ptr<const Conditioning> conditioning_;  // shared by copies: immutable
};

}  // namespace aqplan
