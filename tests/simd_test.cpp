// The per-sample kernels compiled for AVX2 give exactly the bits of the
// baseline (SSE2) kernels: every field of every Draw and Outcome, sample by
// sample, and the whole run's accumulator (aqplan/base/simd.h explains why).
#include <gtest/gtest.h>

#include <algorithm>
#include <vector>

#include "aqplan/engine/montecarlo.h"
#include "aqplan/engine/sampler.h"
#include "aqplan/base/simd.h"
#include "kernels/dispatch.h"
#include "test_util.h"

namespace aqplan {
namespace {

using SimdLevels = test::EverySimdLevel;
using test::same_bits;

struct Sample {
  Draw draw;
  Outcome outcome;
};

std::vector<Sample> run_samples(const Model& model, const Sampler& sampler, SimdLevel level, int n) {
  EXPECT_TRUE(detail::force_simd_level(level));
  EXPECT_EQ(simd_level(), level);
  std::vector<Sample> out;
  Workspace ws = model.make_workspace();
  for (int i = 0; i < n; ++i) {
    Sample s{model.mode_draw(), {}};
    sampler.draw(42, static_cast<std::uint64_t>(i), s.draw);
    model.evaluate(s.draw, ws, s.outcome);
    out.push_back(std::move(s));
  }
  return out;
}

// Sample by sample, `wide` has exactly the bits of `base`.
void expect_same_samples(const std::vector<Sample>& base, const std::vector<Sample>& wide) {
  ASSERT_EQ(base.size(), wide.size());
  for (std::size_t i = 0; i < base.size(); ++i) {
    const Draw &a = base[i].draw, &b = wide[i].draw;
    ASSERT_TRUE(same_bits(a.delay, b.delay)) << "sample " << i;
    ASSERT_TRUE(same_bits(a.implemented, b.implemented)) << "sample " << i;
    ASSERT_TRUE(same_bits(a.effect_size, b.effect_size)) << "sample " << i;
    ASSERT_TRUE(same_bits(a.growth, b.growth)) << "sample " << i;
    ASSERT_TRUE(same_bits(a.weather, b.weather)) << "sample " << i;
    ASSERT_TRUE(same_bits(a.regional_change, b.regional_change)) << "sample " << i;
    const Outcome &x = base[i].outcome, &y = wide[i].outcome;
    ASSERT_TRUE(same_bits(x.monthly, y.monthly)) << "sample " << i;
    ASSERT_TRUE(same_bits(x.annual, y.annual)) << "sample " << i;
    ASSERT_TRUE(same_bits(x.pm25_component, y.pm25_component)) << "sample " << i;
    ASSERT_EQ(x.composite.index, y.composite.index) << "sample " << i;
  }
}

TEST_F(SimdLevels, DrawsAndOutcomesAreBitIdenticalSampleBySample) {
  const Model& model = test::bundled_model();
  const Sampler sampler(model);
  constexpr int kSamples = 3000;  // enough to visit every tail branch of every kernel many times
  const auto base = run_samples(model, sampler, SimdLevel::baseline, kSamples);
  for (SimdLevel level : levels()) {
    if (level == SimdLevel::baseline) continue;
    SCOPED_TRACE(simd_level_name(level));
    expect_same_samples(base, run_samples(model, sampler, level, kSamples));
  }
  // What the comparison covers: draws that differ from each other, slips,
  // effect sizes, weather above and below the base year's, and outcomes
  // spread over a range, so that equal bits are not vacuous.
  int slipped = 0, sizes_differ = 0, weather_up = 0, weather_down = 0;
  double annual_min = base[0].outcome.annual[5], annual_max = annual_min;
  for (const Sample& s : base) {
    const Draw& a = s.draw;
    for (double d : a.delay) slipped += d > 0.0 ? 1 : 0;
    for (std::size_t e = 0; e < a.effect_size.size(); ++e) sizes_differ += a.effect_size[e] != base[0].draw.effect_size[e] ? 1 : 0;
    weather_up += a.weather[5][0] > 1.0 ? 1 : 0;
    weather_down += a.weather[5][0] < 1.0 ? 1 : 0;
    annual_min = std::min(annual_min, s.outcome.annual[5]);
    annual_max = std::max(annual_max, s.outcome.annual[5]);
  }
  EXPECT_GT(slipped, kSamples);       // several slips per sample on average
  EXPECT_GT(sizes_differ, kSamples);  // effect sizes drawn, not fixed
  EXPECT_GT(weather_up, kSamples / 4);
  EXPECT_GT(weather_down, kSamples / 4);
  EXPECT_GT(annual_max - annual_min, 10.0);  // annual PM2.5 spreads over > 10 µg/m³
}

TEST_F(SimdLevels, WholeRunSerialisesToTheSameBytes) {
  const Model& model = test::bundled_model();
  const Sampler sampler(model);
  MonteCarloOptions opt;
  opt.seed = 7;
  opt.begin = 0;
  opt.end = 4000;
  opt.threads = 2;
  ASSERT_TRUE(detail::force_simd_level(SimdLevel::baseline));
  const std::string base = run_monte_carlo(model, sampler, opt).serialize();
  for (SimdLevel level : levels()) {
    ASSERT_TRUE(detail::force_simd_level(level));
    EXPECT_EQ(run_monte_carlo(model, sampler, opt).serialize(), base) << simd_level_name(level);
  }
}

TEST(SimdLevel, NamesTheLevels) {
  EXPECT_EQ(simd_level_name(SimdLevel::baseline), "baseline");
  EXPECT_EQ(simd_level_name(SimdLevel::avx2), "avx2");
  EXPECT_EQ(simd_level_name(SimdLevel::avx512), "avx512");
}

}  // namespace
}  // namespace aqplan
