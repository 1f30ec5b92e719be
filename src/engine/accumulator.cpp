// Mergeable Monte Carlo accumulators: integer fixed-point moments and
// fixed-bin histograms (see aqplan/engine/accumulator.h for the definitions).
#include "aqplan/engine/accumulator.h"

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstring>
#include <limits>
#include <stdexcept>
#include <string>
#include <utility>

#include <fmt/format.h>

#include "aqplan/base/text.h"
#include "kernels/fastmath.h"
#include "kernels/months.h"
#include "kernels/dispatch.h"
#include "engine/accumulator_detail.h"

namespace aqplan {

using namespace accumulator_detail;

// --- construction ------------------------------------------------------------

RunAccumulator::RunAccumulator(std::vector<StatSpec> specs) : specs_(std::move(specs)) {
  std::vector<std::string> problems;
  std::vector<std::string> seen;
  std::size_t offset = 0;
  for (std::size_t i = 0; i < specs_.size(); ++i) {
    const StatSpec& s = specs_[i];
    const std::string who = s.name.empty() ? fmt::format("statistic {}", i) : fmt::format("statistic {} ('{}')", i, s.name);
    const std::size_t before = problems.size();
    if (s.name.empty()) problems.push_back(who + ": empty name");
    else if (std::find(seen.begin(), seen.end(), s.name) != seen.end()) problems.push_back(who + ": duplicate name");
    seen.push_back(s.name);
    if (!std::isfinite(s.bin_width) || s.bin_width <= 0.0)
      problems.push_back(fmt::format("{}: bin_width {} must be finite and > 0", who, s.bin_width));
    if (!std::isfinite(s.lower) || !std::isfinite(s.upper) || !(s.upper > s.lower))
      problems.push_back(fmt::format("{}: range [{}, {}) must be finite with upper > lower", who, s.lower, s.upper));
    std::uint64_t bins = 0;
    if (problems.size() == before) {
      bins = bin_count(s);
      if (bins == 0)
        problems.push_back(fmt::format("{}: [{}, {}) by {} needs more than {} bins", who, s.lower, s.upper, s.bin_width,
                                       kMaxBins));
    }
    bins_.push_back(bins);
    layout_.push_back(Layout{s.lower, 1.0 / s.bin_width, static_cast<double>(bins), offset});
    offset += static_cast<std::size_t>(bins) + 2;
  }
  if (!problems.empty()) {
    std::string msg = "accumulator specs:";
    for (const std::string& p : problems) msg += "\n  " + p;
    throw std::invalid_argument(msg);
  }
  moments_.resize(specs_.size());
  hist_.assign(offset, 0);
  clear();
}

std::size_t RunAccumulator::index(std::string_view name) const {
  std::vector<std::string> names;
  names.reserve(specs_.size());
  for (std::size_t i = 0; i < specs_.size(); ++i) {
    if (specs_[i].name == name) return i;
    names.push_back(specs_[i].name);
  }
  throw std::out_of_range(fmt::format("accumulator: no statistic '{}'{}", name, did_you_mean_suffix(name, names)));
}

std::uint64_t RunAccumulator::bins(std::size_t i) const { return bins_.at(i); }

void RunAccumulator::clear() {
  n_ = 0;
  for (Moments& m : moments_) m = Moments{0, 0, 0, kInf, -kInf};
  std::fill(hist_.begin(), hist_.end(), 0);
}

std::size_t RunAccumulator::memory_bytes() const {
  std::size_t names = 0;
  for (const StatSpec& s : specs_) names += s.name.capacity();
  return hist_.capacity() * sizeof(std::uint64_t) + moments_.capacity() * sizeof(Moments) +
         layout_.capacity() * sizeof(Layout) + bins_.capacity() * sizeof(std::uint64_t) +
         specs_.capacity() * sizeof(StatSpec) + names;
}

// --- adding and merging ------------------------------------------------------

namespace {

// add_batch works on parts of at most this many samples of one statistic.
constexpr std::size_t kBatchPart = 256;
// Σq² exactly in doubles: with q = hi·2^22 + lo, 0 ≤ lo < 2^22, |hi| ≤ 2^21,
// q² = hi²·2^44 + hi·lo·2^23 + lo², and every term is an integer below 2^44
// (exact in a double), so over kBatchPart samples the sums Σq, Σhi², Σhi·lo,
// Σlo² stay below 2^53 and are exact, whatever the order of addition.
constexpr int kLoBits = 22;
static_assert(kMaxAbsQ >> kLoBits <= (std::int64_t{1} << 21) && kBatchPart * (std::uint64_t{1} << 44) < (std::uint64_t{1} << 53));

struct PartSums {
  double sum, hh, hl, ll;  // Σq, Σhi², Σhi·lo, Σlo²
  double lo, hi;           // running min and max of the values
};

// q = llround(v·2^20) as an exact double, and q split as q = qh·2^22 + ql
// (qh = ⌊q/2^22⌋, 0 ≤ ql < 2^22), for one value (T = double) or four lanes
// (T = V4) with the same operations (?: selects lane by lane on vectors): rounding to the nearest integer, ties
// to even (kernels/fastmath.h kRoundShift, exact for |x| < 2^51), then
// a tie that went toward zero moves one away. Equal to std::llround for
// |v·2^20| ≤ 2^43 (tests/accumulator_test.cpp).
template <class T>
struct Quantized {
  T q, qh, ql;
};
template <class T>
AQPLAN_ALWAYS_INLINE Quantized<T> quantize(const T& v) noexcept {
  constexpr double kTwoLo = 4194304.0, kInvTwoLo = 1.0 / 4194304.0;  // 2^22, 2^-22
  const T zero = T{}, one = zero + 1.0;
  const T x = v * kScale;  // exact
  const T nearest = (x + detail::kRoundShift) - detail::kRoundShift;
  const T d = x - nearest;
  const T q = nearest + (((d == 0.5) & (x > 0.0)) ? one : zero) - (((d == -0.5) & (x < 0.0)) ? one : zero);
  const T y = q * kInvTwoLo;  // exact
  const T t = (y + detail::kRoundShift) - detail::kRoundShift;
  const T qh = t > y ? t - 1.0 : t;  // ⌊y⌋
  return {q, qh, q - qh * kTwoLo};                // ql exact, in [0, 2^22)
}

// The histogram position of v: (v − lower)/width clamped to
// [−1, top_index]; slot 0 (below) when negative, else 1 + its integer part
// (top_index + 1: above). Clamped to −1 so that the int32 conversion is
// defined (bins ≤ 2^24). T = double or V4, as quantize.
// (Written to `b`: a function returning a bare vector would change the ABI
// between baseline and AVX builds.)
template <class T>
AQPLAN_ALWAYS_INLINE void bin_position(const T& v, double lower, double inv_width, double top_index, T& b) noexcept {
  const T zero = T{};
  const T scaled = (v - lower) * inv_width;
  const T c = top_index < scaled ? zero + top_index : scaled;  // std::min(scaled, top_index)
  b = -1.0 < c ? c : zero - 1.0;                                // std::max(-1.0, c)
}
AQPLAN_ALWAYS_INLINE double bin_position(double v, double lower, double inv_width, double top_index) noexcept {
  double b;
  bin_position(v, lower, inv_width, top_index, b);
  return b;
}
AQPLAN_ALWAYS_INLINE std::int32_t slot_of(double b) noexcept { return b < 0.0 ? 0 : static_cast<std::int32_t>(b) + 1; }

// One sample of a batch part (v: its value, −0.0 already +0.0).
AQPLAN_ALWAYS_INLINE void part_step(double v, double lower, double inv_width, double top_index, PartSums& ps,
                                    std::int32_t& slot) noexcept {
  const Quantized<double> k = quantize(v);
  ps.sum += k.q;
  ps.hh += k.qh * k.qh;
  ps.hl += k.qh * k.ql;
  ps.ll += k.ql * k.ql;
  ps.lo = v < ps.lo ? v : ps.lo;  // std::min(lo, v)
  ps.hi = ps.hi < v ? v : ps.hi;  // std::max(hi, v)
  slot = slot_of(bin_position(v, lower, inv_width, top_index));
}

// part_step on four samples at a time in vector lanes (each lane keeps its
// own sums; integer-valued and exact, so combining the lanes in any order
// gives the same totals), then the tail one by one. Min and max are exact
// whatever the order too (finite values, no −0).
AQPLAN_ALWAYS_INLINE void batch_part_body(const double* v_in, std::size_t count, double lower, double inv_width,
                                          double top_index, PartSums& ps, std::int32_t* slot) noexcept {
  using detail::V4;
  using V4Int32 = std::int32_t __attribute__((vector_size(16)));
  const V4 zero = {0.0, 0.0, 0.0, 0.0};
  V4 sum = zero, hh = zero, hl = zero, ll = zero;
  V4 lo = zero + ps.lo, hi = zero + ps.hi;
  std::size_t s = 0;
  for (; s + 4 <= count; s += 4) {
    V4 v;
    std::memcpy(&v, v_in + s, sizeof v);
    v = v + 0.0;
    const Quantized<V4> k = quantize(v);
    sum += k.q;
    hh += k.qh * k.qh;
    hl += k.qh * k.ql;
    ll += k.ql * k.ql;
    lo = v < lo ? v : lo;
    hi = hi < v ? v : hi;
    V4 b;
    bin_position(v, lower, inv_width, top_index, b);
    const V4Int32 whole = __builtin_convertvector(b, V4Int32) + 1;
    const V4Int32 below = __builtin_convertvector(b < 0.0, V4Int32);  // −1 where b < 0
    const V4Int32 sl = below ? V4Int32{0, 0, 0, 0} : whole;
    std::memcpy(slot + s, &sl, sizeof sl);
  }
  ps.sum += (sum[0] + sum[1]) + (sum[2] + sum[3]);
  ps.hh += (hh[0] + hh[1]) + (hh[2] + hh[3]);
  ps.hl += (hl[0] + hl[1]) + (hl[2] + hl[3]);
  ps.ll += (ll[0] + ll[1]) + (ll[2] + ll[3]);
  for (int j = 0; j < 4; ++j) {
    ps.lo = lo[j] < ps.lo ? lo[j] : ps.lo;
    ps.hi = ps.hi < hi[j] ? hi[j] : ps.hi;
  }
  for (; s < count; ++s) part_step(v_in[s] + 0.0, lower, inv_width, top_index, ps, slot[s]);
}

// batch_part_body as a kernel (kernels/dispatch.h); every level gives the
// same bits.
struct BatchPartKernel {
  template <SimdLevel>
  AQPLAN_ALWAYS_INLINE static void run(const double* v_in, std::size_t count, double lower, double inv_width,
                                       double top_index, PartSums& ps, std::int32_t* slot) noexcept {
    batch_part_body(v_in, count, lower, inv_width, top_index, ps, slot);
  }
};

}  // namespace

void RunAccumulator::add_batch(std::span<const double> values, std::span<const std::uint8_t> met, std::size_t n) {
  const std::size_t k = specs_.size();
  if (values.size() != k * n || met.size() != k * n)
    throw std::invalid_argument(fmt::format("accumulator: add_batch() got {} values and {} met flags, expected {}·{}",
                                            values.size(), met.size(), k, n));
  {
    // Every value at once (a loop that vectorises); the first bad one, in
    // statistic order, named from a cold path.
    bool ok = true;
    for (const double v : values) ok &= accepts(v);
    if (!ok) [[unlikely]] {
      for (std::size_t i = 0; i < k; ++i)
        for (std::size_t s = 0; s < n; ++s)
          if (const double v = values[i * n + s]; !accepts(v))
            throw std::domain_error(fmt::format(
                "accumulator: statistic {} ('{}'), sample {} of {}: value {} is not finite or exceeds ±{}", i,
                specs_[i].name, s, n, v, kMaxAbsValue));
    }
  }
  if (n > kMaxCount || n_ > kMaxCount - n)
    throw std::overflow_error(fmt::format("accumulator: more than {} samples", kMaxCount));

  n_ += n;
  std::uint64_t* const hist = hist_.data();
  for (std::size_t i = 0; i < k; ++i) {
    // One statistic at a time, its samples contiguous: the rounding, the
    // moments and the bin numbers run on vectors (batch_part), then the
    // histogram is counted from the bin numbers. Exact integer sums, so the
    // order of samples does not matter: the state is the one n add() calls
    // would leave.
    const Layout& l = layout_[i];
    Moments& m = moments_[i];
    std::uint64_t* const h = hist + l.offset;
    for (std::size_t first = 0; first < n; first += kBatchPart) {
      const std::size_t count = std::min(kBatchPart, n - first);
      const double* const v_in = values.data() + i * n + first;
      const std::uint8_t* const met_in = met.data() + i * n + first;
      std::int32_t slot[kBatchPart];
      PartSums ps{0.0, 0.0, 0.0, 0.0, m.min, m.max};
      kernels::dispatch<BatchPartKernel>(v_in, count, l.lower, l.inv_width, l.top_index, ps, slot);
      std::uint64_t met_count = 0;
      for (std::size_t s = 0; s < count; ++s) met_count += met_in[s] != 0 ? 1u : 0u;
      for (std::size_t s = 0; s < count; ++s) ++h[slot[s]];
      // The sums are integers below 2^53: exact as doubles and as int64.
      m.sum += static_cast<std::int64_t>(ps.sum);
      m.sumsq += static_cast<i128>(static_cast<std::int64_t>(ps.hh)) * (i128{1} << (2 * kLoBits)) +
                 static_cast<i128>(static_cast<std::int64_t>(ps.hl)) * (i128{1} << (kLoBits + 1)) +
                 static_cast<std::int64_t>(ps.ll);
      m.met += met_count;
      m.min = ps.lo;
      m.max = ps.hi;
    }
  }
}

void RunAccumulator::add(std::span<const double> values, std::span<const std::uint8_t> met) {
  const std::size_t k = specs_.size();
  if (values.size() != k || met.size() != k)
    throw std::invalid_argument(fmt::format("accumulator: add() got {} values and {} met flags, expected {}",
                                            values.size(), met.size(), k));
  for (std::size_t i = 0; i < k; ++i) {
    if (!accepts(values[i]))
      throw std::domain_error(fmt::format("accumulator: statistic {} ('{}'): value {} is not finite or exceeds ±{}",
                                          i, specs_[i].name, values[i], kMaxAbsValue));
  }
  if (n_ >= kMaxCount)
    throw std::overflow_error(fmt::format("accumulator: more than {} samples", kMaxCount));

  ++n_;
  std::uint64_t* const hist = hist_.data();
  for (std::size_t i = 0; i < k; ++i) {
    const double v = values[i] + 0.0;  // -0.0 becomes +0.0
    const Layout& l = layout_[i];
    Moments& m = moments_[i];
    const auto q = static_cast<std::int64_t>(quantize(v).q);  // an integer below 2^53: exact
    m.sum += q;
    m.sumsq += static_cast<i128>(q) * q;
    m.met += met[i] != 0 ? 1u : 0u;
    m.min = std::min(m.min, v);
    m.max = std::max(m.max, v);
    ++hist[l.offset + static_cast<std::size_t>(slot_of(bin_position(v, l.lower, l.inv_width, l.top_index)))];
  }
}

void RunAccumulator::merge(const RunAccumulator& other) {
  if (specs_.size() != other.specs_.size())
    throw AccumulatorError(Text(msg::acc_merge_count, specs_.size(), other.specs_.size()));
  for (std::size_t i = 0; i < specs_.size(); ++i) {
    if (!(specs_[i] == other.specs_[i]))
      throw AccumulatorError(Text(msg::acc_merge_differs, i, describe_text(specs_[i]), describe_text(other.specs_[i])));
  }
  if (other.n_ > kMaxCount - n_)
    throw std::overflow_error(fmt::format("accumulator merge: {} + {} samples exceeds the limit of {}", n_, other.n_,
                                          kMaxCount));
  // Element-wise, so merging an accumulator into itself doubles it.
  n_ += other.n_;
  for (std::size_t i = 0; i < moments_.size(); ++i) {
    Moments& m = moments_[i];
    const Moments& o = other.moments_[i];
    m.sum += o.sum;
    m.sumsq += o.sumsq;
    m.met += o.met;
    m.min = std::min(m.min, o.min);
    m.max = std::max(m.max, o.max);
  }
  for (std::size_t j = 0; j < hist_.size(); ++j) hist_[j] += other.hist_[j];
}

// --- results -------------------------------------------------------------------

double RunAccumulator::quantile(std::size_t i, double p) const {
  if (i >= specs_.size()) throw std::out_of_range(fmt::format("accumulator: statistic {} of {}", i, specs_.size()));
  if (!(p >= 0.0 && p <= 1.0)) throw std::invalid_argument(fmt::format("accumulator: quantile p = {} not in [0, 1]", p));
  if (n_ == 0) return kNaN;
  const double want = std::ceil(p * static_cast<double>(n_));
  const std::uint64_t r = std::clamp<std::uint64_t>(want < 1.0 ? 1 : static_cast<std::uint64_t>(want), 1, n_);
  const Layout& l = layout_[i];
  const Moments& m = moments_[i];
  const std::uint64_t* h = hist_.data() + l.offset;
  const std::uint64_t bins = bins_[i];
  std::uint64_t cum = h[0];
  if (cum >= r) return m.min;
  for (std::uint64_t b = 0; b < bins; ++b) {
    cum += h[b + 1];
    if (cum >= r) {
      const double mid = specs_[i].lower + (static_cast<double>(b) + 0.5) * specs_[i].bin_width;
      return std::clamp(mid, m.min, m.max);
    }
  }
  return m.max;
}

StatSummary RunAccumulator::summary(std::size_t i) const {
  if (i >= specs_.size()) throw std::out_of_range(fmt::format("accumulator: statistic {} of {}", i, specs_.size()));
  StatSummary s;
  const Moments& m = moments_[i];
  s.n = n_;
  s.met = m.met;
  s.below = hist_[layout_[i].offset];
  s.above = hist_[layout_[i].offset + bins_[i] + 1];
  if (n_ == 0) {
    s.mean = s.sd = s.min = s.max = s.p05 = s.p25 = s.p50 = s.p75 = s.p95 = s.p_meet = s.p_meet_se = kNaN;
    return s;
  }
  const double n = static_cast<double>(n_);
  const Centred c = centre(m.sum, m.sumsq, n_);
  s.mean = (to_double(c.a) + to_double(c.b) / n) / kScale;
  if (n_ >= 2) {
    const double b = to_double(c.b);
    const double ss = std::max(0.0, to_double(c.ss) - b * b / n);  // Σ(q − mean)²
    s.sd = std::sqrt(ss / (n - 1.0)) / kScale;
  } else {
    s.sd = 0.0;
  }
  s.min = m.min;
  s.max = m.max;
  s.p05 = quantile(i, 0.05);
  s.p25 = quantile(i, 0.25);
  s.p50 = quantile(i, 0.50);
  s.p75 = quantile(i, 0.75);
  s.p95 = quantile(i, 0.95);
  s.p_meet = static_cast<double>(m.met) / n;
  s.p_meet_se = std::sqrt(s.p_meet * (1.0 - s.p_meet) / n);
  return s;
}

}  // namespace aqplan
