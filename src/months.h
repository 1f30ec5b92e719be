// Internal: twelve monthly values as three 4-double vectors (GCC vector
// extensions), for the per-sample kernels' month loops.
//
// Why: written as plain 12-iteration loops, GCC vectorised only part of each
// loop and also kept a scalar copy of the month values (36 scalar operations
// beside the 9 vector ones for every measure term of Model::evaluate). With
// explicit vectors each operation is one instruction per 4 months under AVX2
// and two SSE2 instructions under baseline x86-64.
//
// The same bits at every SIMD level: each operator is the elementwise IEEE
// operation, lane by lane, in the order written (no FMA: the library is built
// with -ffp-contract=off), so a kernel gives exactly what the scalar loop
// `for m: x[m] = expression` gives. Comparisons and selections are written as
// std::min / std::max define them, including for NaN.
//
// Everything is always inlined and passed by reference, so no vector type
// crosses a function boundary (no ABI difference between the builds).
#pragma once

#include <cstddef>

#include "simd_dispatch.h"

namespace aqplan::detail {

using V4 = double __attribute__((vector_size(32)));
using V4Mask = long long __attribute__((vector_size(32)));

struct M12 {
  V4 v[3];
};

AQPLAN_ALWAYS_INLINE M12 splat12(double x) noexcept {
  const V4 s = {x, x, x, x};
  return {{s, s, s}};
}
// Unaligned load and store of 12 consecutive doubles.
// (Through an unaligned, may-alias vector type: with std::memcpy GCC copied
// via the stack in 16-byte halves, and the wide load after two narrow
// stores stalled.)
using V4Unaligned = double __attribute__((vector_size(32), aligned(8), may_alias));
AQPLAN_ALWAYS_INLINE M12 load12(const double* p) noexcept {
  const auto* q = reinterpret_cast<const V4Unaligned*>(p);
  return {{q[0], q[1], q[2]}};
}
AQPLAN_ALWAYS_INLINE void store12(double* p, const M12& x) noexcept {
  auto* q = reinterpret_cast<V4Unaligned*>(p);
  q[0] = x.v[0];
  q[1] = x.v[1];
  q[2] = x.v[2];
}

#define AQPLAN_M12_BINARY(op)                                                              \
  AQPLAN_ALWAYS_INLINE M12 operator op(const M12& a, const M12& b) noexcept {              \
    return {{a.v[0] op b.v[0], a.v[1] op b.v[1], a.v[2] op b.v[2]}};                        \
  }                                                                                        \
  AQPLAN_ALWAYS_INLINE M12 operator op(const M12& a, double b) noexcept {                  \
    return {{a.v[0] op b, a.v[1] op b, a.v[2] op b}};                                       \
  }                                                                                        \
  AQPLAN_ALWAYS_INLINE M12 operator op(double a, const M12& b) noexcept {                  \
    return {{a op b.v[0], a op b.v[1], a op b.v[2]}};                                       \
  }
AQPLAN_M12_BINARY(+)
AQPLAN_M12_BINARY(-)
AQPLAN_M12_BINARY(*)
#undef AQPLAN_M12_BINARY

AQPLAN_ALWAYS_INLINE M12 operator-(const M12& a) noexcept { return {{-a.v[0], -a.v[1], -a.v[2]}}; }
AQPLAN_ALWAYS_INLINE M12& operator+=(M12& a, const M12& b) noexcept { return a = a + b; }
AQPLAN_ALWAYS_INLINE M12& operator*=(M12& a, const M12& b) noexcept { return a = a * b; }

// std::max(lo, x) lane by lane: (lo < x) ? x : lo.
AQPLAN_ALWAYS_INLINE M12 max12(double lo, const M12& x) noexcept {
  M12 r;
  for (int i = 0; i < 3; ++i) {
    const V4 l = {lo, lo, lo, lo};
    const V4Mask less = l < x.v[i];
    r.v[i] = less ? x.v[i] : l;
  }
  return r;
}

}  // namespace aqplan::detail
