#include "aqplan/engine/accumulator.h"
#include "aqplan/base/text.h"

#include <algorithm>
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

#include <gtest/gtest.h>

namespace aqplan {
namespace {

constexpr double kQuantum = 1.0 / 1048576.0;  // 2^-20, the documented resolution

template <class E>
std::string error_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const E& e) {
    return e.what();
  }
  return "(no error)";
}

// Three statistics shaped like the real ones: a µg/m³ metric, co in mg/m³
// and a change that may be negative.
std::vector<StatSpec> three_specs() {
  return {{"pm25.annual", 0.1, 200.0, 0.0}, {"co.annual", 0.01, 10.0, 0.0}, {"delta", 0.001, 2.0, -2.0}};
}

struct Sample {
  std::array<double, 3> v;
  std::array<std::uint8_t, 3> met;
};

std::vector<Sample> random_samples(std::size_t n, std::uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::lognormal_distribution<double> pm(std::log(45.0), 0.25);
  std::lognormal_distribution<double> co(std::log(1.6), 0.3);
  std::normal_distribution<double> delta(-0.1, 0.4);
  std::vector<Sample> out(n);
  for (Sample& s : out) {
    s.v = {pm(rng), co(rng), delta(rng)};
    s.met = {static_cast<std::uint8_t>(std::round(s.v[0]) <= 45.0), static_cast<std::uint8_t>(s.v[1] <= 1.8),
             static_cast<std::uint8_t>(s.v[2] <= 0.0)};
  }
  return out;
}

void add_all(RunAccumulator& acc, const std::vector<Sample>& xs, std::size_t begin, std::size_t end) {
  for (std::size_t j = begin; j < end; ++j) acc.add(xs[j].v, xs[j].met);
}

void add_one(RunAccumulator& acc, double v, bool met = false) {
  const double values[1] = {v};
  const std::uint8_t flags[1] = {static_cast<std::uint8_t>(met)};
  acc.add(values, flags);
}

// The r-th smallest sample, r = max(1, ceil(p·n)) — the documented definition.
double rank_quantile(std::vector<double> xs, double p) {
  std::sort(xs.begin(), xs.end());
  const double want = std::ceil(p * static_cast<double>(xs.size()));
  const std::size_t r = std::clamp<std::size_t>(want < 1 ? 1 : static_cast<std::size_t>(want), 1, xs.size());
  return xs[r - 1];
}

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

// --- moments -------------------------------------------------------------------

TEST(AccumulatorMoments, MeanAndSdMatchTwoPassWithinQuantisation) {
  const std::vector<Sample> xs = random_samples(3000, 7);
  RunAccumulator acc(three_specs());
  add_all(acc, xs, 0, xs.size());
  ASSERT_EQ(acc.count(), 3000u);
  for (std::size_t i = 0; i < 3; ++i) {
    double mean = 0;
    for (const Sample& s : xs) mean += s.v[i];
    mean /= static_cast<double>(xs.size());
    double ss = 0;
    for (const Sample& s : xs) ss += (s.v[i] - mean) * (s.v[i] - mean);
    const double sd = std::sqrt(ss / static_cast<double>(xs.size() - 1));
    const StatSummary s = acc.summary(i);
    EXPECT_NEAR(s.mean, mean, 1e-6) << i;
    EXPECT_NEAR(s.sd, sd, 1e-6) << i;
    EXPECT_GT(s.sd, 0.01) << i;  // the data are spread: a zero sd would be a bug
  }
}

