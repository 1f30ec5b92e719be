// The problems of a dataset's files are reported in the planner's language:
// every message the data readers compose (dataset.toml, inventory, measures,
// response, meteorology, targets.csv, the ledger, the lead units, a standard,
// the domain bounds) comes from the message catalogue, so that a Chinese
// planner (`--lang zh`, AQPLAN_LANG=zh) reads no English but what is shown
// as written (keys, names, values, units), and an English one reads the
// messages as before.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "aqplan/base/diagnostic.h"
#include "aqplan/data/dataset.h"
#include "aqplan/data/domain.h"
#include "aqplan/data/targets_file.h"
#include "test_util.h"

namespace aqplan {
namespace {

namespace fs = std::filesystem;

// Replaces the first `old` after the first `anchor` in `file`.
void edit(const fs::path& file, const std::string& anchor, const std::string& old, const std::string& now) {
  std::string t = test::read_file(file.string());
  const std::size_t a = t.find(anchor);
  ASSERT_NE(a, std::string::npos) << file << ": " << anchor;
  const std::size_t p = t.find(old, a);
  ASSERT_NE(p, std::string::npos) << file << ": " << old;
  t.replace(p, old.size(), now);
  test::write_file(file.string(), t);
}

// Words shown as written in the messages below: symbols, and the names of
// metrics, species and sectors.
std::set<std::string> shown_as_written() {
  std::set<std::string> w = test::symbols();
  for (const auto& s : test::english_left(test::kBundledSectors, {})) w.insert(s);
  for (const char* k : {"so", "no", "pm", "co", "nox", "voc", "nh"}) w.insert(k);
  return w;
}

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) out.push_back(line);
  return out;
}

// The lines of `err` with English left, each with the words found, once
// what is shown as written is taken out: the place (a file under `dir`,
// line and column) and the key path the message is about (as in
// "measure[id=5].effect[0].sector：…").
std::string english_lines(const std::string& err, const std::string& dir) {
  static const std::set<std::string> allowed = shown_as_written();
  static const std::string colon = "\xEF\xBC\x9A";  // ：
  std::string out;
  for (const std::string& line : lines_of(err)) {
    std::string text = line;
    if (text.rfind(dir, 0) == 0) text.erase(0, text.find(": ") + 2);
    for (std::size_t at; (at = text.find(dir)) != std::string::npos;) text.erase(at, dir.size());
    if (const std::size_t at = text.find(colon); at != std::string::npos && text.substr(0, at).find(' ') == std::string::npos)
      text.erase(0, at);
    const auto left = test::english_left(text, allowed);
    if (!left.empty()) out += testing::PrintToString(left) + " in: " + line + "\n";
  }
  return out;
}

// Copies of the bundled dataset next to a copy of the standards directory.
class BrokenDatasets : public ::testing::Test {
 protected:
  void SetUp() override {
    fs::copy(test::source_dir() + "/data/standards", dir_.path() / "standards", fs::copy_options::recursive);
  }
  fs::path copy(const std::string& name) {
    const fs::path d = dir_.path() / name;
    fs::copy(test::bundled_dataset(), d, fs::copy_options::recursive);
    return d;
  }
  std::string root() const { return dir_.path().string(); }

  test::TempDir dir_;
};

