// Batched Philox (random.h philox_batch) gives the bits of one call per counter.
#include <gtest/gtest.h>

#include <cstdint>
#include <string>
#include <vector>

#include <Random123/philox.h>

#include "aqplan/engine/random.h"
#include "kernels/philox.h"

namespace aqplan {
namespace {

TEST(RandomBatch, MatchesOneCallPerCounterForEveryBatchSize) {
  // Seeds and samples that use both 32-bit words; batch sizes around the lane widths.
  const std::uint64_t seeds[] = {1, 0x123456789ABCDEF0ull};
  const std::uint64_t samples[] = {0, 7, 0xFEDCBA9876543210ull};
  for (std::uint64_t seed : seeds) {
    for (std::uint64_t sample : samples) {
      for (std::size_t n : {1u, 3u, 4u, 5u, 8u, 9u, 17u, 40u}) {
        std::vector<std::uint32_t> purpose(n), index(n), w0(n), w1(n), w2(n), w3(n);
        for (std::size_t i = 0; i < n; ++i) {
          purpose[i] = static_cast<std::uint32_t>(1 + i % 15);
          index[i] = static_cast<std::uint32_t>(i * 2654435761u);
        }
        philox_batch(seed, sample, purpose.data(), index.data(), n, w0.data(), w1.data(), w2.data(), w3.data());
        for (std::size_t i = 0; i < n; ++i) {
          const auto u = uniform2(seed, sample, static_cast<Purpose>(purpose[i]), index[i]);
          ASSERT_EQ(open_unit53(w0[i], w1[i]), u[0]) << "seed " << seed << " sample " << sample << " n " << n << " i " << i;
          ASSERT_EQ(open_unit53(w2[i], w3[i]), u[1]) << "seed " << seed << " sample " << sample << " n " << n << " i " << i;
        }
      }
    }
  }
}

// --- every SIMD path of philox_batch against Random123's reference ------------

const detail::PhiloxPath* find_path(const std::string& name) {
  for (const detail::PhiloxPath& p : detail::philox_paths())
    if (name == p.name) return &p;
  return nullptr;
}

class PhiloxPathTest : public ::testing::TestWithParam<std::string> {};

TEST_P(PhiloxPathTest, EqualsRandom123ForEveryLengthIncludingTails) {
  const detail::PhiloxPath* path = find_path(GetParam());
  if (path == nullptr) GTEST_SKIP() << "path " << GetParam() << " is not compiled into this build (not x86)";
  if (!path->supported()) GTEST_SKIP() << "this CPU lacks " << GetParam() << "; path not run";
  // Seeds and samples that use both 32-bit words (samples ≥ 2^32 included).
  const std::uint64_t seeds[] = {0, 1, 0x123456789ABCDEF0ull, 0xFFFFFFFFFFFFFFFFull};
  const std::uint64_t samples[] = {0, 7, 0xFFFFFFFFull, 0x100000000ull, 0xFEDCBA9876543210ull};
  constexpr std::uint32_t kCanary = 0xDEADBEEF;
  for (std::uint64_t seed : seeds) {
    for (std::uint64_t sample : samples) {
      for (std::size_t n = 0; n <= 70; ++n) {
        std::vector<std::uint32_t> purpose(n), index(n);
        // One word past the end of each output: no path may write there.
        std::vector<std::uint32_t> w0(n + 1, kCanary), w1(n + 1, kCanary), w2(n + 1, kCanary), w3(n + 1, kCanary);
        for (std::size_t i = 0; i < n; ++i) {
          purpose[i] = static_cast<std::uint32_t>(1 + (i * 7 + n) % 15);
          index[i] = static_cast<std::uint32_t>((i + 1) * 2654435761u) ^ static_cast<std::uint32_t>(n);
        }
        path->fn(seed, sample, purpose.data(), index.data(), n, w0.data(), w1.data(), w2.data(), w3.data());
        const r123::Philox4x32::key_type key = {
            {static_cast<std::uint32_t>(seed), static_cast<std::uint32_t>(seed >> 32)}};
        for (std::size_t i = 0; i < n; ++i) {
          const r123::Philox4x32::ctr_type ctr = {{static_cast<std::uint32_t>(sample),
                                                   static_cast<std::uint32_t>(sample >> 32), purpose[i], index[i]}};
          const auto want = r123::Philox4x32()(ctr, key);
          const std::uint32_t got[4] = {w0[i], w1[i], w2[i], w3[i]};
          for (int w = 0; w < 4; ++w)
            ASSERT_EQ(got[w], want[static_cast<std::size_t>(w)])
                << GetParam() << ": seed " << seed << " sample " << sample << " n " << n << " i " << i << " word " << w;
        }
        ASSERT_EQ(w0[n], kCanary) << GetParam() << ": wrote past n = " << n;
        ASSERT_EQ(w1[n], kCanary) << GetParam() << ": wrote past n = " << n;
        ASSERT_EQ(w2[n], kCanary) << GetParam() << ": wrote past n = " << n;
        ASSERT_EQ(w3[n], kCanary) << GetParam() << ": wrote past n = " << n;
      }
    }
  }
}

INSTANTIATE_TEST_SUITE_P(RandomBatch, PhiloxPathTest, ::testing::Values("scalar", "sse2", "avx2", "avx512f"),
                         [](const ::testing::TestParamInfo<std::string>& info) { return info.param; });

TEST(RandomBatch, PhiloxBatchUsesASupportedPath) {
  const detail::PhiloxPath& active = detail::philox_active_path();
  EXPECT_TRUE(active.supported()) << active.name;
  // The widest supported path (the last in the list) is chosen.
  const detail::PhiloxPath* widest = nullptr;
  for (const detail::PhiloxPath& p : detail::philox_paths())
    if (p.supported()) widest = &p;
  ASSERT_NE(widest, nullptr);
  EXPECT_EQ(std::string(active.name), widest->name);
}

}  // namespace
}  // namespace aqplan
