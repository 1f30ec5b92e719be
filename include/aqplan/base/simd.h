// aqplan/base/simd.h — which vector instruction set the per-sample kernels
// (model evaluation, sampling, random numbers) run with on this CPU.
//
// The kernels are compiled twice: for baseline x86-64 (SSE2) and for AVX2,
// and the wider one is used when the CPU has it (the Philox generator,
// integer-only, also has an AVX-512F path, used at level avx2 when the CPU
// has AVX-512F: random.h). Results are bit-identical
// either way: the kernels use only IEEE-754 operations that are exact per
// element (+, −, ×, ÷, √, min, max, comparisons) and integer arithmetic, and
// floating-point contraction is off (-ffp-contract=off, so no fused
// multiply-add is ever formed); a vector lane computes exactly what a scalar
// register would. Sums keep their order (no reassociation).
//
// AQPLAN_SIMD=baseline in the environment forces the baseline kernels (to
// check the claim above on one machine, or to compare machines);
// AQPLAN_SIMD=avx2 asks for AVX2 and falls back to baseline when the CPU
// lacks it. Read once, at the first call.
//
// Thread safety: simd_level() may be called from any thread.
#pragma once

#include <string_view>

namespace aqplan {

enum class SimdLevel { baseline, avx2 };

// The level the kernels use (the CPU's best, unless AQPLAN_SIMD says otherwise).
SimdLevel simd_level() noexcept;

// "baseline" or "avx2".
std::string_view simd_level_name(SimdLevel level) noexcept;

}  // namespace aqplan
