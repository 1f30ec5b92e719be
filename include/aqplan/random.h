// aqplan/random.h — counter-based random numbers keyed by (seed, sample,
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
// Thread safety: stateless; any number of threads may draw at once.
#pragma once

#include <array>
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
};

// Two independent uniforms on (0, 1) for (seed, sample, purpose, index).
std::array<double, 2> uniform2(std::uint64_t seed, std::uint64_t sample, Purpose purpose, std::uint32_t index) noexcept;

// One uniform on (0, 1): the first of uniform2.
inline double uniform(std::uint64_t seed, std::uint64_t sample, Purpose purpose, std::uint32_t index) noexcept {
  return uniform2(seed, sample, purpose, index)[0];
}

}  // namespace aqplan