TEST(AccumulatorMoments, QuantisationIsLlroundOfTwoToTheTwenty) {
  // Half-quantum ties go away from zero; values just below a half go down.
  // Odd and even ties of both signs (round-to-even would differ), the
  // largest |q| = 2^43 and values with every fraction.
  std::vector<double> qs = {0.5, -0.5, 1.5, -1.5, 2.5, -2.5, 3.5, -3.5, 0.49999999999999994, -0.49999999999999994,
                            1234567.5, -1234567.5, 3.0, 8796093022207.5, -8796093022207.5, 8796093022208.0,
                            -8796093022208.0};
  std::mt19937_64 rng(3);
  std::uniform_real_distribution<double> any(-8796093022208.0, 8796093022208.0), small(-4.0, 4.0);
  for (int i = 0; i < 500; ++i) qs.push_back(any(rng));
  for (int i = 0; i < 500; ++i) qs.push_back(small(rng));
  for (double q : qs) {
    const double v = q * kQuantum;
    RunAccumulator acc({{"x", 0.1, 1.0}}), batched({{"x", 0.1, 1.0}});
    add_one(acc, v);
    // Five copies: four in vector lanes, one in the scalar tail.
    const double values[5] = {v, v, v, v, v};
    const std::uint8_t met[5] = {0, 0, 0, 0, 0};
    batched.add_batch(values, met, 5);
    EXPECT_EQ(acc.summary(0).mean, static_cast<double>(std::llround(q)) * kQuantum) << q;
    EXPECT_EQ(batched.summary(0).mean, static_cast<double>(std::llround(q)) * kQuantum) << q;
    EXPECT_EQ(batched.summary(0).sd, 0.0) << q;  // Σq² = 5q² exactly, whatever the split
    EXPECT_EQ(batched.summary(0).min, v + 0.0) << q;
    EXPECT_EQ(batched.summary(0).max, v + 0.0) << q;
  }
}

TEST(AccumulatorMoments, EmptyAndSingleSample) {
  RunAccumulator acc({{"x", 0.1, 100.0}});
  const StatSummary empty = acc.summary(0);
  EXPECT_EQ(empty.n, 0u);
  EXPECT_TRUE(std::isnan(empty.mean));
  EXPECT_TRUE(std::isnan(empty.p50));
  EXPECT_TRUE(std::isnan(empty.p_meet));
  add_one(acc, 42.0, true);
  const StatSummary one = acc.summary(0);
  EXPECT_EQ(one.mean, 42.0);
  EXPECT_EQ(one.sd, 0.0);
  EXPECT_EQ(one.p_meet, 1.0);
  EXPECT_EQ(one.p_meet_se, 0.0);
}

TEST(AccumulatorMoments, HeadroomReachesTheCountLimitAtTheLargestValues) {
  // 2^40 samples of ±2^23 — the documented limits — by doubling through
  // self-merges; Σq² reaches 2^126.
  constexpr double kBig = RunAccumulator::kMaxAbsValue;
  RunAccumulator acc({{"const", 1.0, 10.0}, {"alt", 1.0, 10.0}});
  for (int j = 0; j < 1024; ++j) {
    const double v[2] = {kBig, (j % 2 == 0) ? kBig : -kBig};
    const std::uint8_t met[2] = {0, 1};
    acc.add(v, met);
  }
  for (int k = 0; k < 30; ++k) acc.merge(acc);
  ASSERT_EQ(acc.count(), RunAccumulator::kMaxCount);
  const double n = static_cast<double>(acc.count());
  const StatSummary c = acc.summary(0);
  EXPECT_EQ(c.mean, kBig);
  EXPECT_EQ(c.sd, 0.0);
  EXPECT_EQ(c.above, acc.count());
  EXPECT_EQ(c.p50, kBig);
  const StatSummary a = acc.summary(1);
  EXPECT_EQ(a.mean, 0.0);
  EXPECT_DOUBLE_EQ(a.sd, kBig * std::sqrt(n / (n - 1)));
  EXPECT_EQ(a.p_meet, 1.0);
  EXPECT_EQ(a.below, acc.count() / 2);
  EXPECT_EQ(a.p05, -kBig);

  // The extreme state survives the round trip (deserialize's bounds are inclusive).
  EXPECT_EQ(RunAccumulator::deserialize(acc.serialize()).serialize(), acc.serialize());

  const std::string before = acc.serialize();
  EXPECT_EQ(error_of<std::overflow_error>([&] { acc.merge(acc); }),
            "accumulator merge: 1099511627776 + 1099511627776 samples exceeds the limit of 1099511627776");
  EXPECT_EQ(error_of<std::overflow_error>([&] {
              const double v[2] = {1.0, 1.0};
              const std::uint8_t met[2] = {0, 0};
              acc.add(v, met);
            }),
            "accumulator: more than 1099511627776 samples");
  EXPECT_EQ(acc.serialize(), before);
}

// --- quantiles -------------------------------------------------------------------

