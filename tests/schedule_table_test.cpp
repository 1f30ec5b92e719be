// `aqplan schedule SCENARIO` shows the scenario's slips beside the plan,
// and says why when a slip moves nothing in the target year.
#include <gtest/gtest.h>

#include <map>

#include <nlohmann/json.hpp>

#include "test_util.h"

namespace aqplan {
namespace {

std::map<int, nlohmann::json> schedule_json(const std::string& path) {
  const auto r = test::run_cli({"schedule", path, "--format", "json"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  std::map<int, nlohmann::json> out;
  const nlohmann::json j = nlohmann::json::parse(r.out);
  for (const auto& m : j["measures"]) out[m["id"].get<int>()] = m;
  return out;
}

TEST(ScheduleTable, TheScenariosSlipsAreShownAndCarriedToDependants) {
  // Once "Planned schedule… (no delays)" whatever the scenario said.
  auto m = schedule_json(test::source_dir() + "/scenarios/slip-2023.toml");
  // Measure 2: by end of June, uniform(3, 6) late → median 4.5 months → mid-November.
  EXPECT_EQ(m[2]["effective_start"], "2023-07-01");
  EXPECT_EQ(m[2]["slip_median_months"], 4.5);
  EXPECT_EQ(m[2]["p_late"], 1.0);
  EXPECT_EQ(m[2]["slipped_start"], "2023-11-16");
  EXPECT_FALSE(m[2].contains("note"));
  // Measure 9 takes effect in 2024 anyway: its slip changes nothing this year, and says so.
  EXPECT_EQ(m[9]["effective_start"], "2024-01-01");
  EXPECT_EQ(m[9]["note"], "planned_after_year");
  // Clean heating (21) slips out of the year; 24 waits for it without a slip of its own.
  EXPECT_EQ(m[21]["note"], "slips_out_of_year");
  EXPECT_EQ(m[24]["slip_median_months"], 0.0);
  EXPECT_EQ(m[24]["slipped_start"], m[21]["slipped_complete"]);
  EXPECT_EQ(m[24]["note"], "slips_out_of_year");
  EXPECT_EQ(m[24]["note_measure"], 21);
  // The plan itself: no measure moves (every median slip is 0).
  for (auto& [id, row] : schedule_json(test::source_dir() + "/scenarios/plan-2023.toml")) {
    SCOPED_TRACE(id);
    EXPECT_EQ(row["slipped_start"], row["effective_start"]);
    EXPECT_FALSE(row.contains("note"));
  }
  const auto table = test::run_cli({"schedule", test::source_dir() + "/scenarios/slip-2023.toml"});
  EXPECT_NE(table.out.find("with the slips of 'Plan 2023, engineering measures 3-6 months late'"), std::string::npos);
  EXPECT_NE(table.out.find("→ takes effect after 2023 as planned: a slip changes nothing this year"), std::string::npos);
  EXPECT_NE(table.out.find("→ no slip of its own: the slip of measure 21 carries it out of 2023"), std::string::npos);
}

TEST(ScheduleTable, ASlipAPrerequisiteAbsorbsAndASwitchedOffMeasureAreExplained) {
  test::TempDir dir;
  const std::string file = dir.file("s.toml");
  test::write_file(file, "extends = \"" + test::source_dir() +
                             "/scenarios/plan-2023.toml\"\n"
                             "[measures]\nexclude = [33]\n"
                             "[[override]]\nmeasure = 24\ndelay = 2\n"  // ongoing, but waits for 21 (November)
                             "[[override]]\nmeasure = 23\ndelay = 1\n");
  auto m = schedule_json(file);
  EXPECT_EQ(m[24]["slip_median_months"], 2.0);
  EXPECT_EQ(m[24]["slipped_start"], m[24]["effective_start"]);
  EXPECT_EQ(m[24]["note"], "absorbed_by_prerequisite");
  EXPECT_EQ(m[24]["note_measure"], 21);
  EXPECT_EQ(m[33]["note"], "excluded");
  EXPECT_EQ(m[33]["slipped_start"], "never");
  EXPECT_EQ(m[33]["p_implemented"], 0.0);
  // 23 is late by a month: it moves, and its dates say so without a note.
  EXPECT_EQ(m[23]["slipped_start"], "2023-12-01");
  const auto zh = test::run_cli({"schedule", file, "--lang", "zh"});
  EXPECT_NE(zh.out.find("→ 自身延误在措施 21 完成前结束，生效日期由该措施决定"), std::string::npos) << zh.out;
  EXPECT_NE(zh.out.find("→ 情景中已取消：不实施"), std::string::npos);
}

}  // namespace
}  // namespace aqplan