// dataset.toml and the four part files, with many problems each.
fs::path break_parts(const fs::path& d) {
  edit(d / "dataset.toml", "", "# language = \"zh\"", "language = \"fr\"");
  edit(d / "dataset.toml", "", "base_year = 2022", "base_year = 1800");
  edit(d / "dataset.toml", "[files]", "targets = \"targets.csv\"", "targets = \"\"");

  edit(d / "inventory.toml", "[sectors.steel]", "height = \"low\"", "height = \"zzz\"");
  edit(d / "inventory.toml", "[sectors.steel]", "pm25 = 2400", "pm25 = 4600");
  edit(d / "inventory.toml", "[sectors.coal_chemical]", "profile = 1", "profile = 0");
  edit(d / "inventory.toml", "[sectors.power]", "so2 = 900", "so2 = -900");

  const fs::path m = d / "measures.toml";
  edit(m, "id = 5\n", "sector = \"steel\"", "sector = \"stel\"");
  edit(m, "id = 6\n", "species = \"voc\"", "species = \"nx\"");
  edit(m, "id = 10\n", "species = \"pm\"", "species = []");
  edit(m, "id = 11\n", "species = \"all\"", "species = 5");
  edit(m, "id = 12\n", "sector = \"industrial_kilns\"", "sector = 5");
  edit(m, "id = 13\n", "species = \"voc\"\n", "species = \"voc\"\ntonnes = 1\n");
  edit(m, "id = 14\n", "fraction = { dist = \"triangular\", min = 0.02, mode = 0.05, max = 0.08 }", "note = \"none\"");
  edit(m, "id = 15\n", "fraction = { dist = \"triangular\", min = 0.15, mode = 0.18, max = 0.20 }", "tonnes = 5000");
  edit(m, "id = 17\n", "depends_on = [16]", "depends_on = [17]");
  edit(m, "id = 24\n", "depends_on = [21]", "depends_on = [99]");
  edit(m, "", "id = 18\n", "id = 5\n");
  edit(m, "id = 20\n", "\n[[measure.effect]]", "\ndelay = \"slowish\"\nprobability = 1.5\nramp_months = -1\n[[measure.effect]]");
  edit(m, "id = 21\n", "\n[[measure.effect]]",
       "\ntiming = \"2023年6月底前\"\nstages = [\"2023年9月底前\"]\n[[measure.effect]]");
  edit(m, "id = 7\n", "enabling = true\n",
       "enabling = true\n[[measure.effect]]\nsector = \"steel\"\nspecies = \"co\"\nfraction = 0.1\n");
  edit(m, "id = 8\n", "enabling = true", "enabling = false");

  const fs::path r = d / "response.toml";
  edit(r, "secondary_organic", "0.12", "0.13");
  edit(r, "[nitrate]", "\"11-3\" = -2.244", "\"11-3\" = -2.2");
  edit(r, "[impact]", "tall = 0.25", "tall = -0.25");
  edit(r, "[ammonia]", "floor = 0.0", "floor = 1.5");
  edit(r, "[ammonium]", "ammonium_nitrate = 0.225", "ammonium_nitrate = 1.225");

  const fs::path w = d / "meteorology.toml";
  edit(w, "", "phi = 0.2", "phi = 1.2");
  edit(w, "[correlation.\"10-3\"]", "[ 1.00,  0.34,", "[ 1.00,  0.35,");
  edit(w, "[correlation.\"4-9\"]", "metrics = [\"so2\",", "metrics = [\"no2\",");
  edit(w, "[correlation.\"4-9\"]", "\"o3\", \"pm25\"]", "\"o3\", \"pm52\"]");
  edit(w, "[correlation.\"4-9\"]", "[ 0.41,  0.68,  1.00,", "[ 0.41,  0.68,  0.90,");
  edit(w, "[correlation.\"4-9\"]", "[ 1.00,  0.34,  0.41,  0.38,  0.14,", "[ 1.00,  0.34,  0.41,  0.38,  1.14,");
  edit(w, "[daily_dispersion]", "co = \"calibrate\"", "co = \"calib\"");
  edit(w, "[daily_dispersion]", "o3 = \"calibrate\"", "o3 = -1");
  return d;
}

// targets.csv with a problem in most rows of no2 and a few more.
fs::path break_targets(const fs::path& d) {
  std::vector<std::vector<std::string>> rows;
  for (const std::string& line : lines_of(test::read_file((d / "targets.csv").string()))) {
    std::vector<std::string> f;
    std::istringstream in(line);
    for (std::string x; std::getline(in, x, ',');) f.push_back(x);
    rows.push_back(f);
  }
  auto row = [&](const std::string& metric, const std::string& month) -> std::vector<std::string>& {
    for (auto& r : rows)
      if (r[0] == metric && r[2] == month) return r;
    ADD_FAILURE() << metric << " " << month;
    return rows.front();
  };
  row("no2", "1")[0] = "no3";
  row("no2", "2")[1] = "mg/m³";
  row("no2", "3")[2] = "13";
  row("no2", "4")[3] = "2021";
  row("no2", "5").pop_back();
  row("no2", "6")[3] = "20x2";
  row("no2", "7")[4] = "-5";
  row("no2", "8")[2] = "9";
  row("co", "1")[4] = "2100";
  row("so2", "5")[6] = "0";
  rows.erase(std::find(rows.begin(), rows.end(), row("o3", "year")));
  const std::vector<std::string> pm10 = row("pm10", "year");
  rows.push_back(pm10);
  std::string csv;
  for (const auto& r : rows) {
    for (std::size_t i = 0; i < r.size(); ++i) csv += (i ? "," : "") + r[i];
    csv += "\n";
  }
  test::write_file((d / "targets.csv").string(), csv);
  return d;
}

