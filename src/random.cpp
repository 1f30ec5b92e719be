#include "aqplan/random.h"

#include <Random123/philox.h>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace aqplan {

std::array<double, 2> uniform2(std::uint64_t seed, std::uint64_t sample, Purpose purpose, std::uint32_t index) noexcept {
  r123::Philox4x32 gen;
  r123::Philox4x32::key_type key = {{static_cast<std::uint32_t>(seed), static_cast<std::uint32_t>(seed >> 32)}};
  r123::Philox4x32::ctr_type ctr = {{static_cast<std::uint32_t>(sample), static_cast<std::uint32_t>(sample >> 32),
                                     static_cast<std::uint32_t>(purpose), index}};
  const auto r = gen(ctr, key);
  return {open_unit53(r[0], r[1]), open_unit53(r[2], r[3])};
}

namespace {

// Philox4x32-10 (Random123's constants and round function, written out on
// arrays of counters so the compiler can run several lanes at once).
constexpr std::uint32_t kM0 = PHILOX_M4x32_0, kM1 = PHILOX_M4x32_1;
constexpr std::uint32_t kW0 = PHILOX_W32_0, kW1 = PHILOX_W32_1;
constexpr std::size_t kLanes = 8;

#if defined(__SSE2__)
// 32×32 → 64-bit products of four lanes: the low and high words, in lane order.
inline void mulhilo4(__m128i a, __m128i m, __m128i& lo, __m128i& hi) noexcept {
  const __m128i mask_lo = _mm_set1_epi64x(0xFFFFFFFF);
  const __m128i even = _mm_mul_epu32(a, m);                      // lanes 0, 2
  const __m128i odd = _mm_mul_epu32(_mm_srli_epi64(a, 32), m);   // lanes 1, 3
  lo = _mm_or_si128(_mm_and_si128(even, mask_lo), _mm_slli_epi64(odd, 32));
  hi = _mm_or_si128(_mm_srli_epi64(even, 32), _mm_andnot_si128(mask_lo, odd));
}

inline void philox_lanes(std::uint32_t k0, std::uint32_t k1, std::uint32_t s0, std::uint32_t s1,
                         const std::uint32_t* purpose, const std::uint32_t* index, std::uint32_t* o0, std::uint32_t* o1,
                         std::uint32_t* o2, std::uint32_t* o3) noexcept {
  static_assert(kLanes % 4 == 0);
  const __m128i m0 = _mm_set1_epi32(static_cast<int>(kM0)), m1 = _mm_set1_epi32(static_cast<int>(kM1));
  for (std::size_t g = 0; g < kLanes; g += 4) {
    __m128i c0 = _mm_set1_epi32(static_cast<int>(s0)), c1 = _mm_set1_epi32(static_cast<int>(s1));
    __m128i c2 = _mm_loadu_si128(reinterpret_cast<const __m128i*>(purpose + g));
    __m128i c3 = _mm_loadu_si128(reinterpret_cast<const __m128i*>(index + g));
    std::uint32_t a = k0, b = k1;
    for (int round = 0; round < 10; ++round) {
      __m128i lo0, hi0, lo1, hi1;
      mulhilo4(c0, m0, lo0, hi0);
      mulhilo4(c2, m1, lo1, hi1);
      c0 = _mm_xor_si128(_mm_xor_si128(hi1, c1), _mm_set1_epi32(static_cast<int>(a)));
      c1 = lo1;
      c2 = _mm_xor_si128(_mm_xor_si128(hi0, c3), _mm_set1_epi32(static_cast<int>(b)));
      c3 = lo0;
      a += kW0;
      b += kW1;
    }
    _mm_storeu_si128(reinterpret_cast<__m128i*>(o0 + g), c0);
    _mm_storeu_si128(reinterpret_cast<__m128i*>(o1 + g), c1);
    _mm_storeu_si128(reinterpret_cast<__m128i*>(o2 + g), c2);
    _mm_storeu_si128(reinterpret_cast<__m128i*>(o3 + g), c3);
  }
}
#else
inline void philox_lanes(std::uint32_t k0, std::uint32_t k1, std::uint32_t s0, std::uint32_t s1,
                         const std::uint32_t* purpose, const std::uint32_t* index, std::uint32_t* o0, std::uint32_t* o1,
                         std::uint32_t* o2, std::uint32_t* o3) noexcept {
  std::uint32_t c0[kLanes], c1[kLanes], c2[kLanes], c3[kLanes];
  for (std::size_t l = 0; l < kLanes; ++l) {
    c0[l] = s0;
    c1[l] = s1;
    c2[l] = purpose[l];
    c3[l] = index[l];
  }
  for (int round = 0; round < 10; ++round) {
    for (std::size_t l = 0; l < kLanes; ++l) {
      const std::uint64_t p0 = static_cast<std::uint64_t>(kM0) * c0[l];
      const std::uint64_t p1 = static_cast<std::uint64_t>(kM1) * c2[l];
      const std::uint32_t n0 = static_cast<std::uint32_t>(p1 >> 32) ^ c1[l] ^ k0;
      const std::uint32_t n2 = static_cast<std::uint32_t>(p0 >> 32) ^ c3[l] ^ k1;
      c1[l] = static_cast<std::uint32_t>(p1);
      c3[l] = static_cast<std::uint32_t>(p0);
      c0[l] = n0;
      c2[l] = n2;
    }
    k0 += kW0;
    k1 += kW1;
  }
  for (std::size_t l = 0; l < kLanes; ++l) {
    o0[l] = c0[l];
    o1[l] = c1[l];
    o2[l] = c2[l];
    o3[l] = c3[l];
  }
}
#endif

}  // namespace

void philox_batch(std::uint64_t seed, std::uint64_t sample, const std::uint32_t* purpose, const std::uint32_t* index,
                  std::size_t n, std::uint32_t* out0, std::uint32_t* out1, std::uint32_t* out2,
                  std::uint32_t* out3) noexcept {
  const auto k0 = static_cast<std::uint32_t>(seed), k1 = static_cast<std::uint32_t>(seed >> 32);
  const auto s0 = static_cast<std::uint32_t>(sample), s1 = static_cast<std::uint32_t>(sample >> 32);
  std::size_t i = 0;
  for (; i + kLanes <= n; i += kLanes)
    philox_lanes(k0, k1, s0, s1, purpose + i, index + i, out0 + i, out1 + i, out2 + i, out3 + i);
  if (i < n) {
    // The tail through a padded group of lanes.
    std::uint32_t p[kLanes] = {}, x[kLanes] = {}, r0[kLanes], r1[kLanes], r2[kLanes], r3[kLanes];
    for (std::size_t l = 0; i + l < n; ++l) {
      p[l] = purpose[i + l];
      x[l] = index[i + l];
    }
    philox_lanes(k0, k1, s0, s1, p, x, r0, r1, r2, r3);
    for (std::size_t l = 0; i + l < n; ++l) {
      out0[i + l] = r0[l];
      out1[i + l] = r1[l];
      out2[i + l] = r2[l];
      out3[i + l] = r3[l];
    }
  }
}

}  // namespace aqplan
