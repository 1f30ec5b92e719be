// The Philox4x32-10 paths behind philox_batch (engine/random.h), one per
// vector instruction set, and the kernel that picks one (kernels/dispatch.h).
#include "kernels/philox.h"

#include <Random123/philox.h>

#include <string_view>

#include "kernels/dispatch.h"

#if defined(__GNUC__) && (defined(__x86_64__) || defined(__i386__)) && defined(__SSE2__)
#define AQPLAN_PHILOX_X86 1
#include <immintrin.h>
#else
#define AQPLAN_PHILOX_X86 0
#endif

namespace aqplan {

namespace {

// Philox4x32-10: Random123's constants and round function, written out on
// vectors of counters. Counter (c0, c1, c2, c3) = (sample lo, sample hi,
// purpose, index), key (k0, k1) = (seed lo, seed hi); each round
//   (c0, c1, c2, c3) ← (hi(M1·c2) ^ c1 ^ k0, lo(M1·c2), hi(M0·c0) ^ c3 ^ k1, lo(M0·c0))
// and then the key is bumped by the Weyl constants (W0, W1).
constexpr std::uint32_t kM0 = PHILOX_M4x32_0, kM1 = PHILOX_M4x32_1;
constexpr std::uint32_t kW0 = PHILOX_W32_0, kW1 = PHILOX_W32_1;
constexpr int kRounds = 10;

struct Key {
  std::uint32_t k0, k1, s0, s1;
};

Key split(std::uint64_t seed, std::uint64_t sample) noexcept {
  return {static_cast<std::uint32_t>(seed), static_cast<std::uint32_t>(seed >> 32), static_cast<std::uint32_t>(sample),
          static_cast<std::uint32_t>(sample >> 32)};
}

// --- portable: one counter at a time -----------------------------------------

void philox_batch_scalar(std::uint64_t seed, std::uint64_t sample, const std::uint32_t* purpose,
                         const std::uint32_t* index, std::size_t n, std::uint32_t* out0, std::uint32_t* out1,
                         std::uint32_t* out2, std::uint32_t* out3) noexcept {
  const Key key = split(seed, sample);
  for (std::size_t i = 0; i < n; ++i) {
    std::uint32_t c0 = key.s0, c1 = key.s1, c2 = purpose[i], c3 = index[i];
    std::uint32_t a = key.k0, b = key.k1;
    for (int round = 0; round < kRounds; ++round) {
      const std::uint64_t p0 = static_cast<std::uint64_t>(kM0) * c0;
      const std::uint64_t p1 = static_cast<std::uint64_t>(kM1) * c2;
      c0 = static_cast<std::uint32_t>(p1 >> 32) ^ c1 ^ a;
      c1 = static_cast<std::uint32_t>(p1);
      c2 = static_cast<std::uint32_t>(p0 >> 32) ^ c3 ^ b;
      c3 = static_cast<std::uint32_t>(p0);
      a += kW0;
      b += kW1;
    }
    out0[i] = c0;
    out1[i] = c1;
    out2[i] = c2;
    out3[i] = c3;
  }
}

bool always() noexcept { return true; }

#if AQPLAN_PHILOX_X86

// Each wide path runs G vectors of W counters at once (G independent
// dependency chains hide the multiplier's latency), then the rest one vector
// at a time; a last partial vector goes through zero-padded buffers (SSE2,
// AVX2) or masked loads and stores (AVX-512).

// --- SSE2: 4 counters per vector (baseline x86-64) ------------------------------

// 32×32 → 64-bit products of four lanes: the low and high words, in lane order.
[[gnu::always_inline]] inline void mulhilo(__m128i a, __m128i m, __m128i& lo, __m128i& hi) noexcept {
  const __m128i mask_lo = _mm_set1_epi64x(0xFFFFFFFF);
  const __m128i even = _mm_mul_epu32(a, m);                     // lanes 0, 2
  const __m128i odd = _mm_mul_epu32(_mm_srli_epi64(a, 32), m);  // lanes 1, 3
  lo = _mm_or_si128(_mm_and_si128(even, mask_lo), _mm_slli_epi64(odd, 32));
  hi = _mm_or_si128(_mm_srli_epi64(even, 32), _mm_andnot_si128(mask_lo, odd));
}

template <int G>
[[gnu::always_inline]] inline void sse2_block(const Key& key, const std::uint32_t* purpose, const std::uint32_t* index,
                                              std::uint32_t* o0, std::uint32_t* o1, std::uint32_t* o2,
                                              std::uint32_t* o3) noexcept {
  constexpr int W = 4;
  const __m128i m0 = _mm_set1_epi32(static_cast<int>(kM0)), m1 = _mm_set1_epi32(static_cast<int>(kM1));
  __m128i c0[G], c1[G], c2[G], c3[G];
  for (int g = 0; g < G; ++g) {
    c0[g] = _mm_set1_epi32(static_cast<int>(key.s0));
    c1[g] = _mm_set1_epi32(static_cast<int>(key.s1));
    c2[g] = _mm_loadu_si128(reinterpret_cast<const __m128i*>(purpose + g * W));
    c3[g] = _mm_loadu_si128(reinterpret_cast<const __m128i*>(index + g * W));
  }
  std::uint32_t a = key.k0, b = key.k1;
  for (int round = 0; round < kRounds; ++round) {
    const __m128i ka = _mm_set1_epi32(static_cast<int>(a)), kb = _mm_set1_epi32(static_cast<int>(b));
    for (int g = 0; g < G; ++g) {
      __m128i lo0, hi0, lo1, hi1;
      mulhilo(c0[g], m0, lo0, hi0);
      mulhilo(c2[g], m1, lo1, hi1);
      c0[g] = _mm_xor_si128(_mm_xor_si128(hi1, c1[g]), ka);
      c1[g] = lo1;
      c2[g] = _mm_xor_si128(_mm_xor_si128(hi0, c3[g]), kb);
      c3[g] = lo0;
    }
    a += kW0;
    b += kW1;
  }
  for (int g = 0; g < G; ++g) {
    _mm_storeu_si128(reinterpret_cast<__m128i*>(o0 + g * W), c0[g]);
    _mm_storeu_si128(reinterpret_cast<__m128i*>(o1 + g * W), c1[g]);
    _mm_storeu_si128(reinterpret_cast<__m128i*>(o2 + g * W), c2[g]);
    _mm_storeu_si128(reinterpret_cast<__m128i*>(o3 + g * W), c3[g]);
  }
}

void philox_batch_sse2(std::uint64_t seed, std::uint64_t sample, const std::uint32_t* purpose,
                       const std::uint32_t* index, std::size_t n, std::uint32_t* out0, std::uint32_t* out1,
                       std::uint32_t* out2, std::uint32_t* out3) noexcept {
  constexpr std::size_t W = 4, G = 2;
  const Key key = split(seed, sample);
  std::size_t i = 0;
  for (; i + G * W <= n; i += G * W)
    sse2_block<G>(key, purpose + i, index + i, out0 + i, out1 + i, out2 + i, out3 + i);
  for (; i + W <= n; i += W) sse2_block<1>(key, purpose + i, index + i, out0 + i, out1 + i, out2 + i, out3 + i);
  if (i < n) {
    std::uint32_t p[W] = {}, x[W] = {}, r0[W], r1[W], r2[W], r3[W];
    for (std::size_t l = 0; i + l < n; ++l) {
      p[l] = purpose[i + l];
      x[l] = index[i + l];
    }
    sse2_block<1>(key, p, x, r0, r1, r2, r3);
    for (std::size_t l = 0; i + l < n; ++l) {
      out0[i + l] = r0[l];
      out1[i + l] = r1[l];
      out2[i + l] = r2[l];
      out3[i + l] = r3[l];
    }
  }
}

// --- AVX2: 8 counters per vector ---------------------------------------------------

[[gnu::always_inline, gnu::target("avx2")]] inline void mulhilo(__m256i a, __m256i m, __m256i& lo,
                                                                 __m256i& hi) noexcept {
  const __m256i even = _mm256_mul_epu32(a, m);                        // lanes 0, 2, 4, 6
  const __m256i odd = _mm256_mul_epu32(_mm256_srli_epi64(a, 32), m);  // lanes 1, 3, 5, 7
  lo = _mm256_blend_epi32(even, _mm256_slli_epi64(odd, 32), 0xAA);
  hi = _mm256_blend_epi32(_mm256_srli_epi64(even, 32), odd, 0xAA);
}

template <int G>
[[gnu::always_inline, gnu::target("avx2")]] inline void avx2_block(const Key& key, const std::uint32_t* purpose,
                                                                    const std::uint32_t* index, std::uint32_t* o0,
                                                                    std::uint32_t* o1, std::uint32_t* o2,
                                                                    std::uint32_t* o3) noexcept {
  constexpr int W = 8;
  const __m256i m0 = _mm256_set1_epi32(static_cast<int>(kM0)), m1 = _mm256_set1_epi32(static_cast<int>(kM1));
  __m256i c0[G], c1[G], c2[G], c3[G];
  for (int g = 0; g < G; ++g) {
    c0[g] = _mm256_set1_epi32(static_cast<int>(key.s0));
    c1[g] = _mm256_set1_epi32(static_cast<int>(key.s1));
    c2[g] = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(purpose + g * W));
    c3[g] = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(index + g * W));
  }
  std::uint32_t a = key.k0, b = key.k1;
  for (int round = 0; round < kRounds; ++round) {
    const __m256i ka = _mm256_set1_epi32(static_cast<int>(a)), kb = _mm256_set1_epi32(static_cast<int>(b));
    for (int g = 0; g < G; ++g) {
      __m256i lo0, hi0, lo1, hi1;
      mulhilo(c0[g], m0, lo0, hi0);
      mulhilo(c2[g], m1, lo1, hi1);
      c0[g] = _mm256_xor_si256(_mm256_xor_si256(hi1, c1[g]), ka);
      c1[g] = lo1;
      c2[g] = _mm256_xor_si256(_mm256_xor_si256(hi0, c3[g]), kb);
      c3[g] = lo0;
    }
    a += kW0;
    b += kW1;
  }
  for (int g = 0; g < G; ++g) {
    _mm256_storeu_si256(reinterpret_cast<__m256i*>(o0 + g * W), c0[g]);
    _mm256_storeu_si256(reinterpret_cast<__m256i*>(o1 + g * W), c1[g]);
    _mm256_storeu_si256(reinterpret_cast<__m256i*>(o2 + g * W), c2[g]);
    _mm256_storeu_si256(reinterpret_cast<__m256i*>(o3 + g * W), c3[g]);
  }
}