fs::path break_ledger(const fs::path& d) {
  test::write_file((d / "ledger.toml").string(), R"(title = "台账"
source = "plan-document.md"
category = [{ number = 1, name = "一" }, 5]

[[measure]]
id = 1
category = 9
text = "甲"
deadline = "长期坚持"
parsed = { kind = "ongoing" }

[[measure]]
id = 2
category = 1
text = "乙"
deadline = "2023年6月底前"
parsed = { kind = "by_end_of", year = 2023, month = 7 }

[[measure]]
id = 3
category = 1
text = "丙"

[[measure]]
id = 2
category = 1
text = "丁"
deadline = "2023年7月1日起"
parsed = { kind = "from_date", year = 2023, month = 7, day = 2 }

[[measure]]
id = 4
category = 1
text = "戊"
deadline = "2023年5-9月"
parsed = { kind = "window", year = 2023, month = 5, end_month = 10 }

[[measure]]
id = 5
category = 1
text = "己"
deadline = "2023年3月和7月底前"
parsed = { kind = "two_stage", year = 2023, month = 3, end_month = 8 }

[[measure]]
id = 6
category = 1
text = "庚"
deadline = "长期坚持"
parsed = { kind = "window" }
)");
  return d;
}

// A standard with a problem in almost every value.
fs::path break_standard(const fs::path& d, const fs::path& standards) {
  edit(d / "dataset.toml", "", "standard = \"gb3095-2012\"", "standard = \"broken\"");
  test::write_file((standards / "broken.toml").string(), R"(name = ""
effective = 2016-01-01

[metrics.so2]
statistic = "mean"
daily_value = "24h_mean"
quantile = { value = 0.5, unit = "1", confirmed = true, source = "s" }
decimals = { value = 7, unit = "1", confirmed = true, source = "s" }
divisor = { value = 60, unit = "µg/m³", confirmed = true, source = "s" }
weight = { value = 1, unit = "%", confirmed = true, source = "s" }
annual_limit = [
  { value = 60, unit = "µg/m³", confirmed = true, source = "s", from = 2020, until = 2025 },
  { value = 50, unit = "µg/m³", confirmed = true, source = "s", from = 2027 },
]
daily_limit = { value = 150, unit = "µg/m³", confirmed = true, source = "s", from = 2025, until = 2020 }

[metrics.no2]
statistic = "mean"
daily_value = "24h_mean"
decimals = { value = 0, unit = "1", confirmed = true, source = "s" }
divisor = { value = 40, unit = "µg/m³", confirmed = true, source = "s" }
weight = { value = -1, unit = "1", confirmed = true, source = "s" }
annual_limit = { value = 40, unit = "µg/m³", confirmed = true, source = "s", until = 2030 }
daily_limit = { value = 80, unit = "µg/m³", confirmed = true, source = "s", from = 1850 }

[metrics.pm10]
statistic = "mean"
daily_value = "24h_mean"
decimals = { value = 0, unit = "1", confirmed = true, source = "s" }
divisor = { value = 70, unit = "µg/m³", confirmed = true, source = "s" }
weight = { value = 1, unit = "1", confirmed = true, source = "s" }
annual_limit = { value = 70, unit = "µg/m³", confirmed = true, source = " " }
daily_limit = [
  { value = 150, unit = "µg/m³", confirmed = true, source = "s" },
  { value = 140, unit = "µg/m³", confirmed = true, source = "s" },
]

[metrics.co]
statistic = "percentile"
daily_value = "24h_mean"
quantile = { value = 95, unit = "1", confirmed = true, source = "s" }
decimals = { value = 1, unit = "1", confirmed = true, source = "s" }
divisor = { value = 4, unit = "µg/m³", confirmed = true, source = "s" }
weight = { value = 1, unit = "1", confirmed = true, source = "s" }
annual_limit = []
daily_limit = { value = 4, unit = "mg/m³", confirmed = true, source = "s" }

[metrics.o3]
statistic = "percentile"
daily_value = "mda8"
decimals = { value = 0, unit = "1", confirmed = true, source = "s" }
divisor = { value = 160, unit = "µg/m³", confirmed = true, source = "s" }
weight = { value = 1, unit = "1", confirmed = true, source = "s" }
mda8_limit = 160

[metrics.pm25]
statistic = "mean"
daily_value = "24h_mean"
decimals = { value = 0, unit = "1", confirmed = true, source = "s" }
divisor = { value = -35, unit = "µg/m³", confirmed = true, source = "s" }
weight = { value = 1, unit = "1", confirmed = true, source = "s" }
)");
  return d;
}

