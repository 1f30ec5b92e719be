// rank and gap: against a synthetic case whose answers are analytic, and on
// the bundled plan.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <numbers>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "aqplan/results/gap.h"
#include "aqplan/results/rank.h"
#include "aqplan/views/gap_view.h"
#include "aqplan/views/rank_view.h"
#include "aqplan/base/distribution.h"
#include "aqplan/data/ledger_file.h"
#include "aqplan/data/scenario.h"
#include "aqplan/model/reach.h"
#include "test_util.h"

namespace aqplan {
namespace {

constexpr double kSigma = 0.2;
constexpr int kMonth = 2;  // February: SO2 base 15, target 11

// One sector (steel) with emissions, a linear response (SO2), and lognormal
// weather on February SO2 only; no growth, no regional trend. `sizes` adds
// ongoing, certain measures cutting steel SO2 by those fractions (ids 1, 2, …).
ModelInputs synthetic(const std::vector<double>& sizes) {
  ModelInputs in = load_dataset_inputs(test::bundled_dataset());
  Inventory& inv = in.dataset.inventory;
  const int steel = *inv.find("steel");
  for (std::size_t s = 0; s < inv.sectors.size(); ++s) {
    inv.sectors[s].growth = Distribution::fixed(0);
    if (static_cast<int>(s) != steel) inv.sectors[s].emissions.fill(0.0);
  }
  for (auto& r : in.dataset.response.regional_change) r = Distribution::fixed(0);
  for (auto& row : in.dataset.meteorology.sigma) row.fill(0.0);
  in.dataset.meteorology.sigma[static_cast<std::size_t>(Metric::so2)][kMonth - 1] = kSigma;
  in.dataset.measures.measures.clear();
  in.ledger.measures.clear();
  for (std::size_t i = 0; i < sizes.size(); ++i) {
    MeasureParams p;
    p.id = static_cast<int>(i) + 1;
    p.delay = DelayDistribution{1.0, Distribution::fixed(0)};
    p.effects.push_back({steel, species_bit(Species::so2), EffectSize::fraction, Distribution::fixed(sizes[i])});
    in.dataset.measures.measures.push_back(p);
    Measure row;
    row.id = p.id;
    row.text = "synthetic " + std::to_string(p.id);
    row.deadline = parse_deadline("长期坚持");
    row.lead_units = {i == 2 ? "B" : "A"};
    in.ledger.measures.push_back(row);
  }
  return in;
}

AnalysisRun small_run(std::uint64_t samples) {
  AnalysisRun r;
  r.samples = samples;
  r.seed = 17;
  return r;
}

TEST(Gap, FindsTheAnalyticCut) {
  const ModelInputs in = synthetic({});
  const double c0 = in.targets.base_value(Metric::so2, kMonth - 1), target = in.targets.target_value(Metric::so2, kMonth - 1);
  const double B = in.dataset.response.nonlocal_share[static_cast<std::size_t>(Metric::so2)][kMonth - 1].mode();
  GapRequest req;
  req.confidence = 0.8;
  req.metric = Metric::so2;
  req.period = kMonth;
  req.tolerance = 0.002;
  const GapResult g = gap_to_target(in, req, small_run(8000));
  ASSERT_EQ(g.rows.size(), 1u);
  const GapRow& row = g.rows[0];
  ASSERT_TRUE(row.reachable);
  // P(C0·M·(1 − (1−B)x) < T + 0.5) = 0.8 with ln M ~ N(−s²/2, s²), s = √2·σ:
  // the base year's weather is drawn too (the dataset's base_year, docs/model.md §5).
  const double s = std::numbers::sqrt2 * kSigma;
  const double m80 = std::exp(s * normal_quantile(0.8) - s * s / 2);
  const double x = (1.0 - (target + 0.5) / (c0 * m80)) / (1.0 - B);
  // Bisection tolerance, plus the Monte Carlo error of P(meet) turned into x
  // through dP/dx = φ(z₀.₈)/σ · (1 − B)/(1 − (1 − B)x).
  const double z80 = normal_quantile(0.8);
  const double slope = std::exp(-z80 * z80 / 2) / std::sqrt(2 * M_PI) / s * (1.0 - B) / (1.0 - (1.0 - B) * x);
  const double se_x = std::sqrt(0.8 * 0.2 / 8000.0) / slope;
  EXPECT_NEAR(row.cut, x, req.tolerance + 4 * se_x) << "analytic " << x;
  EXPECT_GE(row.p_meet_at_cut, 0.8);
  // Tonnes: x of steel's SO2 in February (nothing grows and no measure acts here).
  const auto& steel = in.dataset.inventory.sectors[static_cast<std::size_t>(*in.dataset.inventory.find("steel"))];
  const double february = steel.emission(Species::so2) * steel.profile_of(Species::so2)[kMonth - 1];
  EXPECT_NEAR(row.tonnes[static_cast<std::size_t>(Species::so2)], row.cut * february, 1e-9 * february);
}

// The synthetic case with steel's SO2 emitted mostly in February (a quarter
// of the year), growing by 10 %, and measure 1 cutting 20 % of it from July.
ModelInputs seasonal_synthetic() {
  ModelInputs in = synthetic({0.2});
  in.ledger.measures[0].deadline = parse_deadline("2023年6月底前");
  Sector& steel = in.dataset.inventory.sectors[static_cast<std::size_t>(*in.dataset.inventory.find("steel"))];
  steel.growth = Distribution::fixed(0.1);
  for (auto& row : steel.profile) {
    row.fill(0.75 / 11);
    row[kMonth - 1] = 0.25;
  }
  return in;
}

TEST(Gap, TonnesAreTheCutOfTheProjectedEmissionsOfThePeriod) {
  const ModelInputs in = seasonal_synthetic();
  const Model model = Model::build(in);
  const double e = in.dataset.inventory.sectors[static_cast<std::size_t>(*in.dataset.inventory.find("steel"))].emission(Species::so2);
  const AnalysisRun run = small_run(50);  // every input is certain: any sample count gives the same
  const auto so2 = static_cast<std::size_t>(Species::so2);
  // February: a quarter of the year's tonnes, grown by 10 %, before the measure.
  const auto feb = mean_projected_tonnes(model, run, {"steel"}, kMonth);
  EXPECT_NEAR(feb[so2], e * 0.25 * 1.1, 1e-9 * e);
  // The year: January–June as grown, July–December 20 % less.
  const auto year = mean_projected_tonnes(model, run, {"steel"}, 0);
  EXPECT_NEAR(year[so2], e * 1.1 * (0.25 + 5 * 0.75 / 11 + 0.8 * 6 * 0.75 / 11), 1e-9 * e);
  // Another sector emits nothing here.
  EXPECT_EQ(mean_projected_tonnes(model, run, {"power"}, 0)[so2], 0.0);

  // gap reports the cut of those tonnes: of February for February's target.
  GapRequest req;
  req.confidence = 0.8;
  req.metric = Metric::so2;
  req.period = kMonth;
  const GapResult g = gap_to_target(in, req, small_run(2000));
  ASSERT_EQ(g.rows.size(), 1u);
  ASSERT_TRUE(g.rows[0].reachable);
  EXPECT_NEAR(g.rows[0].tonnes[so2], g.rows[0].cut * e * 0.25 * 1.1, 1e-9 * e);
  EXPECT_NE(format_gap(g).find("t in month 2:"), std::string::npos);
  // The JSON gives the month's tonnes as "tonnes", and no "tonnes_per_year" for a month.
  const auto j = nlohmann::json::parse(gap_to_json(g));
  EXPECT_NEAR(j["rows"][0]["tonnes"]["so2"].get<double>(), g.rows[0].tonnes[so2], 1e-9);
  EXPECT_FALSE(j["rows"][0].contains("tonnes_per_year"));
}

TEST(Gap, CheapestOnlyWhenADirectionRemovesNoMoreOfAnySpecies) {
  auto row = [](double nox, double voc) {
    GapRow r;
    r.reachable = true;
    r.tonnes[static_cast<std::size_t>(Species::nox)] = nox;
    r.tonnes[static_cast<std::size_t>(Species::voc)] = voc;
    return r;
  };
  // NOx against VOC: no ranking without costs, however the totals compare.
  std::vector<GapRow> rows{row(17000, 0), row(0, 10000)};
  mark_cheapest(rows);
  EXPECT_FALSE(rows[0].cheapest);
  EXPECT_FALSE(rows[1].cheapest);
  // Fewer tonnes of every species: cheapest whatever the costs.
  rows = {row(17000, 0), row(0, 10000), row(9000, 0)};
  rows.push_back(row(0, 0));
  rows.back().reachable = false;
  mark_cheapest(rows);
  EXPECT_FALSE(rows[0].cheapest);
  EXPECT_FALSE(rows[1].cheapest);
  EXPECT_FALSE(rows[2].cheapest);  // more NOx than the VOC-only row
  rows = {row(17000, 0), row(9000, 0)};
  mark_cheapest(rows);
  EXPECT_FALSE(rows[0].cheapest);
  EXPECT_TRUE(rows[1].cheapest);
  // A single reachable direction is not "cheapest" of anything.
  rows = {row(9000, 0)};
  rows[0].cheapest = true;
  mark_cheapest(rows);
  EXPECT_FALSE(rows[0].cheapest);
}

TEST(Gap, SaysItHasNoCostsAndFlagsACutBeyondWhatMeasuresAchieved) {
  ModelInputs in = synthetic({});
  GapRequest req;
  req.confidence = 0.8;
  req.metric = Metric::so2;
  req.period = kMonth;
  // February target 13: a cut of about 32 % (FindsTheAnalyticCut's formula).
  in.targets.target[static_cast<std::size_t>(Metric::so2)][kMonth - 1] = 13;
  const GapResult near = gap_to_target(in, req, small_run(2000));
  ASSERT_TRUE(near.rows.at(0).reachable);
  EXPECT_LT(near.rows[0].cut, near.achieved_cut_max);
  EXPECT_FALSE(near.rows[0].beyond_achieved);
  EXPECT_FALSE(near.rows[0].cheapest);
  EXPECT_EQ(gap_note(near, near.rows[0], Language::en).find("beyond"), std::string::npos);
  const std::string table = format_gap(near);
  EXPECT_EQ(table.find("cheapest"), std::string::npos);
  EXPECT_NE(table.find("No cost data: directions are not ranked by cost."), std::string::npos);
  // Target 8: about 73 %, beyond the 50 % of data/domain.toml.
  in.targets.target[static_cast<std::size_t>(Metric::so2)][kMonth - 1] = 8;
  const GapResult far = gap_to_target(in, req, small_run(2000));
  ASSERT_TRUE(far.rows.at(0).reachable);
  EXPECT_DOUBLE_EQ(far.achieved_cut_max, 0.5);
  EXPECT_GT(far.rows[0].cut, 0.6);
  EXPECT_TRUE(far.rows[0].beyond_achieved);
  EXPECT_NE(gap_note(far, far.rows[0], Language::en).find("beyond what control measures have achieved"), std::string::npos);
  EXPECT_NE(gap_note(far, far.rows[0], Language::en).find("treat as out of reach"), std::string::npos);
  EXPECT_TRUE(nlohmann::json::parse(gap_to_json(far))["rows"][0]["beyond_achieved"].get<bool>());
}

TEST(Gap, NotReachableSaysWhatIsLeftUncut) {
  // Steel and power emit SO2; the February target 3 is out of reach even
  // with all local SO2 gone (the non-local 30 % alone is 4.5).
  ModelInputs in = synthetic({});
  Inventory& inv = in.dataset.inventory;
  inv.sectors[static_cast<std::size_t>(*inv.find("power"))].emissions[static_cast<std::size_t>(Species::so2)] = 900;
  in.targets.target[static_cast<std::size_t>(Metric::so2)][kMonth - 1] = 3;
  GapRequest req;
  req.confidence = 0.8;
  req.metric = Metric::so2;
  req.period = kMonth;
  const GapResult all = gap_to_target(in, req, small_run(500));
  ASSERT_FALSE(all.rows.at(0).reachable);
  EXPECT_NE(gap_note(all, all.rows[0], Language::en).find("even cutting 100 % of local emissions reaches"), std::string::npos) << gap_note(all, all.rows[0], Language::en);
  EXPECT_NE(gap_note(all, all.rows[0], Language::en).find("the non-local share alone"), std::string::npos);
  // Steel only: the reason is what is not cut as well as the non-local share.
  req.sectors = {"steel"};
  const GapResult some = gap_to_target(in, req, small_run(500));
  ASSERT_FALSE(some.rows.at(0).reachable);
  const std::string note = gap_note(some, some.rows[0], Language::en);
  EXPECT_NE(note.find("of local emissions of steel reaches"), std::string::npos) << note;
  EXPECT_NE(note.find("what is not cut (the other sectors) and the non-local share"), std::string::npos) << note;
  EXPECT_EQ(note.find("alone"), std::string::npos) << note;
  EXPECT_EQ(format_gap(some).find("  emissions"), std::string::npos) << "a missing word leaves a double space";
}

TEST(Gap, MetTargetNeedsNothingAndAnUnreachableOneSaysSo) {
  ModelInputs in = synthetic({});
  GapRequest req;
  req.metric = Metric::so2;
  req.period = 1;  // January: target 16 = base 16, weather off → met for sure
  GapResult met = gap_to_target(in, req, small_run(2000));
  ASSERT_EQ(met.rows.size(), 1u);
  EXPECT_TRUE(met.rows[0].met_already);
  // Only the non-local 30 % would be left after a 100 % local cut: 0.3 × 15 = 4.5 > 3.
  in.targets.target[static_cast<std::size_t>(Metric::so2)][kMonth - 1] = 3;
  req.period = kMonth;
  GapResult far = gap_to_target(in, req, small_run(2000));
  ASSERT_EQ(far.rows.size(), 1u);
  EXPECT_FALSE(far.rows[0].reachable);
  EXPECT_LT(far.rows[0].p_meet_at_full, 0.8);
  EXPECT_NE(gap_note(far, far.rows[0], Language::en).find("even cutting 100 %"), std::string::npos);
  EXPECT_NE(format_gap(far).find("not reachable"), std::string::npos);
}

TEST(Rank, RecoversTheOrderingOfThreeMeasures) {
  const ModelInputs in = synthetic({0.05, 0.20, 0.10});
  const RankResult r = rank_measures(in, Metric::so2, small_run(2000));
  ASSERT_EQ(r.measures.size(), 3u);
  EXPECT_EQ(r.measures[0].id, 2);
  EXPECT_EQ(r.measures[1].id, 3);
  EXPECT_EQ(r.measures[2].id, 1);
  for (const auto& m : r.measures) EXPECT_GT(m.removed_mean[static_cast<std::size_t>(Metric::so2)], 0.0);
  // Lead units sum their measures: A has 1 and 2, B has 3.
  ASSERT_EQ(r.units.size(), 2u);
  EXPECT_EQ(r.units[0].unit, "A");
  EXPECT_EQ(r.units[0].measures, 2);
  EXPECT_NEAR(r.units[0].removed_mean, r.measures[0].removed_mean[0] + r.measures[2].removed_mean[0], 1e-12);
  // Weather is the only uncertain input left, and it explains the spread.
  ASSERT_FALSE(r.inputs.empty());
  EXPECT_EQ(r.inputs[0].input, "weather (so2)");
  EXPECT_GT(r.inputs[0].spearman, 0.9);
}

TEST(Rank, ListsOnlyInputsAboveTheSignificanceCut) {
  // On the bundled plan, over 1000 samples: the cut is z·SE with SE = 1/√(n − 1)
  // and z the two-sided Bonferroni quantile over the inputs tested.
  const AnalysisRun run = small_run(1000);
  for (Metric metric : {Metric::pm25, Metric::o3}) {
    const SpreadExplanation x = explain_spread(test::bundled_model(), metric, run);
    const InputSelection& sel = x.selection;
    EXPECT_EQ(sel.samples, 1000u);
    EXPECT_DOUBLE_EQ(sel.se, 1.0 / std::sqrt(999.0));
    ASSERT_GT(sel.tested, 20u);
    EXPECT_DOUBLE_EQ(sel.z, normal_quantile(1.0 - kInputFamilyAlpha / (2.0 * static_cast<double>(sel.tested))));
    EXPECT_GT(sel.z, 3.0);
    EXPECT_DOUBLE_EQ(sel.cut, sel.z * sel.se);
    EXPECT_EQ(x.inputs.size() + sel.not_significant, sel.tested);
    ASSERT_FALSE(x.inputs.empty());
    EXPECT_EQ(x.inputs[0].input, fmt::format("weather ({})", name(metric)));
    for (const InputImportance& in : x.inputs) EXPECT_GT(std::abs(in.spearman), sel.cut) << in.input;
    EXPECT_GT(sel.not_significant, 0u) << "most inputs are noise at this sample count";
  }
}

TEST(Rank, TheBundledPlanListsNoInputThatCannotReachTheMetric) {
  const Model& model = test::bundled_model();
  const Reach reach(model);
  auto has = [](const std::vector<std::string>& v, const std::string& s) { return std::find(v.begin(), v.end(), s) != v.end(); };
  for (Metric metric : {Metric::pm25, Metric::o3}) {
    const SpreadExplanation x = explain_spread(model, metric, small_run(1000));
    for (const InputImportance& in : x.inputs) {
      EXPECT_TRUE(reach.input(in.what, metric)) << in.input << " cannot reach " << name(metric);
      EXPECT_FALSE(has(x.selection.unreachable, in.input)) << in.input;
    }
  }
  const SpreadExplanation pm25 = explain_spread(model, Metric::pm25, small_run(200));
  EXPECT_TRUE(has(pm25.selection.unreachable, "delay of measure 42"));
  EXPECT_FALSE(has(pm25.selection.unreachable, "size of measure 23"));
  const SpreadExplanation o3 = explain_spread(model, Metric::o3, small_run(200));
  EXPECT_TRUE(has(o3.selection.unreachable, "growth of road_dust"));
  EXPECT_TRUE(has(o3.selection.unreachable, "size of measure 23"));
  EXPECT_FALSE(has(o3.selection.unreachable, "size of measure 44"));
  // The table states the cut and what was left out.
  RankResult r;
  r.metric = Metric::o3;
  r.inputs = o3.inputs;
  r.input_selection = o3.selection;
  r.importance_samples = o3.selection.samples;
  r.plan = run_variant(model, small_run(10));
  const std::string table = format_rank(r);
  EXPECT_NE(table.find(fmt::format("listed: |ρ| > {:.3f} = z·SE", o3.selection.cut)), std::string::npos) << table;
  EXPECT_NE(table.find("Bonferroni"), std::string::npos);
  EXPECT_NE(table.find(fmt::format("{} that cannot reach", o3.selection.unreachable.size())), std::string::npos);
  const auto j = nlohmann::json::parse(rank_to_json(r));
  EXPECT_DOUBLE_EQ(j["input_selection"]["cut"].get<double>(), o3.selection.cut);
  EXPECT_EQ(j["input_selection"]["unreachable"].size(), o3.selection.unreachable.size());
}

TEST(Rank, OnTheBundledPlanRemovingAMeasureNeverRaisesPm25PMeetUnlessThroughNitrate) {
  const Scenario sc = load_scenario(test::source_dir() + "/scenarios/plan-2023.toml");
  // With common random numbers the sign property holds sample by sample, so a
  // few hundred samples decide it.
  const RankResult r = rank_measures(sc.inputs, Metric::pm25, small_run(400));
  ASSERT_GT(r.measures.size(), 30u);
  const auto pm = static_cast<std::size_t>(Metric::pm25);
  int explained = 0;
  for (const auto& m : r.measures) {
    if (m.removed_p_meet[pm] > 0 || m.removed_mean[pm] < 0) {
      EXPECT_EQ(m.note, RemovalNote::nox_nitrate) << "measure " << m.id << " raises P(meet) when removed, unexplained";
      ++explained;
    }
  }
  // Enabling measure 7 is marked, and its removal stops 9.
  auto m7 = std::find_if(r.measures.begin(), r.measures.end(), [](const MeasureImpact& m) { return m.id == 7; });
  ASSERT_NE(m7, r.measures.end());
  EXPECT_TRUE(m7->enabling);
  EXPECT_TRUE(m7->critical);
  EXPECT_EQ(m7->dependants, std::vector<int>{9});
  // The largest PM2.5 effect comes first.
  EXPECT_GE(r.measures.front().removed_mean[pm], r.measures.back().removed_mean[pm]);
  EXPECT_NE(format_rank(r).find("Per lead unit"), std::string::npos);
  (void)explained;
}

}  // namespace
}  // namespace aqplan

