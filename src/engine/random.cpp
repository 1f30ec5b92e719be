#include "aqplan/engine/random.h"

#include <Random123/philox.h>

#include "kernels/philox.h"

namespace aqplan {

std::array<double, 2> uniform2(std::uint64_t seed, std::uint64_t sample, Purpose purpose, std::uint32_t index) noexcept {
  r123::Philox4x32 gen;
  r123::Philox4x32::key_type key = {{static_cast<std::uint32_t>(seed), static_cast<std::uint32_t>(seed >> 32)}};
  r123::Philox4x32::ctr_type ctr = {{static_cast<std::uint32_t>(sample), static_cast<std::uint32_t>(sample >> 32),
                                     static_cast<std::uint32_t>(purpose), index}};
  const auto r = gen(ctr, key);
  return {open_unit53(r[0], r[1]), open_unit53(r[2], r[3])};
}

void philox_batch(std::uint64_t seed, std::uint64_t sample, const std::uint32_t* purpose, const std::uint32_t* index,
                  std::size_t n, std::uint32_t* out0, std::uint32_t* out1, std::uint32_t* out2,
                  std::uint32_t* out3) noexcept {
  kernels::philox_batch(seed, sample, purpose, index, n, out0, out1, out2, out3);
}

}  // namespace aqplan
