#include "aqplan/engine/daily.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <utility>

#include <Eigen/Cholesky>
#include <fmt/format.h>

#include "aqplan/base/diagnostic.h"
#include "aqplan/base/distribution.h"
#include "aqplan/base/percentile.h"
#include "aqplan/engine/random.h"
#include "base/messages.h"
#include "kernels/dispatch.h"
#include "kernels/fastmath.h"
#include "kernels/months.h"

namespace aqplan {

namespace {

constexpr double kNegInf = -std::numeric_limits<double>::infinity();

}  // namespace

DailyScratch::DailyScratch() {
  w0_.fill(0);
  w1_.fill(0);
  w2_.fill(0);
  w3_.fill(0);
  u_.fill(0.5);
  x_.fill(0.0);
  by_month_.fill(kNegInf);
  copy_.fill(0.0);
}

DailyLayer::DailyLayer(const MeteorologyParams& params, int year,
                       std::array<std::optional<double>, kMetricCount> percentile_q)
    : year_(year), q_(percentile_q) {
  const DailySeriesParams& dp = params.days;
  if (!dp.given) throw InputError(dp.at.file, 0, 0, Text(msg::daily_no_days));
  if (!plausible_year(year)) throw std::invalid_argument(fmt::format("DailyLayer: implausible year {}", year));
  for (const auto& q : q_)
    if (q && !(*q >= 0.0 && *q <= 1.0))
      throw std::invalid_argument(fmt::format("DailyLayer: percentile {} is outside [0, 1]", *q));
  days_ = static_cast<std::size_t>(days_in_year(year));
  for (int m = 0; m < kMonths; ++m)
    month_begin_[static_cast<std::size_t>(m) + 1] =
        month_begin_[static_cast<std::size_t>(m)] + static_cast<std::size_t>(days_in_month(year, m + 1));
  purpose_.assign(DailyScratch::kCalls, static_cast<std::uint32_t>(Purpose::daily));
  index_.resize(DailyScratch::kCalls);
  for (std::size_t p = 0; p < static_cast<std::size_t>(kMetricCount); ++p)
    for (std::size_t j = 0; j < DailyScratch::kBlock; ++j)
      index_[p * DailyScratch::kBlock + j] = static_cast<std::uint32_t>(p << 7 | j);

  for (std::size_t m = 0; m < static_cast<std::size_t>(kMonths); ++m) {
    // The loader checked positive definiteness.
    const CorrelationMatrix L = Eigen::LLT<CorrelationMatrix>(dp.correlation[m]).matrixL();
    for (std::size_t p = 0; p < static_cast<std::size_t>(kMetricCount); ++p) {
      for (std::size_t q = 0; q <= p; ++q)
        chol_[m][p][q] = L(static_cast<Eigen::Index>(p), static_cast<Eigen::Index>(q));
      psi_[m][p] = dp.psi[p][m];
      root_[m][p] = std::sqrt(1.0 - psi_[m][p] * psi_[m][p]);
      ks_[m][p] = dp.k * dp.s[p][m];
    }
  }
  // k·s per value of the scratch layout ([p][day], padding days 0: e = 1).
  ks_day_.assign(DailyScratch::kValues, 0.0);
  for (std::size_t p = 0; p < static_cast<std::size_t>(kMetricCount); ++p)
    for (std::size_t m = 0; m < static_cast<std::size_t>(kMonths); ++m)
      for (std::size_t d = month_begin_[m]; d < month_begin_[m + 1]; ++d)
        ks_day_[p * DailyScratch::kStride + d] = ks_[m][p];
  // Months in a row with the same parameters form one segment.
  for (std::size_t m = 0; m < static_cast<std::size_t>(kMonths); ++m) {
    const bool same = !segments_.empty() && chol_[m] == chol_[segments_.back().month] &&
                      psi_[m] == psi_[segments_.back().month] && ks_[m] == ks_[segments_.back().month];
    if (same) segments_.back().end = month_begin_[m + 1];
    else segments_.push_back({month_begin_[m], month_begin_[m + 1], m});
  }

  for (std::size_t p = 0; p < static_cast<std::size_t>(kMetricCount); ++p) {
    if (!q_[p]) continue;
    for (std::size_t m = 0; m < static_cast<std::size_t>(kMonths); ++m) {
      const std::size_t n = month_begin_[m + 1] - month_begin_[m];
      const double k = hj663_rank(n, *q_[p]);
      const double s = std::floor(k);
      rank_[p][m] = {static_cast<std::size_t>(s), k - s};
      top_[p] = std::max(top_[p], n - rank_[p][m].s + 1);
    }
  }
}

// ---- the per-sample body (a kernel: kernels/dispatch.h) ----

// n[p][d] ~ N(0, 1) into x_, from the Philox calls: call p·kBlock + j
// (index p << 7 | j) gives metric p's days j and j + kBlock from its words
// 0 and 1, days j + 2·kBlock and j + 3·kBlock from its words 2 and 3, by
// Box–Muller on 32-bit uniforms (detail::normal_pair32: branch-free, so
// each loop vectorises whole). The padding days ≥ days() get normals too,
// unused.
AQPLAN_ALWAYS_INLINE void DailyLayer::draw_normals(std::uint64_t seed, std::uint64_t sample,
                                                   DailyScratch& s) const noexcept {
  constexpr std::size_t S = DailyScratch::kStride;
  constexpr std::size_t B = DailyScratch::kBlock;
  philox_batch(seed, sample, purpose_.data(), index_.data(), DailyScratch::kCalls, s.w0_.data(), s.w1_.data(),
               s.w2_.data(), s.w3_.data());
  for (std::size_t p = 0; p < static_cast<std::size_t>(kMetricCount); ++p) {
    const std::uint32_t* __restrict a0 = s.w0_.data() + p * B;
    const std::uint32_t* __restrict a1 = s.w1_.data() + p * B;
    const std::uint32_t* __restrict a2 = s.w2_.data() + p * B;
    const std::uint32_t* __restrict a3 = s.w3_.data() + p * B;
    double* __restrict n = s.x_.data() + p * S;
    for (std::size_t j = 0; j < B; ++j) detail::normal_pair32(a0[j], a1[j], n[j], n[B + j]);
    for (std::size_t j = 0; j < B; ++j) detail::normal_pair32(a2[j], a3[j], n[2 * B + j], n[3 * B + j]);
  }
}

namespace {

// Row p of ε = L·n on days [begin, end): l[0]·n[0] + l[1]·n[1] + … + l[p]·n[p],
// summed in that order, in one pass.
template <std::size_t p>
AQPLAN_ALWAYS_INLINE void correlate_row(const std::array<double, kMetricCount>& l, const double* __restrict n,
                                        double* __restrict eps, std::size_t begin, std::size_t end) noexcept {
  constexpr std::size_t S = DailyScratch::kStride;
  for (std::size_t d = begin; d < end; ++d) {
    double acc = l[0] * n[d];
    for (std::size_t q = 1; q <= p; ++q) acc += l[q] * n[q * S + d];  // unrolled: p is a constant
    eps[d] = acc;
  }
}

}  // namespace

// ε = L_m·n into u_ (each sum in q order), then the AR(1) recursion into x_:
// x[p,0] = ε[p,0], x[p,d] = ψ·x[p,d−1] + √(1 − ψ²)·ε[p,d], the six metrics'
// chains interleaved.
AQPLAN_ALWAYS_INLINE void DailyLayer::correlate(DailyScratch& s) const noexcept {
  constexpr std::size_t S = DailyScratch::kStride;
  constexpr std::size_t P = kMetricCount;
  const double* __restrict n = s.x_.data();
  double* __restrict eps = s.u_.data();
  for (const Segment& g : segments_) {
    const auto& L = chol_[g.month];
    [&]<std::size_t... p>(std::index_sequence<p...>) {
      (correlate_row<p>(L[p], n, eps + p * S, g.begin, g.end), ...);
    }(std::make_index_sequence<P>{});
  }
  double* __restrict x = s.x_.data();
  double prev[P];
  for (std::size_t p = 0; p < P; ++p) prev[p] = x[p * S] = eps[p * S];
  for (const Segment& g : segments_) {
    const auto& psi = psi_[g.month];
    const auto& root = root_[g.month];
    for (std::size_t d = std::max<std::size_t>(g.begin, 1); d < g.end; ++d)
      for (std::size_t p = 0; p < P; ++p) {
        prev[p] = psi[p] * prev[p] + root[p] * eps[p * S + d];
        x[p * S + d] = prev[p];
      }
  }
}

// e = exp(k·s·x) into u_ (one loop over every value: no month's remainder
// runs scalar), each month's statistic A of e, then c = (V/A)·e: the
// factor V/A filled into out month by month, then multiplied by e.
AQPLAN_ALWAYS_INLINE void DailyLayer::rescale(const std::array<std::array<double, kMonths>, kMetricCount>& monthly,
                                              double* out, DailyScratch& s) const noexcept {
  constexpr std::size_t S = DailyScratch::kStride;
  constexpr std::size_t P = kMetricCount;
  const std::size_t D = days_;
  const double* __restrict x = s.x_.data();
  const double* __restrict ks = ks_day_.data();
  double* __restrict ev = s.u_.data();
  for (std::size_t i = 0; i < DailyScratch::kValues; ++i) ev[i] = detail::exp_fast_reduced(ks[i] * x[i]);
  double a[P][kMonths];
  for (std::size_t p = 0; p < P; ++p) {
    const double* e = ev + p * S;
    if (!q_[p]) {
      // The month's mean: four running sums in day order, then (s0 + s1) + (s2 + s3).
      for (std::size_t m = 0; m < static_cast<std::size_t>(kMonths); ++m) {
        const std::size_t b = month_begin_[m], n = month_begin_[m + 1] - b;
        double s0 = 0.0, s1 = 0.0, s2 = 0.0, s3 = 0.0;
        std::size_t d = 0;
        for (; d + 4 <= n; d += 4) {
          s0 += e[b + d];
          s1 += e[b + d + 1];
          s2 += e[b + d + 2];
          s3 += e[b + d + 3];
        }
        for (; d < n; ++d) s0 += e[b + d];
        a[p][m] = ((s0 + s1) + (s2 + s3)) / static_cast<double>(n);
      }
    } else if (top_[p] <= kTopMax) {
      percentile_by_top(p, e, a[p], s);
    } else {
      for (std::size_t m = 0; m < static_cast<std::size_t>(kMonths); ++m) {
        const std::size_t b = month_begin_[m], n = month_begin_[m + 1] - b;
        std::copy(e + b, e + b + n, s.copy_.begin());
        a[p][m] = hj663_percentile(std::span<double>(s.copy_.data(), n), *q_[p]);
      }
    }
  }
  for (std::size_t p = 0; p < P; ++p) {
    double* __restrict c = out + p * D;
    for (std::size_t m = 0; m < static_cast<std::size_t>(kMonths); ++m)
      std::fill(c + month_begin_[m], c + month_begin_[m + 1], monthly[p][m] / a[p][m]);
    const double* __restrict e = ev + p * S;
    for (std::size_t d = 0; d < D; ++d) c[d] = e[d] * c[d];
  }
}

// The HJ 663 percentile of each month of e (metric p) into a, from the
// month's kTopMax largest values, kept for the twelve months at once (one
// lane per month, shorter months padded with −inf): the same order
// statistics and the same formula as hj663_percentile, so the same bits.
AQPLAN_ALWAYS_INLINE void DailyLayer::percentile_by_top(std::size_t p, const double* e, double (&a)[kMonths],
                                                        DailyScratch& s) const noexcept {
  constexpr std::size_t M = kMonths;
  constexpr std::size_t R = DailyScratch::kMonthSlots;
  double* __restrict t = s.by_month_.data();  // [day of month][month]
  for (std::size_t m = 0; m < M; ++m) {
    const std::size_t b = month_begin_[m], n = month_begin_[m + 1] - b;
    for (std::size_t j = 0; j < n; ++j) t[j * M + m] = e[b + j];
    for (std::size_t j = n; j < R; ++j) t[j * M + m] = kNegInf;
  }
  // top[i]: the (i + 1)-th largest value so far of each month; each row
  // of days goes down the list, swapping places where it is larger.
  const std::size_t K = top_[p];  // ≤ kTopMax
  detail::M12 top[kTopMax];
  for (detail::M12& x : top) x = detail::splat12(kNegInf);
  for (std::size_t j = 0; j < R; ++j) {
    detail::M12 v = detail::load12(t + j * M);
    for (std::size_t i = 0; i < K; ++i)
      for (int k = 0; k < 3; ++k) {
        detail::M12& x = top[i];
        const detail::V4Mask less = x.v[k] < v.v[k];
        const detail::V4 hi = less ? v.v[k] : x.v[k];
        v.v[k] = less ? x.v[k] : v.v[k];
        x.v[k] = hi;
      }
  }
  alignas(64) double sorted[kTopMax][M];
  for (std::size_t i = 0; i < kTopMax; ++i) detail::store12(sorted[i], top[i]);
  for (std::size_t m = 0; m < M; ++m) {
    const std::size_t n = month_begin_[m + 1] - month_begin_[m];
    const Rank& r = rank_[p][m];
    const double xs = sorted[n - r.s][m];  // X(s), the (n − s + 1)-th largest
    a[m] = r.s >= n || r.frac == 0.0 ? xs : xs + (sorted[n - r.s - 1][m] - xs) * r.frac;
  }
}

AQPLAN_ALWAYS_INLINE void DailyLayer::body(std::uint64_t seed, std::uint64_t sample,
                                           const std::array<std::array<double, kMonths>, kMetricCount>& monthly,
                                           double* out, DailyScratch& s) const noexcept {
  draw_normals(seed, sample, s);
  correlate(s);
  rescale(monthly, out, s);
}

// DailyLayer::body as a kernel (kernels/dispatch.h); every level gives the
// same bits.
struct DailyKernel {
  static constexpr SimdLevel kWidest = SimdLevel::avx512;
  template <SimdLevel>
  AQPLAN_ALWAYS_INLINE static void run(const DailyLayer& layer, std::uint64_t seed, std::uint64_t sample,
                                       const std::array<std::array<double, kMonths>, kMetricCount>& monthly,
                                       double* out, DailyScratch& s) noexcept {
    layer.body(seed, sample, monthly, out, s);
  }
};

void DailyLayer::generate(std::uint64_t seed, std::uint64_t sample,
                          const std::array<std::array<double, kMonths>, kMetricCount>& monthly, std::span<double> out,
                          DailyScratch& scratch) const noexcept {
  if (out.size() != size()) [[unlikely]] {
    std::fill(out.begin(), out.end(), std::numeric_limits<double>::quiet_NaN());
    return;
  }
  kernels::dispatch<DailyKernel>(*this, seed, sample, monthly, out.data(), scratch);
}

}  // namespace aqplan