TEST(AccumulatorQuantiles, RankDefinitionOnBinMidpoints) {
  // Values at bin midpoints, so the result is the sample itself.
  RunAccumulator even({{"x", 0.1, 20.0}});
  for (int k = 10; k >= 1; --k) add_one(even, k + 0.05);
  const StatSummary s = even.summary(0);
  EXPECT_NEAR(s.p05, 1.05, 1e-12);   // ceil(0.5) = 1
  EXPECT_NEAR(s.p25, 3.05, 1e-12);   // ceil(2.5) = 3
  EXPECT_NEAR(s.p50, 5.05, 1e-12);   // ceil(5) = 5
  EXPECT_NEAR(s.p75, 8.05, 1e-12);   // ceil(7.5) = 8
  EXPECT_NEAR(s.p95, 10.05, 1e-12);  // ceil(9.5) = 10
  EXPECT_NEAR(even.quantile(0, 0.0), 1.05, 1e-12);
  EXPECT_NEAR(even.quantile(0, 1.0), 10.05, 1e-12);

  RunAccumulator odd({{"x", 0.1, 20.0}});
  for (int k = 1; k <= 11; ++k) add_one(odd, k + 0.05);
  EXPECT_NEAR(odd.summary(0).p50, 6.05, 1e-12);  // the middle sample
}

TEST(AccumulatorQuantiles, WithinHalfABinOfTheSampleQuantile) {
  // Order statistics one unit apart (10 bins) make an off-by-one rank fail;
  // random continuous data check the half-bin bound everywhere.
  std::vector<double> spaced;
  for (int j = 0; j <= 300; ++j) spaced.push_back(j + 0.03);
  std::shuffle(spaced.begin(), spaced.end(), std::mt19937_64(3));
  const std::vector<Sample> xs = random_samples(3000, 11);
  std::vector<double> pm, delta;
  for (const Sample& s : xs) {
    pm.push_back(s.v[0]);
    delta.push_back(s.v[2]);
  }
  struct Case {
    std::vector<double> data;
    StatSpec spec;
  };
  const std::vector<Case> cases{{spaced, {"spaced", 0.1, 400.0}}, {pm, {"pm", 0.1, 200.0}}, {delta, {"d", 0.001, 2.0, -2.0}}};
  for (const Case& c : cases) {
    RunAccumulator acc({c.spec});
    for (double v : c.data) add_one(acc, v);
    ASSERT_EQ(acc.summary(0).below + acc.summary(0).above, 0u) << c.spec.name;
    for (double p : {0.0, 0.01, 0.05, 0.25, 0.5, 0.75, 0.9, 0.95, 0.99, 1.0}) {
      EXPECT_NEAR(acc.quantile(0, p), rank_quantile(c.data, p), c.spec.bin_width / 2 + 1e-9)
          << c.spec.name << " p=" << p;
    }
    const StatSummary s = acc.summary(0);
    EXPECT_EQ(s.p05, acc.quantile(0, 0.05));
    EXPECT_EQ(s.p95, acc.quantile(0, 0.95));
    EXPECT_EQ(s.min, *std::min_element(c.data.begin(), c.data.end()));
    EXPECT_EQ(s.max, *std::max_element(c.data.begin(), c.data.end()));
  }
}

TEST(AccumulatorQuantiles, BeyondTheRangeIsCountedAndGivesTheExtremesSeen) {
  // 5 below the range, 89 in it (ranks 6..94), 6 above.
  RunAccumulator acc({{"x", 0.1, 10.0}});
  for (int k = 0; k < 89; ++k) add_one(acc, 5.0 + 0.01 * k);
  for (double v : {10.0, 12.5, 250.75, 31.0, 99.0, 10.05}) add_one(acc, v);  // 10.0 is the top: above
  for (double v : {-0.5, -3.25, -1.0, -2.0, -0.001}) add_one(acc, v);
  const StatSummary s = acc.summary(0);
  EXPECT_EQ(s.n, 100u);
  EXPECT_EQ(s.above, 6u);
  EXPECT_EQ(s.below, 5u);
  EXPECT_EQ(s.max, 250.75);
  EXPECT_EQ(s.min, -3.25);
  EXPECT_EQ(s.p95, 250.75);  // rank 95 lies among those above the range
  EXPECT_EQ(s.p05, -3.25);   // rank 5 among those below
  EXPECT_NEAR(acc.quantile(0, 0.06), 5.05, 1e-12);  // rank 6: first in range, 5.00
  EXPECT_NEAR(acc.quantile(0, 0.94), 5.85, 1e-12);  // rank 94: last in range, 5.88
}

