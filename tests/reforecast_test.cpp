// The re-forecast (model.md §8): observed months weigh the samples and
// condition the weather of the months still to come. Reproducibility,
// what observations at the median and a bad first quarter do, the error
// for observations the model cannot produce, and the conditional weather
// law itself.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <optional>
#include <utility>
#include <vector>

#include <Eigen/Dense>
#include <string>

#include "aqplan/data/scenario.h"
#include "aqplan/engine/conditioning.h"
#include "aqplan/engine/montecarlo.h"
#include "aqplan/results/run.h"
#include "aqplan/results/run_result.h"
#include "aqplan/views/run_view.h"
#include "test_util.h"

namespace aqplan {
namespace {

const ModelInputs& plan_inputs() {
  static const ModelInputs in = load_scenario(test::source_dir() + "/scenarios/plan-2023.toml").inputs;
  return in;
}

RunAccumulator run(const Model& m, std::uint64_t seed, std::uint64_t begin, std::uint64_t end, int threads) {
  const Sampler sampler(m);
  MonteCarloOptions o;
  o.seed = seed;
  o.begin = begin;
  o.end = end;
  o.threads = threads;
  o.block = 97;
  return run_monte_carlo(m, sampler, o);
}

// The plan with months 1..months of every metric observed at `factor` times
// the plan's forecast median of that month (run `median_of`).
Model observed_plan(const RunResult& median_of, int months, double factor) {
  ModelInputs in = plan_inputs();
  for (Metric p : kMetrics)
    for (int m = 1; m <= months; ++m)
      in.observed[static_cast<std::size_t>(p)][static_cast<std::size_t>(m - 1)] = factor * median_of.month_row(p, m).s.p50;
  return Model::build(in);
}

const RunResult& prior_run() {
  static const RunResult r = [] {
    const Model m = Model::build(plan_inputs());
    return summarize(m, run(m, 5, 0, 6000, 2), 5);
  }();
  return r;
}

TEST(Reforecast, WithoutObservationsNothingIsWeighted) {
  const Model m = Model::build(plan_inputs());
  const Sampler s(m);
  EXPECT_FALSE(s.conditioned());
  EXPECT_EQ(s.conditioning(), nullptr);
  EXPECT_FALSE(run(m, 1, 0, 200, 1).weighted());
}

TEST(Reforecast, BitIdenticalAcrossThreadsAndSplits) {
  const Model m = observed_plan(prior_run(), 3, 1.2);
  ASSERT_TRUE(Sampler(m).conditioned());
  const RunAccumulator one = run(m, 3, 0, 1500, 1);
  ASSERT_TRUE(one.weighted());
  EXPECT_TRUE(one.serialize() == run(m, 3, 0, 1500, 2).serialize());
  EXPECT_TRUE(one.serialize() == run(m, 3, 0, 1500, 8).serialize());
  RunAccumulator merged = RunAccumulator::deserialize(run(m, 3, 700, 1500, 2).serialize());
  merged.merge(RunAccumulator::deserialize(run(m, 3, 0, 700, 1).serialize()));
  EXPECT_TRUE(merged.serialize() == one.serialize());
  EXPECT_EQ(to_json(summarize(m, merged, 3)), to_json(summarize(m, one, 3)));
}

// Observations at the forecast's own medians say "as expected": the months
// still to come keep their P(meet) within Monte Carlo error (the same
// samples, so the difference is what the weights and the conditional
// weather change).
TEST(Reforecast, ObservationsAtTheMedianMoveLittle) {
  const RunResult& prior = prior_run();
  const Model m = observed_plan(prior, 3, 1.0);
  const RunResult post = summarize(m, run(m, 5, 0, 6000, 2), 5);
  EXPECT_GT(post.ess, 0.2 * static_cast<double>(post.samples));
  for (Metric p : kMetrics)
    for (int month = 4; month <= kMonths; ++month) {
      const Summary& a = prior.month_row(p, month).s;
      const Summary& b = post.month_row(p, month).s;
      EXPECT_NEAR(b.p_meet, a.p_meet, 4.0 * std::hypot(a.p_meet_se, b.p_meet_se) + 0.01)
          << name(p) << " month " << month;
    }
}

// A first quarter 20 % above the forecast's medians in every metric,
// against the same re-forecast with the quarter at the medians (common
// random numbers: only the observed level differs). The year and the months
// to come get worse: April's weather follows March's (AR(1)), and the
// samples whose persistent inputs explain a bad quarter (a higher regional
// trend, more growth) weigh more. Under the bundled priors the weather
// explains most of a bad quarter, so the months to come move by a few
// points, not tens (docs/model.md, "Re-forecast").
TEST(Reforecast, ABadFirstQuarterLowersTheOutlookAndRaisesTheTrend) {
  const RunResult& prior = prior_run();
  const Model at_median = observed_plan(prior, 3, 1.0);
  const Model bad = observed_plan(prior, 3, 1.2);
  const RunResult base = summarize(at_median, run(at_median, 5, 0, 6000, 2), 5);
  const RunResult post = summarize(bad, run(bad, 5, 0, 6000, 2), 5);
  ASSERT_TRUE(post.reforecast.has_value());
  EXPECT_EQ(post.reforecast->observations, 18u);
  EXPECT_LT(post.ess, base.ess);
  for (Metric p : kMetrics)
    EXPECT_LT(post.annual_row(p).s.p_meet, prior.annual_row(p).s.p_meet + 1e-12) << name(p);
  EXPECT_LT(post.annual_row(Metric::pm25).s.p_meet, base.annual_row(Metric::pm25).s.p_meet - 0.2);
  double later_base = 0, later_post = 0;
  for (int month = 4; month <= kMonths; ++month) {
    later_base += base.month_row(Metric::pm25, month).s.p_meet;
    later_post += post.month_row(Metric::pm25, month).s.p_meet;
  }
  EXPECT_LT(later_post, later_base - 0.03);
  EXPECT_LT(post.month_row(Metric::pm25, 4).s.p_meet, base.month_row(Metric::pm25, 4).s.p_meet - 0.02);
  double trend_shift = 0, growth_shift = 0;
  for (std::size_t k = 0; k < post.reforecast->inputs.size(); ++k) {
    const InputPosterior& in = post.reforecast->inputs[k];
    const double shift = in.posterior - base.reforecast->inputs[k].posterior;
    if (in.name.rfind("trend.", 0) == 0) trend_shift += shift;
    if (in.name.rfind("growth.", 0) == 0) growth_shift += shift;
  }
  EXPECT_GT(trend_shift, 0.002);
  EXPECT_GT(growth_shift, 0.001);
}

TEST(Reforecast, ObservationsNoSampleCanProduceAreAnErrorNamingThem) {
  ModelInputs in = plan_inputs();
  in.observed[static_cast<std::size_t>(Metric::pm25)][0] = 600.0;  // plausible as a number, not for this county's model
  in.observed_at[static_cast<std::size_t>(Metric::pm25)][0] = SourceRef{"obs.csv", 7, 11};
  in.observed[static_cast<std::size_t>(Metric::pm10)][0] = 110.0;
  const Model m = Model::build(in);
  const Sampler s(m);
  const Conditioning* cond = s.conditioning();
  ASSERT_NE(cond, nullptr);
  const auto worst = cond->worst_observations(m, 3);
  ASSERT_FALSE(worst.empty());
  EXPECT_EQ(worst.front().metric, Metric::pm25);
  EXPECT_EQ(worst.front().month, 1);
  EXPECT_GT(worst.front().y, 5.0);
  const RunAccumulator acc = run(m, 1, 0, 2000, 2);
  EXPECT_LT(acc.max_weight(), std::exp(cond->log_weight_floor()));
}

// The conditional weather law: with every metric of January observed
// exactly as a sample's own weather implies, the re-forecast's weight
// is exp(−½·yᵀ(Σ+D)⁻¹y) and months far from January keep their prior law.
TEST(Reforecast, ConditionalWeatherKeepsDistantMonthsNearTheirPrior) {
  const RunResult& prior = prior_run();
  const Model m = observed_plan(prior, 1, 1.3);
  const RunResult post = summarize(m, run(m, 5, 0, 6000, 2), 5);
  // φ = 0.2: December's weather hardly knows January's; what moves it is the
  // persistent inputs, which move every month alike. February, next to
  // January, moves more than December relative to its prior median.
  const double feb = post.month_row(Metric::pm25, 2).s.p50 / prior.month_row(Metric::pm25, 2).s.p50;
  const double dec = post.month_row(Metric::pm25, 12).s.p50 / prior.month_row(Metric::pm25, 12).s.p50;
  EXPECT_GT(feb, 1.0);
  EXPECT_GT(feb, dec);
}


// Conditioning::apply against the conditional law computed directly (the
// full 72×72 covariance of the weather, K = Σ_US(Σ_SS + D)⁻¹ by Eigen) for
// an observation pattern that is neither a prefix of the year nor complete:
// PM2.5 in January, NO2 in March, O3 in February and CO in May. The weight
// and every unobserved month's weather agree to rounding.
TEST(Reforecast, ConditioningAgreesWithTheDirectConditionalLaw) {
  ModelInputs in = plan_inputs();
  const std::pair<Metric, int> pattern[] = {{Metric::pm25, 0}, {Metric::no2, 2}, {Metric::o3, 1}, {Metric::co, 4}};
  const double level[] = {1.3, 0.8, 1.1, 1.2};
  const Model prior_model = Model::build(in);
  Outcome at_mode;
  {
    Workspace ws = prior_model.make_workspace();
    prior_model.evaluate(prior_model.mode_draw(), ws, at_mode);
  }
  for (std::size_t k = 0; k < std::size(pattern); ++k) {
    const auto [p, m] = pattern[k];
    in.observed[static_cast<std::size_t>(p)][static_cast<std::size_t>(m)] = level[k] * at_mode.monthly[static_cast<std::size_t>(p)][static_cast<std::size_t>(m)];
  }
  const Model model = Model::build(in);
  const Sampler sampler(model);
  const Conditioning* cond = sampler.conditioning();
  ASSERT_NE(cond, nullptr);
  ASSERT_EQ(cond->observations(), std::size(pattern));

  // Σ of y, flat index p·12 + m: B_1 = R_1, B_m = φ²B_{m−1} + (1 − φ²)R_m,
  // Cov(y[·,m'], y[·,m]) = φ^(m'−m)·B_m for m' ≥ m.
  const MeteorologyParams& met = model.weather();
  constexpr int n = kMetricCount * kMonths;
  std::vector<Eigen::MatrixXd> b(kMonths);
  for (int m = 0; m < kMonths; ++m)
    b[static_cast<std::size_t>(m)] = m == 0 ? Eigen::MatrixXd(met.correlation[0])
                                            : Eigen::MatrixXd(met.phi * met.phi * b[static_cast<std::size_t>(m - 1)] +
                                                              (1 - met.phi * met.phi) * met.correlation[static_cast<std::size_t>(m)]);
  Eigen::MatrixXd cov(n, n);
  for (int i = 0; i < n; ++i)
    for (int j = 0; j < n; ++j) {
      const int mi = i % kMonths, mj = j % kMonths, first = std::min(mi, mj);
      cov(i, j) = std::pow(met.phi, std::abs(mi - mj)) * b[static_cast<std::size_t>(first)](i / kMonths, j / kMonths);
    }
  std::vector<int> s_idx, u_idx;
  for (int i = 0; i < n; ++i) (model.observed(kMetrics[static_cast<std::size_t>(i / kMonths)], i % kMonths) ? s_idx : u_idx).push_back(i);
  const auto& sigma = sampler.weather_sigma();
  auto sig = [&](int i) { return sigma[static_cast<std::size_t>(i / kMonths)][static_cast<std::size_t>(i % kMonths)]; };
  const Eigen::Index ns = static_cast<Eigen::Index>(s_idx.size()), nu = static_cast<Eigen::Index>(u_idx.size());
  Eigen::MatrixXd css(ns, ns), cus(nu, ns);
  for (Eigen::Index a = 0; a < ns; ++a) {
    for (Eigen::Index c = 0; c < ns; ++c) css(a, c) = cov(s_idx[static_cast<std::size_t>(a)], s_idx[static_cast<std::size_t>(c)]);
    const double e = *met.observation_error / sig(s_idx[static_cast<std::size_t>(a)]);
    css(a, a) += e * e;
  }
  for (Eigen::Index a = 0; a < nu; ++a)
    for (Eigen::Index c = 0; c < ns; ++c) cus(a, c) = cov(u_idx[static_cast<std::size_t>(a)], s_idx[static_cast<std::size_t>(c)]);
  const Eigen::MatrixXd gain = cus * css.inverse();

  for (std::uint64_t sample : {0u, 1u, 2u}) {
    Draw d = model.mode_draw();
    sampler.draw(3, sample, d);
    Workspace ws = model.make_workspace();
    Outcome out;
    model.evaluate_months(d, ws, out);
    const double log_weight = cond->apply(out.modelled, d.weather_prior, d.observation_noise, out.monthly);
    auto at = [](const PerMetricMonth<double>& a, int i) { return a[static_cast<std::size_t>(i / kMonths)][static_cast<std::size_t>(i % kMonths)]; };
    Eigen::VectorXd y(ns), r(ns);
    for (Eigen::Index a = 0; a < ns; ++a) {
      const int i = s_idx[static_cast<std::size_t>(a)];
      const double obs = *model.observed_value(kMetrics[static_cast<std::size_t>(i / kMonths)], i % kMonths);
      y(a) = (std::log(obs / at(out.modelled, i)) + 0.5 * sig(i) * sig(i)) / sig(i);
      r(a) = y(a) - at(d.weather_prior, i) - *met.observation_error / sig(i) * at(d.observation_noise, i);
    }
    EXPECT_NEAR(log_weight, -0.5 * y.dot(css.ldlt().solve(y)), 1e-12 * std::abs(log_weight) + 1e-14);
    const Eigen::VectorXd shift = gain * r;
    for (Eigen::Index a = 0; a < nu; ++a) {
      const int i = u_idx[static_cast<std::size_t>(a)];
      const double weather = std::exp(sig(i) * (at(d.weather_prior, i) + shift(a)) - 0.5 * sig(i) * sig(i));
      EXPECT_NEAR(at(out.monthly, i) / at(out.modelled, i), weather, 1e-12 * weather)
          << "sample " << sample << ", " << name(kMetrics[static_cast<std::size_t>(i / kMonths)]) << " month " << i % kMonths + 1;
    }
  }
}

}  // namespace
}  // namespace aqplan