namespace aqplan {
namespace {

// rank's per-unit table counts a near miss of a known lead unit (as
// import-ledger reports it) and a confirmed alias under the known name, and
// says so; once 巴镇人民政府 and 北石镇人民政府 had rows of their own.
TEST(Rank, LeadUnitNearMissesAndAliasesCountUnderTheKnownName) {
  const Scenario sc = load_scenario(test::source_dir() + "/scenarios/plan-2023.toml");
  AnalysisRun run;
  run.samples = 20;
  LeadUnits known = read_lead_units(test::source_dir() + "/data/lead-units.toml");
  known.aliases.emplace_back("北石镇人民政府", "北石店镇人民政府");
  const RankResult r = rank_measures(sc.inputs, Metric::pm25, run, known);
  auto unit = [&](const std::string& name) -> const LeadUnitImpact* {
    for (const auto& u : r.units)
      if (u.unit == name) return &u;
    return nullptr;
  };
  EXPECT_EQ(unit("巴镇人民政府"), nullptr);
  EXPECT_EQ(unit("北石镇人民政府"), nullptr);
  const LeadUnitImpact* bagong = unit("巴公镇人民政府");
  ASSERT_NE(bagong, nullptr);
  ASSERT_EQ(bagong->variants.size(), 1u);
  EXPECT_EQ(bagong->variants[0].written, "巴镇人民政府");
  EXPECT_FALSE(bagong->variants[0].confirmed);
  EXPECT_EQ(bagong->variants[0].measures, std::vector<int>{15});
  const LeadUnitImpact* beishidian = unit("北石店镇人民政府");
  ASSERT_NE(beishidian, nullptr);
  ASSERT_EQ(beishidian->variants.size(), 1u);
  EXPECT_TRUE(beishidian->variants[0].confirmed);
  // Each of its measures counts once, under the known name.
  int counted = 0;
  for (const auto& m : r.measures)
    for (const auto& u : m.lead_units) counted += u == "巴公镇人民政府" || u == "巴镇人民政府";
  EXPECT_EQ(bagong->measures, counted);
  const std::string table = format_rank(r, Language::en);
  EXPECT_NE(table.find("counts '巴镇人民政府' (measure 15) as this unit: a near miss of the known name, as import-ledger "
                       "suggested; confirm it under [aliases] in lead-units.toml"),
            std::string::npos)
      << table;
  EXPECT_NE(table.find("counts '北石镇人民政府' (measure 37) as this unit: a confirmed alias"), std::string::npos);
}

}  // namespace
}  // namespace aqplan
