// The weighted RunAccumulator (Weighting::weighted, aqplan/engine/accumulator.h):
// weighted statistics from exact integer sums, the same bytes for any order,
// split and merge, tiny weights, the version-2 serialised form and bad input.
#include "aqplan/engine/accumulator.h"
#include "aqplan/base/text.h"

#include <algorithm>
#include <array>
#include <bit>
#include <cmath>
#include <cstdint>
#include <functional>
#include <limits>
#include <numeric>
#include <random>
#include <stdexcept>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <gtest/gtest.h>

#include "aqplan/base/simd.h"
#include "kernels/dispatch.h"
#include "test_util.h"

namespace aqplan {
namespace {

constexpr double kQuantum = 1.0 / 1048576.0;  // 2^-20
__extension__ typedef unsigned __int128 u128;

template <class E>
std::string error_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const E& e) {
    return e.what();
  }
  return "(no error)";
}

std::vector<StatSpec> three_specs() {
  return {{"pm25.annual", 0.1, 200.0, 0.0}, {"co.annual", 0.01, 10.0, 0.0}, {"delta", 0.001, 2.0, -2.0}};
}

struct Sample {
  std::array<double, 3> v;
  std::array<std::uint8_t, 3> met;
  double w = 1.0;
};

// Values shaped like the engine's, some outside the histograms; weights
// e^-x with x uniform in [0, spread] (spread 0: every weight 1).
std::vector<Sample> random_samples(std::size_t n, std::uint64_t seed, double spread) {
  std::mt19937_64 rng(seed);
  std::lognormal_distribution<double> pm(std::log(45.0), 0.25);
  std::lognormal_distribution<double> co(std::log(1.6), 0.3);
  std::normal_distribution<double> delta(-0.1, 0.8);
  std::uniform_real_distribution<double> x(0.0, spread);
  std::vector<Sample> out(n);
  for (std::size_t j = 0; j < n; ++j) {
    Sample& s = out[j];
    s.v = {pm(rng), co(rng), delta(rng)};
    if (j % 97 == 5) s.v[0] = 250.0 + static_cast<double>(j);  // above pm25's histogram
    s.met = {static_cast<std::uint8_t>(std::round(s.v[0]) <= 45.0), static_cast<std::uint8_t>(s.v[1] <= 1.8),
             static_cast<std::uint8_t>(s.v[2] <= 0.0)};
    s.w = spread > 0.0 ? std::exp(-x(rng)) : 1.0;
  }
  return out;
}

void add_each(RunAccumulator& acc, const std::vector<Sample>& xs, std::size_t begin, std::size_t end) {
  for (std::size_t j = begin; j < end; ++j) {
    if (acc.weighted()) acc.add(xs[j].v, xs[j].met, xs[j].w);
    else acc.add(xs[j].v, xs[j].met);
  }
}

// Samples [begin, end) as one add_batch (statistic-major).
void add_as_batch(RunAccumulator& acc, const std::vector<Sample>& xs, std::size_t begin, std::size_t end) {
  const std::size_t n = end - begin;
  std::vector<double> v, w;
  std::vector<std::uint8_t> met;
  for (std::size_t i = 0; i < 3; ++i) {
    for (std::size_t s = begin; s < end; ++s) {
      v.push_back(xs[s].v[i]);
      met.push_back(xs[s].met[i]);
    }
  }
  for (std::size_t s = begin; s < end; ++s) w.push_back(xs[s].w);
  if (acc.weighted()) acc.add_batch(v, met, n, w);
  else acc.add_batch(v, met, n);
}

void add_one(RunAccumulator& acc, double v, double w, bool met = false) {
  const double values[1] = {v};
  const std::uint8_t flags[1] = {static_cast<std::uint8_t>(met)};
  acc.add(values, flags, w);
}

// W = w·2^127 as the accumulator takes it.
u128 weight_integer(double w) { return static_cast<u128>(w * 0x1p127); }

void expect_same_summary(const StatSummary& a, const StatSummary& b) {
  EXPECT_EQ(a.n, b.n);
  EXPECT_EQ(a.mean, b.mean);
  EXPECT_EQ(a.sd, b.sd);
  EXPECT_EQ(a.min, b.min);
  EXPECT_EQ(a.max, b.max);
  EXPECT_EQ(a.p05, b.p05);
  EXPECT_EQ(a.p25, b.p25);
  EXPECT_EQ(a.p50, b.p50);
  EXPECT_EQ(a.p75, b.p75);
  EXPECT_EQ(a.p95, b.p95);
  EXPECT_EQ(a.met, b.met);
  EXPECT_EQ(a.p_meet, b.p_meet);
  EXPECT_EQ(a.p_meet_se, b.p_meet_se);
  EXPECT_EQ(a.below, b.below);
  EXPECT_EQ(a.above, b.above);
  EXPECT_EQ(a.ess, b.ess);
}

// --- (a) equal weights: the unweighted accumulator's results ------------------