[[gnu::target("avx2")]] void philox_batch_avx2(std::uint64_t seed, std::uint64_t sample, const std::uint32_t* purpose,
                                               const std::uint32_t* index, std::size_t n, std::uint32_t* out0,
                                               std::uint32_t* out1, std::uint32_t* out2, std::uint32_t* out3) noexcept {
  constexpr std::size_t W = 8, G = 2;
  const Key key = split(seed, sample);
  std::size_t i = 0;
  for (; i + G * W <= n; i += G * W)
    avx2_block<G>(key, purpose + i, index + i, out0 + i, out1 + i, out2 + i, out3 + i);
  for (; i + W <= n; i += W) avx2_block<1>(key, purpose + i, index + i, out0 + i, out1 + i, out2 + i, out3 + i);
  if (i < n) {
    std::uint32_t p[W] = {}, x[W] = {}, r0[W], r1[W], r2[W], r3[W];
    for (std::size_t l = 0; i + l < n; ++l) {
      p[l] = purpose[i + l];
      x[l] = index[i + l];
    }
    avx2_block<1>(key, p, x, r0, r1, r2, r3);
    for (std::size_t l = 0; i + l < n; ++l) {
      out0[i + l] = r0[l];
      out1[i + l] = r1[l];
      out2[i + l] = r2[l];
      out3[i + l] = r3[l];
    }
  }
}


