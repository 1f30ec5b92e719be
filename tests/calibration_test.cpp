// Simulation-based calibration of the re-forecast (model.md §8): truths
// drawn from the model itself (another seed, weather included), their
// months 1–6 observed, the rest re-forecast. The forecast's 90 % intervals
// must hold the truth about 90 % of the time, and P(meet) must be
// calibrated: of the truths given P ≈ x, about x meet.
#include <gtest/gtest.h>

#include <array>
#include <cmath>
#include <cstdio>
#include <string>
#include <vector>

#include "aqplan/data/scenario.h"
#include "aqplan/engine/montecarlo.h"
#include "aqplan/model/evaluation.h"
#include "aqplan/results/run_result.h"
#include "test_util.h"

namespace aqplan {
namespace {

constexpr int kTruths = 200;
constexpr std::uint64_t kSamples = 3000;  // per re-forecast
constexpr int kObservedMonths = 6;
constexpr std::uint64_t kTruthSeed = 424242, kForecastSeed = 7;

struct Tally {
  int inside = 0, total = 0;
  // P(meet) bins of width 0.2: predictions summed, truths met, count.
  std::array<double, 5> predicted{};
  std::array<int, 5> met{}, count{};
  void interval(double truth, const Summary& s) {
    inside += truth >= s.p05 && truth <= s.p95 ? 1 : 0;
    ++total;
  }
  void p_meet(double p, bool truth_met) {
    const auto b = static_cast<std::size_t>(std::min(4.0, std::floor(p / 0.2)));
    predicted[b] += p;
    met[b] += truth_met ? 1 : 0;
    ++count[b];
  }
};

TEST(Calibration, ReforecastIntervalsAndProbabilitiesHoldTheTruth) {
  const ModelInputs plan = load_scenario(test::source_dir() + "/scenarios/plan-2023.toml").inputs;
  const Model prior = Model::build(plan);
  const Sampler truth_sampler(prior);
  Draw d = prior.mode_draw();
  Workspace ws = prior.make_workspace();
  Tally tally;
  for (int t = 0; t < kTruths; ++t) {
    Outcome truth;
    truth_sampler.draw(kTruthSeed, static_cast<std::uint64_t>(t), d);
    prior.evaluate(d, ws, truth);
    ModelInputs in = plan;
    for (std::size_t p = 0; p < kMetricCount; ++p)
      for (std::size_t m = 0; m < kObservedMonths; ++m) in.observed[p][m] = truth.monthly[p][m];
    const Model model = Model::build(in);
    MonteCarloOptions o;
    o.seed = kForecastSeed;
    o.end = kSamples;
    const RunResult r = summarize(model, run_monte_carlo(model, Sampler(model), o), o.seed);
    for (Metric p : kMetrics) {
      const std::size_t pi = static_cast<std::size_t>(p);
      for (int m = kObservedMonths + 1; m <= kMonths; ++m)
        tally.interval(truth.monthly[pi][static_cast<std::size_t>(m - 1)], r.month_row(p, m).s);
      const ResultRow& year = r.annual_row(p);
      tally.interval(truth.annual[pi], year.s);
      tally.p_meet(year.s.p_meet, meets_target(truth.annual[pi], year.target, r.decimals_of(p)));
    }
  }
  const double coverage = static_cast<double>(tally.inside) / tally.total;
  std::printf("90 %% intervals hold the truth %d of %d times (%.3f)\n", tally.inside, tally.total, coverage);
  for (std::size_t b = 0; b < 5; ++b)
    if (tally.count[b] > 0)
      std::printf("P(meet) in [%.1f, %.1f): %d predictions, mean %.3f, truths met %.3f\n", 0.2 * b, 0.2 * (b + 1),
                  tally.count[b], tally.predicted[b] / tally.count[b], static_cast<double>(tally.met[b]) / tally.count[b]);
  EXPECT_NEAR(coverage, 0.90, 0.04) << tally.inside << " of " << tally.total;
  for (std::size_t b = 0; b < 5; ++b) {
    if (tally.count[b] < 20) continue;
    const double n = tally.count[b];
    const double p = tally.predicted[b] / n, f = tally.met[b] / n;
    EXPECT_NEAR(f, p, 3.0 * std::sqrt(p * (1.0 - p) / n) + 0.03) << "P(meet) bin " << b << ": " << n << " predictions";
  }
}

}  // namespace
}  // namespace aqplan
