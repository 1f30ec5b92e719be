// The compiled model on the bundled Zezhou 2023 dataset: anchoring, the
// response functions against their published behaviour, slips through
// dependencies, evaluation of the annual statistics, and the plan's effect.
#include <gtest/gtest.h>

#include <cmath>
#include <stdexcept>

#include "aqplan/model/evaluation.h"
#include "aqplan/model/model.h"
#include "aqplan/engine/sampler.h"
#include "aqplan/data/scenario.h"
#include "test_util.h"

namespace aqplan {
namespace {

std::string dataset_dir() { return test::bundled_dataset(); }

// Built once: loading and compiling the dataset is the slow part.
const Model& plan() { return test::bundled_model(); }
const Model& no_measures() {
  static const Model m = [] {
    ModelInputs in = load_dataset_inputs(dataset_dir());
    for (const auto& row : in.ledger.measures) in.excluded.push_back(row.id);
    return Model::build(std::move(in));
  }();
  return m;
}

// Nothing uncertain: no measures' slips, zero growth, regional trend 0, base-year weather.
Draw quiet_draw(const Model& m) {
  Draw d = m.mode_draw();
  std::fill(d.growth.begin(), d.growth.end(), 0.0);
  d.regional_change.fill(0.0);
  return d;
}

Outcome run(const Model& m, const Draw& d) {
  Workspace ws = m.make_workspace();
  Outcome o;
  m.evaluate(d, ws, o);
  return o;
}

std::size_t idx(Metric p) { return static_cast<std::size_t>(p); }

TEST(Model, NothingChangesReproducesTheBaseObservationExactly) {
  const Model& m = no_measures();
  Outcome o = run(m, quiet_draw(m));
  const EvaluationRules& t = m.rules();
  for (Metric p : kMetrics)
    for (int month = 0; month < kMonths; ++month)
      EXPECT_EQ(o.monthly[idx(p)][static_cast<std::size_t>(month)], t.base_value(p, month)) << name(p) << " month " << month + 1;
}

TEST(Model, AmmoniaCutsFollowThePublishedWinterResponse) {
  // Whole domain cut alike: the non-local share set to 0.
  const Model& m = no_measures();
  const double published[] = {-2.7, -6.3, -11.3, -19.0, -29.8};
  const double base = m.rules().base_value(Metric::pm25, 0);
  for (int i = 0; i < 5; ++i) {
    Draw d = quiet_draw(m);
    d.nonlocal_share[idx(Metric::pm25)].fill(0.0);
    d.extra_cut[static_cast<std::size_t>(Species::nh3)] = 0.2 * (i + 1);
    Outcome o = run(m, d);
    const double change = 100.0 * (o.monthly[idx(Metric::pm25)][0] / base - 1.0);
    EXPECT_NEAR(change, published[i], 1.5) << "NH3 cut " << 20 * (i + 1) << " %";
  }
}

TEST(Model, NoxCutRaisesWinterOzoneAndNitrateAndLowersSummerNo2) {
  const Model& m = no_measures();
  Outcome base = run(m, quiet_draw(m));
  Draw d = quiet_draw(m);
  d.extra_cut[static_cast<std::size_t>(Species::nox)] = 0.2;
  Outcome cut = run(m, d);
  EXPECT_GT(cut.monthly[idx(Metric::o3)][0], base.monthly[idx(Metric::o3)][0]);  // January O3 up (VOC-limited)
  EXPECT_GT(cut.pm25_component[2][0], 1.0);                                      // January nitrate up
  EXPECT_LT(cut.monthly[idx(Metric::no2)][6], base.monthly[idx(Metric::no2)][6]);  // July NO2 down
  EXPECT_LT(cut.pm25_component[2][6], 1.0);                                      // July nitrate down (NOx-limited)
}

TEST(Model, ResponsesStayWithinTheirFloors) {
  const Model& m = no_measures();
  Draw d = quiet_draw(m);
  d.extra_cut.fill(1.0);  // every local tonne gone
  Outcome o = run(m, d);
  const auto& rp = m.response();
  for (std::size_t month = 0; month < kMonths; ++month) {
    const double B = d.nonlocal_share[idx(Metric::o3)][month];
    const double c0 = m.rules().base_value(Metric::o3, static_cast<int>(month));
    EXPECT_GE(o.monthly[idx(Metric::o3)][month], c0 * (B + (1 - B) * rp.ozone.floor) - 1e-9);
    for (int c = 0; c < kPm25ComponentCount; ++c) EXPECT_GE(o.pm25_component[static_cast<std::size_t>(c)][month], 0.0);
    // Only the non-local part of the primary pollutants is left.
    const double so2_B = d.nonlocal_share[idx(Metric::so2)][month];
    EXPECT_NEAR(o.monthly[idx(Metric::so2)][month],
                m.rules().base_value(Metric::so2, static_cast<int>(month)) * so2_B, 1e-9);
  }
}

TEST(Model, DelayingMeasure7DelaysMeasure9) {
  const Model& m = plan();
  const auto j7 = *m.schedule().index_of(7), j9 = *m.schedule().index_of(9);
  Draw d = m.mode_draw();
  Workspace ws = m.make_workspace();
  Outcome o;
  m.evaluate(d, ws, o);
  const double planned9 = ws.start[j9];
  d.delay[j7] = 3.0;
  m.evaluate(d, ws, o);
  EXPECT_GE(ws.start[j9], planned9 + 3.0 - 1e-9);
  for (int month = 0; month < kMonths; ++month) EXPECT_EQ(ws.activity(static_cast<Eigen::Index>(j9), month), 0.0);
}

TEST(Model, CalibratedDailyDispersionReturnsTheTargetYearAnnualValues) {
  const Model& m = plan();
  const EvaluationRules& t = m.rules();
  EXPECT_NEAR(m.daily_dispersion(Metric::o3), 0.10, 0.05);
  EXPECT_NEAR(m.daily_dispersion(Metric::co), 0.45, 0.15);
  for (Metric p : kMetrics) {
    std::array<double, kMonths> months{};
    for (int i = 0; i < kMonths; ++i) months[static_cast<std::size_t>(i)] = t.target_value(p, i);
    const double annual = m.annual_statistic(p, months);
    if (p == Metric::o3) {
      EXPECT_EQ(round_half_even(annual, 0), 170);
    }
    if (p == Metric::co) {
      EXPECT_DOUBLE_EQ(round_half_even(annual, 1), 1.8);
    }
    // Every annual value within ±1 in the last digit of the document's.
    EXPECT_NEAR(annual, t.target_value(p, kAnnual), t.decimals_of(p) == 1 ? 0.1 + 1e-9 : 1.0) << name(p);
  }
}

TEST(Model, PlanLowersDecemberPm25MuchMoreThanJanuary) {
  Outcome with = run(plan(), plan().mode_draw());
  Outcome without = run(no_measures(), no_measures().mode_draw());
  const auto pm = idx(Metric::pm25);
  const double jan = 1.0 - with.monthly[pm][0] / without.monthly[pm][0];
  const double dec = 1.0 - with.monthly[pm][11] / without.monthly[pm][11];
  EXPECT_GT(dec, 0.03);         // clean heating, boilers, quality coal act from November
  EXPECT_GT(dec, 3.0 * jan);    // January: only the ongoing measures
  EXPECT_GE(jan, 0.0);
}

TEST(Model, ScenarioFilesLoadAndNoActionExcludesEveryMeasure) {
  Scenario s = load_scenario(test::source_dir() + "/scenarios/no-action-2023.toml");
  ModelInputs in = s.inputs;
  EXPECT_EQ(in.excluded.size(), in.ledger.measures.size());
  Scenario p = load_scenario(test::source_dir() + "/scenarios/plan-2023.toml");
  EXPECT_EQ(p.year, 2023);
  EXPECT_TRUE(p.inputs.excluded.empty());
}


TEST(ModelStages, EmissionDeltasThenRespondIsEvaluateBitForBit) {
  const Model& m = plan();
  const Sampler sampler(m);
  Draw d = m.mode_draw();
  Workspace ws = m.make_workspace();
  for (std::uint64_t sample = 0; sample < 300; ++sample) {
    sampler.draw(5, sample, d);
    Outcome whole, staged;
    m.evaluate(d, ws, whole);
    EmissionDeltas e;
    m.emission_deltas(d, ws, e);
    m.respond(d, e, staged);
    ASSERT_TRUE(test::same_bits(whole.monthly, staged.monthly)) << sample;
    ASSERT_TRUE(test::same_bits(whole.annual, staged.annual)) << sample;
    ASSERT_TRUE(test::same_bits(whole.composite.index, staged.composite.index)) << sample;
    ASSERT_TRUE(test::same_bits(whole.pm25_component, staged.pm25_component)) << sample;
  }
}

TEST(ModelStages, EmissionDeltasAreZeroWithoutMeasuresOrGrowthAndNegativeWithThePlan) {
  Workspace ws0 = no_measures().make_workspace();
  EmissionDeltas none;
  none.impact[0][0] = 99.0;  // overwritten
  no_measures().emission_deltas(quiet_draw(no_measures()), ws0, none);
  for (std::size_t k = 0; k < kSpeciesCount; ++k)
    for (std::size_t month = 0; month < kMonths; ++month) {
      EXPECT_EQ(none.impact[k][month], 0.0) << k << " " << month;
      EXPECT_EQ(none.plain[k][month], 0.0) << k << " " << month;
    }
  // The plan cuts PM2.5 and NOx in December (every measure in effect by then).
  Workspace ws = plan().make_workspace();
  EmissionDeltas e;
  plan().emission_deltas(quiet_draw(plan()), ws, e);
  EXPECT_LT(e.impact[static_cast<std::size_t>(Species::pm25)][11], -0.05);
  EXPECT_LT(e.plain[static_cast<std::size_t>(Species::nox)][11], -0.01);
  EXPECT_LT(e.coarse[11], 0.0);
}

TEST(ModelStages, AnInvalidDrawIsAnExceptionNotACrash) {
  const Model& m = plan();
  Draw d = m.mode_draw();
  d.delay[0] = -1.0;
  Workspace ws = m.make_workspace();
  Outcome o;
  EXPECT_THROW(m.evaluate(d, ws, o), std::invalid_argument);
  EmissionDeltas e;
  EXPECT_THROW(m.emission_deltas(d, ws, e), std::invalid_argument);
}

}  // namespace
}  // namespace aqplan
