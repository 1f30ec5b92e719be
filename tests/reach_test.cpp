// Reach: which uncertain inputs can change which metric, on the bundled
// plan, on changed responses and observed months, and against the model
// itself (an input Reach rejects leaves the metric unchanged, bit for bit).
#include <gtest/gtest.h>

#include <cmath>
#include <string>
#include <vector>

#include "aqplan/data/scenario.h"
#include "aqplan/model/model.h"
#include "aqplan/model/reach.h"
#include "test_util.h"

namespace aqplan {
namespace {

std::size_t measure(const Model& model, int id) {
  const auto j = model.schedule().index_of(id);
  EXPECT_TRUE(j.has_value()) << "measure " << id;
  return j.value_or(0);
}

std::size_t sector(const Model& model, const std::string& name) {
  for (std::size_t s = 0; s < model.sectors().size(); ++s)
    if (model.sectors()[s].name == name) return s;
  ADD_FAILURE() << "sector " << name;
  return 0;
}

// The metrics whose response reads species k.
std::vector<Metric> readers(const Reach& reach, Species k) {
  std::vector<Metric> out;
  for (Metric p : kMetrics)
    if (reach.species(k, p)) out.push_back(p);
  return out;
}

TEST(Reach, SpeciesReachTheMetricsTheirResponseReads) {
  const Reach reach(test::bundled_model());
  using enum Metric;
  EXPECT_EQ(readers(reach, Species::so2), (std::vector<Metric>{so2, pm10, pm25}));  // sulfate
  EXPECT_EQ(readers(reach, Species::nox), (std::vector<Metric>{no2, pm10, o3, pm25}));  // nitrate, O3
  EXPECT_EQ(readers(reach, Species::co), (std::vector<Metric>{co}));
  EXPECT_EQ(readers(reach, Species::voc), (std::vector<Metric>{pm10, o3, pm25}));  // organic, O3
  EXPECT_EQ(readers(reach, Species::nh3), (std::vector<Metric>{pm10, pm25}));      // ammonium
  EXPECT_EQ(readers(reach, Species::pm10), (std::vector<Metric>{pm10}));           // coarse part
  EXPECT_EQ(readers(reach, Species::pm25), (std::vector<Metric>{pm10, pm25}));     // primary
}

TEST(Reach, SizeOfMeasure23CannotReachO3) {
  // 23 cuts residential coal's SO2 and PM.
  const Model& model = test::bundled_model();
  const Reach reach(model);
  const std::size_t j = measure(model, 23);
  EXPECT_FALSE(reach.size(j, Metric::o3));
  EXPECT_FALSE(reach.timing(j, Metric::o3));
  EXPECT_FALSE(reach.input({InputKind::size, j}, Metric::o3));
  EXPECT_FALSE(reach.size(j, Metric::no2));
  EXPECT_FALSE(reach.size(j, Metric::co));
  EXPECT_TRUE(reach.size(j, Metric::so2));
  EXPECT_TRUE(reach.size(j, Metric::pm25));
  EXPECT_TRUE(reach.size(j, Metric::pm10));
}

TEST(Reach, GrowthOfRoadDustCannotReachO3) {
  const Model& model = test::bundled_model();
  const Reach reach(model);
  const std::size_t s = sector(model, "road_dust");
  for (Metric p : {Metric::o3, Metric::so2, Metric::no2, Metric::co}) EXPECT_FALSE(reach.growth(s, p)) << name(p);
  EXPECT_TRUE(reach.growth(s, Metric::pm10));
  EXPECT_TRUE(reach.growth(s, Metric::pm25));
  EXPECT_FALSE(reach.input({InputKind::growth, s}, Metric::o3));
}

TEST(Reach, DelayOfEnablingMeasure42WithNoDependantsReachesNothing) {
  const Model& model = test::bundled_model();
  const Reach reach(model);
  const std::size_t j = measure(model, 42);
  ASSERT_TRUE(model.measures()[j].enabling);
  for (Metric p : kMetrics) {
    EXPECT_FALSE(reach.input({InputKind::delay, j}, p)) << name(p);
    EXPECT_FALSE(reach.input({InputKind::implemented, j}, p)) << name(p);
  }
}

TEST(Reach, AnEnablingMeasureReachesWhatItsDependantsCut) {
  // 43 (the ozone emergency list) enables 44 (staggered VOC production of the solvents sector).
  const Model& model = test::bundled_model();
  const Reach reach(model);
  const std::size_t j43 = measure(model, 43), j44 = measure(model, 44);
  for (Metric p : kMetrics) {
    const bool voc = p == Metric::o3 || p == Metric::pm25 || p == Metric::pm10;
    EXPECT_EQ(reach.timing(j43, p), voc) << name(p);
    EXPECT_EQ(reach.timing(j44, p), voc) << name(p);
    EXPECT_FALSE(reach.size(j43, p)) << "43 cuts nothing itself";
  }
  // 9 (the gasifier phase-out) completes at the end of December: in effect
  // from t = 12, never in the target year; nor is 7, which only enables it.
  for (Metric p : kMetrics) {
    EXPECT_FALSE(reach.size(measure(model, 9), p)) << name(p);
    EXPECT_FALSE(reach.timing(measure(model, 7), p)) << name(p);
  }
}

TEST(Reach, AZeroShareOrObservedMonthsCloseTheChannel) {
  ModelInputs in = load_dataset_inputs(test::bundled_dataset());
  // No secondary organic aerosol: VOC reaches PM2.5 no more (O3 still).
  auto& shares = in.dataset.response.pm25_shares;
  for (int m = 0; m < kMonths; ++m) {
    const auto mm = static_cast<std::size_t>(m);
    shares[static_cast<std::size_t>(Pm25Component::primary)][mm] +=
        shares[static_cast<std::size_t>(Pm25Component::secondary_organic)][mm];
    shares[static_cast<std::size_t>(Pm25Component::secondary_organic)][mm] = 0.0;
  }
  // Every month of O3 observed: nothing reaches O3, not even its weather.
  const auto o3 = static_cast<std::size_t>(Metric::o3);
  for (int m = 0; m < kMonths; ++m) in.observed[o3][static_cast<std::size_t>(m)] = in.targets.base_value(Metric::o3, m);
  const Model model = Model::build(in);
  const Reach reach(model);
  EXPECT_FALSE(reach.species(Species::voc, Metric::pm25));
  EXPECT_FALSE(reach.species(Species::voc, Metric::pm10));
  for (Species k : kSpecies) EXPECT_FALSE(reach.species(k, Metric::o3)) << name(k);
  EXPECT_FALSE(reach.input({InputKind::weather, 0, Metric::o3}, Metric::o3));
  EXPECT_FALSE(reach.input({InputKind::regional, 0, Metric::o3}, Metric::o3));
  EXPECT_TRUE(reach.input({InputKind::weather, 0, Metric::pm25}, Metric::pm25));
  EXPECT_FALSE(reach.input({InputKind::weather, 0, Metric::pm25}, Metric::so2)) << "weather of pm25 is not so2's";
}

// The draw with input `in` moved far from its mode.
Draw perturbed(const Model& model, const UncertainInput& in) {
  Draw d = model.mode_draw();
  const auto p = static_cast<std::size_t>(in.metric);
  switch (in.kind) {
    case InputKind::weather:
      for (double& w : d.weather[p]) w *= 1.25;
      break;
    case InputKind::regional: d.regional_change[p] += 0.05; break;
    case InputKind::growth: d.growth[in.index] += 0.2; break;
    case InputKind::delay: d.delay[in.index] += 4.0; break;
    case InputKind::implemented: d.implemented[in.index] = 0; break;
    case InputKind::size:
      for (std::size_t e = 0; e < model.effects().size(); ++e)
        if (static_cast<std::size_t>(model.effects()[e].measure) == in.index) d.effect_size[e] *= 0.5;
      break;
  }
  return d;
}

// Every input of the draws that rank correlates.
std::vector<UncertainInput> every_input(const Model& model) {
  std::vector<UncertainInput> out;
  for (Metric p : kMetrics) {
    out.push_back({InputKind::weather, 0, p});
    out.push_back({InputKind::regional, 0, p});
  }
  for (std::size_t s = 0; s < model.sectors().size(); ++s) out.push_back({InputKind::growth, s});
  for (std::size_t j = 0; j < model.measures().size(); ++j)
    for (InputKind k : {InputKind::delay, InputKind::size, InputKind::implemented}) out.push_back({k, j});
  return out;
}

// For every input Reach rejects for a metric, moving it leaves the metric's
// twelve monthly values exactly as they were; moving the inputs it accepts
// changes something (the test can tell a change).
void expect_reach_is_sound(const Model& model) {
  const Reach reach(model);
  Workspace ws = model.make_workspace();
  Outcome base, moved;
  model.evaluate(model.mode_draw(), ws, base);
  int rejected = 0, changed = 0;
  for (const UncertainInput& in : every_input(model)) {
    model.evaluate(perturbed(model, in), ws, moved);
    for (Metric p : kMetrics) {
      const auto pi = static_cast<std::size_t>(p);
      const bool same = moved.monthly[pi] == base.monthly[pi];
      if (reach.input(in, p)) {
        changed += !same;
        continue;
      }
      ++rejected;
      EXPECT_TRUE(same) << "input kind " << static_cast<int>(in.kind) << " index " << in.index << " of "
                        << name(in.metric) << " moves " << name(p) << " though Reach says it cannot";
    }
  }
  EXPECT_GT(rejected, 100);
  EXPECT_GT(changed, 100);
}

TEST(Reach, AnInputItRejectsNeverMovesTheMetric) {
  expect_reach_is_sound(test::bundled_model());
  const Scenario ytd = load_scenario(test::source_dir() + "/scenarios/ytd-2023.toml");  // observed months
  expect_reach_is_sound(Model::build(ytd.inputs));
}

}  // namespace
}  // namespace aqplan
