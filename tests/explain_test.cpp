// aqplan explain: the waterfall telescopes to the projected median and each
// step is the run it claims; the split is the closed form on one sector and
// adds up on the bundled plan; the levers have the signs the model implies;
// January PM2.5 of the bundled plan names residential coal and the nitrate
// term; an observed month is not decided; the command line.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <functional>

#include <nlohmann/json.hpp>

#include "aqplan/data/scenario.h"
#include "aqplan/engine/montecarlo.h"
#include "aqplan/model/check.h"
#include "aqplan/results/explain.h"
#include "aqplan/views/explain_view.h"
#include "test_util.h"

namespace aqplan {
namespace {

constexpr std::size_t si(Species k) { return static_cast<std::size_t>(k); }

AnalysisRun small_run(std::uint64_t samples, std::uint64_t seed = 1) {
  AnalysisRun r;
  r.samples = samples;
  r.seed = seed;
  return r;
}

ModelInputs plan_inputs(const std::string& file = "plan-2023.toml") {
  return load_checked_scenario(test::source_dir() + "/scenarios/" + file).inputs;
}

// The median of a run computed here, sample by sample: the ⌈n/2⌉-th
// smallest value of January PM2.5.
double january_median(const Model& m, SamplingOptions options, const AnalysisRun& run) {
  const Sampler sampler(m, std::move(options));
  Draw d = m.mode_draw();
  Workspace ws = m.make_workspace();
  Outcome o;
  std::vector<double> v;
  for (std::uint64_t i = 0; i < run.samples; ++i) {
    sampler.draw(run.seed, i, d);
    m.evaluate(d, ws, o);
    v.push_back(o.monthly[static_cast<std::size_t>(Metric::pm25)][0]);
  }
  std::sort(v.begin(), v.end());
  return v[(v.size() + 1) / 2 - 1];
}

const WaterfallStep& step_of(const ExplainResult& r, StepKind kind) {
  return *std::find_if(r.waterfall.begin(), r.waterfall.end(), [&](const WaterfallStep& s) { return s.kind == kind; });
}

TEST(Explain, TheWaterfallTelescopesAndEachStepIsItsOwnRun) {
  const ModelInputs in = plan_inputs();
  const AnalysisRun run = small_run(400);
  const ExplainResult r = explain_period(in, {Metric::pm25, 1}, run);
  ASSERT_TRUE(r.decided);
  ASSERT_EQ(r.waterfall.front().kind, StepKind::base);
  ASSERT_EQ(r.waterfall.back().kind, StepKind::projected);
  double sum = r.waterfall.front().change;
  for (std::size_t i = 1; i + 1 < r.waterfall.size(); ++i) sum += r.waterfall[i].change;
  EXPECT_NEAR(sum, r.median, 1e-9);
  EXPECT_NEAR(r.waterfall[r.waterfall.size() - 2].level, r.median, 1e-9);
  EXPECT_EQ(r.waterfall.back().level, r.median);
  // Each step against runs made here, one sample at a time.
  const Model m = Model::build(in);
  SamplingOptions off;
  for (const ModelMeasure& mm : m.measures()) off.switched_off.push_back(mm.id);
  off.no_growth = off.no_regional_trend = true;
  off.weather_scale = 0;
  const double v1 = january_median(m, off, run);
  EXPECT_EQ(v1, 76.0);  // the base year's January, exactly
  EXPECT_EQ(r.check_run, v1);
  EXPECT_EQ(r.check_expected, v1);
  off.no_growth = false;
  const double v2 = january_median(m, off, run);
  off.no_regional_trend = false;
  const double v3 = january_median(m, off, run);
  off.weather_scale = 1;
  const double v4 = january_median(m, off, run);
  const double plan = january_median(m, {}, run);
  EXPECT_EQ(r.waterfall.front().change, 76.0);
  EXPECT_EQ(step_of(r, StepKind::growth).change, v2 - v1);
  EXPECT_EQ(step_of(r, StepKind::regional).change, v3 - v2);
  EXPECT_EQ(step_of(r, StepKind::weather).change, v4 - v3);
  EXPECT_EQ(r.median, plan);
  EXPECT_LT(step_of(r, StepKind::weather).change, 0) << "a month's median with lognormal weather is below its mean";
  // The largest measure's bar: the plan without it, less the plan.
  const WaterfallStep& top = step_of(r, StepKind::measure);
  SamplingOptions without;
  without.switched_off = {top.measure};
  EXPECT_EQ(top.change, plan - january_median(m, without, run)) << "measure " << top.measure;
  EXPECT_LT(top.change, 0.0);
  // P(meet) is the run's; the median within half a bin of its p50.
  const RunResult whole = run_variant(m, run);
  EXPECT_EQ(r.p_meet, whole.month_row(Metric::pm25, 1).s.p_meet);
  EXPECT_NEAR(r.median, whole.month_row(Metric::pm25, 1).s.p50, 0.05 + 1e-9);
}

// test::one_sector_inputs() (steel alone, certain 40 % NOx and 50 % NH3
// cuts, no growth) with no regional trend and no weather either: every
// sample is the same closed form.
ModelInputs one_sector() {
  ModelInputs in = test::one_sector_inputs();
  for (auto& t : in.dataset.response.regional_change) t = Distribution::fixed(0);
  for (auto& row : in.dataset.meteorology.sigma) row.fill(0.0);
  return in;
}

TEST(Explain, OnOneSectorTheSplitIsTheClosedForm) {
  const ModelInputs in = one_sector();
  const ExplainResult r = explain_period(in, {Metric::pm25, 1}, small_run(30));
  const auto steel = static_cast<std::size_t>(*in.dataset.inventory.find("steel"));
  const double c0 = 76.0, B = 0.45;  // January PM2.5: base year, non-local share
  const double loc = c0 * (1 - B), A = 1 - (0.22 * 0.5 + 0.44 * 0.25);
  const double N = 1 + 0.41 * 0.4 + 0.834 * 0.16 - 2.244 * 0.064;  // winter N(0.4)
  const auto& cell = r.split.cells[steel];
  EXPECT_NEAR(cell[si(Species::pm25)], loc * 0.45, 1e-9);
  EXPECT_NEAR(cell[si(Species::so2)], loc * 0.15 * A * (1 - 0.273), 1e-9);
  EXPECT_NEAR(cell[si(Species::nox)], loc * 0.28 * N * A * (1 - 0.225), 1e-9);
  EXPECT_NEAR(cell[si(Species::nh3)], loc * A * (0.15 * 0.273 + 0.28 * N * 0.225), 1e-9);
  EXPECT_NEAR(cell[si(Species::voc)], loc * 0.12, 1e-9);
  const double L = 0.45 + 0.15 * A + 0.28 * N * A + 0.12;
  EXPECT_NEAR(r.split.local, loc * L, 1e-9);
  EXPECT_NEAR(r.split.nonlocal, c0 * B, 1e-9);
  EXPECT_NEAR(r.split.total, c0 * (B + (1 - B) * L), 1e-9);
  EXPECT_NEAR(r.median, r.split.total, 1e-9);  // nothing is uncertain
  // Tonnes: steel's January NOx, 60 % left; a lever cuts 10 % of them.
  const double nox = in.dataset.inventory.sectors[steel].emission(Species::nox) / 12.0;
  EXPECT_NEAR(r.split.tonnes[steel][si(Species::nox)], 0.6 * nox, 1e-9 * nox);
  const auto lever = std::find_if(r.levers.begin(), r.levers.end(),
                                  [](const Lever& l) { return l.kind == LeverKind::cut && l.species == Species::nox; });
  ASSERT_NE(lever, r.levers.end());
  EXPECT_NEAR(lever->tonnes, 0.1 * 0.6 * nox, 1e-9 * nox);
  // Every other sector emits nothing: no part, no lever.
  for (std::size_t s = 0; s < r.split.sectors.size(); ++s) {
    if (s == steel) continue;
    for (double c : r.split.cells[s]) EXPECT_EQ(c, 0.0);
  }
  for (const Lever& l : r.levers) {
    if (l.kind == LeverKind::cut) {
      EXPECT_EQ(l.sector, "steel");
    }
  }
}

TEST(Explain, JanuaryPm25OfTheBundledPlanNamesResidentialCoalAndTheNitrateTerm) {
  const ExplainResult r = explain_period(plan_inputs(), {Metric::pm25, 1}, small_run(1000));
  const auto first_cut = std::find_if(r.levers.begin(), r.levers.end(), [](const Lever& l) { return l.kind == LeverKind::cut; });
  ASSERT_NE(first_cut, r.levers.end());
  EXPECT_EQ(first_cut->sector, "residential_coal");
  EXPECT_EQ(first_cut->species, Species::pm25);
  EXPECT_GT(first_cut->d_p_meet, 0.0);
  // Its primary PM2.5 is the largest of any sector in January.
  const auto& s = r.split;
  const auto rc = static_cast<std::size_t>(std::find(s.sectors.begin(), s.sectors.end(), "residential_coal") - s.sectors.begin());
  for (std::size_t i = 0; i < s.sectors.size(); ++i)
    EXPECT_LE(s.cells[i][si(Species::pm25)], s.cells[rc][si(Species::pm25)]) << s.sectors[i];
  // The nitrate term: a part of its own, and winter NOx cuts that raise PM2.5.
  double nitrate = 0;
  for (const auto& row : s.cells) nitrate += row[si(Species::nox)];
  EXPECT_GT(nitrate, 0.1 * s.local);
  int raising = 0;
  for (const Lever& l : r.levers)
    if (l.kind == LeverKind::cut && l.species == Species::nox) {
      EXPECT_EQ(l.note, l.d_median > 0 ? LeverNote::nitrate : LeverNote::none) << l.sector;
      raising += l.d_median > 0;
    }
  EXPECT_GT(raising, 3);
  const std::string table = format_explain(r);
  EXPECT_NE(table.find("    residential_coal PM₂.₅"), std::string::npos) << table;
  EXPECT_NE(table.find("nitrate"), std::string::npos);
  EXPECT_NE(table.find("less NOₓ means more ammonium nitrate"), std::string::npos) << table;
}

TEST(Explain, LeversHaveTheSignsTheModelImplies) {
  // Sample by sample a cut of SO2, VOC, NH3 or primary PM lowers PM2.5 (with
  // common random numbers), so its median and P(meet) can only improve. A
  // measure removed or late can lower winter PM2.5 only through NOx (its
  // own cut or that of a measure waiting for it), and then says so.
  const ModelInputs in = plan_inputs();
  const ExplainResult r = explain_period(in, {Metric::pm25, 11}, small_run(300));
  const Model m = Model::build(in);
  // The measure, or one that depends on it (transitively), cuts NOx.
  std::function<bool(int)> nox_through = [&](int id) {
    for (const ModelMeasure& x : m.measures()) {
      if (x.id == id && has_species(x.species, Species::nox)) return true;
      if (std::find(x.depends_on.begin(), x.depends_on.end(), id) != x.depends_on.end() && nox_through(x.id)) return true;
    }
    return false;
  };
  int cuts = 0, against = 0;
  for (const Lever& l : r.levers) {
    if (l.kind == LeverKind::cut && l.species != Species::nox) {
      EXPECT_LE(l.d_median, 0.0) << l.sector << " " << name(l.species);
      EXPECT_GE(l.d_p_meet, 0.0) << l.sector << " " << name(l.species);
      EXPECT_EQ(l.note, LeverNote::none);
      ++cuts;
    }
    if (l.kind != LeverKind::cut && l.d_median < 0) {
      EXPECT_TRUE(nox_through(l.measure)) << "measure " << l.measure;
      EXPECT_EQ(l.note, LeverNote::nitrate) << "measure " << l.measure;
      ++against;
    }
    if (l.kind != LeverKind::cut && l.note != LeverNote::none) {
      EXPECT_LT(l.d_median, 0.0) << "measure " << l.measure;
    }
  }
  EXPECT_GT(cuts, 30);
  EXPECT_GT(against, 0);  // measure 32, enabling 33's NOx cut of heavy trucks
  std::vector<double> order;
  for (const Lever& l : r.levers) order.push_back(std::abs(l.d_p_meet));
  EXPECT_TRUE(std::is_sorted(order.rbegin(), order.rend()));
}

TEST(Explain, AnObservedMonthIsNotDecidedAndTheYearCountsItsObservedMonths) {
  const ModelInputs in = plan_inputs("ytd-2023.toml");
  const ExplainResult jan = explain_period(in, {Metric::pm25, 1}, small_run(200));
  EXPECT_FALSE(jan.decided);
  EXPECT_TRUE(jan.levers.empty());
  EXPECT_EQ(jan.runs, 6);  // the five of the waterfall and the split's
  const double observed = jan.median;
  EXPECT_EQ(step_of(jan, StepKind::observed).change, observed - 76.0);
  for (StepKind k : {StepKind::growth, StepKind::regional, StepKind::weather, StepKind::interaction})
    EXPECT_EQ(step_of(jan, k).change, 0.0);
  EXPECT_EQ(jan.p_meet, observed <= 56.5 ? 1.0 : 0.0);
  EXPECT_NE(format_explain(jan).find("Observed in 2023: the model does not decide it"), std::string::npos);
  // The year: the observed months are a part of their own, and the parts add up.
  const ExplainResult year = explain_period(in, {Metric::pm25, 0}, small_run(200));
  EXPECT_TRUE(year.decided);
  EXPECT_GT(year.split.observed, 0.1 * year.split.total);
  EXPECT_NEAR(year.split.local + year.split.nonlocal + year.split.observed, year.split.total, 1e-9 * year.split.total);
  // base_months: the annual statistic of the base year's months; observed:
  // with the observed months in their place (run 1, as one evaluation gives it).
  const Model m = Model::build(in);
  std::array<double, kMonths> base{};
  for (int month = 0; month < kMonths; ++month) base[static_cast<std::size_t>(month)] = m.rules().base_value(Metric::pm25, month);
  EXPECT_EQ(step_of(year, StepKind::base_months).level, m.annual_statistic(Metric::pm25, base));
  EXPECT_NE(step_of(year, StepKind::base_months).change, 0.0);
  EXPECT_NEAR(step_of(year, StepKind::observed).level, year.check_expected, 1e-12);
  EXPECT_EQ(year.check_run, year.check_expected);
}

TEST(Explain, TheYearsSplitAddsUpToTheMeanAnnualStatistic) {
  const ModelInputs in = plan_inputs();
  const Model m = Model::build(in);
  for (Metric p : {Metric::pm25, Metric::o3, Metric::co}) {
    SCOPED_TRACE(name(p));
    const AnalysisRun run = small_run(200);
    const ExplainResult r = explain_period(in, {p, 0}, run);
    const ExplainSplit& s = r.split;
    EXPECT_NEAR(s.local + s.nonlocal + s.observed, s.total, 1e-9 * s.total);
    EXPECT_NEAR(s.total, run_variant(m, run).annual_row(p).s.mean, 1e-5);
    if (!s.additive) continue;
    double sum = s.unattributed;
    for (const auto& row : s.cells)
      for (double c : row) sum += c;
    EXPECT_NEAR(sum, s.local, 1e-9 * s.total);
  }
}

TEST(Explain, CommandLine) {
  const std::string plan = test::source_dir() + "/scenarios/plan-2023.toml";
  struct Case {
    std::vector<std::string> args;
    std::string error;
  };
  const std::vector<Case> bad = {
      {{"--month", "13"}, "--month: '13' is not a month 1-12\n"},
      {{"--month", "1", "--period", "2"}, "--month: --month 1 and --period 2 name different periods\n"},
      {{"--period", "winter"}, "--period: 'winter' is not 'year' or a month 1-12\n"},
      {{"--metric", "pm2"}, "--metric: unknown metric 'pm2'"},
      {{"--samples", "30000000"}, "--samples: 30000000: explain keeps the year's value of every sample of a run"},
  };
  for (const Case& c : bad) {
    std::vector<std::string> args = {"explain", plan};
    args.insert(args.end(), c.args.begin(), c.args.end());
    const auto r = test::run_cli(args);
    EXPECT_EQ(r.exit_code, 2) << r.err;
    EXPECT_EQ(r.err.substr(0, c.error.size()), c.error);
    EXPECT_TRUE(r.out.empty());
  }
  // --month M is --period M; the JSON is what the library gives.
  const auto month = test::run_cli({"explain", plan, "--month", "7", "--samples", "100", "--seed", "3", "--format", "json"});
  ASSERT_EQ(month.exit_code, 0) << month.err;
  const auto period = test::run_cli({"explain", plan, "--period", "7", "--month", "7", "--samples", "100", "--seed", "3", "--format", "json"});
  EXPECT_EQ(month.out, period.out);
  const nlohmann::json j = nlohmann::json::parse(month.out);
  EXPECT_EQ(j["period"], 7);
  EXPECT_EQ(j["metric"], "pm25");
  EXPECT_EQ(j["samples"], 100);
  EXPECT_TRUE(j["check"]["equal"].get<bool>());
  EXPECT_EQ(j["waterfall"].back()["step"], "projected");
  EXPECT_EQ(j["waterfall"].back()["level"].get<double>(), j["median"].get<double>());
}

}  // namespace
}  // namespace aqplan
