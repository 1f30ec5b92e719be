// The joins across a model's input files (data/validate.h) and the checks of
// Model::check: each problem at the place it was written.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <set>
#include <string>

#include "aqplan/base/text.h"
#include "aqplan/data/model_inputs.h"
#include "aqplan/data/validate.h"
#include "aqplan/model/check.h"
#include "aqplan/model/model.h"
#include "test_util.h"

namespace aqplan {
namespace {

ModelInputs bundled() { return load_dataset_inputs(test::bundled_dataset()); }

// "file:L:C" of the first line of `file` that starts with `prefix`, column 1 + offset.
std::string where(const std::string& file, const std::string& prefix, int column) {
  const std::string text = test::read_file(file);
  int line = 1;
  for (std::size_t pos = 0; pos < text.size();) {
    const std::size_t end = text.find('\n', pos);
    if (text.compare(pos, prefix.size(), prefix) == 0) return file + ":" + std::to_string(line) + ":" + std::to_string(column);
    if (end == std::string::npos) break;
    pos = end + 1;
    ++line;
  }
  return file + ": (not found: " + prefix + ")";
}

TEST(Validate, TheBundledInputsFitTogether) {
  const ModelInputs in = bundled();
  EXPECT_TRUE(validate_inputs(in).empty()) << validate_inputs(in).to_string();
  EXPECT_TRUE(Model::check(in).empty()) << Model::check(in).to_string();
}

TEST(Validate, ALedgerMeasureWithoutDataIsReportedAtItsLedgerEntry) {
  ModelInputs in = bundled();
  auto& ms = in.dataset.measures.measures;
  ms.erase(std::remove_if(ms.begin(), ms.end(), [](const MeasureParams& p) { return p.id == 17; }), ms.end());
  const std::string got = validate_inputs(in).to_string();
  EXPECT_EQ(got, where(in.dataset.files.ledger, "id = 17", 6) + ": ledger measure 17 has no entry in " +
                     in.dataset.files.measures + " (enabling measures need one too, with enabling = true)\n");
}

TEST(Validate, MeasureDataOutsideTheLedgerIsReportedWhereTheDataDefinesIt) {
  ModelInputs in = bundled();
  auto& rows = in.ledger.measures;
  rows.erase(std::remove_if(rows.begin(), rows.end(), [](const Measure& m) { return m.id == 17; }), rows.end());
  const std::string got = validate_inputs(in).to_string();
  EXPECT_NE(got.find(where(in.dataset.files.measures, "id = 17", 6) + ": measure 17 is not in the ledger"),
            std::string::npos)
      << got;
}

TEST(Validate, AnExcludedIdOutsideTheLedgerIsReportedWhereTheScenarioNamesIt) {
  ModelInputs in = bundled();
  in.scenario_file = "s.toml";
  in.excluded = {99};
  in.excluded_at[99] = {"s.toml", 7, 12};
  EXPECT_EQ(validate_inputs(in).to_string(), "s.toml:7:12: measures: 99 is not a ledger measure (did you mean '9'?)\n");
}

TEST(Validate, FinePmAboveCoarsePmIsReportedOnItsTargetsLine) {
  ModelInputs in = bundled();
  in.targets.base[static_cast<std::size_t>(Metric::pm25)][2] = 500;  // March
  const std::string got = validate_inputs(in).to_string();
  std::string at = where(in.targets.source, "pm25,µg/m³,3,", 1);
  at.resize(at.size() - 2);  // a whole line: no column
  EXPECT_EQ(got, at + ": base-year month 3: PM2.5 500 exceeds PM10 126 (the coarse share would be negative)\n");
}

TEST(Validate, StagesThatAreNotTwoMonthBoundariesAreReportedAtTheMeasure) {
  ModelInputs in = bundled();
  MeasureParams& p = *std::find_if(in.dataset.measures.measures.begin(), in.dataset.measures.measures.end(),
                                   [](const MeasureParams& m) { return m.id == 9; });
  p.stages = {parse_deadline("2023年6月底前")};
  EXPECT_EQ(validate_inputs(in).to_string(),
            where(in.dataset.files.measures, "id = 9", 6) +
                ": measure 9: stages must be two month boundaries of one year (e.g. '2023年5月1日起' and "
                "'2023年9月1日起'); got 1 stage(s)\n");
}

TEST(Validate, TheJoinsAreReportedInChinese) {
  ModelInputs in = bundled();
  auto& ms = in.dataset.measures.measures;
  ms.erase(std::remove_if(ms.begin(), ms.end(), [](const MeasureParams& p) { return p.id == 17; }), ms.end());
  auto& rows = in.ledger.measures;
  rows.erase(std::remove_if(rows.begin(), rows.end(), [](const Measure& m) { return m.id == 18; }), rows.end());
  std::find_if(ms.begin(), ms.end(), [](const MeasureParams& m) { return m.id == 9; })->stages = {
      parse_deadline("2023年6月底前")};
  in.targets.base[static_cast<std::size_t>(Metric::pm25)][2] = 500;
  in.targets.target_year = 2024;
  in.scenario_file = "s.toml";
  in.excluded = {99};
  in.excluded_at[99] = {"s.toml", 7, 12};
  const Diagnostics d = validate_inputs(in);
  const std::string zh = d.to_string(Language::zh);
  for (const std::string& expected : std::vector<std::string>{
           ": 目标值对应 2022→2024 年，数据集对应 2022→2023 年\n", ": 台账措施 17 在 " + in.dataset.files.measures +
        " 中没有条目（保障性措施也需要一条，并写明“enabling = true”）\n",
        ": 措施 9：“stages”必须是同一年内的两个月份分界（如“2023年5月1日起”和“2023年9月1日起”）；实为 1 个阶段\n",
        ": 措施 18 不在台账 " + in.dataset.files.ledger + " 中（是否应为“1”？）\n", "s.toml:7:12: measures：99 不是台账中的措施（是否应为“9”？）\n",
        ": 基准年 3 月：PM2.5 500 超过 PM10 126（粗颗粒物占比将为负）\n"})
    EXPECT_NE(zh.find(expected), std::string::npos) << expected << "\n" << zh;
  std::string shown = zh;
  for (const std::string& f : {in.dataset.files.measures, in.dataset.files.targets, in.dataset.files.ledger})
    for (std::size_t at; (at = shown.find(f)) != std::string::npos;) shown.erase(at, f.size());
  std::set<std::string> allowed = test::symbols();
  allowed.insert("measures");  // the scenario's table
  EXPECT_EQ(test::english_left(shown, allowed), std::set<std::string>{}) << zh;
  EXPECT_EQ(d.items().size(), 6u) << zh;
  // The English is as it was.
  EXPECT_NE(d.to_string().find("targets are for 2022→2024, the dataset for 2022→2023\n"), std::string::npos)
      << d.to_string();
}

TEST(ModelCheck, AnUncalibratableDispersionIsReportedWhereTheFileAsksForIt) {
  ModelInputs in = bundled();
  auto& dd = in.dataset.meteorology.daily_dispersion[static_cast<std::size_t>(Metric::co)];
  dd.at = {"meteorology.toml", 40, 5};
  in.targets.base[static_cast<std::size_t>(Metric::co)][kAnnual] = 50.0;  // no σ_d reaches it
  const std::string got = Model::check(in).to_string();
  EXPECT_EQ(got.rfind("meteorology.toml:40:5: daily_dispersion.co: cannot calibrate", 0), 0u) << got;
  EXPECT_THROW(Model::build(in), InputError);
}

TEST(ModelCheck, ValidateChecksWithoutRunningAndNamesWhatItChecked) {
  const InputCheck dataset = check_input(test::bundled_dataset());
  EXPECT_TRUE(dataset.ok()) << dataset.diagnostics.to_string();
  EXPECT_EQ(dataset.kind, InputCheck::Kind::dataset);
  const InputCheck scenario = check_input(test::source_dir() + "/scenarios/slip-2023.toml");
  EXPECT_TRUE(scenario.ok()) << scenario.diagnostics.to_string();
  EXPECT_EQ(scenario.kind, InputCheck::Kind::scenario);
  EXPECT_EQ(scenario.name, "Plan 2023, engineering measures 3-6 months late");
  const InputCheck missing = check_input("/nonexistent/x.toml");
  EXPECT_FALSE(missing.ok());
  EXPECT_EQ(missing.diagnostics.to_string(), "/nonexistent/x.toml: no such file or directory\n");
}

// The AQI tables sit beside the standards (hj633-*.toml): naming one as the
// standard is an error that says what it is and lists the standards, and
// no AQI table is offered as a "did you mean".
TEST(ModelCheck, AnAqiTableNamedAsTheStandardIsRefusedForWhatItIs) {
  test::TempDir dir;
  const std::string file = dir.file("s.toml");
  test::write_file(file, "[scenario]\nname = \"x\"\ndataset = \"" + test::bundled_dataset() +
                             "\"\nyear = 2023\nstandard = \"hj633-2012\"\n");
  const InputCheck c = check_input(file);
  ASSERT_FALSE(c.ok());
  const std::string e = c.diagnostics.to_string();
  EXPECT_EQ(e.rfind(file + ":5:12: 'hj633-2012' in ", 0), 0u) << e;
  EXPECT_NE(e.find("is an AQI table (HJ 633), not an air-quality standard; the standards there: gb3095-2012, "
                   "gb3095-2026\n"),
            std::string::npos)
      << e;
  test::write_file(file, "[scenario]\nname = \"x\"\ndataset = \"" + test::bundled_dataset() +
                             "\"\nyear = 2023\nstandard = \"hj633-2013\"\n");
  const std::string e2 = check_input(file).diagnostics.to_string();
  EXPECT_NE(e2.find("standard 'hj633-2013' not found"), std::string::npos) << e2;
  EXPECT_EQ(e2.find("did you mean 'hj633"), std::string::npos) << e2;
}

TEST(ModelCheck, AStandardThatDoesNotExistIsReportedWhereTheScenarioNamesIt) {
  test::TempDir dir;
  const std::string file = dir.file("s.toml");
  test::write_file(file, "[scenario]\nname = \"x\"\ndataset = \"" + test::bundled_dataset() +
                             "\"\nyear = 2023\nstandard = \"gb3095-2021\"\n");
  const InputCheck c = check_input(file);
  ASSERT_FALSE(c.ok());
  EXPECT_EQ(c.diagnostics.to_string().rfind(file + ":5:12: standard 'gb3095-2021' not found in ", 0), 0u)
      << c.diagnostics.to_string();
  EXPECT_EQ(c.diagnostics.to_string(Language::zh).rfind(file + ":5:12: 在 ", 0), 0u) << c.diagnostics.to_string(Language::zh);
  EXPECT_NE(c.diagnostics.to_string(Language::zh).find(" 中找不到标准“gb3095-2021”"),
            std::string::npos)
      << c.diagnostics.to_string(Language::zh);
}

}  // namespace
}  // namespace aqplan
