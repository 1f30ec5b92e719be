// Internal: how a kernel is compiled twice (baseline and AVX2) and chosen at
// run time by simd_level() (aqplan/simd.h explains why both give the same
// bits). Write the kernel body as an AQPLAN_ALWAYS_INLINE function, then
//   void k_baseline(...)            { body(...); }
//   AQPLAN_TARGET_AVX2 void k_avx2(...) { body(...); }
// and call the one simd_level() names (AQPLAN_HAVE_AVX2_KERNELS says whether
// the AVX2 one exists on this platform).
#pragma once

#include "aqplan/base/simd.h"

#if defined(__x86_64__) && defined(__GNUC__)
#define AQPLAN_HAVE_AVX2_KERNELS 1
#define AQPLAN_TARGET_AVX2 __attribute__((target("avx2")))
#else
#define AQPLAN_HAVE_AVX2_KERNELS 0
#define AQPLAN_TARGET_AVX2
#endif
#define AQPLAN_ALWAYS_INLINE inline __attribute__((always_inline))

namespace aqplan::detail {

// Does this CPU (and OS) run AVX2 code? (False off x86-64.)
bool cpu_has_avx2() noexcept;

// Tests only: makes every kernel use `level` from now on (not while a run is
// in progress). False, changing nothing, when the CPU cannot run it.
bool force_simd_level(SimdLevel level) noexcept;

inline bool use_avx2() noexcept {
#if AQPLAN_HAVE_AVX2_KERNELS
  return simd_level() == SimdLevel::avx2;
#else
  return false;
#endif
}

}  // namespace aqplan::detail
