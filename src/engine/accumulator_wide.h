// Internal to the accumulator: arithmetic on detail::Limbs<N>, fixed-width
// integers of N 64-bit limbs (least significant first), modulo 2^(64·N) —
// the weighted accumulator's exact sums (aqplan/engine/accumulator.h gives
// their bounds). Signed values are two's complement. Conversions to double
// and long double round to nearest, ties to even, like a conversion of a
// built-in integer.
#pragma once

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstddef>
#include <cstdint>

#include "aqplan/engine/accumulator.h"

namespace aqplan::accumulator_detail {

__extension__ typedef unsigned __int128 u128;
template <std::size_t N>
using Limbs = detail::Limbs<N>;

template <std::size_t N>
inline Limbs<N> limbs_of(u128 v) {
  Limbs<N> r;
  r.w[0] = static_cast<std::uint64_t>(v);
  if constexpr (N > 1) r.w[1] = static_cast<std::uint64_t>(v >> 64);
  return r;
}

// a with N limbs, cut (mod 2^64N) or extended with zeros.
template <std::size_t N, std::size_t M>
inline Limbs<N> resized(const Limbs<M>& a) {
  Limbs<N> r;
  for (std::size_t k = 0; k < std::min(N, M); ++k) r.w[k] = a.w[k];
  return r;
}

// a += b·2^(64·at) mod 2^64N (M + at ≤ N limbs of b used).
template <std::size_t N, std::size_t M>
inline void add_to(Limbs<N>& a, const Limbs<M>& b, std::size_t at = 0) {
  bool carry = false;
  for (std::size_t k = at; k < N; ++k) {
    const std::uint64_t x = k - at < M ? b.w[k - at] : 0;
    if (k - at >= M && !carry) break;
    std::uint64_t t;
    const bool c1 = __builtin_add_overflow(a.w[k], x, &t);
    const bool c2 = __builtin_add_overflow(t, static_cast<std::uint64_t>(carry), &a.w[k]);
    carry = c1 || c2;
  }
}

// a −= b mod 2^64N.
template <std::size_t N, std::size_t M>
inline void sub_from(Limbs<N>& a, const Limbs<M>& b) {
  bool borrow = false;
  for (std::size_t k = 0; k < N; ++k) {
    const std::uint64_t x = k < M ? b.w[k] : 0;
    std::uint64_t t;
    const bool b1 = __builtin_sub_overflow(a.w[k], x, &t);
    const bool b2 = __builtin_sub_overflow(t, static_cast<std::uint64_t>(borrow), &a.w[k]);
    borrow = b1 || b2;
  }
}

// a += v·2^shift mod 2^256 (the cheap case of add_to(a, shifted_left(v))
// for the accumulator's partial sums).
inline void add_shifted(Limbs<4>& a, u128 v, unsigned shift) {
  const std::size_t at = shift / 64;
  const unsigned r = shift % 64;
  const auto lo = static_cast<std::uint64_t>(v), hi = static_cast<std::uint64_t>(v >> 64);
  const std::uint64_t t[3] = {lo << r, r == 0 ? hi : (hi << r) | (lo >> (64 - r)), r == 0 ? 0 : hi >> (64 - r)};
  bool carry = false;
  for (std::size_t k = at; k < 4; ++k) {
    const std::uint64_t x = k - at < 3 ? t[k - at] : 0;
    std::uint64_t sum;
    const bool c1 = __builtin_add_overflow(a.w[k], x, &sum);
    const bool c2 = __builtin_add_overflow(sum, static_cast<std::uint64_t>(carry), &a.w[k]);
    carry = c1 || c2;
  }
}

// −a mod 2^64N.
template <std::size_t N>
inline Limbs<N> negated(const Limbs<N>& a) {
  Limbs<N> r;
  sub_from(r, a);
  return r;
}

template <std::size_t N>
inline bool is_negative(const Limbs<N>& a) {
  return (a.w[N - 1] >> 63) != 0;
}

template <std::size_t N>
inline bool is_zero(const Limbs<N>& a) {
  return std::all_of(a.w.begin(), a.w.end(), [](std::uint64_t x) { return x == 0; });
}

// Unsigned comparison: −1, 0 or 1.
template <std::size_t N>
inline int compare(const Limbs<N>& a, const Limbs<N>& b) {
  for (std::size_t k = N; k-- > 0;) {
    if (a.w[k] != b.w[k]) return a.w[k] < b.w[k] ? -1 : 1;
  }
  return 0;
}

// a·2^bits mod 2^64N.
template <std::size_t N>
inline Limbs<N> shifted_left(const Limbs<N>& a, unsigned bits) {
  Limbs<N> r;
  const std::size_t whole = bits / 64;
  const unsigned part = bits % 64;
  for (std::size_t k = N; k-- > whole;) {
    r.w[k] = a.w[k - whole] << part;
    if (part != 0 && k > whole) r.w[k] |= a.w[k - whole - 1] >> (64 - part);
  }
  return r;
}

// The full product a·b (N + M limbs, never wraps).
template <std::size_t N, std::size_t M>
inline Limbs<N + M> product(const Limbs<N>& a, const Limbs<M>& b) {
  Limbs<N + M> r;
  for (std::size_t i = 0; i < N; ++i) {
    std::uint64_t carry = 0;
    for (std::size_t j = 0; j < M; ++j) {
      const u128 t = static_cast<u128>(a.w[i]) * b.w[j] + r.w[i + j] + carry;
      r.w[i + j] = static_cast<std::uint64_t>(t);
      carry = static_cast<std::uint64_t>(t >> 64);
    }
    r.w[i + M] = carry;
  }
  return r;
}

// Bits needed for a (0 for 0).
template <std::size_t N>
inline unsigned bit_width_of(const Limbs<N>& a) {
  for (std::size_t k = N; k-- > 0;) {
    if (a.w[k] != 0) return static_cast<unsigned>(64 * k) + static_cast<unsigned>(std::bit_width(a.w[k]));
  }
  return 0;
}

template <std::size_t N>
inline bool bit_at(const Limbs<N>& a, unsigned b) {
  return ((a.w[b / 64] >> (b % 64)) & 1u) != 0;
}

// a (≥ 0) rounded to `digits` significant bits (≤ 64), nearest, ties to
// even: a ≈ mantissa·2^exponent, mantissa < 2^digits after rounding.
struct Rounded {
  std::uint64_t mantissa;
  int exponent;
};
template <std::size_t N>
inline Rounded rounded(const Limbs<N>& a, unsigned digits) {
  const unsigned width = bit_width_of(a);
  if (width <= digits) return {a.w[0], 0};  // fits one limb: digits ≤ 64
  const unsigned drop = width - digits;
  std::uint64_t m = 0;
  for (unsigned b = width; b-- > drop;) m = (m << 1) | static_cast<std::uint64_t>(bit_at(a, b));
  const bool half = bit_at(a, drop - 1);
  bool sticky = false;
  for (unsigned b = 0; b + 1 < drop && !sticky; ++b) sticky = bit_at(a, b);
  int exponent = static_cast<int>(drop);
  if (half && (sticky || (m & 1u) != 0)) {
    ++m;
    if (digits == 64 ? m == 0 : m >> digits != 0) {  // carried out: 2^digits
      m = std::uint64_t{1} << (digits - 1);
      ++exponent;
    }
  }
  return {m, exponent};
}

template <std::size_t N>
inline double to_double(const Limbs<N>& a) {
  const Rounded r = rounded(a, 53);
  return std::ldexp(static_cast<double>(r.mantissa), r.exponent);
}

template <std::size_t N>
inline long double to_long_double(const Limbs<N>& a) {
  const Rounded r = rounded(a, 64);
  return std::ldexp(static_cast<long double>(r.mantissa), r.exponent);
}

template <std::size_t N>
inline double signed_to_double(const Limbs<N>& a) {
  return is_negative(a) ? -to_double(negated(a)) : to_double(a);
}

template <std::size_t N>
inline long double signed_to_long_double(const Limbs<N>& a) {
  return is_negative(a) ? -to_long_double(negated(a)) : to_long_double(a);
}

// A non-negative integer-valued double below 2^64N, exactly.
template <std::size_t N>
inline Limbs<N> from_integral_double(double x) {
  int exp = 0;
  const double frac = std::frexp(x, &exp);  // x = frac·2^exp, 0.5 ≤ frac < 1
  if (x == 0.0) return Limbs<N>{};
  const auto mantissa = static_cast<std::uint64_t>(std::ldexp(frac, 53));  // exact: 53 bits
  if (exp <= 53) return limbs_of<N>(mantissa >> (53 - exp));                // x integral: no bits lost
  return shifted_left(limbs_of<N>(mantissa), static_cast<unsigned>(exp - 53));
}

}  // namespace aqplan::accumulator_detail