TEST(AccumulatorQuantiles, MidpointIsClampedIntoTheRangeSeen) {
  // Both samples in bin [40, 41), midpoint 40.5.
  RunAccumulator low({{"x", 1.0, 100.0}});
  add_one(low, 40.2);
  add_one(low, 40.3);
  EXPECT_EQ(low.summary(0).p50, 40.3);  // midpoint above the max seen
  RunAccumulator high({{"x", 1.0, 100.0}});
  add_one(high, 40.7);
  add_one(high, 40.8);
  EXPECT_EQ(high.summary(0).p50, 40.7);  // midpoint below the min seen
}

// --- P(meet) -------------------------------------------------------------------

TEST(AccumulatorMeet, CountsFlagsPerStatistic) {
  const std::vector<Sample> xs = random_samples(2000, 5);
  RunAccumulator acc(three_specs());
  add_all(acc, xs, 0, xs.size());
  for (std::size_t i = 0; i < 3; ++i) {
    const auto met = static_cast<std::uint64_t>(std::count_if(xs.begin(), xs.end(), [&](const Sample& s) { return s.met[i] != 0; }));
    const double p = static_cast<double>(met) / 2000.0;
    const StatSummary s = acc.summary(i);
    EXPECT_EQ(s.met, met) << i;
    EXPECT_DOUBLE_EQ(s.p_meet, p) << i;
    EXPECT_DOUBLE_EQ(s.p_meet_se, std::sqrt(p * (1 - p) / 2000.0)) << i;
    EXPECT_GT(met, 0u);
    EXPECT_LT(met, 2000u);
  }
  // Any non-zero byte is "met".
  RunAccumulator flags({{"x", 1.0, 10.0}});
  const double v[1] = {1.0};
  for (std::uint8_t f : {std::uint8_t{0}, std::uint8_t{1}, std::uint8_t{255}, std::uint8_t{2}}) {
    const std::uint8_t m[1] = {f};
    flags.add(v, m);
  }
  EXPECT_EQ(flags.summary(0).met, 3u);
}

// --- merging ---------------------------------------------------------------------

TEST(AccumulatorMerge, ExactAndIndependentOfOrderAndTreeShape) {
  const std::vector<Sample> xs = random_samples(10000, 42);
  RunAccumulator whole(three_specs());
  add_all(whole, xs, 0, xs.size());

  const std::vector<std::size_t> sizes{1, 2500, 37, 1800, 3000, 999, 1663};
  ASSERT_EQ(std::accumulate(sizes.begin(), sizes.end(), std::size_t{0}), xs.size());
  std::vector<RunAccumulator> parts;
  std::size_t at = 0;
  for (std::size_t n : sizes) {
    parts.emplace_back(three_specs());
    add_all(parts.back(), xs, at, at + n);
    at += n;
  }

  auto fold = [&](const std::vector<std::size_t>& order) {
    RunAccumulator acc(three_specs());
    for (std::size_t k : order) acc.merge(parts[k]);
    return acc;
  };
  RunAccumulator forward = fold({0, 1, 2, 3, 4, 5, 6});
  RunAccumulator shuffled = fold({3, 6, 0, 5, 1, 4, 2});
  // ((0+1)+(2+3)) + ((4+5)+6), built bottom-up from copies.
  RunAccumulator a01 = parts[0], a23 = parts[2], a45 = parts[4];
  a01.merge(parts[1]);
  a23.merge(parts[3]);
  a45.merge(parts[5]);
  a45.merge(parts[6]);
  a01.merge(a23);
  a01.merge(a45);
  // Right-leaning: 6 + (5 + (4 + ... (1 + 0))).
  RunAccumulator right = parts[0];
  for (std::size_t k = 1; k < parts.size(); ++k) {
    RunAccumulator next = parts[k];
    next.merge(right);
    right = std::move(next);
  }

  const std::string want = whole.serialize();
  for (const RunAccumulator* got : {&forward, &shuffled, &a01, &right}) {
    EXPECT_EQ(got->count(), 10000u);
    EXPECT_TRUE(got->serialize() == want);
    for (std::size_t i = 0; i < 3; ++i) expect_same_summary(got->summary(i), whole.summary(i));
  }
}