TEST(AccumulatorWeighted, EqualDyadicWeightsGiveTheUnweightedSummary) {
  // With W the same power of two for every sample, every weighted sum is the
  // unweighted one times W, and the summary's double operations scale
  // exactly: the same doubles. sd is evaluated in long double from the
  // exact sums (the unweighted in double), so it agrees to a few ulps only.
  std::vector<Sample> xs = random_samples(3000, 7, 0.0);
  RunAccumulator plain(three_specs());
  add_each(plain, xs, 0, xs.size());
  for (double w : {1.0, 0x1p-40, 0x1p-100}) {
    for (Sample& s : xs) s.w = w;
    RunAccumulator one_by_one(three_specs(), Weighting::weighted), batched(three_specs(), Weighting::weighted);
    add_each(one_by_one, xs, 0, xs.size());
    add_as_batch(batched, xs, 0, 1000);
    add_as_batch(batched, xs, 1000, xs.size());
    EXPECT_TRUE(one_by_one.serialize() == batched.serialize()) << w;
    EXPECT_EQ(batched.ess(), 3000.0);
    EXPECT_EQ(batched.max_weight(), w);
    EXPECT_EQ(batched.weight_sum(), 3000.0L * w);
    for (std::size_t i = 0; i < 3; ++i) {
      const StatSummary u = plain.summary(i), s = batched.summary(i);
      EXPECT_EQ(s.n, u.n);
      EXPECT_EQ(s.mean, u.mean) << i << " w=" << w;
      EXPECT_NEAR(s.sd, u.sd, 4 * std::numeric_limits<double>::epsilon() * u.sd) << i << " w=" << w;
      EXPECT_GT(s.sd, 0.01);
      EXPECT_EQ(s.min, u.min);
      EXPECT_EQ(s.max, u.max);
      EXPECT_EQ(s.p05, u.p05) << i;
      EXPECT_EQ(s.p25, u.p25) << i;
      EXPECT_EQ(s.p50, u.p50) << i;
      EXPECT_EQ(s.p75, u.p75) << i;
      EXPECT_EQ(s.p95, u.p95) << i;
      for (double p : {0.0, 0.001, 0.5, 0.999, 1.0}) EXPECT_EQ(batched.quantile(i, p), plain.quantile(i, p)) << i << p;
      EXPECT_EQ(s.met, u.met);
      EXPECT_EQ(s.p_meet, u.p_meet) << i;
      EXPECT_EQ(s.p_meet_se, u.p_meet_se) << i;
      EXPECT_EQ(s.below, u.below);
      EXPECT_EQ(s.above, u.above);
      EXPECT_EQ(s.ess, u.ess);
    }
  }
  EXPECT_GT(plain.summary(0).above, 0u);  // the "above" path is exercised
  EXPECT_EQ(plain.summary(0).ess, 3000.0);
  EXPECT_EQ(plain.ess(), 3000.0);
  EXPECT_EQ(plain.max_weight(), 1.0);
  EXPECT_EQ(plain.weight_sum(), 3000.0L);
}

TEST(AccumulatorWeighted, QuantisationIsLlroundOfTwoToTheTwenty) {
  // The weighted path rounds q = llround(v·2^20) on its own (as q + 2^43):
  // ties of both signs and parities and the extremes ±2^43, five copies (four
  // vector lanes and the scalar tail), weight 1: the mean is q·2^-20 exactly.
  std::vector<double> qs = {0.5, -0.5, 1.5, -1.5, 2.5, -2.5, 0.49999999999999994, -0.49999999999999994, 1234567.5,
                            -1234567.5, 8796093022207.5, -8796093022207.5, 8796093022208.0, -8796093022208.0, 0.0};
  std::mt19937_64 rng(3);
  std::uniform_real_distribution<double> any(-8796093022208.0, 8796093022208.0);
  for (int i = 0; i < 200; ++i) qs.push_back(any(rng));
  for (double q : qs) {
    const double v = q * kQuantum;
    RunAccumulator acc({{"x", 0.1, 1.0}}, Weighting::weighted);
    const double values[5] = {v, v, v, v, v};
    const std::uint8_t met[5] = {0, 0, 0, 0, 0};
    const double w[5] = {1.0, 1.0, 1.0, 1.0, 1.0};
    acc.add_batch(values, met, 5, w);
    EXPECT_EQ(acc.summary(0).mean, static_cast<double>(std::llround(q)) * kQuantum) << q;
    EXPECT_EQ(acc.summary(0).sd, 0.0) << q;
    EXPECT_EQ(acc.summary(0).min, v + 0.0) << q;
  }
}

// --- (b) integer weights: repeated samples ----------------------------------------

