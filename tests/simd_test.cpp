// The per-sample kernels compiled for AVX2 give exactly the bits of the
// baseline (SSE2) kernels: every field of every Draw and Outcome, sample by
// sample, and the whole run's accumulator (aqplan/simd.h explains why).
#include <gtest/gtest.h>

#include <vector>

#include "aqplan/montecarlo.h"
#include "aqplan/sampler.h"
#include "aqplan/simd.h"
#include "simd_dispatch.h"
#include "test_util.h"

namespace aqplan {
namespace {

using SimdLevels = test::BothSimdLevels;
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

TEST_F(SimdLevels, DrawsAndOutcomesAreBitIdenticalSampleBySample) {
  const Model& model = test::bundled_model();
  const Sampler sampler(model);
  constexpr int kSamples = 3000;  // enough to visit every tail branch of every kernel many times
  const auto base = run_samples(model, sampler, SimdLevel::baseline, kSamples);
  const auto wide = run_samples(model, sampler, SimdLevel::avx2, kSamples);
  int checked = 0;
  for (int i = 0; i < kSamples; ++i) {
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
    ++checked;
  }
  EXPECT_EQ(checked, kSamples);
  // The draws are not all alike (the comparison above is not vacuous).
  EXPECT_NE(base[0].draw.weather[0][0], base[1].draw.weather[0][0]);
  EXPECT_NE(base[0].outcome.annual[5], base[1].outcome.annual[5]);
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
  ASSERT_TRUE(detail::force_simd_level(SimdLevel::avx2));
  const std::string wide = run_monte_carlo(model, sampler, opt).serialize();
  EXPECT_EQ(base, wide);
}

TEST(SimdLevel, NamesTheLevels) {
  EXPECT_EQ(simd_level_name(SimdLevel::baseline), "baseline");
  EXPECT_EQ(simd_level_name(SimdLevel::avx2), "avx2");
}

}  // namespace
}  // namespace aqplan
