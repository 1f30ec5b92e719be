// The report's workbook (views/report_view.h report_xlsx) read back the way
// a planner's Excel or WPS reads it: tests/report/check_workbook.py opens it
// with openpyxl and as a zip, and checks its sheets, its values against the
// JSON that `aqplan run` gives for the same scenario, samples and seed, its
// language, font, frozen rows and charts; in Chinese and English, for one
// scenario and for two, and for a re-forecast with observed months; made
// by the view from a report built here, and by `aqplan report --xlsx`.
#include <gtest/gtest.h>

#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

#include "aqplan/results/gap.h"
#include "aqplan/results/rank.h"
#include "aqplan/results/report.h"
#include "aqplan/results/run.h"
#include "aqplan/views/report_view.h"
#include "test_util.h"

namespace aqplan {
namespace {

constexpr std::uint64_t kSamples = 2000, kSeed = 11, kAnalysisSamples = 500;

std::string scenario(const std::string& name) { return test::source_dir() + "/scenarios/" + name; }

// A report as report_scenarios makes it, from the library's own analyses,
// small enough for the suite.
Report make_report(const std::vector<std::string>& files) {
  Report r;
  for (const std::string& f : files) {
    RunRequest run;
    run.scenario = f;
    run.samples = kSamples;
    run.seed = kSeed;
    r.scenarios.push_back({f, run_scenario(run), {}});
  }
  AnalysisRequest analysis;
  analysis.scenario = files.front();
  analysis.samples = kAnalysisSamples;
  analysis.seed = kSeed;
  r.rank = rank_scenario(analysis, Metric::pm25);
  r.gap = gap_scenario(analysis, GapRequest{});
  if (files.size() >= 2) {
    Comparison c;
    for (const ScenarioReport& s : r.scenarios) c.runs.push_back(s.run.result);
    r.comparison = std::move(c);
  }
  r.confidence = r.result().risk_below;
  r.samples = kSamples;
  r.seed = kSeed;
  r.analysis_samples = kAnalysisSamples;
  r.aqplan_version = AQPLAN_VERSION;
  r.standard = "GB 3095-2012, HJ 663-2013";
  return r;
}

const Report& plan_report() {
  static const Report r = make_report({scenario("plan-2023.toml")});
  return r;
}

// `aqplan run` of a scenario with the report's samples and `seed`, as JSON.
std::string run_json(const test::TempDir& dir, const std::string& file, std::uint64_t seed = kSeed) {
  const std::string out = dir.file(std::filesystem::path(file).stem().string() + "-" + std::to_string(seed) + ".json");
  const auto r = test::run_cli_to({"run", file, "--format", "json", "--samples", std::to_string(kSamples), "--seed",
                                   std::to_string(seed)},
                                  out);
  EXPECT_EQ(r.exit_code, 0) << r.err;
  return out;
}

struct Checked {
  int status = -1;
  std::string err;
};

// Runs the checker on `book` with the JSON files, as language `lang_code`.
Checked check_workbook(const test::TempDir& dir, const std::string& book, const std::string& lang_code,
                       const std::vector<std::string>& json, bool expect_observed) {
  std::string cmd = std::string(AQPLAN_PYTHON3) + " " + test::source_dir() + "/tests/report/check_workbook.py " +
                    book + " " + lang_code;
  for (const std::string& j : json) cmd.append(" ").append(j);
  if (expect_observed) cmd.append(" --expect-observed");
  cmd.append(" 2>").append(dir.file("err"));
  const int status = std::system(cmd.c_str());
  return {status, test::read_file(dir.file("err"))};
}

// The workbook's bytes in a file of `dir`.
std::string write_workbook(const test::TempDir& dir, const Report& r, Language lang) {
  const std::string bytes = report_xlsx(r, lang);
  EXPECT_GT(bytes.size(), 4u);
  EXPECT_EQ(bytes.substr(0, 2), "PK");  // a zip, as every .xlsx
  const std::string book = dir.file(lang == Language::zh ? "report-zh.xlsx" : "report-en.xlsx");
  test::write_file(book, bytes);
  return book;
}

// Writes the workbook and runs the checker on it; its failures in the log.
void expect_workbook_checks(const Report& r, Language lang, const std::vector<std::string>& files,
                            bool expect_observed = false) {
  test::TempDir dir;
  const std::string book = write_workbook(dir, r, lang);
  std::vector<std::string> json;
  for (const std::string& f : files) json.push_back(run_json(dir, f));
  const Checked c = check_workbook(dir, book, lang == Language::zh ? "zh" : "en", json, expect_observed);
  EXPECT_EQ(c.status, 0) << c.err;
}

TEST(ReportXlsx, ChineseWorkbookHoldsTheRunAndItsCharts) {
  expect_workbook_checks(plan_report(), Language::zh, {scenario("plan-2023.toml")});
}

TEST(ReportXlsx, EnglishWorkbookHoldsTheRunAndItsCharts) {
  expect_workbook_checks(plan_report(), Language::en, {scenario("plan-2023.toml")});
}

TEST(ReportXlsx, TwoScenariosWithObservedMonthsAddTheComparison) {
  const std::vector<std::string> files = {scenario("ytd-2023.toml"), scenario("plan-2023.toml")};
  const Report r = make_report(files);
  expect_workbook_checks(r, Language::zh, files, true);
  expect_workbook_checks(r, Language::en, files, true);
}

// The planner's command: `aqplan report … --xlsx`, with a run's JSON of the
// same samples and seed.
TEST(ReportXlsx, TheReportCommandWritesTheWorkbook) {
  const std::vector<std::string> files = {scenario("ytd-2023.toml"), scenario("plan-2023.toml")};
  for (const char* lang : {"zh", "en"}) {
    test::TempDir dir;
    const std::string book = dir.file("report.xlsx");
    const auto r = test::run_cli({"report", files[0], files[1], "-o", dir.file("report.html"), "--xlsx", book,
                                  "--lang", lang, "--samples", std::to_string(kSamples), "--seed",
                                  std::to_string(kSeed), "--analysis-samples", std::to_string(kAnalysisSamples)});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    std::vector<std::string> json;
    for (const std::string& f : files) json.push_back(run_json(dir, f));
    const Checked c = check_workbook(dir, book, lang, json, true);
    EXPECT_EQ(c.status, 0) << lang << "\n" << c.err;
  }
}

// The checker can fail: it tells another run's values, a workbook in the
// other language, and a missing comparison.
TEST(ReportXlsx, CheckerRejectsOtherValuesLanguageAndSheets) {
  test::TempDir dir;
  const std::string book = write_workbook(dir, plan_report(), Language::zh);
  const std::string plan = scenario("plan-2023.toml");
  const Checked other_seed = check_workbook(dir, book, "zh", {run_json(dir, plan, kSeed + 1)}, false);
  EXPECT_NE(other_seed.status, 0);
  EXPECT_NE(other_seed.err.find("monthly so2 month 1: mean"), std::string::npos) << other_seed.err;
  const Checked english = check_workbook(dir, book, "en", {run_json(dir, plan)}, false);
  EXPECT_NE(english.status, 0);
  EXPECT_NE(english.err.find("sheets"), std::string::npos) << english.err;
  const Checked two = check_workbook(dir, book, "zh", {run_json(dir, plan), run_json(dir, plan)}, false);
  EXPECT_NE(two.status, 0);
  EXPECT_NE(two.err.find("比较"), std::string::npos) << two.err;
  const Checked observed = check_workbook(dir, book, "zh", {run_json(dir, plan)}, true);
  EXPECT_NE(observed.status, 0);
  EXPECT_NE(observed.err.find("no observed month"), std::string::npos) << observed.err;
}

TEST(ReportXlsx, SameReportSameBytes) {
  EXPECT_EQ(report_xlsx(plan_report(), Language::zh), report_xlsx(plan_report(), Language::zh));
}

// The workbook is made in a temporary file (TMPDIR, else /tmp), removed
// when it has been read back, and when the workbook cannot be made.
TEST(ReportXlsx, LeavesNoFileBehind) {
  test::TempDir tmp;
  const char* old = std::getenv("TMPDIR");
  const std::string saved = old != nullptr ? old : "";
  ::setenv("TMPDIR", tmp.path().c_str(), 1);
  EXPECT_EQ(std::filesystem::temp_directory_path(), tmp.path());
  const std::string bytes = report_xlsx(plan_report(), Language::en);
  EXPECT_THROW((void)report_xlsx(Report{}, Language::en), std::invalid_argument);
  if (old != nullptr) ::setenv("TMPDIR", saved.c_str(), 1);
  else ::unsetenv("TMPDIR");
  EXPECT_EQ(bytes.substr(0, 2), "PK");
  EXPECT_TRUE(tmp.entries().empty()) << testing::PrintToString(tmp.entries());
}

}  // namespace
}  // namespace aqplan
