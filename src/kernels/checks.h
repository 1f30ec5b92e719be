// Internal: whole-array checks of a draw, branch-free, on vectors, for the
// per-sample kernels' validation of their input (model/schedule.cpp).
// Dimensionless. Thread safety: pure functions.
#pragma once

#include <cstddef>
#include <cstring>
#include <limits>

#include "kernels/dispatch.h"
#include "kernels/months.h"

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace aqplan::kernels {

// Every x[i] finite and ≥ 0 (NaN fails both comparisons, +infinity the
// second): four at a time under AVX2 and two at a time (SSE2) under
// baseline x86-64, then the rest one by one. (Not a 2-wide GCC vector for
// baseline: GCC 12 turns `mask &= compare` on those into a scalar select
// per lane.)
template <SimdLevel L>
AQPLAN_ALWAYS_INLINE bool all_finite_nonnegative(const double* x, std::size_t n) noexcept {
  constexpr double kInf = std::numeric_limits<double>::infinity();
  bool ok = true;
  std::size_t j = 0;
  if constexpr (L != SimdLevel::baseline) {
    using detail::V4;
    const V4 zero = {0.0, 0.0, 0.0, 0.0}, inf = {kInf, kInf, kInf, kInf};
    detail::V4Mask good = {-1, -1, -1, -1};
    for (; j + 4 <= n; j += 4) {
      const V4 d = reinterpret_cast<const detail::V4Unaligned*>(x + j)->v;
      good &= (d >= zero) & (d < inf);
    }
    ok = (good[0] & good[1] & good[2] & good[3]) != 0;
  } else {
#if defined(__SSE2__)
    const __m128d zero = _mm_setzero_pd(), inf = _mm_set1_pd(kInf);
    __m128d good = _mm_castsi128_pd(_mm_set1_epi32(-1));
    for (; j + 2 <= n; j += 2) {
      const __m128d d = _mm_loadu_pd(x + j);
      good = _mm_and_pd(good, _mm_and_pd(_mm_cmpge_pd(d, zero), _mm_cmplt_pd(d, inf)));
    }
    ok = _mm_movemask_pd(good) == 3;
#endif
  }
  for (; j < n; ++j) ok &= (x[j] >= 0.0) & (x[j] < kInf);
  return ok;
}

// Every byte b[i] 0 or 1: eight at a time as one 64-bit word.
AQPLAN_ALWAYS_INLINE bool all_zero_or_one(const std::uint8_t* b, std::size_t n) noexcept {
  std::uint64_t bytes = 0;  // OR of every byte, in each of the word's eight bytes
  std::size_t j = 0;
  for (; j + 8 <= n; j += 8) {
    std::uint64_t w;
    std::memcpy(&w, b + j, sizeof w);
    bytes |= w;
  }
  for (; j < n; ++j) bytes |= b[j];
  return (bytes & ~std::uint64_t{0x0101010101010101}) == 0;
}

}  // namespace aqplan::kernels
