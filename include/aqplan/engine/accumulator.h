// aqplan/engine/accumulator.h — Monte Carlo accumulators for many scalar statistics
// at once (per metric and month, annual, composite index): mean, standard
// deviation, quantiles and P(meet), in memory that does not grow with the
// sample count, mergeable and serialisable so that a run split over threads or
// processes gives BIT-IDENTICAL results whatever the split and merge order.
//
// How exactness is obtained (unweighted, Weighting::none, the default; the
// weighted mode below builds on it):
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
// Weighted samples (Weighting::weighted, chosen at construction; the
// re-forecast of model.md §8 weights sample i by w_i = exp(−½ y'Σ⁻¹y) ∈
// (0, 1], down to about e^-88). Every statistic becomes the w-weighted one,
// still exact and order-independent, and without any global normalisation
// (parts of a run are accumulated in separate processes and merged later):
//   * A weight w (finite, 0 ≤ w ≤ 1, else std::domain_error naming the
//     sample, nothing changed) becomes the integer W = w·2^127 converted to
//     unsigned 128 bits: exact for w ≥ 2^-74 (w·2^127 ≥ 2^53 is then an
//     integer), truncated toward zero below (an error under 1, so relative
//     under 1/W: w = e^-80 gives W ≈ 3100, e^-62 gives W ≈ 2^37.6). w = 1
//     gives 2^127.
//     A sample with W = 0 counts in n and nowhere else that matters: it
//     adds 0 to every weight sum and is left out of min and max (it still
//     counts in the plain counts met, below and above, which look at no
//     weight).
//   * State, exact integers in fixed-width little-endian 64-bit limbs
//     (uN = N bits unsigned, iN two's complement). Per accumulator: n,
//     ΣW (u192), ΣW² (u320) and the largest W seen (u128; a max is
//     order-independent). Per statistic: ΣW·q (i256), ΣW·q² (u256), ΣW over
//     met samples (u192), the counts met, below and above (u64), min and max
//     over samples with W > 0, and per histogram slot the weight sum (u192)
//     instead of a count. Every statistic sees every sample, so its weight
//     sum is the accumulator's ΣW (and its slots add up to exactly that).
//   * Headroom, with n ≤ kMaxCount = 2^40, W ≤ 2^127, |q| ≤ 2^43:
//       ΣW, a slot's or the met weight ≤ 2^40·2^127 = 2^167 < 2^192;
//       ΣW² ≤ 2^40·2^254 = 2^294 < 2^320;
//       |ΣW·q| ≤ 2^167·2^43 = 2^210 < 2^255;
//       ΣW·q² ≤ 2^167·2^86 = 2^253 < 2^256.
//     add_batch sums a part of at most 256 = 2^8 samples of one statistic in
//     128-bit registers first, exactly: with q' = q + 2^43 ∈ [0, 2^44]
//     (unsigned) and W written as M·2^(11g) (W has at most 53 significant
//     bits, so g = ⌊ctz(W)/11⌋ leaves M < 2^63), samples taken group by
//     group give Y = M·q' < 2^107 = y0 + y1·2^64 (y1 < 2^43), and the
//     group's ΣM·q' < 2^115, Σy0·q' < 2^116, Σy1·q' < 2^95 do not wrap;
//     shifted by 11g they make the part's ΣW·q' and ΣW·q'², and then
//     ΣW·q = ΣW·q' − 2^43·ΣW and ΣW·q² = ΣW·q'² − 2^44·ΣW·q' + 2^86·ΣW,
//     formed modulo 2^256 (exact: the true values lie within the bounds
//     above), are added to the statistic's.
//     Integer addition is associative, so the state is bit for bit the same
//     for any split and merge order, as unweighted.
//   * Summary of a weighted statistic (V1 = ΣW, V2 = ΣW²; NaN for mean, sd,
//     min, max, quantiles, p_meet and p_meet_se while V1 = 0):
//       mean = ΣW·q / V1 / 2^20, as unweighted: a = ⌊ΣW·q / V1⌋ (exact
//         integer division), b = ΣW·q − a·V1, mean = (a + b/V1)/2^20;
//       sd: the reliability-weights (unbiased) estimator
//         sd² = Σw(x − mean)² / (Σw − Σw²/Σw)
//             = (ΣW(q − a)² − b²/V1) / ((V1² − V2)/V1) / 2^40,
//         where ΣW(q − a)² and V1² − V2 = Σ_{i≠j} W_i·W_j are exact integers,
//         evaluated in long double; sd = 0 when V1² = V2 (one sample of
//         positive weight). With every weight equal it is the unweighted
//         sd (n − 1);
//       quantile p: the threshold r = ceil(p·V1), p·V1 a double product
//         (as p·n unweighted) and r clamped to [1, V1] (so p = 0 asks for
//         any positive weight); the smallest bin whose cumulative weight
//         (starting with `below`) reaches r, its midpoint clamped into
//         [min, max] of the samples with W > 0; r in `below` gives min, in
//         `above` gives max. With every weight equal to 2^-k this is the
//         unweighted rank rule exactly;
//       p_meet = ΣW_met / V1 (the two sums rounded to double, then divided),
//         p_meet_se = sqrt(p_meet·(1 − p_meet)/ess);
//       ess = V1²/V2 = (Σw)²/Σw², the effective sample size (Kish), in
//         long double; 0 while V1 = 0. An unweighted accumulator reports
//         ess = n.
//     Each is a pure function of the exact state, hence the same doubles for
//     the same samples however they were split. With every w = 1 (W = 2^127)
//     mean, quantiles, p_meet, p_meet_se and ess equal the unweighted
//     accumulator's bit for bit (the same double operations on values scaled
//     by 2^127); sd agrees within a few ulps (long double instead of double).
//
// Memory per statistic: 8·(bins + 2) bytes of histogram (one contiguous
// std::vector<std::uint64_t> for all statistics, each one's slice being
// [below, bin 0 .. bin bins−1, above]; 24 bytes a slot when weighted, its
// three limbs adjacent) + 64 bytes of moments (+ 104 weighted) + 32 bytes
// of layout + the spec. E.g. 79 statistics of [0, 500) by 0.1 ≈ 3.2 MB
// (≈ 9.5 MB weighted); this is dense on purpose (simple, fixed size,
// predictable add()). Use ONE
// accumulator per worker thread (e.g. tbb::enumerable_thread_specific), not
// one per block: merging is exact in any grouping, so which thread ran which
// block does not change the result.
//
// Serialised form (serialize/deserialize), portable little-endian binary,
// fixed size for given specs (it does not grow with the count). Version 1,
// an unweighted accumulator:
//   header   "AQPLNACC" (8 bytes) · u32 version = 1 · u32 fraction bits = 20
//            · u64 total length in bytes (including the checksum)
//            · u64 n · u32 number of statistics K
//   K specs  u32 name length · name (UTF-8) · f64 bin_width · f64 lower
//            · f64 upper · u64 bins
//   K states i128 Σq · i128 Σq² (two's complement, 16 bytes) · u64 met
//            · f64 min · f64 max (+inf/−inf when n = 0) · u64 counts[bins + 2]
//   trailer  u64 FNV-1a 64 of every byte before it
// Version 2, a weighted accumulator (a wide integer is its 64-bit limbs,
// least significant first, each a u64):
//   header   as version 1 with version = 2, then u192 ΣW · u320 ΣW²
//            · u128 max W
//   K specs  as version 1
//   K states i256 ΣW·q · u256 ΣW·q² · u192 ΣW of met samples · u64 met
//            · u64 below · u64 above · f64 min · f64 max (+inf/−inf while
//            ΣW = 0) · u192 weights[bins + 2]
//   trailer  as version 1
// (f64 = IEEE-754 binary64 bit pattern as u64.) An unweighted accumulator
// always writes version 1, byte for byte as before weights existed.
// deserialize reads both and checks the magic, version, length, checksum and
// every invariant — version 1: counts sum to n, met ≤ n, moments within the
// headroom, min ≤ max; version 2: max W ≤ 2^127, max W ≤ ΣW ≤ n·max W,
// (max W)² ≤ ΣW² ≤ max W·ΣW, per statistic the slots' weights add up to
// ΣW, the met weight ≤ ΣW, met ≤ n (and ≥ 1 when the met weight > 0),
// below + above ≤ n (each ≥ 1 when its slot has weight), |ΣW·q| ≤ 2^43·ΣW, ΣW·q² ≤ 2^86·ΣW, (ΣW·q)² ≤ ΣW·ΣW·q²,
// min ≤ max (±inf exactly when ΣW = 0) — so a corrupt, truncated or foreign
// input is rejected with AccumulatorError (a std::invalid_argument), never
// silently accepted.
//
// Units: each statistic's own (µg/m³, mg/m³ for co, 1 for the index); the
// accumulator never converts. Counts are samples; weights are w (1 at most).
//
// Thread safety: an accumulator is not synchronised. Each thread owns its own
// and mutates it alone (add, merge into it, clear); const methods (summary,
// serialize, merge *from* it) may run concurrently with each other. add()
// never allocates.
#pragma once