TEST(AccumulatorWeighted, IntegerWeightsActAsRepeatedSamples) {
  // Weight 2^-k·m is m copies of the sample, for the mean, the quantiles and
  // P(meet) bit for bit (every sum is the copies' times 2^(127−k)); k = 110
  // puts W down at 2^17·m. sd and ess are the reliability-weights ones, not
  // the copies' (ess = (Σm)²/Σm²).
  const std::vector<Sample> xs = random_samples(700, 21, 0.0);
  for (int k : {2, 60, 110}) {
    RunAccumulator copies(three_specs()), weighted(three_specs(), Weighting::weighted);
    double sum_m = 0.0, sum_m2 = 0.0;
    for (std::size_t j = 0; j < xs.size(); ++j) {
      const int m = 1 + static_cast<int>(j % 3);
      for (int c = 0; c < m; ++c) copies.add(xs[j].v, xs[j].met);
      weighted.add(xs[j].v, xs[j].met, std::ldexp(m, -k));
      sum_m += m;
      sum_m2 += m * m;
    }
    EXPECT_DOUBLE_EQ(weighted.ess(), sum_m * sum_m / sum_m2);
    for (std::size_t i = 0; i < 3; ++i) {
      const StatSummary c = copies.summary(i), w = weighted.summary(i);
      EXPECT_EQ(w.mean, c.mean) << i << " k=" << k;
      EXPECT_EQ(w.p05, c.p05) << i;
      EXPECT_EQ(w.p25, c.p25) << i;
      EXPECT_EQ(w.p50, c.p50) << i;
      EXPECT_EQ(w.p75, c.p75) << i;
      EXPECT_EQ(w.p95, c.p95) << i;
      EXPECT_EQ(w.p_meet, c.p_meet) << i;
      EXPECT_EQ(w.min, c.min);
      EXPECT_EQ(w.max, c.max);
      EXPECT_EQ(w.n, xs.size());
      EXPECT_EQ(w.ess, weighted.ess());
      EXPECT_NE(w.sd, c.sd);  // a different estimator, close for many samples
      EXPECT_NEAR(w.sd, c.sd, 0.01 * c.sd);
    }
  }
}

// --- (c) bit identity ------------------------------------------------------------

TEST(AccumulatorWeighted, SameBytesForAnyOrderSplitAndMerge) {
  std::vector<Sample> xs = random_samples(6000, 42, 85.0);
  for (std::size_t j = 0; j < xs.size(); j += 101) xs[j].w = 1.0;
  for (std::size_t j = 7; j < xs.size(); j += 211) xs[j].w = 0.0;       // counts, carries no weight
  for (std::size_t j = 9; j < xs.size(); j += 307) xs[j].w = 1e-300;    // W = 0 too
  for (std::size_t j = 11; j < xs.size(); j += 401) xs[j].w = 3e-23;  // below 2^-74: truncated
  RunAccumulator forward(three_specs(), Weighting::weighted);
  add_each(forward, xs, 0, xs.size());
  const std::string want = forward.serialize();

  RunAccumulator backward(three_specs(), Weighting::weighted);
  for (std::size_t j = xs.size(); j-- > 0;) add_each(backward, xs, j, j + 1);
  EXPECT_TRUE(backward.serialize() == want);

  std::vector<Sample> shuffled = xs;
  std::shuffle(shuffled.begin(), shuffled.end(), std::mt19937_64(5));
  RunAccumulator batches(three_specs(), Weighting::weighted);
  std::size_t at = 0;
  for (std::size_t n : {1u, 7u, 64u, 256u, 300u, 1000u, 2999u, 1373u}) {
    add_as_batch(batches, shuffled, at, at + n);
    at += n;
  }
  ASSERT_EQ(at, xs.size());
  EXPECT_TRUE(batches.serialize() == want);

  // Parts merged in several orders and tree shapes, some through their bytes.
  const std::vector<std::size_t> sizes{1, 2500, 37, 1800, 999, 663};
  std::vector<RunAccumulator> parts;
  at = 0;
  for (std::size_t n : sizes) {
    parts.emplace_back(three_specs(), Weighting::weighted);
    add_as_batch(parts.back(), xs, at, at + n);
    at += n;
  }
  RunAccumulator folded(three_specs(), Weighting::weighted);
  for (std::size_t k : {3u, 5u, 0u, 4u, 1u, 2u}) folded.merge(RunAccumulator::deserialize(parts[k].serialize()));
  RunAccumulator tree = parts[5];
  RunAccumulator left = parts[0];
  left.merge(parts[1]);
  RunAccumulator right = parts[2];
  right.merge(parts[3]);
  right.merge(parts[4]);
  tree.merge(right);
  tree.merge(left);
  for (const RunAccumulator* got : {&folded, &tree}) {
    EXPECT_TRUE(got->serialize() == want);
    EXPECT_EQ(got->ess(), forward.ess());
    for (std::size_t i = 0; i < 3; ++i) expect_same_summary(got->summary(i), forward.summary(i));
  }
  EXPECT_EQ(forward.count(), xs.size());
  EXPECT_GT(forward.ess(), 1.0);
  EXPECT_LT(forward.ess(), 0.2 * static_cast<double>(xs.size()));
}

