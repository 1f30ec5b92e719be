// Internal: 4-double vectors (GCC vector extensions) and twelve monthly
// values as three of them (M12), for the per-sample kernels' month loops
// (Model::evaluate, Schedule::evaluate, the mixture solve) and the
// accumulator's batch kernel. Dimensionless: whatever the values' unit.
//
// Why: written as plain 12-iteration loops, GCC vectorised only part of each
// loop and also kept a scalar copy of the month values (36 scalar operations
// beside the 9 vector ones for every measure term of Model::evaluate). With
// explicit vectors each operation is one instruction per 4 months under AVX2
// and two SSE2 instructions under baseline x86-64 (where GCC 12 may also
// spill a 4-double value to the stack; M12x2 below avoids that where it
// mattered).
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

#include "kernels/dispatch.h"

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
// Unaligned load and store of 12 consecutive doubles, through a packed,
// may-alias wrapper of the vector. (With std::memcpy GCC copied via the
// stack in 16-byte halves, and the wide load after two narrow stores
// stalled. A vector type with a lower `aligned` attribute is no answer:
// GCC honours it only on a using-declaration and clang only on a typedef;
// the other emits aligned moves, which fault. Both honour `packed`.)
struct __attribute__((packed, may_alias)) V4Unaligned {
  V4 v;
};
static_assert(alignof(V4Unaligned) == 1 && sizeof(V4Unaligned) == sizeof(V4));
AQPLAN_ALWAYS_INLINE M12 load12(const double* p) noexcept {
  const auto* q = reinterpret_cast<const V4Unaligned*>(p);
  return {{q[0].v, q[1].v, q[2].v}};
}
AQPLAN_ALWAYS_INLINE void store12(double* p, const M12& x) noexcept {
  auto* q = reinterpret_cast<V4Unaligned*>(p);
  q[0].v = x.v[0];
  q[1].v = x.v[1];
  q[2].v = x.v[2];
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
// std::max(x, lo) lane by lane: (x < lo) ? lo : x, x86's maxpd(lo, x). Not
// max12(lo, x) above with its arguments swapped: for a NaN x, and for
// x = -0.0 with lo = +0.0, this one keeps x.
AQPLAN_ALWAYS_INLINE M12 max12(const M12& x, double lo) noexcept {
  M12 r;
  for (int i = 0; i < 3; ++i) {
    const V4 l = {lo, lo, lo, lo};
    const V4Mask less = x.v[i] < l;
    r.v[i] = less ? l : x.v[i];
  }
  return r;
}
// std::min(x, hi) lane by lane: (hi < x) ? hi : x, x86's minpd(hi, x) (a
// NaN x is kept).
AQPLAN_ALWAYS_INLINE M12 min12(const M12& x, double hi) noexcept {
  M12 r;
  for (int i = 0; i < 3; ++i) {
    const V4 h = {hi, hi, hi, hi};
    const V4Mask greater = h < x.v[i];
    r.v[i] = greater ? h : x.v[i];
  }
  return r;
}

// M12x2: the same twelve months as six 2-double vectors, for kernel code
// compiled for baseline x86-64 (kernels/dispatch.h): load, store, splat, + - *
// and max12(x, lo) / min12(x, hi), each the same lane-by-lane operation as
// for M12, so the same bits. Why: without AVX, GCC 12 has no register for a
// 4-double vector. It splits M12 arithmetic into SSE2 halves, but an M12
// value it cannot split (one kept across a branch, a broadcast) goes through
// the stack, and a 4-wide comparison or selection is made one double at a
// time. A kernel written for a month type M (M12 under AVX2, M12x2 under
// baseline) avoids both.
using V2 = double __attribute__((vector_size(16)));
struct __attribute__((packed, may_alias)) V2Unaligned {
  V2 v;
};
static_assert(alignof(V2Unaligned) == 1 && sizeof(V2Unaligned) == sizeof(V2));

struct M12x2 {
  V2 v[6];
};

AQPLAN_ALWAYS_INLINE M12x2 splat12x2(double x) noexcept {
  const V2 s = {x, x};
  return {{s, s, s, s, s, s}};
}
AQPLAN_ALWAYS_INLINE M12x2 load12x2(const double* p) noexcept {
  const auto* q = reinterpret_cast<const V2Unaligned*>(p);
  return {{q[0].v, q[1].v, q[2].v, q[3].v, q[4].v, q[5].v}};
}
AQPLAN_ALWAYS_INLINE void store12(double* p, const M12x2& x) noexcept {
  auto* q = reinterpret_cast<V2Unaligned*>(p);
  for (int i = 0; i < 6; ++i) q[i].v = x.v[i];
}

#define AQPLAN_M12X2_BINARY(op)                                                               \
  AQPLAN_ALWAYS_INLINE M12x2 operator op(const M12x2& a, const M12x2& b) noexcept {          \
    M12x2 r;                                                                                \
    for (int i = 0; i < 6; ++i) r.v[i] = a.v[i] op b.v[i];                                  \
    return r;                                                                               \
  }                                                                                         \
  AQPLAN_ALWAYS_INLINE M12x2 operator op(const M12x2& a, double b) noexcept {               \
    M12x2 r;                                                                                \
    for (int i = 0; i < 6; ++i) r.v[i] = a.v[i] op b;                                       \
    return r;                                                                               \
  }                                                                                         \
  AQPLAN_ALWAYS_INLINE M12x2 operator op(double a, const M12x2& b) noexcept {               \
    M12x2 r;                                                                                \
    for (int i = 0; i < 6; ++i) r.v[i] = a op b.v[i];                                       \
    return r;                                                                               \
  }
AQPLAN_M12X2_BINARY(+)
AQPLAN_M12X2_BINARY(-)
AQPLAN_M12X2_BINARY(*)
#undef AQPLAN_M12X2_BINARY

// As max12(x, lo) and min12(x, hi) for M12.
AQPLAN_ALWAYS_INLINE M12x2 max12(const M12x2& x, double lo) noexcept {
  const V2 l = {lo, lo};
  M12x2 r;
  for (int i = 0; i < 6; ++i) r.v[i] = x.v[i] < l ? l : x.v[i];
  return r;
}
AQPLAN_ALWAYS_INLINE M12x2 min12(const M12x2& x, double hi) noexcept {
  const V2 h = {hi, hi};
  M12x2 r;
  for (int i = 0; i < 6; ++i) r.v[i] = h < x.v[i] ? h : x.v[i];
  return r;
}

// x, as a value the compiler cannot see through (no instruction), for the
// bound of max12(x, lo) / min12(x, hi): with a constant bound GCC 12 makes
// the selection a compare and a blend (an and-not for 0), with opaque(bound)
// the one maxpd / minpd.
AQPLAN_ALWAYS_INLINE double opaque(double x) noexcept {
#if defined(__x86_64__) && defined(__GNUC__)
  __asm__("" : "+x"(x));
#endif
  return x;
}

}  // namespace aqplan::detail