TEST(AccumulatorMerge, NegativeZeroDoesNotDependOnOrder) {
  RunAccumulator a({{"x", 1.0, 10.0, -10.0}}), b({{"x", 1.0, 10.0, -10.0}});
  add_one(a, -0.0);
  add_one(a, 0.0);
  add_one(b, 0.0);
  add_one(b, -0.0);
  EXPECT_TRUE(a.serialize() == b.serialize());
  EXPECT_FALSE(std::signbit(a.summary(0).min));
}

TEST(AccumulatorMerge, DifferentSpecsAreRejected) {
  RunAccumulator a({{"a", 0.1, 100.0}}), b({{"a", 0.01, 100.0}}), c({{"a", 0.1, 100.0}, {"b", 0.1, 100.0}});
  add_one(a, 1.0);
  const std::string before = a.serialize();
  EXPECT_EQ(error_of<std::invalid_argument>([&] { a.merge(b); }),
            "accumulator merge: statistic 0 differs: 'a' bin 0.1 [0, 100) vs 'a' bin 0.01 [0, 100)");
  EXPECT_EQ(error_of<std::invalid_argument>([&] { a.merge(c); }), "accumulator merge: 1 statistics vs 2");
  EXPECT_EQ(a.serialize(), before);
}

// --- serialisation ---------------------------------------------------------------

// The trailer's checksum is FNV-1a 64 (aqplan/base/text.h), checked here against
// the published test vectors so that the tests below can reseal with it.
TEST(Accumulator, ChecksumIsFnv1a64) {
  EXPECT_EQ(fnv1a_64(""), 0xcbf29ce484222325ull);
  EXPECT_EQ(fnv1a_64("a"), 0xaf63dc4c8601ec8cull);
  EXPECT_EQ(fnv1a_64("foobar"), 0x85944171f73967e8ull);
}

void put_u64(std::string& s, std::size_t at, std::uint64_t v) {
  for (int k = 0; k < 8; ++k) s[at + static_cast<std::size_t>(k)] = static_cast<char>((v >> (8 * k)) & 0xFF);
}

void reseal(std::string& s) { put_u64(s, s.size() - 8, fnv1a_64(std::string_view(s).substr(0, s.size() - 8))); }

TEST(AccumulatorSerialize, RoundTripIsByteIdentical) {
  const std::vector<Sample> xs = random_samples(500, 9);
  RunAccumulator acc(three_specs());
  add_all(acc, xs, 0, xs.size());
  const std::string bytes = acc.serialize();
  EXPECT_EQ(bytes.substr(0, 8), "AQPLNACC");
  const RunAccumulator back = RunAccumulator::deserialize(bytes);
  EXPECT_EQ(back.specs(), acc.specs());
  EXPECT_EQ(back.count(), acc.count());
  EXPECT_TRUE(back.serialize() == bytes);
  for (std::size_t i = 0; i < 3; ++i) expect_same_summary(back.summary(i), acc.summary(i));
  // An empty accumulator too.
  const RunAccumulator empty(three_specs());
  EXPECT_TRUE(RunAccumulator::deserialize(empty.serialize()).serialize() == empty.serialize());
}