// The weighted part's vector kernel at every instruction set level this CPU
// runs: the same bytes as the baseline's.
using AccumulatorWeightedSimd = test::EverySimdLevel;
TEST_F(AccumulatorWeightedSimd, EveryLevelGivesTheSameBytes) {
  const std::vector<Sample> xs = random_samples(1500, 13, 85.0);
  auto run = [&](SimdLevel level) {
    EXPECT_TRUE(detail::force_simd_level(level));
    RunAccumulator acc(three_specs(), Weighting::weighted);
    add_as_batch(acc, xs, 0, 1003);  // parts of 256 and a tail of 235
    add_as_batch(acc, xs, 1003, xs.size());
    return acc.serialize();
  };
  const std::string base = run(SimdLevel::baseline);
  for (SimdLevel level : levels()) EXPECT_TRUE(run(level) == base) << simd_level_name(level);
}

TEST(AccumulatorWeighted, SelfMergeDoublesEverySum) {
  const std::vector<Sample> xs = random_samples(300, 8, 30.0);
  RunAccumulator a(three_specs(), Weighting::weighted), twice(three_specs(), Weighting::weighted);
  add_each(a, xs, 0, xs.size());
  add_each(twice, xs, 0, xs.size());
  add_each(twice, xs, 0, xs.size());
  a.merge(a);
  EXPECT_TRUE(a.serialize() == twice.serialize());
}

// --- (d) tiny weights ------------------------------------------------------------

TEST(AccumulatorWeighted, TinyWeightsGiveRelativeResults) {
  // e^-80 is W ≈ 3100 (truncated: relative error < 1/W), 3·e^-80 ≈ 9300.
  const double w1 = std::exp(-80.0), w2 = 3.0 * std::exp(-80.0);
  RunAccumulator acc({{"x", 0.5, 100.0}}, Weighting::weighted);
  add_one(acc, 10.25, w1, false);  // bin midpoints
  add_one(acc, 20.25, w2, true);
  const double W1 = static_cast<double>(weight_integer(w1)), W2 = static_cast<double>(weight_integer(w2));
  ASSERT_GT(W1, 3000.0);
  const StatSummary s = acc.summary(0);
  EXPECT_EQ(s.p_meet, W2 / (W1 + W2));  // the exact integer ratio
  EXPECT_NEAR(s.p_meet, 0.75, 2.0 / W1);
  EXPECT_NEAR(s.mean, (10.25 * W1 + 20.25 * W2) / (W1 + W2), 1e-12);
  EXPECT_NEAR(s.mean, 17.75, 40.0 / W1);
  EXPECT_EQ(acc.quantile(0, 0.2), 10.25);  // weight ≈ 1/4 at 10.25
  EXPECT_EQ(acc.quantile(0, 0.3), 20.25);
  EXPECT_EQ(s.p50, 20.25);
  EXPECT_NEAR(acc.ess(), (W1 + W2) * (W1 + W2) / (W1 * W1 + W2 * W2), 1e-12);  // ≈ 1.6
  EXPECT_NEAR(acc.max_weight(), w2, w2 / W2);
  EXPECT_NEAR(static_cast<double>(acc.weight_sum()), w1 + w2, 2.0 * w2 / W2);
}

TEST(AccumulatorWeighted, ScalingEveryWeightChangesNothingButRounding) {
  // Weights in [e^-5, 1], and the same times e^-60 (the largest weight of a
  // run with many observations): W keeps about 37 bits, so the statistics
  // agree to about 1e-10 relative, quantiles exactly here. And weights e^-60
  // mixed with e^-80: the first dominate by e^20.
  const std::vector<Sample> xs = random_samples(2000, 17, 5.0);
  RunAccumulator big(three_specs(), Weighting::weighted), small(three_specs(), Weighting::weighted),
      mixed(three_specs(), Weighting::weighted), dominant(three_specs(), Weighting::weighted);
  const double scale = std::exp(-60.0);
  for (std::size_t j = 0; j < xs.size(); ++j) {
    big.add(xs[j].v, xs[j].met, xs[j].w);
    small.add(xs[j].v, xs[j].met, xs[j].w * scale);
    // Even samples at e^-60·w, odd ones e^-80·w.
    const bool even = j % 2 == 0;
    mixed.add(xs[j].v, xs[j].met, xs[j].w * (even ? scale : std::exp(-80.0)));
    if (even) dominant.add(xs[j].v, xs[j].met, xs[j].w);
  }
  EXPECT_NEAR(small.ess(), big.ess(), 1e-9 * big.ess());
  EXPECT_NEAR(mixed.ess(), dominant.ess(), 1e-6 * dominant.ess());
  for (std::size_t i = 0; i < 3; ++i) {
    const StatSummary b = big.summary(i), s = small.summary(i), m = mixed.summary(i), d = dominant.summary(i);
    EXPECT_NEAR(s.mean, b.mean, 1e-9 * std::abs(b.mean) + kQuantum) << i;
    EXPECT_NEAR(s.sd, b.sd, 1e-9 * b.sd) << i;
    EXPECT_NEAR(s.p_meet, b.p_meet, 1e-9) << i;
    EXPECT_EQ(s.p50, b.p50) << i;
    EXPECT_NEAR(m.mean, d.mean, 1e-6 * std::abs(d.mean) + kQuantum) << i;
    EXPECT_NEAR(m.p_meet, d.p_meet, 1e-6) << i;
    EXPECT_NEAR(m.p50, d.p50, three_specs()[i].bin_width) << i;
  }
}

