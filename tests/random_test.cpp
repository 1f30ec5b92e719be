// Batched Philox (random.h philox_batch) gives the bits of one call per counter.
#include <gtest/gtest.h>

#include <cstdint>
#include <vector>

#include "aqplan/random.h"

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

}  // namespace
}  // namespace aqplan