TEST_F(BrokenDatasets, EveryProblemIsReportedInChineseWithNoEnglishLeft) {
  const std::vector<std::string> dirs = {break_parts(copy("parts")).string(), break_targets(copy("targets")).string(),
                                         break_ledger(copy("ledger")).string(),
                                         break_standard(copy("standard"), dir_.path() / "standards").string()};
  std::vector<std::string> args = {"validate"};
  args.insert(args.end(), dirs.begin(), dirs.end());

  std::vector<std::string> zh_args = args;
  zh_args.insert(zh_args.end(), {"--lang", "zh"});
  const auto zh = test::run_cli(zh_args);
  EXPECT_EQ(zh.exit_code, 2) << zh.err;
  EXPECT_EQ(english_lines(zh.err, root() + "/"), "") << zh.err;
  // The same through the environment.
  const auto env = test::run_cli_to(args, "", {"AQPLAN_LANG=zh"});
  EXPECT_EQ(env.exit_code, 2);
  EXPECT_EQ(env.err, zh.err);

  const auto en = test::run_cli(args);
  EXPECT_EQ(en.exit_code, 2) << en.err;
  EXPECT_EQ(lines_of(en.err).size(), lines_of(zh.err).size()) << en.err << zh.err;
  EXPECT_GE(lines_of(zh.err).size(), 80u) << zh.err;

  // Each file's problems, in both languages: (English, Chinese) after the place.
  const std::vector<std::pair<std::string, std::string>> said = {
      {"language: 'fr' is not \"en\" or \"zh\"", "language：“fr”不是 \"en\" 或 \"zh\""},
      {"base_year: 1800 is implausible", "base_year：1800 不是合理的年份"},
      {"target_year: 2023 is not the year after base_year 1800", "target_year：2023 不是 base_year 1800 的下一年"},
      {"files.targets: empty file name", "files.targets：文件名为空"},
      {"sectors.steel.height: unknown height class 'zzz' (expected ground, low or tall)",
       "sectors.steel.height：未知的排放高度类别“zzz”（应为“ground”、“low”或“tall”）"},
      {"sectors.steel.emissions: pm25 (4600 t/yr) exceeds pm10 (4500 t/yr), which includes it",
       "sectors.steel.emissions：“pm25”（4600 t/yr）超过了包含它的“pm10”（4500 t/yr）"},
      {"sectors.coal_chemical.profile: all weights are zero", "sectors.coal_chemical.profile：权重全为零"},
      {"sectors.power.emissions.so2: -900 t/yr is negative", "sectors.power.emissions.so2：-900 t/yr 为负数"},
      {std::string("measure[id=5].effect[0].sector: unknown sector 'stel' (did you mean 'steel'?); the sectors are ") +
           test::kBundledSectors,
       "measure[id=5].effect[0].sector：未知的部门“stel”（是否应为“steel”？）；现有部门为 power、steel、coal_chemical、"
       "building_materials、industrial_boilers、industrial_kilns、residential_coal、heavy_vehicles、light_vehicles、"
       "nonroad、construction_dust、road_dust、solvents、agriculture"},
      {"measure[id=6].effect[0].species: unknown species 'nx' (did you mean 'nox'?)",
       "measure[id=6].effect[0].species：未知的污染物“nx”（是否应为“nox”？）"},
      {"measure[id=10].effect[0].species: empty species list", "measure[id=10].effect[0].species：污染物列表为空"},
      {"measure[id=11].effect[0].species: expected a species name or a list of them",
       "measure[id=11].effect[0].species：应为污染物名称或其列表"},
      {"measure[id=12].effect[0].sector: expected a sector name or a non-empty list of them",
       "measure[id=12].effect[0].sector：应为部门名称或非空的部门名称列表"},
      {"measure[id=13].effect[0]: give either 'fraction' or 'tonnes', not both",
       "measure[id=13].effect[0]：“fraction”与“tonnes”只能给出其一"},
      {"measure[id=14].effect[0]: missing key 'fraction' or 'tonnes'",
       "measure[id=14].effect[0]：缺少键“fraction”或“tonnes”"},
      {"measure[id=15].effect[0].tonnes: up to 5000 t/yr exceeds the so2 emissions of sector 'industrial_boilers' (800 "
       "t/yr)",
       "measure[id=15].effect[0].tonnes：最多 5000 t/yr，超过了部门“industrial_boilers”的 so2 排放量（800 t/yr）"},
      {"measure[id=17].depends_on[0]: a measure cannot depend on itself", "measure[id=17].depends_on[0]：措施不能依赖自身"},
      {"measure[id=24].depends_on[0]: no measure with id 99", "measure[id=24].depends_on[0]：没有 id 为 99 的措施"},
      {"measure[id=5]: duplicate id 5 (first defined at line", "measure[id=5]：id 5 重复（首次定义在第 "},
      {"measure[id=20].delay: unknown delay class 'slowish'", "measure[id=20].delay：未知的延误类别“slowish”"},
      {"measure[id=20].probability: 1.5 is outside [0, 1]", "measure[id=20].probability：1.5 超出 [0, 1]"},
      {"measure[id=20].ramp_months: -1 months is negative", "measure[id=20].ramp_months：-1 个月为负数"},
      {"measure[id=21].stages: give either 'timing' or 'stages', not both",
       "measure[id=21].stages：“timing”与“stages”只能给出其一"},
      {"measure[id=21].stages: 1 stage(s), expected at least 2", "measure[id=21].stages：只有 1 个阶段，至少应有 2 个"},
      {"measure[id=7]: an enabling measure has no effects of its own", "measure[id=7]：前置措施自身不应有减排效果"},
      {"measure[id=8]: no effects (set enabling = true for a measure that acts only through others)",
       "measure[id=8]：没有减排效果（仅通过其他措施起作用的措施，请设置“enabling = true”）"},
      {"pm25_components: shares sum to 1.01 in months 1, 2, 3, 11, 12, expected 1",
       "pm25_components：1、2、3、11、12 月各组分占比之和为 1.01，应为 1"},
      {"nitrate: N(1) = 1 + a + b + c = 0.044 in months 1, 2, 3, 11, 12, expected 0 (at the modes)",
       "nitrate：1、2、3、11、12 月 N(1) = 1 + a + b + c = 0.044，应为 0（取众数时）"},
      {"impact.tall: -0.25 is negative", "impact.tall：-0.25 为负数"},
      {"ammonia.floor: 1.5 is outside [0, 1]", "ammonia.floor：1.5 超出 [0, 1]"},
      {"ammonium.ammonium_nitrate: 1.225 is outside [0, 1]", "ammonium.ammonium_nitrate：1.225 超出 [0, 1]"},
      {"phi: 1.2 is outside (-1, 1)", "phi：1.2 超出 (-1, 1)"},
      {"correlation.10-3.matrix: not symmetric: [0][1] = 0.35 but [1][0] = 0.34",
       "correlation.10-3.matrix：不对称：[0][1] = 0.35，而 [1][0] = 0.34"},
      {"correlation.4-9.metrics[1]: 'no2' is listed twice", "correlation.4-9.metrics[1]：“no2”重复列出"},
      {"correlation.4-9.metrics[5]: unknown metric 'pm52' (did you mean 'pm25'?)",
       "correlation.4-9.metrics[5]：未知的指标“pm52”（是否应为“pm25”？）"},
      {"correlation.4-9.matrix[2][2]: diagonal entry 0.9, expected 1", "correlation.4-9.matrix[2][2]：对角元为 0.9，应为 1"},
      {"correlation.4-9.matrix[0][4]: 1.14 is outside [-1, 1]", "correlation.4-9.matrix[0][4]：1.14 超出 [-1, 1]"},
      {"daily_dispersion.co: expected \"calibrate\" or a number, got 'calib'",
       "daily_dispersion.co：应为 \"calibrate\" 或数值，实为“calib”"},
      {"daily_dispersion.o3: -1 is negative", "daily_dispersion.o3：-1 为负数"},
      // targets.csv
      {"unknown metric 'no3' (did you mean 'no2'?)", "未知的指标“no3”（是否应为“no2”？）"},
      {"unit of no2 is 'mg/m³', expected 'µg/m³'", "no2 的单位为“mg/m³”，应为“µg/m³”"},
      {"month '13' is not 1-12 or 'year'", "月份“13”不是 1-12 或“year”"},
      {"years 2021/2023 differ from 2022/2023 on the first row, or are not consecutive",
       "年份 2021/2023 与第一行的 2022/2023 不同，或不是相邻的两年"},
      {"6 fields, expected 7", "有 6 个字段，应为 7 个"},
      {"'20x2' is not a year 1900-2200", "“20x2”不是 1900-2200 之间的年份"},
      {"'-5' is not a non-negative number", "“-5”不是非负数"},
      {"no2 9 appears twice (first on line", "no2 的 9 月值重复出现（首次在第 "},
      {"pm10 year appears twice (first on line", "pm10 的全年值重复出现（首次在第 "},
      {"2100 is above 40 mg/m³, the largest plausible monthly co (", "2100 高于 co 月均值的合理上限 40 mg/m³（"},
      {"); it looks like µg/m³ — co is in mg/m³", "）；看起来单位是 µg/m³，而 co 的单位是 mg/m³"},
      {"0 is below 1 µg/m³, the smallest plausible monthly so2 (", "0 低于 so2 月均值的合理下限 1 µg/m³（"},
      {"targets.csv: no row for no2 8", "targets.csv: 缺少 no2 的 8 月值的行"},
      {"targets.csv: no row for o3 year", "targets.csv: 缺少 o3 全年值的行"},
      // ledger.toml
      {"category: expected a table", "category：应为表"},
      {"measure 1: category 9 is not defined", "措施 1：类别 9 未定义"},
      {"measure 2: 'parsed' does not match the deadline text '2023年6月底前' (by end of 2023-06)",
       "措施 2：“parsed”与完成时限文本“2023年6月底前”（2023 年 06 月底前）不符"},
      {"measure 3: missing 'deadline'", "措施 3：缺少“deadline”"},
      {"duplicate measure id 2 (first on line", "措施 id 2 重复（首次出现在第 "},
      {"(from 2023-07-01)", "（2023 年 07 月 01 日起）"},
      {"(2023 months 5-9)", "（2023 年 5-9 月）"},
      {"(by end of 2023-03 and 2023-07)", "（2023 年 03 月底前和 2023 年 07 月底前）"},
      {"(ongoing)", "（长期坚持）"},
      // standards/broken.toml
      {"missing key 'evaluation'", "缺少键“evaluation”"},
      {"name: must not be empty", "name：不能为空"},
      {"metrics.so2.quantile: not allowed when statistic is 'mean'", "metrics.so2.quantile：“statistic”为“mean”时不能给出此键"},
      {"metrics.so2.decimals.value: must be an integer in 0..6, got 7",
       "metrics.so2.decimals.value：应为 0..6 之间的整数，实为 7"},
      {"metrics.so2.weight.unit: '%' is not '1' (this number is dimensionless)",
       "metrics.so2.weight.unit：“%”不是“1”（该数值无量纲）"},
      {"metrics.so2.annual_limit[0]: starts in 2020, so earlier years have no value (leave 'from' out of the first "
       "stage)",
       "metrics.so2.annual_limit[0]：从 2020 年开始，之前的年份没有取值（第一个阶段请不要写“from”）"},
      {"metrics.so2.annual_limit[1]: 'from' must be 2026 (the year after the previous stage's 'until')",
       "metrics.so2.annual_limit[1]：“from”应为 2026（上一阶段“until”的下一年）"},
      {"metrics.so2.daily_limit.until: 2020 is before 'from' (2025)", "metrics.so2.daily_limit.until：2020 早于“from”（2025）"},
      {"metrics.no2.weight.value: must not be negative, got -1", "metrics.no2.weight.value：不能为负数，实为 -1"},
      {"metrics.no2.annual_limit: ends in 2030, so later years have no value (leave 'until' out of the last stage)",
       "metrics.no2.annual_limit：到 2030 年结束，之后的年份没有取值（最后一个阶段请不要写“until”）"},
      {"metrics.no2.daily_limit.from: year 1850 is not in 1900..2200",
       "metrics.no2.daily_limit.from：年份 1850 不在 1900..2200 范围内"},
      {"metrics.pm10.annual_limit.source: must not be empty", "metrics.pm10.annual_limit.source：不能为空"},
      {"metrics.pm10.daily_limit[0]: only the last stage may leave out 'until'",
       "metrics.pm10.daily_limit[0]：只有最后一个阶段可以省略“until”"},
      {"metrics.co.quantile.value: must be in (0, 1), got 95", "metrics.co.quantile.value：应在 (0, 1) 内，实为 95"},
      {"metrics.co.divisor.unit: 'µg/m³' is not the unit of co, 'mg/m³'",
       "metrics.co.divisor.unit：“µg/m³”不是 co 的单位，应为“mg/m³”"},
      {"metrics.co.annual_limit: empty array (expected at least one stage)",
       "metrics.co.annual_limit：数组为空（至少应有一个阶段）"},
      {"metrics.o3: missing key 'quantile' (required when statistic is 'percentile')",
       "metrics.o3：缺少键“quantile”（“statistic”为“percentile”时必须给出）"},
      {"metrics.o3.mda8_limit: expected a table { value, unit, source, confirmed } or an array of them, got an integer",
       "metrics.o3.mda8_limit：应为表“{ value, unit, source, confirmed }”或由其组成的数组，实为整数"},
      {"metrics.pm25.divisor.value: must be positive, got -35", "metrics.pm25.divisor.value：应为正数，实为 -35"},
  };
  for (const auto& [english, chinese] : said) {
    EXPECT_NE(en.err.find(english), std::string::npos) << english << "\n" << en.err;
    EXPECT_NE(zh.err.find(chinese), std::string::npos) << chinese << "\n" << zh.err;
  }
}