TEST(AccumulatorWeighted, ZeroWeightCountsButIsNotSeen) {
  // w = 1e-40 < 2^-127: W = 0. It counts in n and in the plain counts, and
  // nowhere else; with no weight at all the statistics are NaN.
  RunAccumulator acc({{"x", 1.0, 100.0}}, Weighting::weighted);
  add_one(acc, -50.0, 1e-40, true);  // below the histogram, met
  add_one(acc, 250.0, 0.0, true);    // above
  StatSummary s = acc.summary(0);
  EXPECT_EQ(s.n, 2u);
  EXPECT_EQ(s.met, 2u);
  EXPECT_EQ(s.below, 1u);
  EXPECT_EQ(s.above, 1u);
  EXPECT_TRUE(std::isnan(s.mean));
  EXPECT_TRUE(std::isnan(s.min));
  EXPECT_TRUE(std::isnan(s.p50));
  EXPECT_TRUE(std::isnan(s.p_meet));
  EXPECT_EQ(s.ess, 0.0);
  EXPECT_EQ(acc.ess(), 0.0);
  EXPECT_EQ(acc.max_weight(), 0.0);
  EXPECT_TRUE(std::isnan(acc.quantile(0, 0.5)));
  EXPECT_EQ(RunAccumulator::deserialize(acc.serialize()).serialize(), acc.serialize());
  add_one(acc, 42.5, 0.5, false);
  s = acc.summary(0);
  EXPECT_EQ(s.mean, 42.5);
  EXPECT_EQ(s.sd, 0.0);  // one sample of positive weight
  EXPECT_EQ(s.min, 42.5);
  EXPECT_EQ(s.max, 42.5);
  EXPECT_EQ(s.p05, 42.5);
  EXPECT_EQ(s.p_meet, 0.0);
  EXPECT_EQ(s.ess, 1.0);
  EXPECT_EQ(acc.max_weight(), 0.5);
}

// --- the weighted estimators -----------------------------------------------------

TEST(AccumulatorWeighted, MomentsFollowTheDocumentedFormulas) {
  // A small case by hand: x = {1.25, 2.25, 4.25, 7.25} (bin midpoints),
  // w = {1/2, 1/4, 1, 1/8}.
  const double x[4] = {1.25, 2.25, 4.25, 7.25}, w[4] = {0.5, 0.25, 1.0, 0.125};
  RunAccumulator acc({{"x", 0.5, 10.0}}, Weighting::weighted);
  for (int j = 0; j < 4; ++j) add_one(acc, x[j], w[j], j >= 2);
  long double v1 = 0, v2 = 0, wx = 0;
  for (int j = 0; j < 4; ++j) {
    v1 += w[j];
    v2 += static_cast<long double>(w[j]) * w[j];
    wx += static_cast<long double>(w[j]) * x[j];
  }
  const long double mean = wx / v1;
  long double ss = 0;
  for (int j = 0; j < 4; ++j) ss += w[j] * (x[j] - mean) * (x[j] - mean);
  const StatSummary s = acc.summary(0);
  EXPECT_DOUBLE_EQ(s.mean, static_cast<double>(mean));
  EXPECT_DOUBLE_EQ(s.sd, static_cast<double>(std::sqrt(ss / (v1 - v2 / v1))));
  EXPECT_DOUBLE_EQ(s.p_meet, 1.125 / 1.875);
  EXPECT_DOUBLE_EQ(s.ess, 45.0 / 17.0);  // 1.875² / 1.328125
  EXPECT_DOUBLE_EQ(acc.ess(), 45.0 / 17.0);
  EXPECT_DOUBLE_EQ(s.p_meet_se, std::sqrt(s.p_meet * (1.0 - s.p_meet) / (45.0 / 17.0)));
  EXPECT_EQ(acc.max_weight(), 1.0);
  EXPECT_EQ(acc.weight_sum(), 1.875L);
  // Quantiles: cumulative weight 0.5, 0.75, 1.75, 1.875 of 1.875.
  EXPECT_EQ(acc.quantile(0, 0.0), 1.25);
  EXPECT_EQ(s.p25, 1.25);  // p·Σw = 0.47 ≤ 0.5
  EXPECT_EQ(s.p50, 4.25);  // 0.94 > 0.75
  EXPECT_EQ(s.p95, 7.25);  // 1.78 > 1.75
  EXPECT_EQ(acc.quantile(0, 0.4), 2.25);  // 0.75 ≥ 0.75: reached at 2.25 exactly
}