TEST(AccumulatorSerialize, CorruptInputIsRejectedWithAClearMessage) {
  RunAccumulator acc({{"a", 0.5, 10.0}});
  for (double v : {1.0, 2.0, 3.0}) add_one(acc, v, true);
  const std::string good = acc.serialize();
  auto err = [](std::string bytes) { return error_of<std::invalid_argument>([&] { RunAccumulator::deserialize(bytes); }); };

  EXPECT_EQ(err(""), "accumulator: empty input");
  EXPECT_EQ(err(good.substr(0, good.size() - 1)),
            "accumulator: truncated: " + std::to_string(good.size() - 1) + " bytes, expected " + std::to_string(good.size()));
  EXPECT_EQ(err(good.substr(0, 5)), "accumulator: truncated: need 8 bytes at offset 0, have 5");
  EXPECT_EQ(err(good + "x"),
            "accumulator: " + std::to_string(good.size() + 1) + " bytes, expected " + std::to_string(good.size()) +
                " (trailing data)");
  std::string magic = good;
  magic[0] = 'X';
  EXPECT_EQ(err(magic), "accumulator: not an aqplan accumulator (bad magic)");
  EXPECT_EQ(err("{\"mean\": 1}"), "accumulator: not an aqplan accumulator (bad magic)");
  std::string version = good;
  version[8] = 3;
  EXPECT_EQ(err(version), "accumulator: format version 3 is not supported (this build reads versions 1 and 2)");
  std::string flipped = good;
  flipped[good.size() - 20] ^= 0x10;  // inside the histogram
  EXPECT_EQ(err(flipped), "accumulator: checksum mismatch (corrupt data)");

  // A consistent checksum over inconsistent content: n (offset 24) says 4
  // samples, the histogram holds 3.
  std::string count = good;
  put_u64(count, 24, 4);
  reseal(count);
  EXPECT_EQ(err(count), "accumulator: statistic 0 ('a'): histogram holds 3 samples, expected 4");
  // The stored bin count disagrees with the spec (offset 36 + 4 + 1 + 24).
  std::string bins = good;
  put_u64(bins, 65, 21);
  reseal(bins);
  EXPECT_EQ(err(bins), "accumulator: statistic 0 ('a'): 21 bins stored, the spec gives 20");
  // A spec whose range gives 2^24 bins over 20 stored (upper at offset
  // 36 + 4 + 1 + 16): refused before anything is allocated for it — a few
  // KB of such specs once made merge allocate gigabytes.
  std::string wide = good;
  put_u64(wide, 57, std::bit_cast<std::uint64_t>(0.5 * 16777216.0));
  reseal(wide);
  EXPECT_EQ(err(wide), "accumulator: statistic 0 ('a'): 20 bins stored, the spec gives 16777216");
}

TEST(AccumulatorSerialize, SizeAndMemoryDoNotGrowWithTheCount) {
  RunAccumulator acc({{"x", 0.1, 100.0}});
  const std::size_t size0 = acc.serialize().size();
  const std::size_t mem0 = acc.memory_bytes();
  std::mt19937_64 rng(1);
  std::uniform_real_distribution<double> u(-10.0, 150.0);
  for (int j = 0; j < 1000000; ++j) add_one(acc, u(rng), j % 3 == 0);
  EXPECT_EQ(acc.count(), 1000000u);
  const std::string after = acc.serialize();
  EXPECT_EQ(after.size(), size0);
  EXPECT_EQ(acc.memory_bytes(), mem0);
  EXPECT_GT(acc.summary(0).above, 0u);
  EXPECT_GT(acc.summary(0).below, 0u);
}

// --- bad use ---------------------------------------------------------------------

TEST(AccumulatorInput, BadValuesAndSizesChangeNothing) {
  RunAccumulator acc({{"a", 0.1, 100.0}, {"b", 0.1, 100.0}});
  const double ok[2] = {1.0, 2.0};
  const std::uint8_t met[2] = {1, 0};
  acc.add(ok, met);
  const std::string before = acc.serialize();
  const double nan[2] = {3.0, std::numeric_limits<double>::quiet_NaN()};
  EXPECT_EQ(error_of<std::domain_error>([&] { acc.add(nan, met); }),
            "accumulator: statistic 1 ('b'): value nan is not finite or exceeds ±8388608");
  const double huge[2] = {-1e7, 1.0};
  EXPECT_EQ(error_of<std::domain_error>([&] { acc.add(huge, met); }),
            "accumulator: statistic 0 ('a'): value -10000000 is not finite or exceeds ±8388608");
  const double three[3] = {1.0, 2.0, 3.0};
  EXPECT_EQ(error_of<std::invalid_argument>([&] { acc.add(three, met); }),
            "accumulator: add() got 3 values and 2 met flags, expected 2");
  EXPECT_TRUE(acc.serialize() == before);
  EXPECT_EQ(acc.count(), 1u);
}

TEST(AccumulatorInput, BadSpecsAreAllReported) {
  const std::string msg = error_of<std::invalid_argument>([] {
    RunAccumulator({{"a", 0.0, 10.0}, {"", 0.1, 10.0}, {"a", 0.1, 10.0}, {"c", 0.1, 1.0, 5.0}, {"d", 1e-9, 1e3}});
  });
  EXPECT_EQ(msg,
            "accumulator specs:\n"
            "  statistic 0 ('a'): bin_width 0 must be finite and > 0\n"
            "  statistic 1: empty name\n"
            "  statistic 2 ('a'): duplicate name\n"
            "  statistic 3 ('c'): range [5, 1) must be finite with upper > lower\n"
            "  statistic 4 ('d'): [0, 1000) by 1e-09 needs more than 16777216 bins");
}