// --- AVX-512F: 16 counters per vector ------------------------------------------------

// GCC 12's avx512fintrin.h fills the unused source of the unmasked shift and
// multiply intrinsics with _mm512_undefined_epi32(), which -Wmaybe-uninitialized
// reports once inlined here (a known false positive).
#if defined(__clang__)
#pragma clang diagnostic push
#else
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#endif

[[gnu::always_inline, gnu::target("avx512f")]] inline void mulhilo(__m512i a, __m512i m, __m512i& lo,
                                                                    __m512i& hi) noexcept {
  const __m512i even = _mm512_mul_epu32(a, m);                        // even lanes
  const __m512i odd = _mm512_mul_epu32(_mm512_srli_epi64(a, 32), m);  // odd lanes
  // Merge-masked dword shuffles (one instruction each, on another port than
  // the shifts): lo takes the odd lanes' low words from odd, hi the even
  // lanes' high words from even.
  lo = _mm512_mask_shuffle_epi32(even, 0xAAAA, odd, _MM_PERM_CCAA);
  hi = _mm512_mask_shuffle_epi32(odd, 0x5555, even, _MM_PERM_DDBB);
}

// G vectors; the last one loads and stores only the lanes in `tail`.
template <int G>
[[gnu::always_inline, gnu::target("avx512f")]] inline void avx512_block(const Key& key, const std::uint32_t* purpose,
                                                                         const std::uint32_t* index, std::uint32_t* o0,
                                                                         std::uint32_t* o1, std::uint32_t* o2,
                                                                         std::uint32_t* o3, __mmask16 tail) noexcept {
  constexpr int W = 16;
  const __m512i m0 = _mm512_set1_epi32(static_cast<int>(kM0)), m1 = _mm512_set1_epi32(static_cast<int>(kM1));
  __m512i c0[G], c1[G], c2[G], c3[G];
  for (int g = 0; g < G; ++g) {
    const __mmask16 k = g + 1 == G ? tail : __mmask16(0xFFFF);
    c0[g] = _mm512_set1_epi32(static_cast<int>(key.s0));
    c1[g] = _mm512_set1_epi32(static_cast<int>(key.s1));
    c2[g] = _mm512_maskz_loadu_epi32(k, purpose + g * W);
    c3[g] = _mm512_maskz_loadu_epi32(k, index + g * W);
  }
  std::uint32_t a = key.k0, b = key.k1;
  for (int round = 0; round < kRounds; ++round) {
    const __m512i ka = _mm512_set1_epi32(static_cast<int>(a)), kb = _mm512_set1_epi32(static_cast<int>(b));
    for (int g = 0; g < G; ++g) {
      __m512i lo0, hi0, lo1, hi1;
      mulhilo(c0[g], m0, lo0, hi0);
      mulhilo(c2[g], m1, lo1, hi1);
      c0[g] = _mm512_xor_si512(_mm512_xor_si512(hi1, c1[g]), ka);
      c1[g] = lo1;
      c2[g] = _mm512_xor_si512(_mm512_xor_si512(hi0, c3[g]), kb);
      c3[g] = lo0;
    }
    a += kW0;
    b += kW1;
  }
  for (int g = 0; g < G; ++g) {
    const __mmask16 k = g + 1 == G ? tail : __mmask16(0xFFFF);
    _mm512_mask_storeu_epi32(o0 + g * W, k, c0[g]);
    _mm512_mask_storeu_epi32(o1 + g * W, k, c1[g]);
    _mm512_mask_storeu_epi32(o2 + g * W, k, c2[g]);
    _mm512_mask_storeu_epi32(o3 + g * W, k, c3[g]);
  }
}