TEST(AccumulatorWeighted, EffectiveSampleSizeOfEqualWeightsIsTheCount) {
  RunAccumulator acc({{"x", 0.5, 10.0}}, Weighting::weighted);
  for (int j = 0; j < 1000; ++j) add_one(acc, 0.01 * j, 0.3);
  EXPECT_DOUBLE_EQ(acc.ess(), 1000.0);
  EXPECT_DOUBLE_EQ(acc.summary(0).ess, 1000.0);
  EXPECT_EQ(acc.max_weight(), 0.3);
}

TEST(AccumulatorWeighted, QuantilesWithinHalfABinOfTheWeightedSampleQuantile) {
  // The reference: the smallest sample x whose cumulative weight (samples
  // sorted by value) reaches p·Σw.
  const std::vector<Sample> xs = random_samples(4000, 3, 40.0);
  RunAccumulator acc(three_specs(), Weighting::weighted);
  add_as_batch(acc, xs, 0, xs.size());
  for (std::size_t i = 1; i < 3; ++i) {  // co and delta: no sample outside the histogram
    std::vector<std::pair<double, long double>> vw;
    long double total = 0;
    for (const Sample& s : xs) {
      const long double w = std::ldexp(static_cast<long double>(weight_integer(s.w)), -127);
      vw.emplace_back(s.v[i], w);
      total += w;
    }
    std::sort(vw.begin(), vw.end());
    for (double p : {0.01, 0.05, 0.25, 0.5, 0.75, 0.95, 0.99}) {
      long double cum = 0;
      double want = vw.back().first;
      for (const auto& [v, w] : vw) {
        cum += w;
        if (cum >= p * total) {
          want = v;
          break;
        }
      }
      const StatSpec spec = three_specs()[i];
      if (want < spec.lower || want >= spec.upper) continue;  // beyond the histogram: min or max instead
      EXPECT_NEAR(acc.quantile(i, p), want, spec.bin_width / 2 + 1e-9) << i << " p=" << p;
    }
  }
}

TEST(AccumulatorWeighted, HeadroomReachesTheCountLimitAtTheLargestValuesAndWeights) {
  // 2^40 samples of ±2^23 with w = 1 by doubling through self-merges: ΣW =
  // 2^167, ΣW² = 2^294, ΣW·q² = 2^253 — the documented bounds.
  constexpr double kBig = RunAccumulator::kMaxAbsValue;
  RunAccumulator acc({{"const", 1.0, 10.0}, {"alt", 1.0, 10.0}}, Weighting::weighted);
  for (int j = 0; j < 1024; ++j) {
    const double v[2] = {kBig, (j % 2 == 0) ? kBig : -kBig};
    const std::uint8_t met[2] = {0, 1};
    acc.add(v, met, 1.0);
  }
  for (int k = 0; k < 30; ++k) acc.merge(acc);
  ASSERT_EQ(acc.count(), RunAccumulator::kMaxCount);
  const double n = static_cast<double>(acc.count());
  EXPECT_EQ(acc.ess(), n);
  EXPECT_EQ(acc.weight_sum(), static_cast<long double>(n));
  const StatSummary c = acc.summary(0);
  EXPECT_EQ(c.mean, kBig);
  EXPECT_EQ(c.sd, 0.0);
  EXPECT_EQ(c.p50, kBig);
  const StatSummary a = acc.summary(1);
  EXPECT_EQ(a.mean, 0.0);
  EXPECT_DOUBLE_EQ(a.sd, kBig * std::sqrt(n / (n - 1)));
  EXPECT_EQ(a.p_meet, 1.0);
  EXPECT_EQ(a.p05, -kBig);
  EXPECT_EQ(a.below, acc.count() / 2);
  EXPECT_EQ(RunAccumulator::deserialize(acc.serialize()).serialize(), acc.serialize());
  EXPECT_EQ(error_of<std::overflow_error>([&] { acc.merge(acc); }),
            "accumulator merge: 1099511627776 + 1099511627776 samples exceeds the limit of 1099511627776");
}

// --- (e) the serialised form, version 2 -----------------------------------------

