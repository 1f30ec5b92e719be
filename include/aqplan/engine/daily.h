// aqplan/engine/daily.h — the daily layer: for one Monte Carlo sample, the
// value of every metric on every day of the year, such that each month's
// statistic is exactly the sample's monthly value (model.md "The daily
// layer"; model-spec §10). It adds days (for day counts, AQI); it never
// changes a concentration statistic.
//
// Per metric p (so2 no2 pm10 co pm25 as 24-h means, o3 as MDA8) and day d
// of the year, with m the month of d:
//   x[p,0]  = ε[p,0]                                   (stationary: variance 1)
//   x[p,d]  = ψ[p,m]·x[p,d−1] + √(1 − ψ[p,m]²)·ε[p,d]  (across month boundaries)
//   ε[·,d]  = L_m·n[·,d],  L_m the Cholesky factor of R_day,m, n ~ N(0, I)
//   c[p,d]  = V[p,m]·e[p,d] / A[p,m],   e[p,d] = exp(k·s[p,m]·x[p,d])
// where V[p,m] is the sample's monthly value and A[p,m] the same statistic
// of the month's e: their mean for a mean metric, their HJ 663-2013
// percentile (hj663_percentile, base/percentile.h) at the metric's q for a
// percentile metric (co P95, o3 P90: the caller passes q from the standard).
// So the month's mean (or percentile) of c is V up to rounding (relative
// error of a few ulps). The parameters s, ψ, R_day and k come from [days]
// of meteorology.toml (data/meteorology.h).
//
// Random numbers: Purpose::daily (random.h), index = p << 7 | j for metric
// p (metric.h order) and j = 0..95: the call's four 32-bit words give
// metric p's normals n on days j and j + 96 (words 0, 1) and j + 192 and
// j + 288 (words 2, 3), each pair by Box–Muller (normal_pair32 of
// src/kernels/fastmath.h: exact in distribution, |n| ≤ 6.764); days from
// days() up to 383 are drawn and unused. 576 calls per sample. No other
// draw uses the purpose, so turning days on changes no other random number.
// The calls of a sample are made at once (philox_batch); exp is
// exp_fast_reduced (src/kernels/fastmath.h, relative error ≤ 1e-12).
// The body is compiled for every SIMD level (src/kernels/dispatch.h) with the
// same arithmetic, so every level, thread count and split of a run gives the
// same bits.
//
// Output layout: p-major, out[p·days() + d], p in metric.h order, d the day
// of the year (0 = 1 January); month m covers days month_begin(m) up to
// month_begin(m + 1). Units: those of V (µg/m³; co mg/m³).
//
// Thread safety: immutable after construction; generate() is const,
// allocates nothing and may run on any number of threads, each with its own
// DailyScratch.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include "aqplan/base/metric.h"
#include "aqplan/data/meteorology.h"

namespace aqplan {

// The buffers of one thread's DailyLayer::generate (about 50 KB: keep one
// per thread, made once, e.g. with std::make_unique). After generate() it
// holds the sample's standardised series x.
class DailyScratch {
 public:
  static constexpr std::size_t kMaxDays = 366;
  // kMaxDays rounded up to 32: four blocks of days, each a whole number of
  // AVX-512 vectors (so no loop over a block has a remainder).
  static constexpr std::size_t kStride = 384;

  DailyScratch();

  // x[p, d] of the last generate() (day d of the year, d < the layer's
  // days()): the series before exp and the rescaling, variance 1.
  std::span<const double> series(Metric p, std::size_t days) const {
    return {x_.data() + static_cast<std::size_t>(p) * kStride, days};
  }

 private:
  friend class DailyLayer;
  // Philox calls per sample: kBlock per metric, four days each (daily.h).
  static constexpr std::size_t kBlock = kStride / 4;
  static constexpr std::size_t kCalls = kMetricCount * kBlock;
  static_assert(kBlock % 8 == 0 && kBlock <= 128 && kStride >= kMaxDays);  // index = p << 7 | j
  static constexpr std::size_t kValues = kMetricCount * kStride;
  static constexpr std::size_t kMonthSlots = 31;  // the days of the longest month

