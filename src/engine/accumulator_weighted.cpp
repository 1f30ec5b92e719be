// A weighted RunAccumulator's merge and results (aqplan/engine/accumulator.h
// gives the definitions): exact integer sums, then a few roundings of them.
#include <algorithm>
#include <cmath>
#include <cstdint>

#include "aqplan/engine/accumulator.h"
#include "engine/accumulator_detail.h"
#include "engine/accumulator_wide.h"

namespace aqplan {

using namespace accumulator_detail;

void RunAccumulator::merge_weighted(const RunAccumulator& other) {
  // Element-wise, each element read before it is written, so merging an
  // accumulator into itself doubles it.
  n_ += other.n_;
  add_to(wsum_, other.wsum_);
  add_to(wsq_, other.wsq_);
  if (compare(other.wmax_, wmax_) > 0) wmax_ = other.wmax_;
  for (std::size_t i = 0; i < moments_.size(); ++i) {
    Moments& m = moments_[i];
    const Moments& o = other.moments_[i];
    m.met += o.met;
    m.min = std::min(m.min, o.min);
    m.max = std::max(m.max, o.max);
    WeightedMoments& wm = wmoments_[i];
    const WeightedMoments& wo = other.wmoments_[i];
    add_to(wm.wq, wo.wq);
    add_to(wm.wqq, wo.wqq);
    add_to(wm.wmet, wo.wmet);
    wm.below += wo.below;
    wm.above += wo.above;
  }
  for (std::size_t j = 0; j + 2 < hist_.size(); j += 3) {
    const std::uint64_t* o = other.hist_.data() + j;
    const u128 add_low = (static_cast<u128>(o[1]) << 64) | o[0];
    const std::uint64_t add_high = o[2];
    std::uint64_t* h = hist_.data() + j;
    u128 low;
    const bool carry = __builtin_add_overflow((static_cast<u128>(h[1]) << 64) | h[0], add_low, &low);
    h[0] = static_cast<std::uint64_t>(low);
    h[1] = static_cast<std::uint64_t>(low >> 64);
    h[2] += add_high + static_cast<std::uint64_t>(carry);
  }
}

namespace {

// The mean-centred sums of a weighted statistic: a = ⌊ΣW·q / V1⌋,
// b = ΣW·q − a·V1 ∈ [0, V1) and ss = ΣW(q − a)² = ΣW·q² − 2a·ΣW·q + a²·V1
// (exact: the value lies in [0, ΣW·q² + V1] ⊂ [0, 2^254), so working modulo
// 2^256 is exact). |a| ≤ 2^43 for a consistent state.
struct WeightedCentre {
  std::int64_t a;
  Limbs<4> b;
  Limbs<4> ss;
};

// x·a modulo 2^256, a signed.
Limbs<4> times(const Limbs<4>& x, std::int64_t a) {
  const std::uint64_t magnitude = a < 0 ? std::uint64_t{0} - static_cast<std::uint64_t>(a) : static_cast<std::uint64_t>(a);
  const Limbs<4> r = resized<4>(product(x, limbs_of<1>(magnitude)));
  return a < 0 ? negated(r) : r;
}

WeightedCentre weighted_centre(const Limbs<4>& wq, const Limbs<4>& wqq, const Limbs<3>& wsum) {
  const Limbs<4> v1 = resized<4>(wsum);
  // An estimate within one of the quotient (relative error ~2^-62 on a
  // quotient below 2^44), then corrected exactly.
  auto a = static_cast<std::int64_t>(std::floor(signed_to_long_double(wq) / to_long_double(wsum)));
  Limbs<4> b = wq;
  sub_from(b, times(v1, a));
  while (is_negative(b)) {
    --a;
    add_to(b, v1);
  }
  while (compare(b, v1) >= 0) {
    ++a;
    sub_from(b, v1);
  }
  Limbs<4> ss = wqq;
  sub_from(ss, shifted_left(times(wq, a), 1));
  const u128 a_squared = static_cast<u128>(static_cast<detail::i128>(a) * a);
  add_to(ss, resized<4>(product(limbs_of<2>(a_squared), wsum)));
  return {a, b, ss};
}

}  // namespace

double RunAccumulator::weighted_quantile(std::size_t i, double p) const {
  if (is_zero(wsum_)) return kNaN;
  // r = ceil(p·V1) in [1, V1]: p·V1 a double product, as p·n unweighted.
  Limbs<3> r = from_integral_double<3>(std::ceil(p * to_double(wsum_)));
  if (is_zero(r)) r = limbs_of<3>(1);
  if (compare(r, wsum_) > 0) r = wsum_;
  const Layout& l = layout_[i];
  const Moments& m = moments_[i];
  const std::uint64_t* h = hist_.data() + l.offset;
  const std::uint64_t bins = bins_[i];
  // Cumulative weight in 128 + 64 bits, compared with r as it grows.
  u128 cum_low = (static_cast<u128>(h[1]) << 64) | h[0];
  std::uint64_t cum_high = h[2];
  const u128 r_low = (static_cast<u128>(r.w[1]) << 64) | r.w[0];
  auto reached = [&] { return cum_high > r.w[2] || (cum_high == r.w[2] && cum_low >= r_low); };
  if (reached()) return m.min;
  for (std::uint64_t b = 0; b < bins; ++b) {
    const std::uint64_t* slot = h + 3 * (b + 1);
    const bool carry = __builtin_add_overflow(cum_low, (static_cast<u128>(slot[1]) << 64) | slot[0], &cum_low);
    cum_high += slot[2] + static_cast<std::uint64_t>(carry);
    if (reached()) {
      const double mid = specs_[i].lower + (static_cast<double>(b) + 0.5) * specs_[i].bin_width;
      return std::clamp(mid, m.min, m.max);
    }
  }
  return m.max;
}

void RunAccumulator::weighted_summary(std::size_t i, StatSummary& s) const {
  const Moments& m = moments_[i];
  const WeightedMoments& wm = wmoments_[i];
  s.n = n_;
  s.met = m.met;
  s.below = wm.below;
  s.above = wm.above;
  s.ess = ess();
  if (is_zero(wsum_)) {
    s.mean = s.sd = s.min = s.max = s.p05 = s.p25 = s.p50 = s.p75 = s.p95 = s.p_meet = s.p_meet_se = kNaN;
    return;
  }
  const WeightedCentre c = weighted_centre(wm.wq, wm.wqq, wsum_);
  // The unweighted formula's operations on sums scaled by the weights.
  const double v1 = to_double(wsum_);
  s.mean = (static_cast<double>(c.a) + to_double(c.b) / v1) / kScale;
  // sd² = (ss − b²/V1) / ((V1² − V2)/V1), V1² − V2 = Σ_{i≠j} W_i·W_j exact.
  Limbs<6> pairs = product(wsum_, wsum_);
  sub_from(pairs, wsq_);
  const long double v1l = to_long_double(wsum_);
  const long double bl = to_long_double(c.b);
  const long double ss = std::max(0.0L, to_long_double(c.ss) - bl * bl / v1l);
  s.sd = is_zero(pairs) ? 0.0 : static_cast<double>(std::sqrt(ss / (to_long_double(pairs) / v1l))) / kScale;
  fill_order_statistics(*this, i, m.min, m.max, s);
  s.p_meet = to_double(wm.wmet) / v1;
  s.p_meet_se = std::sqrt(s.p_meet * (1.0 - s.p_meet) / s.ess);
}

double RunAccumulator::ess() const {
  if (!weighted()) return static_cast<double>(n_);
  if (is_zero(wsum_)) return 0.0;
  return static_cast<double>(to_long_double(product(wsum_, wsum_)) / to_long_double(wsq_));
}

double RunAccumulator::max_weight() const {
  if (!weighted()) return n_ > 0 ? 1.0 : 0.0;
  return std::ldexp(to_double(wmax_), -kWeightBits);
}

long double RunAccumulator::weight_sum() const {
  if (!weighted()) return static_cast<long double>(n_);
  return std::ldexp(to_long_double(wsum_), -kWeightBits);
}

}  // namespace aqplan
