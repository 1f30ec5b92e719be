#include "aqplan/random.h"

#include <Random123/philox.h>

namespace aqplan {

namespace {
// 53 random bits → (0, 1): (k + 0.5) / 2^53, never 0 or 1.
inline double to_open_unit(std::uint32_t hi, std::uint32_t lo) noexcept {
  const std::uint64_t k = (static_cast<std::uint64_t>(hi) << 21) ^ (lo >> 11);
  return (static_cast<double>(k & ((std::uint64_t{1} << 53) - 1)) + 0.5) * 0x1.0p-53;
}
}  // namespace

std::array<double, 2> uniform2(std::uint64_t seed, std::uint64_t sample, Purpose purpose, std::uint32_t index) noexcept {
  r123::Philox4x32 gen;
  r123::Philox4x32::key_type key = {{static_cast<std::uint32_t>(seed), static_cast<std::uint32_t>(seed >> 32)}};
  r123::Philox4x32::ctr_type ctr = {{static_cast<std::uint32_t>(sample), static_cast<std::uint32_t>(sample >> 32),
                                     static_cast<std::uint32_t>(purpose), index}};
  const auto r = gen(ctr, key);
  return {to_open_unit(r[0], r[1]), to_open_unit(r[2], r[3])};
}

}  // namespace aqplan
