// What the views show of a result: the risk mark and the probability beside
// it agree, and the threshold is the scenario's.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "aqplan/data/model_inputs.h"
#include "test_util.h"
#include "views/words.h"

namespace aqplan {
namespace {

TEST(ViewProbability, TheShownValueIsOnTheSameSideOfTheThresholdAsTheValue) {
  using views::probability_text;
  EXPECT_EQ(probability_text(0.4985, 0.5), "0.498");  // once "0.50!"
  EXPECT_EQ(probability_text(0.49995, 0.5), "0.49995");
  EXPECT_EQ(probability_text(0.4985, 0.8), "0.50");
  EXPECT_EQ(probability_text(0.7999, 0.8), "0.7999");
  EXPECT_EQ(probability_text(0.799999, 0.8), "0.799999");
  EXPECT_EQ(probability_text(0.8, 0.8), "0.80");
  EXPECT_EQ(probability_text(0.80001, 0.8), "0.80");
  EXPECT_EQ(probability_text(0.0, 0.8), "0.00");
  EXPECT_EQ(probability_text(1.0, 0.8), "1.00");
}

TEST(ViewRisk, TheThresholdIsTheScenariosAndGapAimsAtIt) {
  test::TempDir dir;
  const std::string file = dir.file("s.toml");
  test::write_file(file, "extends = \"" + test::source_dir() + "/scenarios/plan-2023.toml\"\n[report]\nrisk_below = 0.5\n");
  auto r = test::run_cli({"run", file, "--samples", "2000", "--format", "json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["risk_below"], 0.5);
  r = test::run_cli({"run", file, "--samples", "2000"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("'!' marks a month at risk: P(meet) below 0.5 ([report] risk_below)."), std::string::npos) << r.out;
  // Every mark agrees with the value shown beside it.
  int marked = 0;
  const std::string table = r.out.substr(0, r.out.find("composite index"));
  for (std::size_t at = table.find('!'); at != std::string::npos; at = table.find('!', at + 1)) {
    const std::size_t start = table.rfind(' ', at) + 1;
    EXPECT_LT(std::stod(table.substr(start, at - start)), 0.5) << table.substr(start, at - start + 1);
    ++marked;
  }
  EXPECT_GT(marked, 0);
  // gap aims at the scenario's threshold unless told otherwise.
  r = test::run_cli({"gap", file, "--samples", "500", "--metric", "so2", "--format", "json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(nlohmann::json::parse(r.out)["confidence"], 0.5);
  r = test::run_cli({"gap", test::source_dir() + "/scenarios/plan-2023.toml", "--samples", "500", "--metric", "so2",
                     "--format", "json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(nlohmann::json::parse(r.out)["confidence"], kDefaultRiskBelow);
}

}  // namespace
}  // namespace aqplan