TEST(AccumulatorWeighted, RoundTripIsByteIdentical) {
  const std::vector<Sample> xs = random_samples(500, 9, 70.0);
  RunAccumulator acc(three_specs(), Weighting::weighted);
  add_each(acc, xs, 0, xs.size());
  const std::string bytes = acc.serialize();
  EXPECT_EQ(bytes.substr(0, 8), "AQPLNACC");
  EXPECT_EQ(bytes[8], 2);  // version
  const RunAccumulator back = RunAccumulator::deserialize(bytes);
  EXPECT_TRUE(back.weighted());
  EXPECT_EQ(back.specs(), acc.specs());
  EXPECT_TRUE(back.serialize() == bytes);
  EXPECT_EQ(back.ess(), acc.ess());
  EXPECT_EQ(back.max_weight(), acc.max_weight());
  for (std::size_t i = 0; i < 3; ++i) expect_same_summary(back.summary(i), acc.summary(i));
  const RunAccumulator empty(three_specs(), Weighting::weighted);
  EXPECT_TRUE(RunAccumulator::deserialize(empty.serialize()).serialize() == empty.serialize());
  EXPECT_TRUE(RunAccumulator::deserialize(empty.serialize()).weighted());
  // The unweighted form stays version 1 and 8 bytes a slot; the weighted
  // one has 80 bytes of totals, 72 more of state and 24 bytes a slot.
  const RunAccumulator plain(three_specs());
  const std::string plain_bytes = plain.serialize();
  EXPECT_EQ(plain_bytes[8], 1);
  std::size_t slots = 0;
  for (std::size_t i = 0; i < 3; ++i) slots += plain.bins(i) + 2;
  EXPECT_EQ(bytes.size(), plain_bytes.size() + 80 + 3 * 72 + 16 * slots);
  EXPECT_FALSE(RunAccumulator::deserialize(plain_bytes).weighted());
}

void put_u64(std::string& s, std::size_t at, std::uint64_t v) {
  for (int k = 0; k < 8; ++k) s[at + static_cast<std::size_t>(k)] = static_cast<char>((v >> (8 * k)) & 0xFF);
}
std::uint64_t get_u64(const std::string& s, std::size_t at) {
  std::uint64_t v = 0;
  for (int k = 0; k < 8; ++k) v |= static_cast<std::uint64_t>(static_cast<unsigned char>(s[at + static_cast<std::size_t>(k)])) << (8 * k);
  return v;
}
void reseal(std::string& s) { put_u64(s, s.size() - 8, fnv1a_64(std::string_view(s).substr(0, s.size() - 8))); }

TEST(AccumulatorWeighted, CorruptInputIsRejectedWithAClearMessage) {
  // One statistic 'a', [0, 10) by 0.5 (20 bins). Offsets: header 36, then
  // ΣW 36, ΣW² 60, max W 100; the spec at 116 (37 bytes); the state at 153:
  // ΣW·q 153, ΣW·q² 185, met weight 217, met 241, below 249, above 257,
  // min 265, max 273, slots from 281 (24 bytes each).
  RunAccumulator acc({{"a", 0.5, 10.0}}, Weighting::weighted);
  add_one(acc, 1.0, 0.5, true);
  add_one(acc, 2.0, 0.25, false);
  add_one(acc, -3.0, 1.0, true);  // below
  const std::string good = acc.serialize();
  ASSERT_EQ(good.size(), 281u + 22 * 24 + 8);
  ASSERT_EQ(get_u64(good, 249), 1u);  // below
  auto err = [](std::string bytes) { return error_of<std::invalid_argument>([&] { RunAccumulator::deserialize(bytes); }); };
  auto changed = [&](std::size_t at, std::uint64_t v) {
    std::string s = good;
    put_u64(s, at, v);
    reseal(s);
    return err(s);
  };

  EXPECT_EQ(err(good.substr(0, good.size() - 1)),
            "accumulator: truncated: " + std::to_string(good.size() - 1) + " bytes, expected " + std::to_string(good.size()));
  std::string flipped = good;
  flipped[200] ^= 0x10;
  EXPECT_EQ(err(flipped), "accumulator: checksum mismatch (corrupt data)");
  std::string version = good;
  version[8] = 3;
  EXPECT_EQ(err(version), "accumulator: format version 3 is not supported (this build reads versions 1 and 2)");
  std::string as_v1 = good;  // a version-2 body read as version 1 does not fit
  as_v1[8] = 1;
  reseal(as_v1);
  EXPECT_NE(err(as_v1), "(no error)");

  EXPECT_EQ(changed(36, get_u64(good, 36) + 1), "accumulator: statistic 0 ('a'): histogram weights do not add up to the weight sum");
  EXPECT_EQ(changed(100, get_u64(good, 36) + 1), "accumulator: weight totals inconsistent with 3 samples");  // max W > ΣW
  EXPECT_EQ(changed(108, 0x8000000000000001u), "accumulator: weight totals inconsistent with 3 samples");  // max W > 2^127
  EXPECT_EQ(changed(60 + 24, 0), "accumulator: weight totals inconsistent with 3 samples");  // ΣW² < (max W)²
  EXPECT_EQ(changed(24, 1), "accumulator: weight totals inconsistent with 1 samples");  // ΣW > n·max W
  EXPECT_EQ(changed(233, 1), "accumulator: statistic 0 ('a'): weight of the met samples exceeds the weight sum");
  EXPECT_EQ(changed(241, 0), "accumulator: statistic 0 ('a'): 0 met of 3 samples");  // met weight without a met sample
  EXPECT_EQ(changed(249, 0), "accumulator: statistic 0 ('a'): 0 samples below and 0 above the histogram, of 3");
  EXPECT_EQ(changed(257, 3), "accumulator: statistic 0 ('a'): 1 samples below and 3 above the histogram, of 3");
  EXPECT_EQ(changed(185 + 16, 0), "accumulator: statistic 0 ('a'): moments inconsistent with 3 samples");  // ΣW·q² = 0
  EXPECT_EQ(changed(153 + 24, 0x0000000100000000u), "accumulator: statistic 0 ('a'): moments inconsistent with 3 samples");
  EXPECT_EQ(changed(265, std::bit_cast<std::uint64_t>(5.0)),
            "accumulator: statistic 0 ('a'): min 5 and max 2 inconsistent with 3 samples");
}

