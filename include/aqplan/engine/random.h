// aqplan/engine/random.h — counter-based random numbers keyed by (seed, sample,
// purpose, index), so that every draw of a Monte Carlo run is a pure
// function of those four numbers.
//
// Consequences: a result never depends on the thread count, the order in
// which samples are evaluated, or how a run is split over processes; and two
// scenarios that share a quantity (the same measure id, the same sector, the
// same month's weather) draw the same value for it in sample i (common
// random numbers), whatever else differs between them.
//
// Generator: Random123 Philox4x32-10 (Salmon et al., SC'11), key = the
// 64-bit seed, counter = (sample index as two 32-bit words, purpose, index).
// One call yields 128 bits = two uniforms on (0, 1) with 53-bit resolution;
// neither is ever exactly 0 or 1.
//
// philox_batch computes many counters of one sample at once (same bits),
// on the widest vector unit the CPU has (AVX-512F, AVX2 or SSE2, chosen once
// at run time; integer arithmetic only, so every CPU gives the same words).
//
// Thread safety: stateless; any number of threads may draw at once.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>

namespace aqplan {

// What a draw is for. The numbers are part of the reproducibility contract:
// never renumber; add new purposes at the end.
enum class Purpose : std::uint32_t {
  delay = 1,            // index: measure id; u[0] on time?, u[1] how late
  implemented = 2,      // index: measure id
  effect_size = 3,      // index: measure id << 8 | (effect ordinal / 2); u[ordinal % 2]
  growth = 4,           // index: sector ordinal in the inventory
  regional = 5,         // index: metric
  nonlocal_share = 6,   // index: metric << 8 | month group
  nitrate_a = 7,        // index: month group
  nitrate_b = 8,
  ammonia_a = 9,
  ammonia_b = 10,
  ozone_aN = 11,
  ozone_bN = 12,
  ozone_aV = 13,
  ozone_c = 14,
  weather = 15,         // index: month (0..11) << 8 | metric pair (0..2); u = the pair's innovations
  observation_noise = 16,  // as weather: the re-forecast's observation error (engine/conditioning.h)
  daily = 17,           // index: metric (0..5) << 7 | j (0..95); words 0, 1 → the metric's normals of days j
                        // and j + 96, words 2, 3 → days j + 192, j + 288 (Box–Muller; engine/daily.h)
};

// Two independent uniforms on (0, 1) for (seed, sample, purpose, index).
std::array<double, 2> uniform2(std::uint64_t seed, std::uint64_t sample, Purpose purpose, std::uint32_t index) noexcept;

// The 53-bit uniform on (0, 1) that uniform2 makes of two 32-bit Philox
// words: (k + 0.5) / 2^53 with k = (hi << 21 ^ lo >> 11) mod 2^53.
// k = hi·2^21 + (lo >> 11) < 2^53 is formed exactly in double from two
// int32 conversions (which vectorise, unlike uint64 → double); the result is
// bit for bit (double(k) + 0.5)·2^-53.
inline double open_unit53(std::uint32_t hi, std::uint32_t lo) noexcept {
  const double h = static_cast<double>(static_cast<std::int32_t>(hi ^ 0x80000000u)) + 2147483648.0;
  const double l = static_cast<double>(static_cast<std::int32_t>(lo >> 11));
  return (h * 2097152.0 + l + 0.5) * 0x1.0p-53;
}

// Many Philox4x32-10 calls of one (seed, sample) at once: for i < n, the
// four output words of counter (sample, purpose[i], index[i]) go to
// out0[i] … out3[i], so uniform2(seed, sample, purpose[i], index[i]) ==
// {open_unit53(out0[i], out1[i]), open_unit53(out2[i], out3[i])}. The same
// bits as one call each, computed several counters at a time (SIMD; the
// code path is picked on the first call, thread-safely: src/kernels/philox.h).
// Allocates nothing.
void philox_batch(std::uint64_t seed, std::uint64_t sample, const std::uint32_t* purpose, const std::uint32_t* index,
                  std::size_t n, std::uint32_t* out0, std::uint32_t* out1, std::uint32_t* out2,
                  std::uint32_t* out3) noexcept;

// One uniform on (0, 1): the first of uniform2.
inline double uniform(std::uint64_t seed, std::uint64_t sample, Purpose purpose, std::uint32_t index) noexcept {
  return uniform2(seed, sample, purpose, index)[0];
}

}  // namespace aqplan
