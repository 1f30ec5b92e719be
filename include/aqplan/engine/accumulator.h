// aqplan/engine/accumulator.h — Monte Carlo accumulators for many scalar statistics
// at once (per metric and month, annual, composite index): mean, standard
// deviation, quantiles and P(meet), in memory that does not grow with the
// sample count, mergeable and serialisable so that a run split over threads or
// processes gives BIT-IDENTICAL results whatever the split and merge order.
//
// How exactness is obtained:
//   * Moments in integer fixed point. A value v becomes q = llround(v·2^20)
//     (half away from zero; resolution 2^-20 ≈ 9.5e-7 in the statistic's unit,
//     far below reporting precision: integers of µg/m³, 0.1 mg/m³ for co,
//     and 0.001 for the composite index). Each statistic keeps n, Σq and Σq²
//     as 128-bit integers. Integer addition is associative, so any grouping
//     and order of add() and merge() gives the same state bit for bit, and the
//     summary, a pure function of the state, the same doubles.
//       mean = Σq / n / 2^20
//       sd   = sqrt((n·Σq² − (Σq)²) / (n·(n−1))) / 2^20  (sd = 0 for n < 2),
//     evaluated mean-centred (Σ(q − ⌊Σq/n⌋)², exact in 128 bits) so nothing
//     overflows or cancels.
//   * Headroom, enforced, never undefined behaviour: add() rejects a value
//     with |v| > kMaxAbsValue = 2^23 (≈ 8.4e6, any unit) or not finite, and
//     add()/merge() reject a count above kMaxCount = 2^40 (≈ 1.1e12 samples),
//     throwing std::domain_error / std::overflow_error before anything is
//     changed. Within these limits |Σq| ≤ 2^83 and Σq² ≤ 2^126 < 2^127.
//   * Quantiles from a fixed-bin histogram (counts are integers, so merging
//     is exact). A StatSpec gives the bin width w and the range
//     [lower, upper); bins = ceil((upper − lower)/w) (a ratio within 1e-9 of
//     an integer counts as that integer: [0, 500) by 0.1 has 5000 bins), and
//     the histogram covers [lower, top), top = lower + bins·w. A value goes to
//     bin k = ⌊(v − lower)/w⌋ (evaluated as (v − lower)·(1/w) in double, so a
//     value on an edge may fall either side by rounding — always the same
//     side for the same value). Values below `lower` are counted in `below`,
//     values ≥ top in `above`; the exact min and max seen are also kept.
//     Quantile p (0 ≤ p ≤ 1): rank r = max(1, ceil(p·n)) (p·n in double); the
//     smallest bin whose cumulative count (starting with `below`) reaches r;
//     the result is that bin's midpoint clamped into [min, max]; r falling in
//     `below` gives min, in `above` gives max. It is within w/2 of the r-th
//     smallest sample X(r) (the plain definition, not HJ 663's interpolation;
//     p50 of an odd count is the middle sample's bin).
//   * P(meet): the caller decides "met" (HJ 663 rounding against the target)
//     and passes a flag per statistic per sample; p_meet = met/n and its
//     Monte Carlo standard error sqrt(p(1 − p)/n).
//   * -0.0 is stored as +0.0 so min/max are order-independent too.
//
// Memory per statistic: 8·(bins + 2) bytes of histogram (one contiguous
// std::vector<std::uint64_t> for all statistics, each one's slice being
// [below, bin 0 .. bin bins−1, above]) + 64 bytes of moments + 32 bytes of
// layout + the spec. E.g. 79 statistics of [0, 500) by 0.1 ≈ 3.2 MB; this
// is dense on purpose (simple, fixed size, predictable add()). Use ONE
// accumulator per worker thread (e.g. tbb::enumerable_thread_specific), not
// one per block: merging is exact in any grouping, so which thread ran which
// block does not change the result.
//
// Serialised form (serialize/deserialize), portable little-endian binary,
// fixed size for given specs (it does not grow with the count):
//   header   "AQPLNACC" (8 bytes) · u32 version = 1 · u32 fraction bits = 20
//            · u64 total length in bytes (including the checksum)
//            · u64 n · u32 number of statistics K
//   K specs  u32 name length · name (UTF-8) · f64 bin_width · f64 lower
//            · f64 upper · u64 bins
//   K states i128 Σq · i128 Σq² (two's complement, 16 bytes) · u64 met
//            · f64 min · f64 max (+inf/−inf when n = 0) · u64 counts[bins + 2]
//   trailer  u64 FNV-1a 64 of every byte before it
// (f64 = IEEE-754 binary64 bit pattern as u64.) deserialize checks the magic,
// version, length, checksum and every invariant (counts sum to n, met ≤ n,
// moments within the headroom, min ≤ max), so a corrupt, truncated or foreign
// input is rejected with AccumulatorError (a std::invalid_argument), never
// silently accepted.
//
// Units: each statistic's own (µg/m³, mg/m³ for co, 1 for the index); the
// accumulator never converts. Counts are samples.
//
// Thread safety: an accumulator is not synchronised. Each thread owns its own
// and mutates it alone (add, merge into it, clear); const methods (summary,
// serialize, merge *from* it) may run concurrently with each other. add()
// never allocates.
#pragma once

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "aqplan/base/message.h"

namespace aqplan {

namespace detail {
__extension__ typedef __int128 i128;
}  // namespace detail

// One statistic to accumulate. Units of bin_width, lower and upper are the
// statistic's (the caller decides: 0.1 for µg/m³ metrics, 0.01 for co in
// mg/m³, 0.001 for the composite index). The range is [lower, upper).
struct StatSpec {
  std::string name;  // unique within an accumulator, non-empty
  double bin_width = 0.0;
  double upper = 0.0;
  double lower = 0.0;