TEST_F(BrokenDatasets, LeadUnitsInChinese) {
  const std::string units = dir_.file("lead-units.toml");
  test::write_file(units, "units = [\"县能源局\", 5]\naliases = { nengyuan = \"县能源局\", gongan = \"县公安局\", jiaojing = 5 }\n");
  const std::vector<std::string> args = {"import-ledger", test::seed_document(), "-o", dir_.file("ledger.toml"),
                                         "--lead-units", units};
  const auto zh = test::run_cli_to(args, "", {"AQPLAN_LANG=zh"});
  EXPECT_EQ(zh.exit_code, 2) << zh.err;
  EXPECT_EQ(english_lines(zh.err, root() + "/"), "") << zh.err;
  EXPECT_NE(zh.err.find("units：应为字符串"), std::string::npos) << zh.err;
  EXPECT_NE(zh.err.find("aliases.gongan：“县公安局”不是已列出的牵头单位"), std::string::npos) << zh.err;
  EXPECT_NE(zh.err.find("aliases.jiaojing：应为字符串"), std::string::npos) << zh.err;
  const auto en = test::run_cli(args);
  EXPECT_EQ(en.exit_code, 2) << en.err;
  EXPECT_NE(en.err.find("units: expected a string"), std::string::npos) << en.err;
  EXPECT_NE(en.err.find("aliases.gongan: '县公安局' is not one of the units"), std::string::npos) << en.err;
  EXPECT_NE(en.err.find("aliases.jiaojing: expected a string"), std::string::npos) << en.err;

  test::write_file(units, "aliases = {}\n");
  EXPECT_NE(test::run_cli_to(args, "", {"AQPLAN_LANG=zh"}).err.find(units + ": 缺少“units”（由牵头单位名称组成的数组）"),
            std::string::npos);
  EXPECT_NE(test::run_cli(args).err.find(units + ": missing 'units' (an array of lead-unit names)"), std::string::npos);
}