  alignas(64) std::array<std::uint32_t, kCalls> w0_, w1_, w2_, w3_;
  alignas(64) std::array<double, kValues> u_;  // ε, then e = exp(k·s·x)
  alignas(64) std::array<double, kValues> x_;  // n ~ N(0, I), then x
  // One percentile metric's e: [day of month][month], padded with −inf.
  alignas(64) std::array<double, kMonthSlots * kMonths> by_month_;
  std::array<double, kMonthSlots> copy_;  // a month's values for nth_element
};

class DailyLayer {
 public:
  // The layer of `year` (Gregorian; leap years have 366 days).
  // percentile_q[p]: the HJ 663 percentile (a fraction in [0, 1]: 0.95 for
  // co, 0.90 for o3 under GB 3095-2012) that metric p's monthly value is,
  // or nullopt for a monthly mean. Throws InputError naming meteorology.toml
  // when it has no [days] (params.days.given false), and
  // std::invalid_argument for a q outside [0, 1] or a year outside
  // plausible_year (base/metric.h). Allocation happens here only.
  DailyLayer(const MeteorologyParams& params, int year, std::array<std::optional<double>, kMetricCount> percentile_q);

  int year() const { return year_; }
  // Days of the year: 365 or 366.
  std::size_t days() const { return days_; }
  // The first day of month m (0..11) in the year; month_begin(12) == days().
  std::size_t month_begin(std::size_t m) const { return month_begin_[m]; }
  // Values generate() writes: kMetricCount·days().
  std::size_t size() const { return kMetricCount * days_; }

  // Writes c[p, d] of sample `sample` of the run keyed by `seed` into out
  // (layout above), for monthly[p][m] = the sample's monthly value V (the
  // mean, or the percentile at percentile_q[p]; positive and finite). A
  // pure function of (seed, sample, monthly) and the layer. out must hold
  // size() values; a span of another size is filled with NaN instead.
  void generate(std::uint64_t seed, std::uint64_t sample,
                const std::array<std::array<double, kMonths>, kMetricCount>& monthly, std::span<double> out,
                DailyScratch& scratch) const noexcept;

 private:
  friend struct DailyKernel;
  // Months in a row with the same parameters, drawn as one stretch of days.
  struct Segment {
    std::size_t begin = 0, end = 0;  // days [begin, end)
    std::size_t month = 0;           // whose parameters
  };
  // The HJ 663 order statistics a percentile metric needs in month m: the
  // rank ⌊k⌋ (1-based) and k − ⌊k⌋ of hj663_rank.
  struct Rank {
    std::size_t s = 0;
    double frac = 0.0;
  };

  void body(std::uint64_t seed, std::uint64_t sample,
            const std::array<std::array<double, kMonths>, kMetricCount>& monthly, double* out,
            DailyScratch& scratch) const noexcept;
  void draw_normals(std::uint64_t seed, std::uint64_t sample, DailyScratch& s) const noexcept;
  void correlate(DailyScratch& s) const noexcept;
  void rescale(const std::array<std::array<double, kMonths>, kMetricCount>& monthly, double* out,
               DailyScratch& s) const noexcept;
  void percentile_by_top(std::size_t p, const double* e, double (&a)[kMonths], DailyScratch& s) const noexcept;

  int year_ = 0;
  std::size_t days_ = 0;
  std::array<std::size_t, kMonths + 1> month_begin_{};
  std::vector<std::uint32_t> purpose_, index_;  // the Philox calls: call p·kBlock + j
  std::vector<Segment> segments_;
  // Per month: the Cholesky factor of R_day (lower, [p][q]), ψ, √(1 − ψ²)
  // and k·s per metric.
  std::array<std::array<std::array<double, kMetricCount>, kMetricCount>, kMonths> chol_{};
  std::array<std::array<double, kMetricCount>, kMonths> psi_{}, root_{}, ks_{};
  std::vector<double> ks_day_;  // k·s of each value of DailyScratch's [p][day] layout
  std::array<std::optional<double>, kMetricCount> q_{};
  std::array<std::array<Rank, kMonths>, kMetricCount> rank_{};
  // Order statistics from the top a percentile metric needs at most (its
  // n − s + 1 over the months); above kTopMax it takes nth_element instead.
  static constexpr std::size_t kTopMax = 4;
  std::array<std::size_t, kMetricCount> top_{};
};

}  // namespace aqplan
