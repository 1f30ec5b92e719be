// Importing the planning document: the seed's targets table and ledger, the
// committed imports, Windows-saved documents, and malformed documents.
#include <gtest/gtest.h>

#include <algorithm>
#include <set>
#include <sstream>
#include <fmt/format.h>

#include "aqplan/import/ledger.h"
#include "aqplan/base/paths.h"
#include "aqplan/import/targets.h"
#include "aqplan/data/ledger_file.h"
#include "aqplan/data/targets_file.h"
#include "aqplan/base/files.h"
#include "aqplan/base/text.h"
#include "test_util.h"

namespace aqplan {
namespace {

const std::string kDocName = "data/zezhou-2023/plan-document.md";

std::string seed_text() { return read_text_file(test::seed_document()); }
LeadUnits lead_units() { return read_lead_units(test::source_dir() + "/data/lead-units.toml"); }

TEST(ImportTargets, SeedHasEveryMonthOfEveryPollutant) {
  Targets t = import_targets_document(seed_text(), kDocName);
  EXPECT_EQ(t.base_year, 2022);
  EXPECT_EQ(t.target_year, 2023);
  EXPECT_EQ(t.title, "2023 年环境空气质量预控制目标");
  EXPECT_EQ(t.base_value(Metric::pm25, 0), 76);
  EXPECT_EQ(t.target_value(Metric::pm25, 0), 56);
  EXPECT_DOUBLE_EQ(t.base_value(Metric::co, kAnnual), 2.0);
  EXPECT_DOUBLE_EQ(t.target_value(Metric::co, kAnnual), 1.8);
  EXPECT_EQ(t.target_value(Metric::o3, 5), 210);
  EXPECT_EQ(t.base_value(Metric::pm10, 2), 126);
  EXPECT_EQ(t.target_value(Metric::so2, kAnnual), 10);
  // 12 months + the year for 6 metrics, each a row of the CSV.
  const std::string csv = targets_to_csv(t);
  EXPECT_EQ(std::count(csv.begin(), csv.end(), '\n'), 1 + 13 * 6);
}

TEST(ImportTargets, HeadingsWithSubscriptsMapToMetrics) {
  EXPECT_EQ(metric_from_heading("SO ₂"), Metric::so2);
  EXPECT_EQ(metric_from_heading("PM _{2.5}"), Metric::pm25);
  EXPECT_EQ(metric_from_heading("PM ₁₀"), Metric::pm10);
  EXPECT_EQ(metric_from_heading("O ₃"), Metric::o3);
  EXPECT_EQ(metric_from_heading("PM2.5"), Metric::pm25);
  EXPECT_EQ(metric_from_heading("co"), Metric::co);
  EXPECT_EQ(metric_from_heading("NH ₃"), std::nullopt);
}

TEST(ImportLedger, SeedHas44MeasuresIn5Categories) {
  Ledger l = import_ledger_document(seed_text(), kDocName, lead_units());
  ASSERT_EQ(l.measures.size(), 44u);
  ASSERT_EQ(l.categories.size(), 5u);
  for (int i = 0; i < 44; ++i) EXPECT_EQ(l.measures[static_cast<std::size_t>(i)].id, i + 1);
  // The two spellings of category one are one category.
  EXPECT_EQ(l.find(7)->category, 1);
  EXPECT_EQ(l.find(13)->category, 1);
  EXPECT_EQ(l.find_category(1)->spellings.size(), 2u);
  EXPECT_EQ(l.find(21)->category, 2);
  EXPECT_EQ(l.find(30)->category, 3);  // carried over the page break
  EXPECT_EQ(l.find(44)->category, 5);
  EXPECT_EQ(l.find_category(5)->name, "提升能力建设，协同推进应急减排与长效减排");
  // Rows 8 and 9 sit under row 7's merged lead-unit cell.
  EXPECT_EQ(l.find(8)->lead_units, l.find(7)->lead_units);
  EXPECT_EQ(l.find(9)->lead_units, l.find(7)->lead_units);
  EXPECT_TRUE(l.find(9)->lead_units_inherited);
  EXPECT_FALSE(l.find(7)->lead_units_inherited);
  EXPECT_EQ(l.find(7)->lead_units.size(), 3u);
  // Deadlines of every form.
  EXPECT_EQ(l.find(1)->deadline.kind, DeadlineKind::ongoing);
  EXPECT_EQ(l.find(2)->deadline.kind, DeadlineKind::by_end_of);
  EXPECT_EQ(l.find(6)->deadline.kind, DeadlineKind::two_stage);
  EXPECT_EQ(l.find(17)->deadline.year, 2024);
  EXPECT_EQ(l.find(28)->deadline.kind, DeadlineKind::from_date);
  EXPECT_EQ(l.find(44)->deadline.kind, DeadlineKind::window);
}

TEST(ImportLedger, NearMissLeadUnitsAreKeptAndReported) {
  Ledger l = import_ledger_document(seed_text(), kDocName, lead_units());
  EXPECT_EQ(l.find(15)->lead_units[0], "巴镇人民政府");
  EXPECT_EQ(l.find(37)->lead_units[0], "北石镇人民政府");
  EXPECT_EQ(l.find(27)->lead_units[0], "县发展和改革委员会");
  const std::string w = l.warnings.to_string();
  EXPECT_NE(w.find("measure 15: lead unit '巴镇人民政府' is not a known name; did you mean '巴公镇人民政府'? (kept as written)"),
            std::string::npos) << w;
  EXPECT_NE(w.find("measure 37: lead unit '北石镇人民政府' is not a known name; did you mean '北石店镇人民政府'?"), std::string::npos);
  EXPECT_NE(w.find("measure 27: lead unit '县发展和改革委员会' is not a known name; did you mean '县发展和改革局'?"), std::string::npos);
  // Exactly those three, plus the category spelled two ways.
  EXPECT_EQ(l.warnings.items().size(), 4u) << w;
}

TEST(ImportLedger, ConfirmedAliasIsNormalised) {
  LeadUnits known = lead_units();
  known.aliases.emplace_back("巴镇人民政府", "巴公镇人民政府");
  Ledger l = import_ledger_document(seed_text(), kDocName, known);
  EXPECT_EQ(l.find(15)->lead_units[0], "巴公镇人民政府");
  EXPECT_EQ(l.warnings.to_string().find("巴镇"), std::string::npos);
}

TEST(Import, CommittedFilesAreTheImportOfTheSeed) {
  const std::string text = seed_text();
  EXPECT_EQ(test::read_file(test::source_dir() + "/data/zezhou-2023/targets.csv"),
            targets_to_csv(import_targets_document(text, kDocName)))
      << "regenerate with scripts/import-seed.sh";
  EXPECT_EQ(test::read_file(test::source_dir() + "/data/zezhou-2023/ledger.toml"),
            ledger_to_toml(import_ledger_document(text, kDocName, lead_units())))
      << "regenerate with scripts/import-seed.sh";
}

TEST(Import, ReadBackEqualsImport) {
  const std::string text = seed_text();
  Targets a = import_targets_document(text, kDocName);
  Targets b = read_targets_csv(test::source_dir() + "/data/zezhou-2023/targets.csv");
  EXPECT_EQ(a.base, b.base);
  EXPECT_EQ(a.target, b.target);
  EXPECT_EQ(b.base_year, 2022);
  Ledger l1 = import_ledger_document(text, kDocName, lead_units());
  Ledger l2 = read_ledger(test::source_dir() + "/data/zezhou-2023/ledger.toml");
  ASSERT_EQ(l1.measures.size(), l2.measures.size());
  for (std::size_t i = 0; i < l1.measures.size(); ++i) {
    EXPECT_EQ(l1.measures[i].id, l2.measures[i].id);
    EXPECT_EQ(l1.measures[i].text, l2.measures[i].text);
    EXPECT_EQ(l1.measures[i].deadline, l2.measures[i].deadline);
    EXPECT_EQ(l1.measures[i].lead_units, l2.measures[i].lead_units);
    EXPECT_EQ(l1.measures[i].category, l2.measures[i].category);
  }
}

TEST(Import, WindowsLineEndingsAndByteOrderMarkImportAsTheOriginal) {
  const std::string original = test::read_file(test::seed_document());
  std::string windows = "\xEF\xBB\xBF";
  for (char c : original) {
    if (c == '\n') windows += "\r\n";
    else windows += c;
  }
  test::TempDir dir;
  test::write_file(dir.file("plan.md"), windows);
  test::write_file(dir.file("plan-unix.md"), original);
  for (const char* cmd : {"import-targets", "import-ledger"}) {
    auto a = test::run_cli({cmd, dir.file("plan.md"), "-o", dir.file("a.out")});
    auto b = test::run_cli({cmd, dir.file("plan-unix.md"), "-o", dir.file("b.out")});
    ASSERT_EQ(a.exit_code, 0) << a.err;
    ASSERT_EQ(b.exit_code, 0) << b.err;
    std::string ta = test::read_file(dir.file("a.out")), tb = test::read_file(dir.file("b.out"));
    // The ledger records its source path; everything else is identical.
    auto strip_source = [](std::string s) {
      auto p = s.find("\nsource = ");
      if (p != std::string::npos) s.erase(p, s.find('\n', p + 1) - p);
      return s;
    };
    EXPECT_EQ(strip_source(ta), strip_source(tb)) << cmd;
  }
}

// --- malformed documents -------------------------------------------------

struct Malformed {
  const char* name;
  const char* command;
  std::string find;     // text of the seed to replace (must occur)
  std::string replace;  // its replacement
  std::string message;  // the error, after "file:line[:col]: "
  std::string at_line;  // a substring of the line the error points to ("" = no line)
};

std::vector<Malformed> malformed_cases() {
  return {
      {"targets_wrong_column_count", "import-targets", "| 3 月 | 12 | 12 | 30 |", "| 3 月 | 12 | 30 |",
       "row has 12 cells, expected 13", "| 3 月 |"},
      {"targets_month_missing", "import-targets", "| 5 月 | 8 | 8 | 28 | 28 | 64 | 57 | 1.4 | 1.2 | 177 | 175 | 26 | 24 |\n", "",
       "month 5 is missing from the targets table", "| 月份 |"},
      {"targets_month_twice", "import-targets", "| 7 月 |", "| 6 月 |", "month 6 appears twice (first on line 15)", "| 6 月 | 7 | 7 | 17"},
      {"targets_non_numeric", "import-targets", "| 6 月 | 8 | 7 |", "| 6 月 | 8 | x |",
       "SO₂ 2023 value 'x' for month 6 is not a number", "| 6 月 |"},
      {"targets_negative", "import-targets", "| 全年 | 11 | 10 |", "| 全年 | 11 | -10 |", "SO₂ 2023 value -10 for the year is negative",
       "| 全年 |"},
      {"targets_unknown_pollutant", "import-targets", "| | SO ₂ | | NO ₂ |", "| | SO ₂ | | NX ₂ |",
       "unknown pollutant 'NX ₂' (expected SO₂, NO₂, PM₁₀, CO, O₃ or PM₂.₅)", "| | SO ₂ |"},
      {"targets_bad_year", "import-targets", "| 月份 | 2022 年 | 2023 年 |", "| 月份 | 2022 年 | 明年 |",
       "column 3 heading '明年' is not a year (expected e.g. '2022 年')", "| 月份 |"},
      {"targets_no_table", "import-targets", "| 月份 |", "| 时间 |",
       "no targets table found (a Markdown table whose first column is headed '月份')", ""},
      {"ledger_missing_id", "import-ledger", "| | 2 | 山西兰花清洁能源", "| |  | 山西兰花清洁能源", "measure id (序号) is missing", "山西兰花清洁能源"},
      {"ledger_duplicate_id", "import-ledger", "| | 10 | 泽州县康盛达", "| | 9 | 泽州县康盛达", "duplicate measure id 9 (first on line 41)",
       "泽州县康盛达"},
      {"ledger_non_integer_id", "import-ledger", "| | 11 | 淘汰山西中能", "| | 11a | 淘汰山西中能",
       "measure id '11a' is not an integer from 1 to 16777215", "淘汰山西中能"},
      {"ledger_wrong_column_count", "import-ledger", "| | 5 | 冶铸企业完成 CO 排放深度治理。 |", "| | 5 |",
       "row has 5 cells, expected 6 as in the header on line 28", "| | 5 |"},
      {"ledger_bad_deadline", "import-ledger", "| 2023年4月底前 | 巴镇人民政府", "| 尽快 | 巴镇人民政府",
       "measure 15: unrecognised deadline '尽快' (expected 'YYYY年M月底前', 'YYYY年M月D日起', 'YYYY年M月起', 'YYYY年M-N月', 'YYYY年M月和N月底前' or '长期坚持')",
       "巴镇人民政府"},
      {"ledger_missing_column", "import-ledger",
       "| 任务类别 | 序号 | 具体措施 | 完成时限 | 牵头单位 | 备注 |\n|----------|----|--|------|",
       "| 任务类别 | 序号 | 具体措施 | 时限 | 牵头单位 | 备注 |\n|----------|----|--|------|", "measure table has no '完成时限' column",
       "| 时限 |"},
      {"ledger_first_row_without_category", "import-ledger", "| 一、深入推进产业结构优化调整 | 1 |", "| | 1 |",
       "measure 1 has no category (任务类别) and none above it", "| | 1 |"},
  };
}

int line_of(const std::string& text, const std::string& needle) {
  auto p = text.find(needle);
  if (p == std::string::npos) return 0;
  return static_cast<int>(std::count(text.begin(), text.begin() + static_cast<std::ptrdiff_t>(p), '\n')) + 1;
}

TEST(ImportMalformed, EachCaseIsAClearErrorAndWritesNothing) {
  const std::string seed = test::read_file(test::seed_document());
  for (const auto& c : malformed_cases()) {
    SCOPED_TRACE(c.name);
    std::string text = seed;
    auto p = text.find(c.find);
    ASSERT_NE(p, std::string::npos) << "case text not in the seed";
    text.replace(p, c.find.size(), c.replace);
    test::TempDir dir;
    const std::string doc = dir.file("doc.md");
    test::write_file(doc, text);
    auto r = test::run_cli({c.command, doc, "-o", dir.file("out")});
    EXPECT_EQ(r.exit_code, 2) << r.err;
    EXPECT_EQ(dir.entries(), std::vector<std::string>{"doc.md"}) << "output left behind";
    std::string prefix = doc + ":";
    if (!c.at_line.empty()) {
      int line = line_of(text, c.at_line);
      ASSERT_GT(line, 0);
      prefix += std::to_string(line) + ":";
    }
    ASSERT_TRUE(r.err.starts_with(prefix)) << r.err << "\nexpected prefix " << prefix;
    EXPECT_NE(r.err.find(": " + c.message + "\n"), std::string::npos) << r.err;
  }
}

// --- in Chinese ----------------------------------------------------------------

// The seed with each (find, replace) applied once, written to `dir/name`.
std::string broken_seed(const test::TempDir& dir, const std::string& name,
                        const std::vector<std::pair<std::string, std::string>>& edits) {
  std::string text = test::read_file(test::seed_document());
  for (const auto& [find, replace] : edits) {
    const auto at = text.find(find);
    EXPECT_NE(at, std::string::npos) << find;
    if (at != std::string::npos) text.replace(at, find.size(), replace);
  }
  const std::string file = dir.file(name);
  test::write_file(file, text);
  return file;
}

TEST(ImportChinese, ABrokenLedgerIsReportedInChineseEveryProblemAtOnce) {
  test::TempDir dir;
  const std::string doc = broken_seed(dir, "ledger.md",
                                      {{"| 一、深入推进产业结构优化调整 | 1 |", "| | 1 |"},
                                       {"| | 2 | 山西兰花清洁能源", "| |  | 山西兰花清洁能源"},
                                       {"| | 5 | 冶铸企业完成 CO 排放深度治理。 |", "| | 5 |"},
                                       {"| | 10 | 泽州县康盛达", "| | 9 | 泽州县康盛达"},
                                       {"| | 11 | 淘汰山西中能", "| | 11a | 淘汰山西中能"},
                                       {"| 2023年4月底前 | 巴镇人民政府", "| 尽快 | 巴镇人民政府"}});
  const auto zh = test::run_cli_to({"import-ledger", doc, "-o", dir.file("out.toml")}, "", {"AQPLAN_LANG=zh"});
  EXPECT_EQ(zh.exit_code, 2) << zh.err;
  test::expect_chinese(zh.err, {dir.path().string()});
  for (const char* said : {"措施 1 没有“任务类别”，上方各行也没有", "缺少措施编号“序号”", "该行有 5 个单元格，应与第 28 行的表头一样为 6 个",
                           "措施编号 9 重复（首次出现在第 41 行）", "措施编号“11a”不是 1 到 16777215 之间的整数",
                           "措施 15：无法识别的完成时限“尽快”（应为 'YYYY年M月底前'"})
    EXPECT_NE(zh.err.find(said), std::string::npos) << said << "\n" << zh.err;
  const auto en = test::run_cli({"import-ledger", doc, "-o", dir.file("out.toml")});
  EXPECT_EQ(en.exit_code, 2);
  EXPECT_NE(en.err.find(": measure id '11a' is not an integer from 1 to 16777215\n"), std::string::npos) << en.err;
  EXPECT_NE(en.err.find(": measure 1 has no category (任务类别) and none above it\n"), std::string::npos) << en.err;
  EXPECT_EQ(dir.entries(), std::vector<std::string>{"ledger.md"});
}

TEST(ImportChinese, LeadUnitNearMissesAreWarnedInChinese) {
  test::TempDir dir;
  const auto zh = test::run_cli_to({"import-ledger", test::seed_document(), "-o", dir.file("out.toml")}, "", {"AQPLAN_LANG=zh"});
  ASSERT_EQ(zh.exit_code, 0) << zh.err;
  test::expect_chinese(zh.err, {test::seed_document()});
  EXPECT_NE(zh.err.find("警告：措施 15：牵头单位“巴镇人民政府”不是已知名称，是否应为“巴公镇人民政府”？（按原文保留）"), std::string::npos)
      << zh.err;
  EXPECT_NE(zh.err.find("警告：类别 1 此处写作“"), std::string::npos) << zh.err;
}

TEST(ImportChinese, BrokenTargetsTablesAreReportedInChinese) {
  test::TempDir dir;
  struct Case {
    std::vector<std::pair<std::string, std::string>> edits;
    std::vector<std::string> zh;  // said in Chinese
    std::string en;               // and one of them in English
  };
  const std::vector<Case> cases = {
      {{{"| 6 月 | 8 | 7 |", "| 6 月 | 8 | x |"},
        {"| 全年 | 11 | 10 |", "| 全年 | 11 | -10 |"},
        {"| 7 月 |", "| 6 月 |"},
        {"| 3 月 | 12 | 12 | 30 |", "| 3 月 | 12 | 30 |"},
        {"| 4 月 |", "| 4月份 |"}},
       {"该行有 12 个单元格，应为 13 个", "“4月份”不是月份（应为“1 月”至“12 月”或“全年”）", "SO₂ 2023 年6月的值“x”不是数字",
        "6月出现了两次（首次在第 15 行）", "SO₂ 2023 年全年的值 -10 为负数", "目标表缺少7月"},
       "SO₂ 2023 value 'x' for month 6 is not a number"},
      {{{"| 全年 | 11 | 10 | 27 | 27 | 79 | 74 | 2.0 | 1.8 | 172 | 170 | 39 | 37 |\n", ""}},
       {"目标表缺少“全年”行"},
       "the annual row (全年) is missing from the targets table"},
      {{{"| | SO ₂ | | NO ₂ |", "| | SO ₂ | | NX ₂ |"}},
       {"未知污染物“NX ₂”（应为 SO₂、NO₂、PM₁₀、CO、O₃ 或 PM₂.₅）", "第 5 列上方没有污染物"},
       "column 5 has no pollutant above it"},
      {{{"| 月份 | 2022 年 | 2023 年 |", "| 月份 | 2022 年 | 明年 |"}},
       {"第 3 列标题“明年”不是年份（应如“2022 年”）"},
       "column 3 heading '明年' is not a year (expected e.g. '2022 年')"},
      {{{"| 2022 年 | 2023 年 | 2022 年 | 2023 年 |\n", "| 2022 年 | 2024 年 | 2022 年 | 2023 年 |\n"}},
       {"污染物 O₃：年份 2022 和 2024 不是基准年及其下一年"},
       "pollutant O₃: years 2022 and 2024 are not a base year and the year after it"},
      {{{"| 2022 年 | 2023 年 |\n", "|\n"}},
       {"目标表表头有 11 列，应为 13 列（月份，然后六种污染物各两个年份）"},
       "targets table header has 11 columns, expected 13 (月份, then two years for each of the six pollutants)"},
      {{{"| 月份 |", "| 时间 |"}},
       {"未找到目标表（首列标题为“月份”的 Markdown 表格）"},
       "no targets table found (a Markdown table whose first column is headed '月份')"},
  };
  for (std::size_t i = 0; i < cases.size(); ++i) {
    const Case& c = cases[i];
    SCOPED_TRACE(c.en);
    const std::string doc = broken_seed(dir, "targets" + std::to_string(i) + ".md", c.edits);
    const auto zh = test::run_cli_to({"import-targets", doc, "-o", dir.file("out.csv")}, "", {"AQPLAN_LANG=zh"});
    EXPECT_EQ(zh.exit_code, 2) << zh.err;
    test::expect_chinese(zh.err, {dir.path().string()});
    for (const auto& said : c.zh) EXPECT_NE(zh.err.find(said), std::string::npos) << said << "\n" << zh.err;
    const auto en = test::run_cli({"import-targets", doc, "-o", dir.file("out.csv")});
    EXPECT_EQ(en.exit_code, 2);
    EXPECT_NE(en.err.find(": " + c.en + "\n"), std::string::npos) << en.err;
  }
}

TEST(ImportCli, UsageErrorsExitWithTwo) {
  EXPECT_EQ(test::run_cli({"import-targets"}).exit_code, 2);
  EXPECT_EQ(test::run_cli({"no-such-command"}).exit_code, 2);
  auto r = test::run_cli({"import-targets", "/nonexistent/plan.md", "-o", "/tmp/x.csv"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_TRUE(r.err.starts_with("/nonexistent/plan.md: cannot read: ")) << r.err;
  auto h = test::run_cli({"import-ledger", "--help"});
  EXPECT_EQ(h.exit_code, 0);
  EXPECT_NE(h.out.find("Example:"), std::string::npos);
}

}  // namespace
}  // namespace aqplan

namespace aqplan {
namespace {

TEST(ImportTargets, DecimalsAsWrittenCountTheExponent) {
  EXPECT_EQ(written_decimals("56"), 0);
  EXPECT_EQ(written_decimals(" 2.0 "), 1);
  EXPECT_EQ(written_decimals("16e-5"), 5);  // once 0: written back as 0
  EXPECT_EQ(written_decimals("1.25E-1"), 3);
  EXPECT_EQ(written_decimals("1.5e2"), 0);
  EXPECT_EQ(written_decimals("1.5e+1"), 0);
  EXPECT_EQ(written_decimals("1e-999999999999"), kMaxWrittenDecimals);
}

}  // namespace
}  // namespace aqplan
