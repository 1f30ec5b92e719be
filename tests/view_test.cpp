// What the views show of a result: the risk mark and the probability beside
// it agree, and the threshold is the scenario's.
#include <gtest/gtest.h>

#include <sstream>

#include <nlohmann/json.hpp>

#include "aqplan/base/text.h"
#include "aqplan/data/model_inputs.h"
#include "test_util.h"
#include "views/words.h"

namespace aqplan {
namespace {

TEST(ViewProbability, TheShownValueIsOnTheSameSideOfTheThresholdAsTheValue) {
  using views::probability_text;
  EXPECT_EQ(probability_text(0.4985, 0.5), "0.498");  // once "0.50!"
  EXPECT_EQ(probability_text(0.49995, 0.5), "0.4999");
  EXPECT_EQ(probability_text(0.4985, 0.8), "0.50");
  EXPECT_EQ(probability_text(0.7999, 0.8), "0.7999");
  EXPECT_EQ(probability_text(0.799999, 0.8), "0.7999");
  EXPECT_EQ(probability_text(0.80049, 0.8005), "0.80");
  EXPECT_EQ(probability_text(0.800501, 0.8005), "0.801");
  EXPECT_EQ(probability_text(0.8000001, 0.80000005), "0.8001");
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

namespace aqplan {
namespace {

// The display columns of every '│' in each line that has one.
std::vector<std::vector<int>> separator_columns(const std::string& table) {
  std::vector<std::vector<int>> out;
  std::size_t begin = 0;
  while (begin < table.size()) {
    const std::size_t end = std::min(table.find('\n', begin), table.size());
    const std::string_view line(table.data() + begin, end - begin);
    std::vector<int> cols;
    for (std::size_t at = line.find("│"); at != std::string_view::npos; at = line.find("│", at + 1))
      cols.push_back(display_width(line.substr(0, at)));
    if (!cols.empty()) out.push_back(cols);
    begin = end + 1;
  }
  return out;
}

TEST(ViewTable, SeparatorsLineUpInDisplayColumnsInBothLanguages) {
  const std::string plan = test::source_dir() + "/scenarios/plan-2023.toml";
  const std::string none = test::source_dir() + "/scenarios/no-action-2023.toml";
  for (const std::string lang : {"en", "zh"}) {
    for (const std::vector<std::string>& args :
         {std::vector<std::string>{"run", plan, "--samples", "500", "--lang", lang},
          std::vector<std::string>{"run", plan, "--deterministic", "--lang", lang},
          std::vector<std::string>{"run", plan, "--samples", "500", "--range", "--metric", "pm25,o3", "--lang", lang},
          std::vector<std::string>{"compare", plan, none, "--samples", "300", "--lang", lang}}) {
      SCOPED_TRACE(args.front() + " " + args.back() + " " + args[2]);
      const auto r = test::run_cli(args);
      ASSERT_EQ(r.exit_code, 0) << r.err;
      const auto cols = separator_columns(r.out);
      ASSERT_GE(cols.size(), 3u) << r.out;
      for (const auto& c : cols) EXPECT_EQ(c, cols.front()) << r.out;  // once 6, 34, 62… against 6, 36, 66…
    }
  }
}

TEST(ViewTable, MetricAndRangeChooseTheColumnsAndEveryOtherFormatKeepsAll) {
  const std::string plan = test::source_dir() + "/scenarios/plan-2023.toml";
  auto r = test::run_cli({"run", plan, "--samples", "500", "--metric", "PM2.5,o3,pm25", "--range"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto cols = separator_columns(r.out);
  ASSERT_EQ(cols.front().size(), 2u) << r.out;  // PM2.5 and O3, the repeat dropped
  EXPECT_NE(r.out.find("PM₂.₅"), std::string::npos);
  EXPECT_NE(r.out.find("O₃"), std::string::npos);
  EXPECT_EQ(r.out.find("SO₂"), std::string::npos);
  EXPECT_LT(r.out.find("PM₂.₅"), r.out.find("O₃"));  // in the order asked for
  // Every row: base, target, p05 ≤ p50 ≤ p95, P(meet).
  std::istringstream lines(r.out);
  std::string line;
  int rows = 0;
  while (std::getline(lines, line)) {
    if (line.find("│") == std::string::npos || line.find("p05") != std::string::npos || line.find("µg") != std::string::npos) continue;
    std::size_t at = line.find("│");
    while (at != std::string::npos) {
      const std::size_t next = line.find("│", at + 1);
      std::istringstream cell(line.substr(at + std::string("│").size(), next == std::string::npos ? std::string::npos : next - at - 3));
      double base = 0, target = 0, p05 = 0, p50 = 0, p95 = 0;
      ASSERT_TRUE(cell >> base >> target >> p05 >> p50 >> p95) << line;
      EXPECT_LE(p05, p50) << line;
      EXPECT_LE(p50, p95) << line;
      EXPECT_LT(p05, p95) << line;
      at = next;
    }
    ++rows;
  }
  EXPECT_EQ(rows, 13);
  EXPECT_NE(r.out.find("p05, p95: 5th and 95th percentiles"), std::string::npos);
  // The table is narrower than the full one; CSV keeps all six metrics.
  const auto full = test::run_cli({"run", plan, "--samples", "500"});
  EXPECT_EQ(separator_columns(full.out).front().size(), 6u);
  const auto csv = test::run_cli({"run", plan, "--samples", "500", "--metric", "pm25", "--format", "csv"});
  ASSERT_EQ(csv.exit_code, 0) << csv.err;
  EXPECT_NE(csv.out.find("\nso2,1,"), std::string::npos);
  // A wrong name is bad usage, with the near miss.
  r = test::run_cli({"run", plan, "--metric", "pm25,pm2"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.err, "--metric: unknown metric 'pm2' (did you mean 'pm25'?); the metrics are so2, no2, pm10, co, o3, pm25\n");
  r = test::run_cli({"rank", plan, "--metric", "PM2.5", "--samples", "50", "--format", "json"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
}

}  // namespace
}  // namespace aqplan

namespace aqplan {
namespace {

// Decimals of a CSV field ("21.65" → 2, "16" → 0).
int decimals_of(const std::string& field) {
  const auto dot = field.find('.');
  return dot == std::string::npos ? 0 : static_cast<int>(field.size() - dot - 1);
}

TEST(ViewCsv, EachFieldHasTheDigitsItDeservesAndTheCompositeIndexIsThere) {
  const auto r = test::run_cli({"run", test::source_dir() + "/scenarios/plan-2023.toml", "--samples", "1000", "--format", "csv"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  std::vector<std::vector<std::string>> rows;
  std::size_t begin = r.out.find('\n') + 1;  // after the header
  while (begin < r.out.size()) {
    const std::size_t end = r.out.find('\n', begin);
    std::vector<std::string> f;
    std::size_t s = begin;
    for (std::size_t c = r.out.find(',', s); c < end; c = r.out.find(',', s)) {
      f.push_back(r.out.substr(s, c - s));
      s = c + 1;
    }
    f.push_back(r.out.substr(s, end - s));
    rows.push_back(f);
    begin = end + 1;
  }
  ASSERT_EQ(rows.size(), 6u * 12 + 6 + 1);
  for (const auto& f : rows) {
    ASSERT_EQ(f.size(), 15u);
    SCOPED_TRACE(f[0] + " " + f[1]);
    if (f[0] == "composite_index") {
      EXPECT_EQ(decimals_of(f[3]), 2);  // the standard's composite decimals
      for (int i : {5, 6, 7, 9, 11}) EXPECT_EQ(decimals_of(f[static_cast<std::size_t>(i)]), 4);
      for (int i : {8, 10, 13}) EXPECT_TRUE(f[static_cast<std::size_t>(i)].empty());
      EXPECT_EQ(decimals_of(f[12]), 4);  // P(rounded index ≤ its target)
      EXPECT_EQ(f[14], "false");
      continue;
    }
    const int d = f[0] == "co" ? 1 : 0;  // HJ 663: co one decimal, the rest integers
    EXPECT_EQ(decimals_of(f[3]), d);
    EXPECT_EQ(decimals_of(f[4]), d);
    for (int i = 5; i <= 11; ++i) EXPECT_EQ(decimals_of(f[static_cast<std::size_t>(i)]), d + 2) << f[static_cast<std::size_t>(i)];
    EXPECT_EQ(decimals_of(f[12]), 4);  // once 21.650000000000002
    EXPECT_EQ(decimals_of(f[13]), 4);
    EXPECT_TRUE(f[14] == "true" || f[14] == "false") << f[14];
  }
  EXPECT_EQ(rows.back()[0], "composite_index");
}

}  // namespace
}  // namespace aqplan

namespace aqplan {
namespace {

// run and compare say where a scenario's NOx cuts raise winter nitrate, as
// rank does: once the bundled "extra" scenario made January PM2.5 slightly
// worse without a word.
TEST(ViewNotes, NitrateRaisedByNoxCutsIsSaidWhereItHappens) {
  const std::string plan = test::source_dir() + "/scenarios/plan-2023.toml";
  const std::string extra = test::source_dir() + "/scenarios/extra-2023.toml";
  const std::string none = test::source_dir() + "/scenarios/no-action-2023.toml";
  auto r = test::run_cli({"run", plan, "--deterministic"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const std::string note = "this scenario's NOx cuts raise its ammonium nitrate";
  const std::size_t at = r.out.find(note);
  ASSERT_NE(at, std::string::npos) << r.out;
  const std::string line = r.out.substr(r.out.rfind('\n', at) + 1, r.out.find('\n', at) - r.out.rfind('\n', at) - 1);
  EXPECT_EQ(line.rfind("PM₂.₅ in month(s) 1, ", 0), 0u) << line;  // January among them, summer not
  EXPECT_EQ(line.find(" 7,"), std::string::npos) << line;
  r = test::run_cli({"run", none, "--deterministic"});
  EXPECT_EQ(r.out.find(note), std::string::npos);  // no measures, no NOx cuts
  r = test::run_cli({"run", plan, "--deterministic", "--metric", "so2"});
  EXPECT_EQ(r.out.find(note), std::string::npos);  // not shown without PM
  r = test::run_cli({"compare", plan, extra, "--samples", "300"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("[B] PM₂.₅ in month(s) 1, "), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("its further NOx cuts raise ammonium nitrate against [A]"), std::string::npos);
  r = test::run_cli({"compare", plan, plan, "--samples", "300"});
  EXPECT_EQ(r.out.find("raise ammonium nitrate"), std::string::npos);
  // No action has more nitrate than the plan in summer, but through more
  // NOx, not through NOx cuts: no note.
  r = test::run_cli({"compare", plan, none, "--samples", "300"});
  EXPECT_EQ(r.out.find("raise ammonium nitrate"), std::string::npos) << r.out;
}

TEST(ViewNotes, TheConvexityNoteIsShownWithOzoneOrCarbonMonoxideInAMonteCarloRun) {
  const std::string plan = test::source_dir() + "/scenarios/plan-2023.toml";
  const std::string note = "so its median sits above the deterministic run";
  EXPECT_NE(test::run_cli({"run", plan, "--samples", "300"}).out.find(note), std::string::npos);
  EXPECT_NE(test::run_cli({"run", plan, "--samples", "300", "--metric", "co"}).out.find(note), std::string::npos);
  EXPECT_EQ(test::run_cli({"run", plan, "--samples", "300", "--metric", "pm25"}).out.find(note), std::string::npos);
  EXPECT_EQ(test::run_cli({"run", plan, "--deterministic"}).out.find(note), std::string::npos);
}

}  // namespace
}  // namespace aqplan
