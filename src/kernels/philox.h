// src/random_simd.h — internal: the code paths behind philox_batch
// (aqplan/random.h), exposed so that tests and benchmarks can call each one
// directly.
//
// philox_batch picks, once per process on its first call, the widest path the
// CPU runs (AVX-512F, then AVX2, then SSE2, then the portable scalar loop);
// the choice is made with __builtin_cpu_supports and kept in a function-local
// static, so it is thread-safe. Every path is integer arithmetic only
// (32×32→64-bit products, xors, additions of the key), so every path writes
// exactly the same words for the same arguments on every CPU.
//
// Units: none (32-bit words). Thread safety: every function here is stateless
// and may be called from any number of threads at once.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>

namespace aqplan::detail {

// The signature of philox_batch (random.h): same contract, same bits.
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

// The path philox_batch uses on this machine (the last supported one).
const PhiloxPath& philox_active_path() noexcept;

}  // namespace aqplan::detail
