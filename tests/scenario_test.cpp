// Scenario files: what they change, how extends chains resolve, and a
// catalogue of bad files, each a clear error with exit code 2 and nothing
// written under --out.
#include <gtest/gtest.h>

#include <filesystem>
#include <regex>
#include <set>

#include "aqplan/base/paths.h"
#include "aqplan/data/scenario.h"
#include "aqplan/model/model.h"
#include "test_util.h"

namespace aqplan {
namespace {

std::string dataset_dir() { return test::bundled_dataset(); }

// The four lines every case starts with; a case's own text starts on line 5.
std::string header() {
  return "[scenario]\nname = \"t\"\ndataset = \"" + dataset_dir() + "\"\nyear = 2023\n";
}

const MeasureParams& measure(const ModelInputs& in, int id) {
  const MeasureParams* m = in.dataset.measures.find(id);
  if (!m) throw std::runtime_error("no measure " + std::to_string(id));
  return *m;
}

TEST(Scenario, ChangesAreApplied) {
  test::TempDir dir;
  test::write_file(dir.file("s.toml"), header() + R"(
[measures]
exclude = [44]

[[override]]
measure = 9
delay = { dist = "uniform", min = 2, max = 6 }
scale = 0.5
probability = 0.9

[[override]]
measure = 2
enabled = false

[[override]]
measure = 16
deadline = "2023年9月底前"
depends_on = []

[[measure]]
id = 101
title = "extra"
deadline = "2023年10月底前"
lead_units = ["县能源局"]
depends_on = [21]
[[measure.effect]]
sector = "residential_coal"
species = ["so2", "pm"]
fraction = { dist = "triangular", min = 0.05, mode = 0.10, max = 0.15 }

[observed.pm25]
1 = 56
2 = 69

[growth]
steel = { dist = "normal", mean = 0.02, sd = 0.01 }

[regional]
trend = { pm25 = -0.05 }

[meteorology]
scale = 0.5
)");
  Scenario s = load_scenario(dir.file("s.toml"));
  const ModelInputs& in = s.inputs;
  EXPECT_EQ(in.excluded, (std::vector<int>{2, 44}));
  const MeasureParams& m9 = measure(in, 9);
  EXPECT_EQ(m9.delay.p_on_time, 0.0);
  EXPECT_EQ(m9.delay.late.max(), 6.0);
  EXPECT_DOUBLE_EQ(m9.probability, 0.9);
  EXPECT_DOUBLE_EQ(m9.effects[0].size.mode(), 0.2);  // co 0.4 × 0.5
  EXPECT_EQ(measure(in, 16).timing->month, 9);
  EXPECT_TRUE(measure(in, 16).depends_on.empty());
  const MeasureParams& extra = measure(in, 101);
  EXPECT_EQ(extra.depends_on, std::vector<int>{21});
  ASSERT_EQ(extra.effects.size(), 1u);
  EXPECT_EQ(extra.effects[0].species, species_bit(Species::so2) | species_bit(Species::pm10) | species_bit(Species::pm25));
  EXPECT_EQ(in.ledger.find(101)->text, "extra");
  EXPECT_EQ(in.ledger.find(101)->lead_units, std::vector<std::string>{"县能源局"});
  EXPECT_EQ(in.observed[static_cast<std::size_t>(Metric::pm25)][1], 69.0);
  EXPECT_FALSE(in.observed[static_cast<std::size_t>(Metric::pm25)][2].has_value());
  const auto steel = *in.dataset.inventory.find("steel");
  EXPECT_DOUBLE_EQ(in.dataset.inventory.sectors[static_cast<std::size_t>(steel)].growth.mean(), 0.02);
  EXPECT_DOUBLE_EQ(in.dataset.response.regional_change[static_cast<std::size_t>(Metric::pm25)].mode(), -0.05);
  EXPECT_DOUBLE_EQ(s.weather_scale, 0.5);
  // The model runs, and observed months are taken as they are.
  Model model = Model::build(s.inputs);
  Workspace ws = model.make_workspace();
  Outcome o;
  model.evaluate(model.mode_draw(), ws, o);
  EXPECT_EQ(o.monthly[static_cast<std::size_t>(Metric::pm25)][0], 56.0);
}

TEST(Scenario, ExtendsResolvesPathsFromTheNamingFileAndTheChildWins) {
  test::TempDir dir;
  std::filesystem::create_directories(dir.path() / "base" / "deeper");
  // The grandparent names the dataset relative to itself.
  const std::string rel = std::filesystem::relative(dataset_dir(), dir.path() / "base" / "deeper").string();
  test::write_file(dir.file("base/deeper/root.toml"), "[scenario]\nname = \"root\"\ndataset = \"" + rel +
                                                          "\"\nyear = 2023\n[montecarlo]\nsamples = 10\nseed = 3\n"
                                                          "[[override]]\nmeasure = 9\nscale = 0.5\nprobability = 0.5\n"
                                                          "[growth]\nsteel = 0.05\npower = 0.01\n");
  test::write_file(dir.file("base/parent.toml"), "extends = \"deeper/root.toml\"\n[scenario]\nname = \"parent\"\n"
                                                  "[montecarlo]\nseed = 4\n[[override]]\nmeasure = 9\nprobability = 0.8\n");
  test::write_file(dir.file("child.toml"), "extends = \"base/parent.toml\"\n[scenario]\ndescription = \"c\"\n"
                                            "[growth]\nsteel = 0.07\n");
  Scenario s = load_scenario(dir.file("child.toml"));
  EXPECT_EQ(s.name, "parent");
  EXPECT_EQ(s.description, "c");
  EXPECT_EQ(s.samples, 10u);
  EXPECT_EQ(s.seed, 4u);
  EXPECT_EQ(s.chain.size(), 3u);
  const MeasureParams& m9 = measure(s.inputs, 9);
  EXPECT_DOUBLE_EQ(m9.probability, 0.8);               // the parent's override wins over the root's
  EXPECT_DOUBLE_EQ(m9.effects[0].size.mode(), 0.2);    // the root's scale stays
  const Inventory& inv = s.inputs.dataset.inventory;
  EXPECT_DOUBLE_EQ(inv.sectors[static_cast<std::size_t>(*inv.find("steel"))].growth.mode(), 0.07);
  EXPECT_DOUBLE_EQ(inv.sectors[static_cast<std::size_t>(*inv.find("power"))].growth.mode(), 0.01);
}

TEST(Scenario, BundledScenariosAreValid) {
  for (const char* f : {"plan-2023.toml", "no-action-2023.toml", "slip-2023.toml", "extra-2023.toml", "ytd-2023.toml"}) {
    auto r = test::run_cli({"validate", test::source_dir() + "/scenarios/" + f});
    EXPECT_EQ(r.exit_code, 0) << f << "\n" << r.err;
  }
  Scenario slip = load_scenario(test::source_dir() + "/scenarios/slip-2023.toml");
  for (int id : {2, 4, 9, 15, 21, 33}) {
    EXPECT_EQ(measure(slip.inputs, id).delay.p_on_time, 0.0) << id;
    EXPECT_EQ(measure(slip.inputs, id).delay.late.min(), 3.0) << id;
  }
  Scenario ytd = load_scenario(test::source_dir() + "/scenarios/ytd-2023.toml");
  for (Metric p : kMetrics) EXPECT_TRUE(ytd.inputs.observed[static_cast<std::size_t>(p)][1].has_value());
}

// --- the catalogue of bad scenario files -----------------------------------

struct Bad {
  const char* name;
  std::string text;     // after the four header lines (or the whole file when whole = true)
  std::string where;    // "L:C" or "" (no position)
  std::string message;  // exact
  bool whole = false;
};

std::vector<Bad> catalogue() {
  const std::string ds = dataset_dir();
  const std::string effect = "[[measure.effect]]\nsector = \"steel\"\nspecies = \"all\"\nfraction = 0.1\n";
  return {
      {"unknown key", "colour = 1\n", "5:1", "scenario: unknown key 'colour'"},
      {"negative samples", "[montecarlo]\nsamples = -5\n", "6:11", "montecarlo.samples: -5 is not a positive count"},
      {"near-miss key", "[montecarlo]\nsead = 3\n", "6:1", "montecarlo: unknown key 'sead' (did you mean 'seed'?)"},
      {"include and exclude", "[measures]\ninclude = [1]\nexclude = [2]\n", "7:11", "measures: give 'include' or 'exclude', not both"},
      {"unknown excluded measure", "[measures]\nexclude = [99]\n", "6:12",
       "measures.exclude[0]: no measure 99 in the ledger or this scenario (did you mean '9'?)"},
      {"measure listed twice", "[measures]\nexclude = [4, 4]\n", "6:15", "measures.exclude[1]: measure 4 is listed twice"},
      {"override of an unknown measure", "[[override]]\nmeasure = 90\nscale = 0.5\n", "6:11",
       "override[measure=90].measure: no measure 90 in the ledger or this scenario (did you mean '9'?)"},
      {"negative delay", "[[override]]\nmeasure = 9\ndelay = -2\n", "7:9", "override[measure=9].delay: -2 is outside [0, inf)"},
      {"probability above 1", "[[override]]\nmeasure = 9\nprobability = 1.5\n", "7:15",
       "override[measure=9].probability: 1.5 is outside [0, 1]"},
      {"scale beyond all emissions", "[[override]]\nmeasure = 2\nscale = 9\n", "7:9",
       "override[measure=2].scale: 9 × effect 1 of measure 2 (triangular(0.08, 0.12, 0.15)) removes more than all of "
       "coal_chemical's emissions"},
      {"bad deadline", "[[override]]\nmeasure = 9\ndeadline = \"下个月\"\n", "7:12",
       "override[measure=9].deadline: unrecognised deadline '下个月' (expected 'YYYY年M月底前', 'YYYY年M月D日起', 'YYYY年M月起', "
       "'YYYY年M-N月', 'YYYY年M月和N月底前' or '长期坚持')"},
      {"depends on itself", "[[override]]\nmeasure = 9\ndepends_on = [9]\n", "7:15",
       "override[measure=9].depends_on[0]: a measure cannot depend on itself"},
      {"wrong type", "[[override]]\nmeasure = 9\nenabled = \"no\"\n", "7:11",
       "override[measure=9].enabled: expected true or false, got a string"},
      {"scaling an enabling measure", "[[override]]\nmeasure = 7\nscale = 0.5\n", "7:9",
       "override[measure=7].scale: measure 7 is an enabling measure with no effects to scale"},
      {"override without measure", "[[override]]\nscale = 0.5\n", "5:1", "override[0]: missing key 'measure'"},
      {"month 13", "[observed.pm25]\n13 = 40\n", "6:6", "observed.pm25.13: '13' is not a month (1-12)"},
      {"negative observation", "[observed.pm25]\n1 = -3\n", "6:5", "observed.pm25.1: -3 is below 1 µg/m³, the smallest plausible monthly pm25 (DATA/domain.toml)"},
      {"zero observation (no logarithm)", "[observed.co]\n1 = 0\n", "6:5", "observed.co.1: 0 is below 0.1 mg/m³, the smallest plausible monthly co (DATA/domain.toml)"},
      {"zero ozone observation", "[observed.o3]\n1 = 0\n", "6:5", "observed.o3.1: 0 is below 1 µg/m³, the smallest plausible monthly o3 (DATA/domain.toml)"},
      {"CO in µg/m³", "[observed.co]\n1 = 2100\n", "6:5",
       "observed.co.1: 2100 is above 40 mg/m³, the largest plausible monthly co (DATA/domain.toml); it looks like µg/m³ — co "
       "is in mg/m³"},
      {"huge observation", "[observed.pm25]\n1 = 9000000\n", "6:5", "observed.pm25.1: 9000000 is above 750 µg/m³, the largest plausible monthly pm25 (DATA/domain.toml)"},
      {"month key with sign", "[observed.pm25]\n\"+1\" = 40\n", "6:8", "observed.pm25.\"+1\": '+1' is not a month (1-12)"},
      {"month key with space", "[observed.pm25]\n\" 2\" = 40\n", "6:8", "observed.pm25.\" 2\": ' 2' is not a month (1-12)"},
      {"month key with leading zero", "[observed.pm25]\n\"03\" = 40\n", "6:8", "observed.pm25.03: '03' is not a month (1-12)"},
      {"weather scale 1e300", "[meteorology]\nscale = 1e300\n", "6:9",
       "meteorology.scale: 1e+300 is beyond ±1000000000000, the largest number aqplan reads (max_abs_number in "
       "DATA/limits.toml; raise it there, or for one run with AQPLAN_MAX_ABS_NUMBER)"},
      {"weather scale above its bound", "[meteorology]\nscale = 11\n", "6:9",
       "meteorology.scale: 11 is above 10, the largest plausible scale (DATA/domain.toml)"},
      {"growth 1e300", "[growth]\nsteel = 1e300\n", "6:9", "growth.steel: 1e+300 is beyond ±1000000000000, the largest number aqplan reads (max_abs_number in "
       "DATA/limits.toml; raise it there, or for one run with AQPLAN_MAX_ABS_NUMBER)"},
      {"growth above its bound", "[growth]\nsteel = 12\n", "6:9",
       "growth.steel: 12 can rise above +1000 %, the largest plausible change (DATA/domain.toml)"},
      {"unbounded normal growth", "[growth]\nsteel = { dist = \"normal\", mean = 5, sd = 0.9 }\n", "6:9",
       "growth.steel: normal(5, 0.9) can rise above +1000 %, the largest plausible change (DATA/domain.toml)"},
      {"regional trend 1e300", "[regional]\ntrend = { pm25 = 1e300 }\n", "6:18", "regional.trend.pm25: 1e+300 is beyond ±1000000000000, the largest number aqplan reads (max_abs_number in "
       "DATA/limits.toml; raise it there, or for one run with AQPLAN_MAX_ABS_NUMBER)"},
      {"regional trend above its bound", "[regional]\ntrend = { pm25 = 1.5 }\n", "6:18",
       "regional.trend.pm25: 1.5 can rise above +100 %, the largest plausible change (DATA/domain.toml)"},
      {"override scale above its bound", "[[override]]\nmeasure = 9\nscale = 50\n", "7:9",
       "override[measure=9].scale: 50 is above 10, the largest plausible scale of a measure (DATA/domain.toml); a larger "
       "measure is an extra [[measure]]"},
      {"samples above the limit", "[montecarlo]\nsamples = 2_000_000_000_000\n", "6:11",
       "montecarlo.samples: 2000000000000 is over the limit of 1000000000000 samples (max_samples in DATA/limits.toml; "
       "raise it there, or for one run with AQPLAN_MAX_SAMPLES)"},
      {"a dotted metric key", "[observed.PM2.5]\n1 = 30\n", "5:1",
       "observed.PM2: unknown metric 'PM2' — TOML splits a key at its dots, so 'PM2.5' became 'PM2' and '5': write "
       "\"PM2.5\" in quotes, or pm25"},
      {"unknown metric", "[observed.pm52]\n1 = 30\n", "5:1", "observed.pm52: unknown metric 'pm52' (did you mean 'pm25'?)"},
      {"unknown sector", "[growth]\nsteal = 0.02\n", "6:9", "growth.steal: unknown sector 'steal' (did you mean 'steel'?); the sectors are " +
                                                         std::string(test::kBundledSectors)},
      {"mode outside range", "[growth]\nsteel = { dist = \"triangular\", min = 0.1, mode = 0.05, max = 0.2 }\n", "6:9",
       "growth.steel: mode (0.05) is outside [min, max] = [0.1, 0.2]"},
      {"growth of -150 %", "[growth]\nsteel = -1.5\n", "6:9",
       "growth.steel: -1.5 can fall to −100 % or below (a relative change must stay above -1)"},
      {"negative sd", "[growth]\nsteel = { dist = \"normal\", mean = 0.02, sd = -0.01 }\n", "6:9", "growth.steel: sd (-0.01) is negative"},
      {"unknown trend metric", "[regional]\ntrend = { pm25 = -0.05, ozone = 0.01 }\n", "6:33",
       "regional.trend.ozone: unknown metric 'ozone'"},
      {"negative weather scale", "[meteorology]\nscale = -1\n", "6:9", "meteorology.scale: -1 is negative"},
      {"risk threshold of 1", "[report]\nrisk_below = 1\n", "6:14",
       "report.risk_below: 1 is not a probability above 0 and below 1"},
      {"unknown report key", "[report]\nrisk = 0.5\n", "6:1", "report: unknown key 'risk'"},
      {"lognormal beyond its spread",
       "[[measure]]\nid = 101\ntitle = \"x\"\ndeadline = \"2023年10月底前\"\n[[measure.effect]]\nsector = \"steel\"\n"
       "species = \"all\"\ntonnes = { dist = \"lognormal\", median = 10, sigma = 500 }\n",
       "12:10", "measure[id=101].effect[0].tonnes: sigma 500 is above 3, the largest plausible spread of a lognormal "
       "(DATA/domain.toml)"},
      {"extra measure, unknown sector",
       "[[measure]]\nid = 101\ntitle = \"x\"\ndeadline = \"2023年10月底前\"\n[[measure.effect]]\nsector = \"residential_coals\"\n"
       "species = \"all\"\nfraction = 0.1\n",
       "10:10", "measure[id=101].effect[0].sector: unknown sector 'residential_coals' (did you mean 'residential_coal'?); the sectors "
       "are " + std::string(test::kBundledSectors)},
      {"extra measure, unknown species",
       "[[measure]]\nid = 101\ntitle = \"x\"\ndeadline = \"2023年10月底前\"\n[[measure.effect]]\nsector = \"steel\"\n"
       "species = \"sox\"\nfraction = 0.1\n",
       "11:11", "measure[id=101].effect[0].species: unknown species 'sox' (did you mean 'so2'?)"},
      {"extra measure, fraction above 1",
       "[[measure]]\nid = 101\ntitle = \"x\"\ndeadline = \"2023年10月底前\"\n[[measure.effect]]\nsector = \"steel\"\n"
       "species = \"all\"\nfraction = 1.2\n",
       "12:12", "measure[id=101].effect[0].fraction: 1.2 is outside [0, 1]"},
      {"extra measure with a ledger id", "[[measure]]\nid = 9\ntitle = \"x\"\ndeadline = \"2023年10月底前\"\n" + effect, "6:6",
       "measure[0].id: 9 is a ledger measure; change it with [[override]] measure = 9"},
      {"cycle through extra measures",
       "[[measure]]\nid = 101\ntitle = \"x\"\ndeadline = \"2023年10月底前\"\ndepends_on = [102]\n" + effect +
           "[[measure]]\nid = 102\ntitle = \"y\"\ndeadline = \"2023年10月底前\"\ndepends_on = [101]\n" + effect,
       "6:6", "measure cycle: 101 -> 102 -> 101"},
      {"extra measure, unknown dependency",
       "[[measure]]\nid = 101\ntitle = \"x\"\ndeadline = \"2023年10月底前\"\ndepends_on = [555]\n" + effect, "9:15",
       "measure[id=101].depends_on[0]: no measure 555 in the ledger or this scenario"},
      {"extra measure without title", "[[measure]]\nid = 101\ndeadline = \"2023年10月底前\"\n" + effect, "5:1",
       "measure[id=101]: missing key 'title'"},
      {"duplicate extra id",
       "[[measure]]\nid = 101\ntitle = \"x\"\ndeadline = \"2023年10月底前\"\n" + effect +
           "[[measure]]\nid = 101\ntitle = \"x\"\ndeadline = \"2023年10月底前\"\n" + effect,
       "14:6", "measure[1].id: duplicate id 101"},
      {"extends in a table", "extends = \"x.toml\"\n", "5:11",
       "scenario.extends: 'extends' is a top-level key: put it above the first [table] of the file"},
      {"TOML syntax", "year = \"2023\"\n", "5:8",
       "TOML syntax error: Error while parsing key-value pair: cannot redefine existing integer 'year'"},
      {"missing parent", "extends = \"nowhere.toml\"\n[scenario]\nname = \"x\"\n", "1:11",
       "extends: 'nowhere.toml' not found (resolved to 'DIR/nowhere.toml')", true},
      {"extends itself", "extends = \"s.toml\"\n[scenario]\nname = \"x\"\n", "1:11", "extends cycle: s.toml -> s.toml", true},
      {"missing name", "[scenario]\ndataset = \"" + ds + "\"\nyear = 2023\n", "", "scenario.name: missing (here or in a file it extends)",
       true},
      {"dataset not a directory", "[scenario]\nname = \"x\"\ndataset = \"nowhere\"\nyear = 2023\n", "3:11",
       "scenario.dataset: 'nowhere' is not a directory (resolved to 'DIR/nowhere')", true},
      {"year of another dataset", "[scenario]\nname = \"x\"\ndataset = \"" + ds + "\"\nyear = 2024\n", "4:8",
       "scenario.year: 2024 does not match the dataset's target year 2023 (" + ds + "/dataset.toml)", true},
  };
}

TEST(Scenario, MetricNamesAsPlannersWriteThem) {
  test::TempDir dir;
  const std::string file = dir.file("s.toml");
  test::write_file(file, "extends = \"" + test::source_dir() + "/scenarios/plan-2023.toml\"\n"
                         "[observed.\"PM2.5\"]\n1 = 40\n[observed.CO]\n2 = 1.5\n"
                         "[regional]\ntrend = { NO2 = -0.02, \"pm2.5\" = -0.05 }\n");
  const ModelInputs in = load_scenario(file).inputs;
  EXPECT_EQ(in.observed[static_cast<std::size_t>(Metric::pm25)][0].value_or(0.0), 40.0);
  EXPECT_EQ(in.observed[static_cast<std::size_t>(Metric::co)][1].value_or(0.0), 1.5);
  EXPECT_EQ(parse_species("NOx"), Species::nox);
  EXPECT_EQ(parse_species("VOCs"), Species::voc);
  EXPECT_EQ(parse_metric("PM10"), Metric::pm10);
  EXPECT_EQ(parse_metric("pm 25"), std::nullopt);
}

TEST(ScenarioErrors, EachBadFileIsAClearErrorAndWritesNothing) {
  const auto cases = catalogue();
  ASSERT_GE(cases.size(), 30u);
  for (const Bad& c : cases) {
    SCOPED_TRACE(c.name);
    test::TempDir dir;
    const std::string file = dir.file("s.toml");
    test::write_file(file, c.whole ? c.text : header() + c.text);
    auto r = test::run_cli({"run", file, "--deterministic", "--out", dir.file("out")});
    EXPECT_EQ(r.exit_code, 2) << r.err;
    std::string message = c.message;
    for (std::size_t p; (p = message.find("DIR")) != std::string::npos;) message.replace(p, 3, dir.path().string());
    for (std::size_t p; (p = message.find("DATA/")) != std::string::npos;) message.replace(p, 4, default_data_dir());
    const std::string expected = file + (c.where.empty() ? "" : ":" + c.where) + ": " + message + "\n";
    EXPECT_NE(r.err.find(expected), std::string::npos) << "expected: " << expected << "got: " << r.err;
    EXPECT_FALSE(std::filesystem::exists(dir.file("out")));
    // validate agrees.
    EXPECT_EQ(test::run_cli({"validate", file}).exit_code, 2);
  }
}

TEST(ScenarioErrors, ExtendsCycleBetweenTwoFilesIsReportedAsAPath) {
  test::TempDir dir;
  test::write_file(dir.file("a.toml"), "extends = \"b.toml\"\n" + header());
  test::write_file(dir.file("b.toml"), "extends = \"a.toml\"\n[montecarlo]\nseed = 1\n");
  auto r = test::run_cli({"validate", dir.file("a.toml")});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.err, dir.file("b.toml") + ":1:11: extends cycle: a.toml -> b.toml -> a.toml\n");
}

TEST(ScenarioErrors, EveryErrorOfAFileIsReported) {
  test::TempDir dir;
  test::write_file(dir.file("s.toml"), header() + "[montecarlo]\nsamples = 0\nsead = 1\n[growth]\nsteal = 1\n");
  auto r = test::run_cli({"validate", dir.file("s.toml")});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find(":6:11: montecarlo.samples: 0 is not a positive count"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find(":7:1: montecarlo: unknown key 'sead'"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find(":9:9: growth.steal: unknown sector 'steal'"), std::string::npos) << r.err;
  // An unknown table does not hide the problems of the tables that are known.
  test::write_file(dir.file("s.toml"), header() + "[montecarlo]\nsamples = 0\n[[extra_measure]]\nid = 99\n");
  r = test::run_cli({"validate", dir.file("s.toml")});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find(":7:3: unknown key 'extra_measure'"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find(":6:11: montecarlo.samples: 0 is not a positive count"), std::string::npos) << r.err;
}

// --- the same problems in Chinese ---------------------------------------------

// Every line of `err` with `files` taken out: the Latin words left that are
// neither symbols nor in `allowed` (the keys, values and names the input
// wrote, shown as written).
std::set<std::string> english_in(std::string err, const std::vector<std::string>& files,
                                 const std::set<std::string>& allowed) {
  for (const std::string& f : files)
    for (std::size_t at; (at = err.find(f)) != std::string::npos;) err.erase(at, f.size());
  std::set<std::string> words = test::symbols();
  words.insert(allowed.begin(), allowed.end());
  std::set<std::string> left;
  std::size_t start = 0;
  for (std::size_t end; (end = err.find('\n', start)) != std::string::npos; start = end + 1)
    for (const std::string& w : test::english_left(err.substr(start, end - start), words)) left.insert(w);
  return left;
}

// The keys and names the broken scenario below writes (and the dataset's
// sectors and files, which its messages name).
std::set<std::string> scenario_words() {
  std::set<std::string> w = {"scenario", "year", "colour", "montecarlo", "samples", "sead", "seed", "measures",
                             "include", "exclude", "meteorology", "scale", "report", "override", "measure",
                             "delay", "enabled", "no", "observed", "PM", "pm", "growth", "steal", "steel", "power",
                             "regional", "trend", "ozone", "id", "title", "inf", "dataset", "toml", "limits", "domain",
                             "co", "so", "mode", "min", "max", "triangular"};
  static const std::regex word("[A-Za-z]{2,}");
  const std::string sectors = test::kBundledSectors;
  for (auto it = std::sregex_iterator(sectors.begin(), sectors.end(), word); it != std::sregex_iterator(); ++it)
    w.insert(it->str());
  return w;
}

TEST(ScenarioErrors, ABrokenScenarioIsReportedInChinese) {
  test::TempDir dir;
  const std::string file = dir.file("s.toml");
  test::write_file(file, "[scenario]\nname = \"t\"\ndataset = \"" + dataset_dir() + "\"\nyear = 2024\n" + R"(colour = 1
[montecarlo]
samples = -5
sead = 3
[measures]
include = [1]
exclude = [4, 4]
[meteorology]
scale = 11
[report]
risk_below = 1
[[override]]
measure = 9
delay = -2
enabled = "no"
[[override]]
measure = 90
[[override]]
measure = 2
scale = 9
[[override]]
measure = 7
scale = 0.5
[[override]]
measure = 4
depends_on = [4]
[[measure]]
id = 9
title = "x"
[observed.PM2.5]
1 = 30
[observed.pm25]
13 = 40
[growth]
steal = 0.02
steel = -1.5
power = { dist = "triangular", min = 0.1, mode = 0.05, max = 0.2 }
[regional]
trend = { pm25 = 1.5, ozone = 0.01 }
)");
  const auto zh = test::run_cli_to({"validate", file}, "", {"AQPLAN_LANG=zh"});
  EXPECT_EQ(zh.exit_code, 2) << zh.err;
  const std::vector<std::string> files = {file, dataset_dir() + "/dataset.toml", default_data_dir() + "/domain.toml",
                                          default_data_dir() + "/limits.toml"};
  EXPECT_EQ(english_in(zh.err, files, scenario_words()), std::set<std::string>{}) << zh.err;
  for (const std::string expected : {
           ":5:1: scenario：未知的键“colour”\n",
           ":7:11: montecarlo.samples：-5 不是正整数\n",
           ":8:1: montecarlo：未知的键“sead”（是否应为“seed”？）\n",
           ":11:15: measures.exclude[1]：措施 4 被重复列出\n",
           ":11:11: measures：“include”和“exclude”只能给出其一\n",
           ":13:9: meteorology.scale：11 超过 10，即合理缩放系数的上限（",
           ":15:14: report.risk_below：1 不是大于 0 且小于 1 的概率\n",
           ":4:8: scenario.year：2024 与数据集的目标年份 2023 不一致（",
           ":18:9: override[measure=9].delay：-2 超出 [0, inf)\n",
           ":19:11: override[measure=9].enabled：应为“true”或“false”，实为字符串\n",
           ":21:11: override[measure=90].measure：台账和本情景中都没有措施 90（是否应为“9”？）\n",
           ":24:9: override[measure=2].scale：9 × 措施 2 的第 1 项效果（triangular(0.08, 0.12, 0.15)）削减的排放超过了 "
           "coal_chemical 的全部排放\n",
           ":27:9: override[measure=7].scale：措施 7 是保障性措施，没有可缩放的效果\n",
           ":30:15: override[measure=4].depends_on[0]：措施不能依赖自身\n",
           ":32:6: measure[0].id：9 是台账中的措施；请用 [[override]] “measure = 9”修改\n",
           ":34:1: observed.PM2：未知的指标“PM2”——TOML 会在点号处拆分键，因此“PM2.5”变成了“PM2”和“5”：请加引号写作 "
           "\"PM2.5\"，或写作“pm25”\n",
           ":37:6: observed.pm25.13：“13”不是月份（1-12）\n",
           ":39:9: growth.steal：未知的部门“steal”（是否应为“steel”？）；现有部门为 power、steel、coal_chemical、",
           ":40:9: growth.steel：-1.5 可能降至 −100 % 或更低（相对变化必须大于 -1）\n",
           ":41:9: growth.power：“mode”（0.05）超出 [min, max] = [0.1, 0.2]\n",
           ":43:18: regional.trend.pm25：1.5 可能超过 +100 %，即合理变化的上限（",
           ":43:31: regional.trend.ozone：未知的指标“ozone”\n",
       })
    EXPECT_NE(zh.err.find(file + expected), std::string::npos) << expected << "\n" << zh.err;
  // The same file in English says what it always said.
  const auto en = test::run_cli({"validate", file});
  EXPECT_EQ(en.exit_code, 2);
  EXPECT_NE(en.err.find(file + ":32:6: measure[0].id: 9 is a ledger measure; change it with [[override]] measure = 9\n"),
            std::string::npos)
      << en.err;
  EXPECT_NE(en.err.find(file + ":39:9: growth.steal: unknown sector 'steal' (did you mean 'steel'?); the sectors are " +
                        std::string(test::kBundledSectors) + "\n"),
            std::string::npos)
      << en.err;
  EXPECT_NE(en.err.find(file + ":11:11: measures: give 'include' or 'exclude', not both\n"), std::string::npos) << en.err;
}

TEST(ScenarioErrors, SyntaxAndChainErrorsAreReportedInChinese) {
  struct Case {
    std::string text;
    std::string zh;  // after "file:"
    std::string en;
  };
  const std::string ds = dataset_dir();
  const std::vector<Case> cases = {
      {"[scenario]\n名称 = \"x\"\n", "2:1: TOML 语法错误：'名' (U+540D) 出现在应为键的位置，不在字符串或注释内：请加引号（写成带引号的键或字符串），或改用 ASCII 字符",
       "2:1: TOML syntax error: '名' (U+540D) outside a string or comment, where a key is expected: put it in quotes (a "
       "quoted key or a string), or write it in ASCII"},
      {"a = [1, 2}\n", "1:10: TOML 语法错误：“}”与 1:5 处的“[”不匹配", "1:10: TOML syntax error: '}' closes the '[' opened at 1:5"},
      {"a = \"abc\n", "1:5: TOML 语法错误：此字符串没有在本行结束", "1:5: TOML syntax error: this string does not end on its line"},
      {"a = 1 2\n", "1:7: TOML 语法错误：此处应为行尾，实为 '2' (U+0032)",
       "1:7: TOML syntax error: expected the end of the line, got '2' (U+0032)"},
      {"[a\n", "1:3: TOML 语法错误：此处应为“]”以结束表头，实为 U+000A",
       "1:3: TOML syntax error: expected ']' to close the table header, got U+000A"},
      {"extends = \"nowhere.toml\"\n", "1:11: extends：找不到“nowhere.toml”（解析为“DIR/nowhere.toml”）",
       "1:11: extends: 'nowhere.toml' not found (resolved to 'DIR/nowhere.toml')"},
      {"extends = \"s.toml\"\n", "1:11: “extends”形成循环：s.toml -> s.toml", "1:11: extends cycle: s.toml -> s.toml"},
      {"[scenario]\ndataset = \"" + ds + "\"\nyear = 2023\n", " scenario.name：缺失（本文件及其通过“extends”继承的文件中均未给出）",
       " scenario.name: missing (here or in a file it extends)"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.text);
    test::TempDir dir;
    const std::string file = dir.file("s.toml");
    test::write_file(file, c.text);
    auto fill = [&](std::string s) {
      for (std::size_t p; (p = s.find("DIR")) != std::string::npos;) s.replace(p, 3, dir.path().string());
      return file + ":" + (s.front() == ' ' ? s.substr(1) : s) + "\n";
    };
    const std::string zh_expected = c.zh.front() == ' ' ? file + ": " + c.zh.substr(1) + "\n" : fill(c.zh);
    const std::string en_expected = c.en.front() == ' ' ? file + ": " + c.en.substr(1) + "\n" : fill(c.en);
    const auto zh = test::run_cli({"validate", file, "--lang", "zh"});
    EXPECT_EQ(zh.exit_code, 2);
    EXPECT_NE(zh.err.find(zh_expected), std::string::npos) << zh_expected << zh.err;
    EXPECT_EQ(english_in(zh.err, {file, dir.path().string()}, {"nowhere", "toml", "scenario", "name", "extends"}),
              std::set<std::string>{})
        << zh.err;
    const auto en = test::run_cli({"validate", file});
    EXPECT_EQ(en.exit_code, 2);
    EXPECT_NE(en.err.find(en_expected), std::string::npos) << en_expected << en.err;
  }
  // toml++'s own description stays as it says it; the frame is Chinese.
  test::TempDir dir;
  test::write_file(dir.file("s.toml"), "a = 1\na = 2\n");
  const auto zh = test::run_cli({"validate", dir.file("s.toml"), "--lang", "zh"});
  EXPECT_EQ(zh.exit_code, 2);
  EXPECT_NE(zh.err.find(dir.file("s.toml") + ":2:5: TOML 语法错误：Error while parsing key-value pair"), std::string::npos) << zh.err;
}

}  // namespace
}  // namespace aqplan
