// Internal to the accumulator (engine/accumulator.cpp and
// accumulator_format.cpp): the fixed point, headroom and integer helpers
// shared by accumulation, summaries and the serialised form
// (aqplan/engine/accumulator.h defines them).
#pragma once

#include <cmath>
#include <cstdint>
#include <limits>
#include <string>

#include <fmt/format.h>

#include "aqplan/engine/accumulator.h"
#include "base/messages.h"

namespace aqplan::accumulator_detail {

using detail::i128;


inline constexpr double kScale = static_cast<double>(std::int64_t{1} << RunAccumulator::kFractionBits);
inline constexpr double kInf = std::numeric_limits<double>::infinity();
inline constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
// Largest |q|: llround(kMaxAbsValue·2^20) = 2^43.
inline constexpr std::int64_t kMaxAbsQ = std::int64_t{1} << 43;
inline constexpr char kMagic[8] = {'A', 'Q', 'P', 'L', 'N', 'A', 'C', 'C'};
inline constexpr std::size_t kHeaderBytes = 8 + 4 + 4 + 8 + 8 + 4;
inline constexpr std::size_t kChecksumBytes = 8;
// Per statistic, apart from the name and the histogram.
inline constexpr std::size_t kSpecFixedBytes = 4 + 8 + 8 + 8 + 8;
inline constexpr std::size_t kStateFixedBytes = 16 + 16 + 8 + 8 + 8;
// Version 2 (weighted): the weight totals after the header (u192 ΣW, u320
// ΣW², u128 max W), a statistic's fixed state (i256, u256, u192, three u64
// counts, min, max) and a histogram slot (u192).
inline constexpr std::size_t kWeightTotalsBytes = 24 + 40 + 16;
inline constexpr std::size_t kWeightedStateFixedBytes = 32 + 32 + 24 + 8 + 8 + 8 + 8 + 8;
inline constexpr std::size_t kWeightedSlotBytes = 24;

// The sizes of a version's parts.
struct FormatSizes {
  std::size_t header;       // up to the first spec
  std::size_t state_fixed;  // a statistic's state apart from its histogram
  std::size_t slot;         // a histogram slot
};
inline constexpr FormatSizes format_sizes(bool weighted) {
  return weighted ? FormatSizes{kHeaderBytes + kWeightTotalsBytes, kWeightedStateFixedBytes, kWeightedSlotBytes}
                  : FormatSizes{kHeaderBytes, kStateFixedBytes, 8};
}
// A sanity bound on a serialised name, so a corrupt length cannot ask for gigabytes.
inline constexpr std::uint32_t kMaxNameBytes = 4096;

static_assert(RunAccumulator::kMaxAbsValue * kScale == static_cast<double>(kMaxAbsQ));
// Headroom: kMaxCount · kMaxAbsQ² = 2^40 · 2^86 = 2^126 < 2^127.
static_assert(RunAccumulator::kMaxCount == (std::uint64_t{1} << 40));

// Bins of [lower, upper) by width; 0 when the spec is unusable or too large.
inline std::uint64_t bin_count(const StatSpec& s) {
  const double ratio = (s.upper - s.lower) / s.bin_width;
  if (!std::isfinite(ratio) || ratio <= 0.0 || ratio > static_cast<double>(RunAccumulator::kMaxBins)) return 0;
  const double nearest = std::round(ratio);
  const double bins = std::abs(ratio - nearest) <= 1e-9 * std::max(1.0, ratio) ? nearest : std::ceil(ratio);
  if (bins < 1.0 || bins > static_cast<double>(RunAccumulator::kMaxBins)) return 0;
  return static_cast<std::uint64_t>(bins);
}

// "'name' bin 0.5 [0, 100)", in either language.
inline Text describe_text(const StatSpec& s) { return Text(msg::acc_spec, s.name, s.bin_width, s.lower, s.upper); }

// The order statistics of a summary, in either weighting: the exact min and
// max seen and the five quantiles of statistic i.
inline void fill_order_statistics(const RunAccumulator& acc, std::size_t i, double min, double max, StatSummary& s) {
  s.min = min;
  s.max = max;
  s.p05 = acc.quantile(i, 0.05);
  s.p25 = acc.quantile(i, 0.25);
  s.p50 = acc.quantile(i, 0.50);
  s.p75 = acc.quantile(i, 0.75);
  s.p95 = acc.quantile(i, 0.95);
}

// Σ(q − a)² and b, where a = ⌊Σq/n⌋ and Σq = a·n + b, 0 ≤ b < n. No
// intermediate exceeds Σq² (a²·n ≤ (Σq)²/n ≤ Σq² by Cauchy–Schwarz) or 2^85.
struct Centred {
  i128 a;
  i128 b;
  i128 ss;  // Σ(q − a)²; ≥ 0 for a consistent state
};

inline Centred centre(i128 sum, i128 sumsq, std::uint64_t n) {
  const i128 nn = static_cast<i128>(n);
  i128 a = sum / nn;  // truncates toward zero
  i128 b = sum - a * nn;
  if (b < 0) {
    a -= 1;
    b += nn;
  }
  return {a, b, sumsq - a * a * nn - 2 * a * b};
}

inline double to_double(i128 v) { return static_cast<double>(v); }

}  // namespace aqplan::accumulator_detail
