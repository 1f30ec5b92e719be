// The base year's weather (docs/model.md §5, v1.2): the two-draw law and its
// √2 wider annual bands, base_year = "typical" as the one-draw law bit for
// bit, known base-year anomalies (what they do to C0 and to the months'
// draws, and how bad factors are refused), and run's variance shares.
// (That "typical" gives the reviewed results of the one-draw law byte for
// byte is tests/golden/typical/, checked by golden_test.cpp.)
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <limits>
#include <numbers>

#include <nlohmann/json.hpp>

#include "aqplan/base/paths.h"
#include "aqplan/data/model_inputs.h"
#include "aqplan/data/scenario.h"
#include "aqplan/engine/montecarlo.h"
#include "aqplan/model/model.h"
#include "aqplan/results/run.h"
#include "test_util.h"

namespace aqplan {
namespace {

std::string scenario(const std::string& name) { return test::source_dir() + "/scenarios/" + name; }

// The accumulator of samples [0, n) of `in`, seed 1, one thread.
RunAccumulator run(const ModelInputs& in, std::uint64_t n, SamplingOptions so = {}) {
  const Model model = Model::build(in);
  const Sampler sampler(model, so);
  MonteCarloOptions mc;
  mc.seed = 1;
  mc.end = n;
  mc.threads = 1;
  return run_monte_carlo(model, sampler, mc);
}

// The exact variance of a mean metric's annual value when nothing but the
// weather is uncertain: A = Σ_m g_m·C0_m·M_m with ln M_m normal of sd s_m,
// corr(ln M_m, ln M_k) = φ^|m−k|, so Cov(M_m, M_k) = exp(s_m·s_k·φ^|m−k|) − 1.
double weather_variance(const Model& model, Metric p, bool drawn) {
  const MeteorologyParams& met = model.weather();
  const auto pi = static_cast<std::size_t>(p);
  std::array<double, kMonths> c0{};
  for (int m = 0; m < kMonths; ++m) c0[static_cast<std::size_t>(m)] = model.anchor(p, m);
  const std::array<double, kMonths> g = model.annual_weights(p, c0);
  double v = 0.0;
  for (std::size_t m = 0; m < kMonths; ++m)
    for (std::size_t k = 0; k < kMonths; ++k) {
      const double f = drawn ? 2.0 : 1.0;  // s_m·s_k = f·σ_m·σ_k
      const double rho = std::pow(met.phi, std::abs(static_cast<double>(m) - static_cast<double>(k)));
      v += g[m] * c0[m] * g[k] * c0[k] * std::expm1(f * met.sigma[pi][m] * met.sigma[pi][k] * rho);
    }
  return v;
}

// With base_year = "draw" the no-action case's annual sd/mean is √2 times
// that of "typical". Growth and the regional trend are switched off, so the
// weather is all that is uncertain (with no measures, nothing else moves):
// then for a mean metric the ratio has a closed form (weather_variance),
// √2 up to the lognormal's curvature (1 + O(σ²)), which the samples must
// hit within Monte Carlo error; the percentile metrics (co, o3) have none
// and must be within 5 % of √2. Both runs use the same random numbers, so
// their ratio is far surer than either sd: 4000 samples decide it.
TEST(Weather, DrawWidensTheNoActionAnnualBandsBySqrtTwo) {
  const Scenario sc = load_scenario(scenario("no-action-2023.toml"));
  ModelInputs drawn = sc.inputs, typical = sc.inputs;
  drawn.dataset.meteorology.base_year = BaseYearWeather::draw;
  typical.dataset.meteorology.base_year = BaseYearWeather::typical;
  SamplingOptions weather_only;
  weather_only.no_growth = true;
  weather_only.no_regional_trend = true;
  const RunAccumulator d = run(drawn, 4000, weather_only), t = run(typical, 4000, weather_only);
  const Model model = Model::build(drawn);
  for (Metric p : kMetrics) {
    SCOPED_TRACE(std::string(name(p)));
    const StatSummary sd = d.summary(annual_stat_index(p)), st = t.summary(annual_stat_index(p));
    const double ratio = (sd.sd / sd.mean) / (st.sd / st.mean);
    if (p == Metric::co || p == Metric::o3) {
      EXPECT_NEAR(ratio / std::numbers::sqrt2, 1.0, 0.05) << ratio;
      continue;
    }
    const double expected = std::sqrt(weather_variance(model, p, true) / weather_variance(model, p, false));
    EXPECT_NEAR(expected / std::numbers::sqrt2, 1.0, 0.02) << expected;  // √2 up to curvature
    EXPECT_NEAR(ratio / expected, 1.0, 0.02) << ratio << " vs " << expected;
    // The typical law's own sd against its closed form (the check is of the law, not of a ratio).
    EXPECT_NEAR(st.sd / std::sqrt(weather_variance(model, p, false)), 1.0, 0.05);
  }
}

// A known anomaly of 1.0 in every month of every metric makes "draw" the
// one-draw law everywhere with C0 / 1.0 = C0 exactly, so the run is "typical"
// bit for bit (the whole accumulator's bytes); one month known (PM2.5 in
// January) gives that month's statistic of "typical" bit for bit, the same
// random numbers scaled the same, while the other months still draw two years.
TEST(Weather, AnomaliesOfOneAreTypicalForTheirMonths) {
  const Scenario sc = load_scenario(scenario("plan-2023.toml"));
  ModelInputs typical = sc.inputs, ones = sc.inputs, january = sc.inputs;
  typical.dataset.meteorology.base_year = BaseYearWeather::typical;
  ones.dataset.meteorology.base_year = january.dataset.meteorology.base_year = BaseYearWeather::draw;
  for (auto& row : ones.dataset.meteorology.base_anomaly) row.fill(1.0);
  january.dataset.meteorology.base_anomaly[static_cast<std::size_t>(Metric::pm25)][0] = 1.0;
  const RunAccumulator t = run(typical, 1000), o = run(ones, 1000), j = run(january, 1000);
  EXPECT_TRUE(o.serialize() == t.serialize());
  const StatSummary tj = t.summary(stat_index(Metric::pm25, 1)), jj = j.summary(stat_index(Metric::pm25, 1));
  EXPECT_TRUE(test::same_bits(tj.mean, jj.mean) && test::same_bits(tj.sd, jj.sd)) << tj.sd << " " << jj.sd;
  EXPECT_EQ(tj.met, jj.met);
  EXPECT_GT(j.summary(stat_index(Metric::pm25, 2)).sd, 1.3 * t.summary(stat_index(Metric::pm25, 2)).sd);
}

// A known anomaly of 1.2 for January PM2.5 divides January's deterministic
// PM2.5 by 1.2 (to within a rounding: (C0/1.2)·f against C0·f/1.2), and
// changes no other month or metric, PM10 included (its fine share is the
// observed composition).
TEST(Weather, AnAnomalyDividesOutOfTheBaseYear) {
  test::TempDir dir;
  test::write_file(dir.file("s.toml"), "extends = \"" + scenario("plan-2023.toml") +
                                           "\"\n[meteorology.base_anomaly.pm25]\n\"1\" = 1.2\n");
  auto deterministic = [](const std::string& file) {
    const Model model = Model::build(load_scenario(file).inputs);
    Workspace ws = model.make_workspace();
    Outcome out;
    model.evaluate(model.mode_draw(), ws, out);
    return out;
  };
  const Outcome plain = deterministic(scenario("plan-2023.toml")), known = deterministic(dir.file("s.toml"));
  const auto pm25 = static_cast<std::size_t>(Metric::pm25);
  const double expected = plain.monthly[pm25][0] / 1.2;
  EXPECT_NEAR(known.monthly[pm25][0], expected, 4 * std::numeric_limits<double>::epsilon() * expected);
  EXPECT_NE(known.monthly[pm25][0], plain.monthly[pm25][0]);
  for (std::size_t p = 0; p < kMetricCount; ++p)
    for (std::size_t m = 0; m < kMonths; ++m)
      if (p != pm25 || m != 0) {
        EXPECT_TRUE(test::same_bits(known.monthly[p][m], plain.monthly[p][m])) << p << " " << m;
      }
}

// explain's waterfall divides a known anomaly out as a step of its own, so
// its bars still telescope from the base-year value to the projected median.
TEST(Weather, ExplainShowsAKnownAnomalyAsAStep) {
  test::TempDir dir;
  test::write_file(dir.file("s.toml"), "extends = \"" + scenario("plan-2023.toml") +
                                           "\"\n[meteorology.base_anomaly.pm25]\n\"1\" = 1.2\n");
  const auto r = test::run_cli({"explain", dir.file("s.toml"), "--metric", "pm25", "--month", "1", "--samples", "500",
                                "--seed", "1", "--format", "json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const nlohmann::json j = nlohmann::json::parse(r.out);
  const auto& w = j["waterfall"];
  ASSERT_GE(w.size(), 3u);
  const double base = w[0]["level"].get<double>();
  EXPECT_EQ(w[1]["step"], "base_anomaly");
  EXPECT_NEAR(w[1]["level"].get<double>(), base / 1.2, 1e-9 * base);
  double level = base;
  for (std::size_t i = 1; i + 1 < w.size(); ++i) level += w[i]["change"].get<double>();
  EXPECT_NEAR(level, w[w.size() - 1]["level"].get<double>(), 1e-9 * base);
  EXPECT_TRUE(j["check"]["equal"].get<bool>());
}

// The dataset states the law and its known anomalies in meteorology.toml;
// bad ones are refused there at their places.
TEST(Weather, TheDatasetStatesTheLawAndItsAnomalies) {
  namespace fs = std::filesystem;
  test::TempDir dir;
  fs::copy(test::source_dir() + "/data/standards", dir.path() / "standards", fs::copy_options::recursive);
  const fs::path d = dir.path() / "zezhou";
  fs::copy(test::bundled_dataset(), d, fs::copy_options::recursive);
  const std::string file = (d / "meteorology.toml").string();
  std::string text = test::read_file(file);
  const auto at = text.find("\nbase_year = \"draw\"\n");  // the key, not the comment
  ASSERT_NE(at, std::string::npos);
  text.replace(at, 20, "\nbase_year = \"typical\"\n");
  const auto lines = static_cast<int>(std::count(text.begin(), text.end(), '\n'));
  test::write_file(file, text + "[base_anomaly]\nsource = \"a study\"\n[base_anomaly.pm25]\n\"11-2\" = 1.1\n");
  const MeteorologyParams met = load_dataset_inputs(d.string()).dataset.meteorology;
  EXPECT_EQ(met.base_year, BaseYearWeather::typical);
  const auto& pm25 = met.base_anomaly[static_cast<std::size_t>(Metric::pm25)];
  for (std::size_t m = 0; m < kMonths; ++m) EXPECT_EQ(pm25[m].has_value(), m <= 1 || m >= 10) << m;
  EXPECT_EQ(*pm25[0], 1.1);
  EXPECT_FALSE(met.base_anomaly[static_cast<std::size_t>(Metric::no2)][0].has_value());

  test::write_file(file, text + "[base_anomaly.so2]\n\"7\" = 0.2\n");
  const auto r = test::run_cli({"validate", d.string()});
  EXPECT_EQ(r.exit_code, 2);
  const std::string said = file + ":" + std::to_string(lines + 2) + ":7: base_anomaly.so2.7: 0.2 is outside [0.5, 2]";
  EXPECT_NE(r.err.find(said), std::string::npos) << said << "\n" << r.err;
}

// Bad factors and choices, at their places, in English and in Chinese.
TEST(Weather, BadAnomaliesAreRefusedAtTheirPlaces) {
  test::TempDir dir;
  const std::string file = dir.file("s.toml");
  test::write_file(file, "[scenario]\nname = \"t\"\ndataset = \"" + test::bundled_dataset() +
                             "\"\nyear = 2023\n"
                             "[meteorology]\n"
                             "base_year = \"sometimes\"\n"
                             "[meteorology.base_anomaly]\n"
                             "no2 = [1, 1, 1]\n"
                             "[meteorology.base_anomaly.pm25]\n"
                             "\"1\" = 0\n"
                             "\"2\" = -1.2\n"
                             "\"3\" = 20\n"
                             "\"4-5\" = 1.1\n"
                             "\"5\" = 1.1\n");
  const std::string data = default_data_dir() + "/domain.toml";
  const auto en = test::run_cli({"validate", file});
  EXPECT_EQ(en.exit_code, 2);
  for (const std::string& said :
       {file + ":6:13: meteorology.base_year: expected \"draw\" or \"typical\", got 'sometimes'\n",
        file + ":10:7: meteorology.base_anomaly.pm25.1: 0 is not a positive factor (the base month's value over its "
               "typical value)\n",
        file + ":11:7: meteorology.base_anomaly.pm25.2: -1.2 is not a positive factor",
        file + ":12:7: meteorology.base_anomaly.pm25.3: 20 is outside [0.5, 2], the plausible range of a month's weather "
               "anomaly (" + data + "); a percentage or an inverted ratio?\n",
        file + ":14:1: meteorology.base_anomaly.pm25: month 5 covered more than once (by '4-5' and '5')\n",
        file + ":8:7: meteorology.base_anomaly.no2: 3 values, expected 12\n"})
    EXPECT_NE(en.err.find(said), std::string::npos) << said << "\n" << en.err;
  const auto zh = test::run_cli_to({"validate", file}, "", {"AQPLAN_LANG=zh"});
  EXPECT_EQ(zh.exit_code, 2);
  for (const std::string& said :
       {file + ":6:13: meteorology.base_year：应为 \"draw\" 或 \"typical\"，实为“sometimes”\n",
        file + ":10:7: meteorology.base_anomaly.pm25.1：0 不是正的系数（基准年该月数值与常年值之比）\n",
        file + ":11:7: meteorology.base_anomaly.pm25.2：-1.2 不是正的系数",
        file + ":12:7: meteorology.base_anomaly.pm25.3：20 超出 [0.5, 2]，即月气象异常系数的合理范围（" + data +
            "）；是否误写成百分数或倒数？\n"})
    EXPECT_NE(zh.err.find(said), std::string::npos) << said << "\n" << zh.err;
}

// run's variance shares: they sum to 1 for every metric; with "typical" the
// base year's share is 0, and with "draw" the weather's share is larger.
TEST(Weather, SpreadSharesSumToOneAndTheWeatherShareRisesWithDraw) {
  auto shares = [](const std::string& file) {
    RunRequest req;
    req.scenario = file;
    req.samples = 2000;
    req.threads = 1;
    return run_scenario(req).result;
  };
  const RunResult drawn = shares(scenario("plan-2023.toml"));
  const RunResult typical = shares(test::source_dir() + "/tests/golden/typical/plan-2023.toml");
  ASSERT_TRUE(drawn.spread && typical.spread);
  EXPECT_EQ(drawn.spread_samples, 2000u);
  for (std::size_t p = 0; p < kMetricCount; ++p) {
    SCOPED_TRACE(std::string(name(kMetrics[p])));
    const SpreadShares d = (*drawn.spread)[p], t = (*typical.spread)[p];
    EXPECT_NEAR(d.weather_base + d.weather_target + d.plan, 1.0, 1e-12);
    EXPECT_NEAR(t.weather_base + t.weather_target + t.plan, 1.0, 1e-12);
    EXPECT_EQ(t.weather_base, 0.0);
    EXPECT_GT(d.weather_base, 0.0);
    EXPECT_GT(d.weather_base + d.weather_target, t.weather_target);
  }
}

}  // namespace
}  // namespace aqplan