#include <array>
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
// A fixed-width integer of N 64-bit limbs, least significant first: the
// weighted accumulator's exact sums (arithmetic in src/engine/accumulator_wide.h).
template <std::size_t N>
struct Limbs {
  std::array<std::uint64_t, N> w{};
  bool operator==(const Limbs&) const = default;
};
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

// Whether samples carry weights (see above); fixed at construction.
enum class Weighting { none, weighted };

// One statistic's results. "Weighted" below means an accumulator made with
// Weighting::weighted; "no weight" means n = 0 unweighted, ΣW = 0 weighted.
struct StatSummary {
  std::uint64_t n = 0;       // samples (weighted: also those with W = 0)
  double mean = 0.0;         // NaN with no weight (so are sd, min, max, quantiles, p_meet, p_meet_se);
                             // weighted: the w-weighted mean
  double sd = 0.0;           // sample standard deviation (n − 1); 0 when n = 1. Weighted: the
                             // reliability-weights estimator; 0 with one sample of positive weight
  double min = 0.0;          // exact min / max seen (weighted: of samples with W > 0)
  double max = 0.0;
  double p05 = 0.0, p25 = 0.0, p50 = 0.0, p75 = 0.0, p95 = 0.0;  // within bin_width/2 of X(r)
                                                                 // (weighted: of the weighted quantile)
  std::uint64_t met = 0;     // samples whose met flag was set (weighted too: a count, whatever the weight)
  double p_meet = 0.0;       // met / n; weighted: Σw over met samples / Σw
  double p_meet_se = 0.0;    // sqrt(p_meet·(1 − p_meet)/ess)
  std::uint64_t below = 0;   // samples < lower (weighted too: a count, whatever the weight)
  std::uint64_t above = 0;   // samples ≥ top of the histogram (likewise)
  double ess = 0.0;          // effective sample size: n unweighted; (Σw)²/Σw² weighted (0 with no weight)
};

