// aqplan/base/simd.h — which vector instruction set the per-sample kernels
// (model evaluation, sampling, random numbers, accumulation) run with on
// this CPU.
//
// Each kernel is written once and compiled for baseline x86-64 (SSE2), for
// AVX2 and, where it pays (the Philox generator), for AVX-512F; the widest
// the CPU has is used (docs/kernels.md). Results are bit-identical at every
// level: the kernels use only IEEE-754 operations that are exact per element
// (+, −, ×, ÷, √, min, max, comparisons) and integer arithmetic, and
// floating-point contraction is off (-ffp-contract=off, so no fused
// multiply-add is ever formed); a vector lane computes exactly what a scalar
// register would. Sums keep their order (no reassociation).
//
// AQPLAN_SIMD=baseline|avx2|avx512 in the environment asks for that level
// (to check the claim above on one machine, or to compare machines); a
// level the CPU lacks falls back to the widest it has. Read once, at the
// first call.
//
// Thread safety: simd_level() may be called from any thread.
#pragma once

#include <string_view>

namespace aqplan {

enum class SimdLevel { baseline, avx2, avx512 };

// The level the kernels use (the CPU's widest, unless AQPLAN_SIMD says otherwise).
SimdLevel simd_level() noexcept;

// "baseline", "avx2" or "avx512".
std::string_view simd_level_name(SimdLevel level) noexcept;

}  // namespace aqplan
