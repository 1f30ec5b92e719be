// Targets on day counts ([targets.days] of a dataset or scenario) and the
// base year's good-day ratio ([base.days]): values, where each was written,
// a scenario replacing its dataset's targets entry by entry, and every
// problem at its place.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <string>

#include "aqplan/data/dataset.h"
#include "aqplan/data/scenario.h"
#include "test_util.h"

namespace aqplan {
namespace {

namespace fs = std::filesystem;

// A copy of the bundled dataset whose dataset.toml ends with `tables`.
std::string dataset_with(const test::TempDir& dir, const std::string& tables) {
  fs::copy(test::source_dir() + "/data/zezhou-2023", dir.path() / "ds", fs::copy_options::recursive);
  fs::copy(test::source_dir() + "/data/standards", dir.path() / "standards", fs::copy_options::recursive);
  const std::string file = dir.file("ds/dataset.toml");
  std::string text = test::read_file(file);
  // Before [files]: the tables go at the end, after [files]'s keys.
  test::write_file(file, text + "\n" + tables);
  return dir.file("ds");
}

std::string errors_of(const std::string& scenario) {
  try {
    (void)load_scenario(scenario);
  } catch (const InputError& e) {
    return e.diagnostics().to_string();
  }
  return "(no error)";
}

constexpr const char* kHead = "[scenario]\nname = \"t\"\ndataset = \"ds\"\nyear = 2023\n";

TEST(DayTargets, DatasetTargetsWithTheirPlacesAndAScenarioReplacingThemEntryByEntry) {
  test::TempDir dir;
  const std::string ds = dataset_with(dir,
                                      "[targets.days]\n"
                                      "good_ratio = { year = 0.75, \"1\" = 0.45, \"6-8\" = 0.9 }\n"
                                      "heavy_days = 3\n"
                                      "[base.days]\n"
                                      "good_ratio = 0.68\n");
  const Dataset d = load_dataset(ds);
  const std::string file = dir.file("ds/dataset.toml");
  EXPECT_EQ(d.day_targets.year.good_ratio, 0.75);
  EXPECT_EQ(d.day_targets.year.heavy_days, 3);
  EXPECT_EQ(d.day_targets.months[0].good_ratio, 0.45);
  for (int m : {5, 6, 7}) EXPECT_EQ(d.day_targets.months[static_cast<std::size_t>(m)].good_ratio, 0.9) << m;
  EXPECT_FALSE(d.day_targets.months[8].good_ratio.has_value());
  EXPECT_FALSE(d.day_targets.months[0].heavy_days.has_value());
  EXPECT_TRUE(d.day_targets.any());
  const std::string text = test::read_file(file);
  const int lines = static_cast<int>(std::count(text.begin(), text.end(), '\n'));
  EXPECT_EQ(d.day_targets.year.heavy_days_at.file, file);
  EXPECT_EQ(d.day_targets.year.heavy_days_at.line, lines - 2);
  EXPECT_EQ(d.day_targets.year.heavy_days_at.column, 14);
  EXPECT_EQ(d.base_days.good_ratio, 0.68);
  EXPECT_EQ(d.base_days.good_ratio_at.line, lines);

  test::write_file(dir.file("s.toml"), std::string(kHead) + "[targets.days]\ngood_ratio = 0.8\nheavy_days = { \"1\" = 2 }\n");
  test::write_file(dir.file("child.toml"), "extends = \"s.toml\"\n[targets.days]\ngood_ratio = { \"1\" = 0.5 }\n");
  const Scenario s = load_scenario(dir.file("child.toml"));
  const DayTargets& t = s.inputs.day_targets;
  EXPECT_EQ(t.year.good_ratio, 0.8);      // the scenario's
  EXPECT_EQ(t.year.heavy_days, 3);        // the dataset's
  EXPECT_EQ(t.months[0].heavy_days, 2);   // the scenario's
  EXPECT_EQ(t.months[0].good_ratio, 0.5);  // the child's
  EXPECT_EQ(t.months[0].good_ratio_at.file, dir.file("child.toml"));
  EXPECT_EQ(t.months[6].good_ratio, 0.9);  // the dataset's, untouched
  // The bundled dataset states none.
  EXPECT_FALSE(load_scenario(test::source_dir() + "/scenarios/plan-2023.toml").inputs.day_targets.any());
}

TEST(DayTargets, EveryProblemIsAnErrorAtItsPlace) {
  test::TempDir dir;
  dataset_with(dir, "[targets.days]\nheavy_days = { \"2\" = 29 }\n[base.days]\ngood_ration = 0.7\n");
  const std::string file = dir.file("ds/dataset.toml");
  const std::string text = test::read_file(file);
  const int lines = static_cast<int>(std::count(text.begin(), text.end(), '\n'));
  test::write_file(dir.file("plain.toml"), kHead);
  const std::string e = errors_of(dir.file("plain.toml"));
  // February 2023 has 28 days.
  EXPECT_NE(e.find(file + ":" + std::to_string(lines - 2) + ":22: targets.days.heavy_days.2: 29 is not a number of "
                   "heavy-pollution days in the period (an integer from 0 to 28)"),
            std::string::npos)
      << e;
  EXPECT_NE(e.find(file + ":" + std::to_string(lines) + ":1: base.days: unknown key 'good_ration' (did you mean "
                   "'good_ratio'?)"),
            std::string::npos)
      << e;

  test::TempDir dir2;
  dataset_with(dir2, "");
  test::write_file(dir2.file("s.toml"), std::string(kHead) +
                                            "[targets.days]\n"
                                            "good_ratio = { year = 75, \"13\" = 0.5, \"2\" = -0.1 }\n"
                                            "heavy_days = 2.5\n"
                                            "[targets.hours]\n");
  const std::string s = dir2.file("s.toml");
  const std::string e2 = errors_of(s);
  EXPECT_NE(e2.find(s + ":6:23: targets.days.good_ratio.year: 75 is a percentage; the good-day ratio is a fraction "
                        "(did you mean 0.75?)"),
            std::string::npos)
      << e2;
  EXPECT_NE(e2.find(s + ":6:34: targets.days.good_ratio.13: '13' is not 'year', a month (1 to 12) or a month range "
                        "such as \"6-8\""),
            std::string::npos)
      << e2;
  EXPECT_NE(e2.find(s + ":6:45: targets.days.good_ratio.2: -0.1 is outside [0, 1]"), std::string::npos) << e2;
  EXPECT_NE(e2.find(s + ":7:14: targets.days.heavy_days: expected an integer"), std::string::npos) << e2;
  EXPECT_NE(e2.find(s + ":8:10: targets: unknown key 'hours'"), std::string::npos) << e2;
}

}  // namespace
}  // namespace aqplan