TEST(AccumulatorInput, NamesAreFoundWithHelp) {
  RunAccumulator acc({{"pm25.m01", 0.1, 100.0}, {"o3.annual", 0.1, 500.0}});
  EXPECT_EQ(acc.index("o3.annual"), 1u);
  EXPECT_EQ(error_of<std::out_of_range>([&] { acc.index("o3.anual"); }),
            "accumulator: no statistic 'o3.anual' (did you mean 'o3.annual'?)");
  EXPECT_EQ(acc.bins(0), 1000u);  // [0, 100) by 0.1, despite 100/0.1 rounding
  EXPECT_EQ(acc.bins(1), 5000u);
}

}  // namespace
}  // namespace aqplan

namespace aqplan {
namespace {

TEST(AccumulatorBatch, SameStateAsOneAddPerSample) {
  auto xs = random_samples(1000, 11);
  // Some values outside the histogram (above, below), zeros of both signs,
  // exact rounding ties and bin edges, so every branch of a lane is taken.
  for (std::size_t s = 0; s < xs.size(); s += 17) xs[s].v[0] = 250.0 + static_cast<double>(s);
  for (std::size_t s = 3; s < xs.size(); s += 19) xs[s].v[2] = -3.0 - static_cast<double>(s) * 0.01;
  for (std::size_t s = 5; s < xs.size(); s += 23) xs[s].v[1] = (s % 2 == 0) ? 0.0 : -0.0;
  for (std::size_t s = 7; s < xs.size(); s += 29) xs[s].v[2] = -2.5 * kQuantum * static_cast<double>(s % 5);
  for (std::size_t s = 9; s < xs.size(); s += 31) xs[s].v[0] = 0.1 * static_cast<double>(s % 7);
  RunAccumulator one(three_specs()), batched(three_specs());
  add_all(one, xs, 0, xs.size());
  // Batches of uneven sizes, including 1 and a batch that fills the rest.
  std::size_t begin = 0;
  for (std::size_t n : {1u, 7u, 256u, 300u, 436u}) {
    std::vector<double> v;  // statistic-major: statistic i of sample s at [i·n + s]
    std::vector<std::uint8_t> met;
    for (std::size_t i = 0; i < xs[0].v.size(); ++i) {
      for (std::size_t s = begin; s < begin + n; ++s) {
        v.push_back(xs[s].v[i]);
        met.push_back(xs[s].met[i]);
      }
    }
    batched.add_batch(v, met, n);
    begin += n;
  }
  ASSERT_EQ(begin, xs.size());
  EXPECT_EQ(batched.count(), 1000u);
  EXPECT_TRUE(one.serialize() == batched.serialize());
}

TEST(AccumulatorBatch, BadValuesAndSizesChangeNothing) {
  RunAccumulator acc({{"a", 0.1, 100.0}, {"b", 0.1, 100.0}});
  const double ok[2] = {1.0, 2.0};
  const std::uint8_t met[4] = {1, 0, 0, 1};
  acc.add(ok, std::span(met, 2));
  const std::string before = acc.serialize();
  // Statistic-major: a = {1, NaN}, b = {3, inf}; the first bad value in
  // statistic order is a's second.
  const double bad[4] = {1.0, std::numeric_limits<double>::quiet_NaN(), 3.0, std::numeric_limits<double>::infinity()};
  EXPECT_EQ(error_of<std::domain_error>([&] { acc.add_batch(bad, met, 2); }),
            "accumulator: statistic 0 ('a'), sample 1 of 2: value nan is not finite or exceeds ±8388608");
  const double second_bad[4] = {1.0, 2.0, 3.0, std::numeric_limits<double>::infinity()};
  EXPECT_EQ(error_of<std::domain_error>([&] { acc.add_batch(second_bad, met, 2); }),
            "accumulator: statistic 1 ('b'), sample 1 of 2: value inf is not finite or exceeds ±8388608");
  EXPECT_EQ(error_of<std::invalid_argument>([&] { acc.add_batch(second_bad, met, 3); }),
            "accumulator: add_batch() got 4 values and 4 met flags, expected 2·3");
  EXPECT_TRUE(acc.serialize() == before);
  EXPECT_EQ(acc.count(), 1u);
}

}  // namespace
}  // namespace aqplan