// Every diagnostic of loading `dir`, in `lang`, one per line.
std::string dataset_problems(const fs::path& dir, Language lang) {
  try {
    load_dataset(dir.string());
  } catch (const InputError& e) {
    return e.diagnostics().to_string(lang);
  }
  return "";
}

TEST_F(BrokenDatasets, MoreProblemsOfThePartFiles) {
  const fs::path d = copy("more");
  edit(d / "response.toml", "[pm25_components]", "primary = { \"11-3\" = 0.45, \"4-10\" = 0.45 }",
       "primary = { \"11-3\" = 0.45, \"4-9\" = 0.45, \"10\" = 0.46 }");
  edit(d / "response.toml", "[nitrate]", "c = { \"11-3\" = -2.244, \"4-10\" = 0.0 }",
       "c = { dist = \"uniform\", min = -2.3, max = -2.2 }");
  edit(d / "meteorology.toml", "[correlation.\"10-3\"]", "[ 1.00,  0.34,", "[ 1.00, -0.90,");
  edit(d / "meteorology.toml", "[correlation.\"10-3\"]", "[ 0.34,  1.00,", "[-0.90,  1.00,");
  const std::string zh = dataset_problems(d, Language::zh);
  EXPECT_EQ(english_lines(zh, root() + "/"), "") << zh;
  EXPECT_NE(zh.find("pm25_components：10 月各组分占比之和为 1.01，应为 1"), std::string::npos) << zh;
  EXPECT_NE(zh.find("nitrate.c：每个月都必须是数值（a 或 b 为抽样分布时，c = -1 - a - b 才能保持 N(1) = 0）"),
            std::string::npos)
      << zh;
  EXPECT_NE(zh.find("correlation.10-3：相关矩阵不是正定矩阵"), std::string::npos) << zh;
  const std::string en = dataset_problems(d, Language::en);
  EXPECT_NE(en.find("pm25_components: shares sum to 1.01 in month 10, expected 1"), std::string::npos) << en;
  EXPECT_NE(en.find("nitrate.c: must be a number in every month (c = -1 - a - b keeps N(1) = 0 when a or b is drawn)"),
            std::string::npos)
      << en;
  EXPECT_NE(en.find("correlation.10-3: correlation matrix is not positive definite"), std::string::npos) << en;

  const fs::path e = copy("empty");
  test::write_file((e / "inventory.toml").string(), "sectors = {}\n");
  EXPECT_NE(dataset_problems(e, Language::zh).find("inventory.toml:1:11: sectors：没有任何部门"), std::string::npos)
      << dataset_problems(e, Language::zh);
  EXPECT_NE(dataset_problems(e, Language::en).find("inventory.toml:1:11: sectors: no sectors"), std::string::npos);
}