[[gnu::target("avx512f")]] void philox_batch_avx512(std::uint64_t seed, std::uint64_t sample,
                                                    const std::uint32_t* purpose, const std::uint32_t* index,
                                                    std::size_t n, std::uint32_t* out0, std::uint32_t* out1,
                                                    std::uint32_t* out2, std::uint32_t* out3) noexcept {
  constexpr std::size_t W = 16, G = 2;
  const Key key = split(seed, sample);
  std::size_t i = 0;
  for (; i + G * W <= n; i += G * W)
    avx512_block<G>(key, purpose + i, index + i, out0 + i, out1 + i, out2 + i, out3 + i, 0xFFFF);
  if (i + W < n) {
    // 17..31 left: two vectors at once, the second partial.
    const auto tail = static_cast<__mmask16>((1u << (n - i - W)) - 1u);
    avx512_block<2>(key, purpose + i, index + i, out0 + i, out1 + i, out2 + i, out3 + i, tail);
  } else if (i < n) {
    // 1..16 left.
    const auto tail = static_cast<__mmask16>(n - i == W ? 0xFFFFu : (1u << (n - i)) - 1u);
    avx512_block<1>(key, purpose + i, index + i, out0 + i, out1 + i, out2 + i, out3 + i, tail);
  }
}

#if defined(__clang__)
#pragma clang diagnostic pop
#else
#pragma GCC diagnostic pop
#endif

