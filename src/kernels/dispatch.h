// Internal: the one mechanism by which a per-sample kernel is compiled for
// several vector instruction sets and chosen at run time (docs/kernels.md).
//
// A kernel is a struct with its body written once, as a template on the
// level:
//
//   struct MyKernel {
//     template <SimdLevel L>
//     AQPLAN_ALWAYS_INLINE static R run(Args... args) noexcept { … }
//     // optional: static constexpr SimdLevel kWidest = SimdLevel::avx512;
//   };
//   R r = kernels::dispatch<MyKernel>(args…);
//
// dispatch() calls the copy of the body compiled for simd_level()
// (aqplan/base/simd.h): for baseline x86-64, for AVX2, or for AVX-512F. A
// kernel is compiled up to its kWidest level (AVX2 unless it says
// otherwise); at a wider level the widest copy it has runs. The body sees L
// only to pick a month type or an intrinsic path (months.h, philox.cpp);
// its arithmetic is the same at every level, so every copy gives the same
// bits (simd.h says why).
//
// Thread safety: dispatch reads simd_level() (thread-safe) and calls the body.
#pragma once

#include <utility>

#include "aqplan/base/simd.h"

#if defined(__x86_64__) && defined(__GNUC__)
#define AQPLAN_X86_KERNELS 1
#define AQPLAN_TARGET_AVX2 __attribute__((target("avx2")))
#define AQPLAN_TARGET_AVX512 __attribute__((target("avx2,avx512f")))
#else
#define AQPLAN_X86_KERNELS 0
#define AQPLAN_TARGET_AVX2
#define AQPLAN_TARGET_AVX512
#endif
#define AQPLAN_ALWAYS_INLINE inline __attribute__((always_inline))

namespace aqplan::detail {

// Does this CPU (and OS) run AVX2 / AVX-512F code? (False off x86-64.)
bool cpu_has_avx2() noexcept;
bool cpu_has_avx512() noexcept;

// Tests only: makes every kernel use `level` from now on (not while a run is
// in progress). False, changing nothing, when the CPU cannot run it.
bool force_simd_level(SimdLevel level) noexcept;

}  // namespace aqplan::detail

namespace aqplan::kernels {

// The widest level kernel K is compiled for.
template <class K>
constexpr SimdLevel widest_level() {
  if constexpr (requires { K::kWidest; }) return K::kWidest;
  else return SimdLevel::avx2;
}

// The copies of K's body, one per level, each a function of its own
// compiled for that level's instruction set.
template <class K>
struct Compiled {
  template <class... A>
  static decltype(auto) baseline(A&&... a) {
    return K::template run<SimdLevel::baseline>(std::forward<A>(a)...);
  }
  template <class... A>
  AQPLAN_TARGET_AVX2 static decltype(auto) avx2(A&&... a) {
    return K::template run<SimdLevel::avx2>(std::forward<A>(a)...);
  }
  template <class... A>
  AQPLAN_TARGET_AVX512 static decltype(auto) avx512(A&&... a) {
    return K::template run<SimdLevel::avx512>(std::forward<A>(a)...);
  }
};

// Runs K's body compiled for the level in use (see above).
template <class K, class... A>
decltype(auto) dispatch(A&&... a) {
#if AQPLAN_X86_KERNELS
  const SimdLevel level = simd_level();
  if constexpr (widest_level<K>() == SimdLevel::avx512)
    if (level == SimdLevel::avx512) return Compiled<K>::avx512(std::forward<A>(a)...);
  if (level != SimdLevel::baseline) return Compiled<K>::avx2(std::forward<A>(a)...);
#endif
  return Compiled<K>::baseline(std::forward<A>(a)...);
}

}  // namespace aqplan::kernels