TEST_F(BrokenDatasets, DomainBoundsAndTargetsOutsideThem) {
  const std::string file = dir_.file("domain.toml");
  test::write_file(file, test::read_file(test::source_dir() + "/data/domain.toml"));
  edit(file, "[monthly.so2]", "min = { value = 1,", "min = { value = -1,");
  edit(file, "[monthly.so2]", "max = { value = 1500, unit = \"µg/m³\"", "max = { value = 1500, unit = \"mg/m³\"");
  edit(file, "[monthly.no2]", "min = { value = 1,", "min = { value = 900,");
  edit(file, "[monthly.no2]", "source = \"HJ 663-2013: NO2 reported as an integer; 0 is below detection\"",
       "source = \" \"");
  std::string zh, en;
  try {
    read_domain_file(file);
    FAIL() << "no error";
  } catch (const InputError& e) {
    zh = e.diagnostics().to_string(Language::zh);
    en = e.diagnostics().to_string(Language::en);
  }
  EXPECT_NE(zh.find("monthly.so2.min.value：-1 不是正数"), std::string::npos) << zh;
  EXPECT_NE(zh.find("monthly.so2.max.unit：单位为“mg/m³”，应为“µg/m³”"), std::string::npos) << zh;
  EXPECT_NE(zh.find("monthly.no2：下限 900 不小于上限 800"), std::string::npos) << zh;
  EXPECT_NE(zh.find("monthly.no2.min.source：不能为空"), std::string::npos) << zh;
  EXPECT_NE(en.find("monthly.so2.min.value: -1 is not a positive number"), std::string::npos) << en;
  EXPECT_NE(en.find("monthly.so2.max.unit: unit 'mg/m³', expected 'µg/m³'"), std::string::npos) << en;
  EXPECT_NE(en.find("monthly.no2: min 900 is not below max 800"), std::string::npos) << en;
  EXPECT_NE(en.find("monthly.no2.min.source: must not be empty"), std::string::npos) << en;

  Targets t = read_targets_csv(test::bundled_dataset() + "/targets.csv");
  t.base[static_cast<std::size_t>(Metric::co)][0] = 2100;
  t.target[static_cast<std::size_t>(Metric::so2)][kAnnual] = 0;
  const Diagnostics d = check_targets_domain(t);
  zh = d.to_string(Language::zh);
  en = d.to_string(Language::en);
  EXPECT_EQ(english_lines(zh, test::source_dir() + "/"), "") << zh;
  EXPECT_NE(zh.find("co 1 月基准年值：2100 高于 co 月均值的合理上限 40 mg/m³（"), std::string::npos) << zh;
  EXPECT_NE(zh.find("so2 全年目标值：0 低于 so2 月均值的合理下限 1 µg/m³（"), std::string::npos) << zh;
  EXPECT_NE(en.find("co month 1 base year: 2100 is above 40 mg/m³, the largest plausible monthly co ("),
            std::string::npos)
      << en;
  EXPECT_NE(en.find("so2 year target: 0 is below 1 µg/m³, the smallest plausible monthly so2 ("), std::string::npos)
      << en;
}

}  // namespace
}  // namespace aqplan
