// Internal: the Philox4x32-10 paths behind philox_batch (engine/random.h),
// one per vector instruction set, exposed so that tests and benchmarks can
// call each one directly.
//
// philox_batch runs the path of simd_level() (kernels/dispatch.h): AVX-512F,
// AVX2, or SSE2 (baseline x86-64; the portable scalar loop elsewhere).
// Every path is integer arithmetic only (32×32→64-bit products, xors,
// additions of the key), so every path writes exactly the same words for
// the same arguments on every CPU.
//
// Units: none (32-bit words). Thread safety: every function here is stateless
// and may be called from any number of threads at once.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>

namespace aqplan::detail {

// The signature of philox_batch (engine/random.h): same contract, same bits.
using PhiloxBatchFn = void (*)(std::uint64_t seed, std::uint64_t sample, const std::uint32_t* purpose,
                               const std::uint32_t* index, std::size_t n, std::uint32_t* out0, std::uint32_t* out1,
                               std::uint32_t* out2, std::uint32_t* out3) noexcept;

struct PhiloxPath {
  const char* name;            // "scalar", "sse2", "avx2", "avx512f"
  PhiloxBatchFn fn;            // callable only when supported() is true
  bool (*supported)() noexcept;  // does this CPU (and OS) run it?
};

// Every path compiled into this build, narrowest first. A path whose
// supported() is false must not be called on this machine.
std::span<const PhiloxPath> philox_paths() noexcept;

// The path philox_batch uses at the current simd_level().
const PhiloxPath& philox_active_path() noexcept;

}  // namespace aqplan::detail

namespace aqplan::kernels {

// philox_batch (engine/random.h) on the path of simd_level().
void philox_batch(std::uint64_t seed, std::uint64_t sample, const std::uint32_t* purpose, const std::uint32_t* index,
                  std::size_t n, std::uint32_t* out0, std::uint32_t* out1, std::uint32_t* out2,
                  std::uint32_t* out3) noexcept;

}  // namespace aqplan::kernels