// --- (f) bad input ---------------------------------------------------------------

TEST(AccumulatorWeighted, BadWeightsAndMisuseChangeNothing) {
  RunAccumulator acc({{"a", 0.1, 100.0}, {"b", 0.1, 100.0}}, Weighting::weighted);
  const double ok[2] = {1.0, 2.0};
  const std::uint8_t met[4] = {1, 0, 0, 1};
  acc.add(ok, std::span(met, 2), 0.5);
  const std::string before = acc.serialize();
  const double values[4] = {1.0, 2.0, 3.0, 4.0};
  const double nan = std::numeric_limits<double>::quiet_NaN(), inf = std::numeric_limits<double>::infinity();
  for (double w : {-0.1, 1.0000000000000002, nan, inf, -inf}) {
    const double weights[2] = {0.5, w};
    EXPECT_EQ(error_of<std::domain_error>([&] { acc.add_batch(values, met, 2, weights); }),
              fmt::format("accumulator: sample 1 of 2: weight {} is not in [0, 1]", w));
    EXPECT_EQ(error_of<std::domain_error>([&] { acc.add(ok, std::span(met, 2), w); }),
              fmt::format("accumulator: weight {} is not in [0, 1]", w));
  }
  const double three[3] = {0.5, 0.5, 0.5};
  EXPECT_EQ(error_of<std::invalid_argument>([&] { acc.add_batch(values, met, 2, three); }),
            "accumulator: add_batch() got 3 weights for 2 samples");
  const double bad_value[4] = {1.0, nan, 3.0, 4.0};
  const double weights[2] = {0.5, 0.5};
  EXPECT_EQ(error_of<std::domain_error>([&] { acc.add_batch(bad_value, met, 2, weights); }),
            "accumulator: statistic 0 ('a'), sample 1 of 2: value nan is not finite or exceeds ±8388608");
  EXPECT_EQ(error_of<std::invalid_argument>([&] { acc.add(ok, std::span(met, 2)); }),
            "accumulator: a weighted accumulator takes a weight per sample (add(values, met, weight))");
  EXPECT_EQ(error_of<std::invalid_argument>([&] { acc.add_batch(values, met, 2); }),
            "accumulator: a weighted accumulator takes a weight per sample (add_batch(values, met, n, weights))");
  RunAccumulator plain({{"a", 0.1, 100.0}, {"b", 0.1, 100.0}});
  EXPECT_EQ(error_of<std::invalid_argument>([&] { plain.add(ok, std::span(met, 2), 0.5); }),
            "accumulator: an unweighted accumulator takes no weights");
  EXPECT_EQ(error_of<std::invalid_argument>([&] { plain.add_batch(values, met, 2, weights); }),
            "accumulator: an unweighted accumulator takes no weights");
  EXPECT_EQ(error_of<AccumulatorError>([&] { acc.merge(plain); }),
            "accumulator merge: a weighted and an unweighted accumulator");
  EXPECT_EQ(error_of<AccumulatorError>([&] { plain.merge(acc); }),
            "accumulator merge: a weighted and an unweighted accumulator");
  EXPECT_TRUE(acc.serialize() == before);
  EXPECT_EQ(acc.count(), 1u);
  EXPECT_EQ(plain.count(), 0u);
  // −0 and the bounds themselves are weights.
  const double edge[2] = {-0.0, 1.0};
  acc.add_batch(values, met, 2, edge);
  EXPECT_EQ(acc.count(), 3u);
  EXPECT_EQ(acc.max_weight(), 1.0);
}

TEST(AccumulatorWeighted, ClearForgetsEverySample) {
  const std::vector<Sample> xs = random_samples(100, 2, 10.0);
  RunAccumulator acc(three_specs(), Weighting::weighted);
  const std::string empty = acc.serialize();
  add_each(acc, xs, 0, xs.size());
  EXPECT_FALSE(acc.serialize() == empty);
  acc.clear();
  EXPECT_TRUE(acc.serialize() == empty);
  EXPECT_TRUE(acc.weighted());
}

}  // namespace
}  // namespace aqplan
