#include "aqplan/base/simd.h"

#include <atomic>
#include <cstdlib>
#include <string_view>

#include "kernels/dispatch.h"

namespace aqplan {

namespace detail {

bool cpu_has_avx2() noexcept {
#if AQPLAN_HAVE_AVX2_KERNELS
  __builtin_cpu_init();
  return __builtin_cpu_supports("avx2");
#else
  return false;
#endif
}

}  // namespace detail

namespace {

using detail::cpu_has_avx2;

SimdLevel detect() noexcept {
  const char* env = std::getenv("AQPLAN_SIMD");
  if (env && std::string_view(env) == "baseline") return SimdLevel::baseline;
  return cpu_has_avx2() ? SimdLevel::avx2 : SimdLevel::baseline;
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
  }
  return "baseline";
}

namespace detail {

bool force_simd_level(SimdLevel level) noexcept {
  if (level == SimdLevel::avx2 && !cpu_has_avx2()) return false;
  g_level.store(static_cast<int>(level), std::memory_order_relaxed);
  return true;
}

}  // namespace detail

}  // namespace aqplan
