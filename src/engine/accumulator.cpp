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
#include "engine/accumulator_wide.h"

namespace aqplan {

using namespace accumulator_detail;

// --- construction ------------------------------------------------------------

RunAccumulator::RunAccumulator(std::vector<StatSpec> specs, Weighting weighting)
    : specs_(std::move(specs)), weighting_(weighting) {
  const std::size_t words = weighted() ? 3 : 1;  // per histogram slot
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
    offset += (static_cast<std::size_t>(bins) + 2) * words;
  }
  if (!problems.empty()) {
    std::string msg = "accumulator specs:";
    for (const std::string& p : problems) msg += "\n  " + p;
    throw std::invalid_argument(msg);
  }
  moments_.resize(specs_.size());
  if (weighted()) wmoments_.resize(specs_.size());
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
  for (WeightedMoments& m : wmoments_) m = WeightedMoments{};
  wsum_ = {};
  wsq_ = {};
  wmax_ = {};
  std::fill(hist_.begin(), hist_.end(), 0);
}

std::size_t RunAccumulator::memory_bytes() const {
  std::size_t names = 0;
  for (const StatSpec& s : specs_) names += s.name.capacity();
  return hist_.capacity() * sizeof(std::uint64_t) + moments_.capacity() * sizeof(Moments) +
         wmoments_.capacity() * sizeof(WeightedMoments) + layout_.capacity() * sizeof(Layout) + bins_.capacity() * sizeof(std::uint64_t) +
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

void RunAccumulator::check_batch(std::span<const double> values, std::span<const std::uint8_t> met,
                                 std::size_t n) const {
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
}

void RunAccumulator::add_batch(std::span<const double> values, std::span<const std::uint8_t> met, std::size_t n) {
  if (weighted())
    throw std::invalid_argument("accumulator: a weighted accumulator takes a weight per sample (add_batch(values, "
                                "met, n, weights))");
  check_batch(values, met, n);
  const std::size_t k = specs_.size();
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

void RunAccumulator::check_sample(std::span<const double> values, std::span<const std::uint8_t> met) const {
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
}

void RunAccumulator::add(std::span<const double> values, std::span<const std::uint8_t> met) {
  if (weighted())
    throw std::invalid_argument("accumulator: a weighted accumulator takes a weight per sample (add(values, met, "
                                "weight))");
  check_sample(values, met);
  const std::size_t k = specs_.size();
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

// --- weighted samples --------------------------------------------------------

namespace {

// W = w·2^127 as an integer (truncated toward zero; exact for w ≥ 2^-74).
inline u128 weight_integer(double w) noexcept { return static_cast<u128>(w * 0x1p127); }

// A statistic's histogram layout as the weighted kernel takes it.
struct SlotLayout {
  double lower, inv_width, top_index;
  std::int32_t above_slot;  // bins + 1
};

// What a weighted part's vector half counts besides the moments: the met
// samples, their weight as sums of W's 32-bit digits (Σ over ≤ 2^8 samples
// of digits < 2^32: no wrap), and the samples below and above the histogram.
// (Zero before the part.)
struct WeightedTally {
  std::uint64_t met_digits[4] = {0, 0, 0, 0};  // Σ digit k of W over met samples
  std::uint64_t met = 0, below = 0, above = 0;
};

// The vector half of a weighted part, four samples at a time in vector
// lanes, then the tail one by one: q' = q + 2^43 ∈ [0, 2^44] as an integer
// (the bits of 2^52 + q' less those of 2^52: exact, q' < 2^52), the
// histogram slot, the running min and max of every sample, and the tally.
// digits[k][s]: digit k of sample s's W.
AQPLAN_ALWAYS_INLINE void weighted_part_body(const double* v_in, const std::uint8_t* met, std::size_t count,
                                             const SlotLayout& l, const std::uint64_t (*digits)[kBatchPart],
                                             double& lo_io, double& hi_io, std::uint64_t* qoff, std::int32_t* slot,
                                             WeightedTally& tally) noexcept {
  using detail::V4;
  using V4Int32 = std::int32_t __attribute__((vector_size(16)));
  using V4U64 = std::uint64_t __attribute__((vector_size(32)));
  constexpr double kBias = 0x1p52 + 0x1p43;
  constexpr std::uint64_t kBiasBits = 0x4330000000000000u;  // 2^52
  const V4 zero = {0.0, 0.0, 0.0, 0.0};
  const V4Int32 none = {0, 0, 0, 0};
  const V4U64 nothing = {0, 0, 0, 0};
  V4 lo = zero + lo_io, hi = zero + hi_io;
  V4Int32 below_lanes = none, above_lanes = none;  // −(count) per lane
  V4U64 met_lanes = nothing, met_digits[4] = {nothing, nothing, nothing, nothing};
  std::size_t s = 0;
  for (; s + 4 <= count; s += 4) {
    V4 v;
    std::memcpy(&v, v_in + s, sizeof v);
    v = v + 0.0;
    const V4 biased = quantize(v).q + kBias;
    V4U64 bits;
    std::memcpy(&bits, &biased, sizeof bits);
    bits -= kBiasBits;
    std::memcpy(qoff + s, &bits, sizeof bits);
    lo = v < lo ? v : lo;
    hi = hi < v ? v : hi;
    V4 b;
    bin_position(v, l.lower, l.inv_width, l.top_index, b);
    const V4Int32 whole = __builtin_convertvector(b, V4Int32) + 1;
    const V4Int32 below = __builtin_convertvector(b < 0.0, V4Int32);  // −1 where b < 0
    const V4Int32 sl = below ? none : whole;
    below_lanes += below;
    above_lanes += sl == l.above_slot;  // −1 where above
    std::memcpy(slot + s, &sl, sizeof sl);
    const V4U64 flags = {met[s], met[s + 1], met[s + 2], met[s + 3]};
    const V4U64 mask = flags != 0;  // all ones where met
    met_lanes -= mask;
    for (int k = 0; k < 4; ++k) {
      V4U64 d;
      std::memcpy(&d, digits[k] + s, sizeof d);
      met_digits[k] += d & mask;
    }
  }
  std::uint64_t below = 0, above = 0;
  for (int j = 0; j < 4; ++j) {
    lo_io = lo[j] < lo_io ? lo[j] : lo_io;
    hi_io = hi_io < hi[j] ? hi[j] : hi_io;
    below += static_cast<std::uint64_t>(-below_lanes[j]);
    above += static_cast<std::uint64_t>(-above_lanes[j]);
    tally.met += met_lanes[j];
    for (int k = 0; k < 4; ++k) tally.met_digits[k] += met_digits[k][j];
  }
  for (; s < count; ++s) {
    const double v = v_in[s] + 0.0;
    qoff[s] = std::bit_cast<std::uint64_t>(quantize(v).q + kBias) - kBiasBits;
    lo_io = v < lo_io ? v : lo_io;
    hi_io = hi_io < v ? v : hi_io;
    slot[s] = slot_of(bin_position(v, l.lower, l.inv_width, l.top_index));
    below += slot[s] == 0 ? 1u : 0u;
    above += slot[s] == l.above_slot ? 1u : 0u;
    const std::uint64_t mask = met[s] != 0 ? ~std::uint64_t{0} : 0;
    tally.met += mask & 1u;
    for (int k = 0; k < 4; ++k) tally.met_digits[k] += digits[k][s] & mask;
  }
  tally.below = below;
  tally.above = above;
}

struct WeightedPartKernel {
  template <SimdLevel>
  AQPLAN_ALWAYS_INLINE static void run(const double* v_in, const std::uint8_t* met, std::size_t count,
                                       const SlotLayout& l, const std::uint64_t (*digits)[kBatchPart], double& lo,
                                       double& hi, std::uint64_t* qoff, std::int32_t* slot,
                                       WeightedTally& tally) noexcept {
    weighted_part_body(v_in, met, count, l, digits, lo, hi, qoff, slot, tally);
  }
};

// A weight as the moments use it: W = M·2^(11·g) with M < 2^63, g the group
// (W has at most 53 significant bits, as w·2^127 or below 2^53, so
// g = ⌊ctz(W)/11⌋ leaves M = W·2^-11g < 2^(53+10)). The samples of a part are
// taken group by group, so that W·q' costs one product, not two.
constexpr unsigned kGroupBits = 11;
constexpr std::size_t kGroups = 12;  // ctz(W) ≤ 127

// A part's moment sums ΣX and ΣX·q' (X = W·q') modulo 2^256, from the
// samples in group order: order[s] is a sample, mant[s] its M, and
// group_end[g] where group g ends. Within a group, with Y = M·q' =
// y0 + y1·2^64 (y1 < 2^43), Σ M·q' < 2^8·2^107, Σ y0·q' < 2^8·2^108 and
// Σ y1·q' < 2^8·2^87: no sum wraps. Three 64×64→128-bit products a sample.
void weighted_moment_sums(const std::uint64_t* qoff, const std::uint32_t* order, const std::uint64_t* mant,
                          const std::uint32_t* group_end, Limbs<4>& x, Limbs<4>& xq) noexcept {
  std::uint32_t first = 0;
  for (std::size_t g = 0; g < kGroups; ++g) {
    const std::uint32_t end = group_end[g];
    if (end == first) continue;
    u128 mq = 0, y0q = 0, y1q = 0;
    for (std::uint32_t s = first; s < end; ++s) {
      const std::uint64_t q = qoff[order[s]];
      const u128 y = static_cast<u128>(mant[s]) * q;
      mq += y;
      y0q += static_cast<u128>(static_cast<std::uint64_t>(y)) * q;
      y1q += static_cast<u128>(static_cast<std::uint64_t>(y >> 64)) * q;
    }
    const auto shift = static_cast<unsigned>(kGroupBits * g);
    add_shifted(x, mq, shift);
    add_shifted(xq, y0q, shift);
    add_shifted(xq, y1q, shift + 64);
    first = end;
  }
}

// Each sample's W added to its histogram slot (three words from h).
void add_weights(std::uint64_t* h, const std::int32_t* slot, const std::uint64_t* wlo, const std::uint64_t* whi,
                 std::size_t count) noexcept {
  for (std::size_t s = 0; s < count; ++s) {
    std::uint64_t* b = h + 3 * static_cast<std::size_t>(slot[s]);
    const u128 low = (static_cast<u128>(b[1]) << 64) | b[0];
    const u128 sum = low + ((static_cast<u128>(whi[s]) << 64) | wlo[s]);
    b[0] = static_cast<std::uint64_t>(sum);
    b[1] = static_cast<std::uint64_t>(sum >> 64);
    b[2] += sum < low ? 1u : 0u;
  }
}

}  // namespace

// The weights of a part of a batch, shared by every statistic.
struct RunAccumulator::PartWeights {
  std::size_t count = 0;
  std::uint64_t lo[kBatchPart], hi[kBatchPart];  // W = hi·2^64 + lo
  std::uint64_t digits[4][kBatchPart];           // W = Σ digits[k]·2^(32k)
  const double* w = nullptr;                     // the part's weights as given
  Limbs<3> sum;                                  // Σ W
  Limbs<5> sumsq;                                // Σ W²
  Limbs<2> max;                                  // max W
  Limbs<4> sum43, sum86;                         // Σ W·2^43, Σ W·2^86
  bool any_zero = false;                         // some W = 0 (left out of min and max)

  std::uint32_t order[kBatchPart];               // samples by group (weighted_moment_sums)
  std::uint64_t mant[kBatchPart];                // M of order[s]: W = M·2^(11·group)
  std::uint32_t group_end[kGroups];              // group g is order[group_end[g − 1] .. group_end[g])

  PartWeights(const double* weights, std::size_t n) : count(n), w(weights) {
    u128 max_w = 0;
    std::uint32_t group_of[kBatchPart];
    std::uint32_t start[kGroups] = {};
    for (std::size_t s = 0; s < n; ++s) {
      const u128 big = weight_integer(weights[s]);
      lo[s] = static_cast<std::uint64_t>(big);
      hi[s] = static_cast<std::uint64_t>(big >> 64);
      for (int k = 0; k < 4; ++k) digits[k][s] = static_cast<std::uint64_t>(big >> (32 * k)) & 0xFFFFFFFFu;
      const int zeros = lo[s] != 0 ? std::countr_zero(lo[s]) : hi[s] != 0 ? 64 + std::countr_zero(hi[s]) : 0;
      group_of[s] = static_cast<std::uint32_t>(zeros) / kGroupBits;
      ++start[group_of[s]];
      any_zero |= big == 0;
      max_w = std::max(max_w, big);
      add_to(sum, limbs_of<2>(big));
      add_to(sumsq, product(limbs_of<2>(big), limbs_of<2>(big)));  // W² < 2^255
    }
    max = limbs_of<2>(max_w);
    sum43 = shifted_left(resized<4>(sum), 43);
    sum86 = shifted_left(resized<4>(sum), 86);
    // Counting sort by group: start[g] becomes where group g begins.
    std::uint32_t at = 0;
    for (std::size_t g = 0; g < kGroups; ++g) {
      const std::uint32_t size = start[g];
      start[g] = at;
      at += size;
      group_end[g] = at;
    }
    for (std::size_t s = 0; s < n; ++s) {
      const std::uint32_t g = group_of[s];
      const std::uint32_t pos = start[g]++;
      order[pos] = static_cast<std::uint32_t>(s);
      mant[pos] = static_cast<std::uint64_t>(((static_cast<u128>(hi[s]) << 64) | lo[s]) >> (kGroupBits * g));
    }
  }
};

void RunAccumulator::add_weighted_part(std::size_t i, const double* v, const std::uint8_t* met,
                                       const PartWeights& pw) {
  const Layout& l = layout_[i];
  Moments& m = moments_[i];
  WeightedMoments& wm = wmoments_[i];
  std::uint64_t qoff[kBatchPart];
  std::int32_t slot[kBatchPart];
  double lo = m.min, hi = m.max;
  WeightedTally tally;
  const SlotLayout l4{l.lower, l.inv_width, l.top_index, static_cast<std::int32_t>(bins_[i] + 1)};
  kernels::dispatch<WeightedPartKernel>(v, met, pw.count, l4, pw.digits, lo, hi, qoff, slot, tally);
  if (pw.any_zero) [[unlikely]] {
    // min and max of the samples that carry weight only.
    lo = m.min;
    hi = m.max;
    for (std::size_t s = 0; s < pw.count; ++s) {
      if (pw.lo[s] == 0 && pw.hi[s] == 0) continue;
      lo = std::min(lo, v[s] + 0.0);
      hi = std::max(hi, v[s] + 0.0);
    }
  }
  Limbs<4> x, xq;  // ΣX, ΣX·q'
  weighted_moment_sums(qoff, pw.order, pw.mant, pw.group_end, x, xq);
  add_weights(hist_.data() + l.offset, slot, pw.lo, pw.hi, pw.count);
  // ΣW·q = ΣX − 2^43·ΣW and ΣW·q² = ΣX·q' − 2^44·ΣX + 2^86·ΣW, modulo 2^256.
  add_to(wm.wq, x);
  sub_from(wm.wq, pw.sum43);
  add_to(wm.wqq, xq);
  sub_from(wm.wqq, shifted_left(x, 44));
  add_to(wm.wqq, pw.sum86);
  // Σ digit k·2^(32k), each digit sum < 2^40.
  add_to(wm.wmet, limbs_of<2>(tally.met_digits[0] + (static_cast<u128>(tally.met_digits[1]) << 32)));
  add_to(wm.wmet, limbs_of<2>(tally.met_digits[2] + (static_cast<u128>(tally.met_digits[3]) << 32)), 1);
  m.met += tally.met;
  wm.below += tally.below;
  wm.above += tally.above;
  m.min = lo;
  m.max = hi;
}

void RunAccumulator::add_weighted(std::span<const double> values, std::span<const std::uint8_t> met, std::size_t n,
                                  std::span<const double> weights) {
  // Part by part, every statistic of a part in turn: the part's weights are
  // split once for all statistics. Exact integer sums, so neither the order
  // of samples nor that of statistics matters.
  for (std::size_t first = 0; first < n; first += kBatchPart) {
    const PartWeights pw(weights.data() + first, std::min(kBatchPart, n - first));
    for (std::size_t i = 0; i < specs_.size(); ++i)
      add_weighted_part(i, values.data() + i * n + first, met.data() + i * n + first, pw);
    n_ += pw.count;
    add_to(wsum_, pw.sum);
    add_to(wsq_, pw.sumsq);
    if (compare(pw.max, wmax_) > 0) wmax_ = pw.max;
  }
}

void RunAccumulator::add_batch(std::span<const double> values, std::span<const std::uint8_t> met, std::size_t n,
                               std::span<const double> weights) {
  if (!weighted()) throw std::invalid_argument("accumulator: an unweighted accumulator takes no weights");
  check_batch(values, met, n);
  if (weights.size() != n)
    throw std::invalid_argument(fmt::format("accumulator: add_batch() got {} weights for {} samples", weights.size(), n));
  bool ok = true;
  for (const double w : weights) ok &= accepts_weight(w);
  if (!ok) [[unlikely]] {
    for (std::size_t s = 0; s < n; ++s)
      if (!accepts_weight(weights[s]))
        throw std::domain_error(
            fmt::format("accumulator: sample {} of {}: weight {} is not in [0, 1]", s, n, weights[s]));
  }
  add_weighted(values, met, n, weights);
}

void RunAccumulator::add(std::span<const double> values, std::span<const std::uint8_t> met, double weight) {
  if (!weighted()) throw std::invalid_argument("accumulator: an unweighted accumulator takes no weights");
  check_sample(values, met);
  if (!accepts_weight(weight))
    throw std::domain_error(fmt::format("accumulator: weight {} is not in [0, 1]", weight));
  // One sample is a batch of one: values[i·1 + 0] is statistic i.
  add_weighted(values, met, 1, std::span<const double>(&weight, 1));
}

void RunAccumulator::merge(const RunAccumulator& other) {
  if (weighting_ != other.weighting_)
    throw AccumulatorError(Text(msg::acc_merge_weighting));
  if (specs_.size() != other.specs_.size())
    throw AccumulatorError(Text(msg::acc_merge_count, specs_.size(), other.specs_.size()));
  for (std::size_t i = 0; i < specs_.size(); ++i) {
    if (!(specs_[i] == other.specs_[i]))
      throw AccumulatorError(Text(msg::acc_merge_differs, i, describe_text(specs_[i]), describe_text(other.specs_[i])));
  }
  if (other.n_ > kMaxCount - n_)
    throw std::overflow_error(fmt::format("accumulator merge: {} + {} samples exceeds the limit of {}", n_, other.n_,
                                          kMaxCount));
  if (weighted()) {
    merge_weighted(other);
    return;
  }
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
  if (weighted()) return weighted_quantile(i, p);
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
  if (weighted()) {
    weighted_summary(i, s);
    return s;
  }
  const Moments& m = moments_[i];
  s.n = n_;
  s.ess = static_cast<double>(n_);
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
  fill_order_statistics(*this, i, m.min, m.max, s);
  s.p_meet = static_cast<double>(m.met) / n;
  s.p_meet_se = std::sqrt(s.p_meet * (1.0 - s.p_meet) / n);
  return s;
}

}  // namespace aqplan
