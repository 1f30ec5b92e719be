#include "aqplan/base/simd.h"

#include <atomic>
#include <cstdlib>
#include <string_view>

#include "kernels/dispatch.h"

namespace aqplan {

namespace detail {

bool cpu_has_avx2() noexcept {
#if AQPLAN_X86_KERNELS
  __builtin_cpu_init();
  return __builtin_cpu_supports("avx2");
#else
  return false;
#endif
}

bool cpu_has_avx512() noexcept {
#if AQPLAN_X86_KERNELS
  __builtin_cpu_init();
  return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("avx512f");
#else
  return false;
#endif
}

}  // namespace detail

namespace {

bool supported(SimdLevel level) noexcept {
  switch (level) {
    case SimdLevel::baseline: return true;
    case SimdLevel::avx2: return detail::cpu_has_avx2();
    case SimdLevel::avx512: return detail::cpu_has_avx512();
  }
  return false;
}

SimdLevel widest() noexcept {
  if (supported(SimdLevel::avx512)) return SimdLevel::avx512;
  if (supported(SimdLevel::avx2)) return SimdLevel::avx2;
  return SimdLevel::baseline;
}

SimdLevel detect() noexcept {
  const char* env = std::getenv("AQPLAN_SIMD");
  const std::string_view asked = env ? env : "";
  for (SimdLevel level : {SimdLevel::baseline, SimdLevel::avx2, SimdLevel::avx512})
    if (asked == simd_level_name(level)) return supported(level) ? level : widest();
  return widest();
}

constexpr int kUnset = -1;
std::atomic<int> g_level{kUnset};

}  // namespace

SimdLevel simd_level() noexcept {
  int level = g_level.load(std::memory_order_relaxed);
  if (level == kUnset) {
    level = static_cast<int>(detect());
    g_level.store(level, std::memory_order_relaxed);  // every thread computes the same value
  }
  return static_cast<SimdLevel>(level);
}

std::string_view simd_level_name(SimdLevel level) noexcept {
  switch (level) {
    case SimdLevel::baseline: return "baseline";
    case SimdLevel::avx2: return "avx2";
    case SimdLevel::avx512: return "avx512";
  }
  return "baseline";
}

namespace detail {

bool force_simd_level(SimdLevel level) noexcept {
  if (!supported(level)) return false;
  g_level.store(static_cast<int>(level), std::memory_order_relaxed);
  return true;
}

}  // namespace detail

}  // namespace aqplan