// A serialised accumulator that is not whole and consistent
// (RunAccumulator::deserialize), or two accumulators of different statistics
// or weighting (merge): what() in English ("accumulator: …"), text() in
// either language (base/message.h).
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
  static constexpr int kWeightBits = 127;                            // W = w·2^127
  static constexpr std::uint32_t kFormatVersion = 1;                 // serialised unweighted
  static constexpr std::uint32_t kWeightedFormatVersion = 2;         // serialised weighted

  // Whether add() and add_batch() take this value: finite, |v| ≤ kMaxAbsValue.
  static bool accepts(double v) noexcept { return std::abs(v) <= kMaxAbsValue; }  // NaN fails too
  // Whether they take this weight: 0 ≤ w ≤ 1 (NaN fails).
  static bool accepts_weight(double w) noexcept { return w >= 0.0 && w <= 1.0; }

  // Throws std::invalid_argument listing every bad spec, one per line:
  // empty or duplicate name, bin_width not finite or ≤ 0, lower/upper not
  // finite or upper ≤ lower, more than kMaxBins bins.
  explicit RunAccumulator(std::vector<StatSpec> specs, Weighting weighting = Weighting::none);

  std::size_t size() const { return specs_.size(); }
  const std::vector<StatSpec>& specs() const { return specs_; }
  bool weighted() const { return weighting_ == Weighting::weighted; }
  // Index of the statistic called `name`; std::out_of_range with
  // " (did you mean 'x'?)" when there is none.
  std::size_t index(std::string_view name) const;
  // Histogram bins of statistic i (not counting below/above).
  std::uint64_t bins(std::size_t i) const;

  // One sample: values[i] and met[i] (non-zero = met) for statistic i.
  // Throws std::invalid_argument when a span's size is not size(),
  // std::domain_error when a value is not finite or |v| > kMaxAbsValue, and
  // std::overflow_error when the count would exceed kMaxCount; in every case
  // nothing is changed. No allocation. Unweighted only; the second form,
  // weighted only, takes the sample's weight (std::domain_error when not
  // accepts_weight). The other form throws std::invalid_argument.
  void add(std::span<const double> values, std::span<const std::uint8_t> met);
  void add(std::span<const double> values, std::span<const std::uint8_t> met, double weight);

  // n samples at once, statistic-major: values[i·n + s] and met[i·n + s]
  // are statistic i of sample s. The resulting state is exactly that of n
  // add() calls (in any order), only faster: each statistic's samples are
  // contiguous, so its rounding, moments and bin numbers vectorise and its
  // histogram's busy bins stay in cache. Same errors as add(), checked for
  // every value before anything is changed (the first bad value in
  // statistic order is named; std::invalid_argument when a span's size is
  // not size()·n). Unweighted only; the second form, weighted only, takes
  // weights[s] of sample s (std::invalid_argument when weights.size() ≠ n,
  // std::domain_error naming the first sample whose weight is not
  // accepts_weight, after the values are checked).
  void add_batch(std::span<const double> values, std::span<const std::uint8_t> met, std::size_t n);
  void add_batch(std::span<const double> values, std::span<const std::uint8_t> met, std::size_t n,
                 std::span<const double> weights);

  // Adds other's samples (other may be *this). Exact and order-independent.
  // Throws AccumulatorError (a std::invalid_argument) when the specs or the
  // weighting differ (naming the first difference) and std::overflow_error
  // when the count would exceed kMaxCount; in either case nothing is changed.
  void merge(const RunAccumulator& other);

  // Forgets every sample; keeps the specs, the weighting and the memory.
  void clear();

  std::uint64_t count() const { return n_; }
  StatSummary summary(std::size_t i) const;    // std::out_of_range for a bad i
  double quantile(std::size_t i, double p) const;  // as documented above; NaN with no weight

  // The run's effective sample size (Σw)²/Σw² (0 with no weight); n when unweighted.
  double ess() const;
  // The largest weight w added (exact for w ≥ 2^-74; 0 with none); 1 when
  // unweighted and not empty.
  double max_weight() const;
  // Σw; n when unweighted.
  long double weight_sum() const;

  // Heap bytes held (histogram, moments, layout); fixed for given specs.
  std::size_t memory_bytes() const;

  std::string serialize() const;
  static RunAccumulator deserialize(std::string_view bytes);  // either version

 private:
  struct Layout {
    double lower;
    double inv_width;
    double top_index;    // bins as a double, the clamp of the scaled value
    std::size_t offset;  // of the `below` slot in hist_, in words (a slot is 3 words weighted)
  };
  struct Moments {
    detail::i128 sum = 0;    // Σq (unweighted)
    detail::i128 sumsq = 0;  // Σq² (unweighted)
    std::uint64_t met = 0;
    double min = 0.0;  // +inf / −inf while empty (set by clear())
    double max = 0.0;
  };
  // A weighted statistic's sums (besides Moments::met, min and max).
  struct WeightedMoments {
    detail::Limbs<4> wq;    // ΣW·q, two's complement
    detail::Limbs<4> wqq;   // ΣW·q²
    detail::Limbs<3> wmet;  // ΣW over met samples
    std::uint64_t below = 0;  // samples below / above the histogram
    std::uint64_t above = 0;
  };
  struct PartWeights;

  // add()'s and add_batch()'s checks of sizes, values and the count (they throw, see above).
  void check_sample(std::span<const double> values, std::span<const std::uint8_t> met) const;
  void check_batch(std::span<const double> values, std::span<const std::uint8_t> met, std::size_t n) const;
  void add_weighted(std::span<const double> values, std::span<const std::uint8_t> met, std::size_t n,
                    std::span<const double> weights);
  void add_weighted_part(std::size_t i, const double* v, const std::uint8_t* met, const PartWeights& pw);
  void merge_weighted(const RunAccumulator& other);
  double weighted_quantile(std::size_t i, double p) const;
  void weighted_summary(std::size_t i, StatSummary& s) const;

  // deserialize's check of one statistic's state against the count n.
  static void check_state(const Moments& m, std::span<const std::uint64_t> hist, std::uint64_t n, const Text& who);
  // The same for a weighted accumulator: its totals, then one statistic.
  void check_weight_totals() const;
  void check_weighted_state(std::size_t i, const Text& who) const;

  std::vector<StatSpec> specs_;
  Weighting weighting_ = Weighting::none;
  std::vector<std::uint64_t> bins_;  // per statistic
  std::vector<Layout> layout_;
  std::vector<Moments> moments_;
  std::vector<WeightedMoments> wmoments_;  // weighted only
  std::vector<std::uint64_t> hist_;
  std::uint64_t n_ = 0;
  detail::Limbs<3> wsum_;  // ΣW (weighted)
  detail::Limbs<5> wsq_;   // ΣW²
  detail::Limbs<2> wmax_;  // max W
};

}  // namespace aqplan