  bool operator==(const StatSpec&) const = default;
};

struct StatSummary {
  std::uint64_t n = 0;       // samples
  double mean = 0.0;         // NaN when n = 0 (so are sd, min, max, quantiles, p_meet, p_meet_se)
  double sd = 0.0;           // sample standard deviation (n − 1); 0 when n = 1
  double min = 0.0;          // exact min / max seen
  double max = 0.0;
  double p05 = 0.0, p25 = 0.0, p50 = 0.0, p75 = 0.0, p95 = 0.0;  // within bin_width/2 of X(r)
  std::uint64_t met = 0;     // samples whose met flag was set
  double p_meet = 0.0;       // met / n
  double p_meet_se = 0.0;    // sqrt(p_meet·(1 − p_meet)/n)
  std::uint64_t below = 0;   // samples < lower
  std::uint64_t above = 0;   // samples ≥ top of the histogram
};

// A serialised accumulator that is not whole and consistent
// (RunAccumulator::deserialize), or two accumulators of different statistics
// (merge): what() in English ("accumulator: …"), text() in either language
// (base/message.h).
class AccumulatorError : public std::invalid_argument {
 public:
  explicit AccumulatorError(Text text) : std::invalid_argument(text.str()), text_(std::move(text)) {}
  const Text& text() const { return text_; }

 private:
  Text text_;
};

class RunAccumulator {
 public:
  static constexpr int kFractionBits = 20;                           // q = llround(v·2^20)
  static constexpr double kMaxAbsValue = 8388608.0;                  // 2^23
  static constexpr std::uint64_t kMaxCount = std::uint64_t{1} << 40;  // samples
  static constexpr std::uint64_t kMaxBins = std::uint64_t{1} << 24;   // per statistic
  static constexpr std::uint32_t kFormatVersion = 1;

  // Whether add() and add_batch() take this value: finite, |v| ≤ kMaxAbsValue.
  static bool accepts(double v) noexcept { return std::abs(v) <= kMaxAbsValue; }  // NaN fails too

  // Throws std::invalid_argument listing every bad spec, one per line:
  // empty or duplicate name, bin_width not finite or ≤ 0, lower/upper not
  // finite or upper ≤ lower, more than kMaxBins bins.
  explicit RunAccumulator(std::vector<StatSpec> specs);

  std::size_t size() const { return specs_.size(); }
  const std::vector<StatSpec>& specs() const { return specs_; }
  // Index of the statistic called `name`; std::out_of_range with
  // " (did you mean 'x'?)" when there is none.
  std::size_t index(std::string_view name) const;
  // Histogram bins of statistic i (not counting below/above).
  std::uint64_t bins(std::size_t i) const;

  // One sample: values[i] and met[i] (non-zero = met) for statistic i.
  // Throws std::invalid_argument when a span's size is not size(),
  // std::domain_error when a value is not finite or |v| > kMaxAbsValue, and
  // std::overflow_error when the count would exceed kMaxCount; in every case
  // nothing is changed. No allocation.
  void add(std::span<const double> values, std::span<const std::uint8_t> met);

  // n samples at once, statistic-major: values[i·n + s] and met[i·n + s]
  // are statistic i of sample s. The resulting state is exactly that of n
  // add() calls (in any order), only faster: each statistic's samples are
  // contiguous, so its rounding, moments and bin numbers vectorise and its
  // histogram's busy bins stay in cache. Same errors as add(), checked for
  // every value before anything is changed (the first bad value in
  // statistic order is named; std::invalid_argument when a span's size is
  // not size()·n).
  void add_batch(std::span<const double> values, std::span<const std::uint8_t> met, std::size_t n);

  // Adds other's samples (other may be *this). Exact and order-independent.
  // Throws AccumulatorError (a std::invalid_argument) when the specs differ
  // (naming the first difference) and std::overflow_error when the count would exceed
  // kMaxCount; in either case nothing is changed.
  void merge(const RunAccumulator& other);

  // Forgets every sample; keeps the specs and the memory.
  void clear();

  std::uint64_t count() const { return n_; }
  StatSummary summary(std::size_t i) const;    // std::out_of_range for a bad i
  double quantile(std::size_t i, double p) const;  // as documented above; NaN when n = 0

  // Heap bytes held (histogram, moments, layout); fixed for given specs.
  std::size_t memory_bytes() const;

  std::string serialize() const;
  static RunAccumulator deserialize(std::string_view bytes);

 private:
  struct Layout {
    double lower;
    double inv_width;
    double top_index;    // bins as a double, the clamp of the scaled value
    std::size_t offset;  // of the `below` slot in hist_
  };
  struct Moments {
    detail::i128 sum = 0;    // Σq
    detail::i128 sumsq = 0;  // Σq²
    std::uint64_t met = 0;
    double min = 0.0;  // +inf / −inf while empty (set by clear())
    double max = 0.0;
  };

  // deserialize's check of one statistic's state against the count n.
  static void check_state(const Moments& m, std::span<const std::uint64_t> hist, std::uint64_t n, const Text& who);

  std::vector<StatSpec> specs_;
  std::vector<std::uint64_t> bins_;  // per statistic
  std::vector<Layout> layout_;
  std::vector<Moments> moments_;
  std::vector<std::uint64_t> hist_;
  std::uint64_t n_ = 0;
};

}  // namespace aqplan