constexpr detail::PhiloxPath kPaths[] = {
    {"scalar", &philox_batch_scalar, &always},
    {"sse2", &philox_batch_sse2, &always},
    {"avx2", &philox_batch_avx2, &detail::cpu_has_avx2},
    {"avx512f", &philox_batch_avx512, &detail::cpu_has_avx512},
};

#else

constexpr detail::PhiloxPath kPaths[] = {
    {"scalar", &philox_batch_scalar, &always},
};

#endif

// philox_batch's kernel: the path of each level (SSE2 for baseline x86-64,
// the scalar loop elsewhere).
struct PhiloxKernel {
  static constexpr SimdLevel kWidest = SimdLevel::avx512;
  template <SimdLevel L>
  AQPLAN_ALWAYS_INLINE static void run(std::uint64_t seed, std::uint64_t sample, const std::uint32_t* purpose,
                                       const std::uint32_t* index, std::size_t n, std::uint32_t* out0,
                                       std::uint32_t* out1, std::uint32_t* out2, std::uint32_t* out3) noexcept {
#if AQPLAN_PHILOX_X86
    if constexpr (L == SimdLevel::avx512) philox_batch_avx512(seed, sample, purpose, index, n, out0, out1, out2, out3);
    else if constexpr (L == SimdLevel::avx2) philox_batch_avx2(seed, sample, purpose, index, n, out0, out1, out2, out3);
    else philox_batch_sse2(seed, sample, purpose, index, n, out0, out1, out2, out3);
#else
    philox_batch_scalar(seed, sample, purpose, index, n, out0, out1, out2, out3);
#endif
  }
};

}  // namespace

namespace detail {

std::span<const PhiloxPath> philox_paths() noexcept { return kPaths; }

const PhiloxPath& philox_active_path() noexcept {
#if AQPLAN_PHILOX_X86
  const char* name = simd_level() == SimdLevel::avx512 ? "avx512f" : simd_level() == SimdLevel::avx2 ? "avx2" : "sse2";
#else
  const char* name = "scalar";
#endif
  for (const PhiloxPath& p : kPaths)
    if (std::string_view(p.name) == name) return p;
  return kPaths[0];
}

}  // namespace detail

namespace kernels {

void philox_batch(std::uint64_t seed, std::uint64_t sample, const std::uint32_t* purpose, const std::uint32_t* index,
                  std::size_t n, std::uint32_t* out0, std::uint32_t* out1, std::uint32_t* out2,
                  std::uint32_t* out3) noexcept {
  dispatch<PhiloxKernel>(seed, sample, purpose, index, n, out0, out1, out2, out3);
}

}  // namespace kernels

}  // namespace aqplan
