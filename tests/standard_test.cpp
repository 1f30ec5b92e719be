#include "aqplan/data/standard.h"
#include "aqplan/model/evaluation.h"

#include <gtest/gtest.h>

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "aqplan/base/diagnostic.h"
#include "aqplan/base/text.h"

namespace aqplan {
namespace {

namespace fs = std::filesystem;

std::string bundled(const char* name) { return std::string(AQPLAN_SOURCE_DIR) + "/data/standards/" + name; }

// ---------------------------------------------------------------------------
// The bundled files.

TEST(StandardFile, Gb3095_2012) {
  const Standard s = load_standard(bundled("gb3095-2012.toml"));
  EXPECT_EQ(s.name, "GB 3095-2012");
  EXPECT_EQ(s.evaluation, "HJ 663-2013");
  EXPECT_EQ(s.effective_year, 2016);
  EXPECT_EQ(s.effective_month, 1);
  EXPECT_EQ(s.effective_day, 1);

  // model.md §1: divisors S, unweighted, co and o3 percentiles.
  const CompositeIndexTable t = composite_index_table(s, 2023);
  const std::array<double, kMetricCount> divisors{60, 40, 70, 4, 160, 35};  // so2 no2 pm10 co o3 pm25
  for (Metric m : kMetrics) {
    const auto i = static_cast<std::size_t>(m);
    EXPECT_EQ(t.divisor[i], divisors[i]) << name(m);
    EXPECT_EQ(t.weight[i], 1.0) << name(m);
    EXPECT_EQ(t.decimals[i], m == Metric::co ? 1 : 0) << name(m);
  }
  EXPECT_EQ(s[Metric::co].statistic, AnnualStatistic::percentile);
  EXPECT_EQ(s[Metric::co].daily_value, DailyValue::mean_24h);
  EXPECT_EQ(s.quantile(Metric::co, 2023), 0.95);
  EXPECT_EQ(s[Metric::o3].statistic, AnnualStatistic::percentile);
  EXPECT_EQ(s[Metric::o3].daily_value, DailyValue::mda8);
  EXPECT_EQ(s.quantile(Metric::o3, 2023), 0.90);
  for (Metric m : {Metric::so2, Metric::no2, Metric::pm10, Metric::pm25}) {
    EXPECT_EQ(s[m].statistic, AnnualStatistic::mean) << name(m);
    EXPECT_TRUE(std::isnan(s.quantile(m, 2023))) << name(m);
  }
  EXPECT_EQ(s[Metric::pm25].annual_limit.value_at(2023), 35);
  EXPECT_EQ(s[Metric::pm25].daily_limit.value_at(2023), 75);
  EXPECT_EQ(s[Metric::co].daily_limit.value_at(2023), 4);
  EXPECT_EQ(s[Metric::co].daily_limit.at(2023)->unit, "mg/m³");
  EXPECT_EQ(s[Metric::o3].mda8_limit.value_at(2023), 160);
  EXPECT_FALSE(s[Metric::o3].annual_limit.present());
  ASSERT_TRUE(s.composite.decimals.present());
  EXPECT_EQ(s.composite_decimals(2023), 2);
  EXPECT_FALSE(s.composite.decimals.at(2023)->confirmed);
}

TEST(StandardFile, Gb3095_2026) {
  const Standard s = load_standard(bundled("gb3095-2026.toml"));
  EXPECT_EQ(s.name, "GB 3095-2026");
  EXPECT_EQ(s.effective_year, 2026);
  EXPECT_EQ(s.effective_month, 3);
  const MetricStandard& pm25 = s[Metric::pm25];
  // Confirmed: 30 / 60 until 2030, 25 / 50 from 2031.
  for (int year : {2026, 2030}) {
    EXPECT_EQ(pm25.annual_limit.value_at(year), 30) << year;
    EXPECT_EQ(pm25.daily_limit.value_at(year), 60) << year;
    EXPECT_TRUE(pm25.annual_limit.at(year)->confirmed);
  }
  EXPECT_EQ(pm25.annual_limit.value_at(2031), 25);
  EXPECT_EQ(pm25.daily_limit.value_at(2031), 50);
  EXPECT_TRUE(pm25.daily_limit.at(2031)->confirmed);
  // Reported, not confirmed: PM10 60 / 120 and the weighted index.
  EXPECT_EQ(s[Metric::pm10].annual_limit.value_at(2027), 60);
  EXPECT_EQ(s[Metric::pm10].daily_limit.value_at(2027), 120);
  EXPECT_FALSE(s[Metric::pm10].annual_limit.at(2027)->confirmed);
  const std::array<double, kMetricCount> weights{1, 2, 1, 1, 2, 3};  // so2 no2 pm10 co o3 pm25
  const CompositeIndexTable t = composite_index_table(s, 2027);
  for (Metric m : kMetrics) {
    EXPECT_EQ(t.weight[static_cast<std::size_t>(m)], weights[static_cast<std::size_t>(m)]) << name(m);
    EXPECT_FALSE(s[m].weight.at(2027)->confirmed) << name(m);
  }
  // 2012 values kept where nothing is known.
  EXPECT_EQ(s[Metric::o3].mda8_limit.value_at(2027), 160);
  EXPECT_EQ(s[Metric::co].daily_limit.value_at(2027), 4);
  EXPECT_EQ(s.quantile(Metric::co, 2027), 0.95);
  EXPECT_EQ(s.quantile(Metric::o3, 2027), 0.90);
  EXPECT_EQ(composite_index_table(s, 2031).divisor[static_cast<std::size_t>(Metric::pm25)], 25);
  ASSERT_TRUE(s.composite.decimals.present());
  for (int year : {2026, 2031}) EXPECT_EQ(s.composite_decimals(year), 2) << year;
}

TEST(StandardFile, EveryBundledNumberHasUnitAndSource) {
  for (const char* file : {"gb3095-2012.toml", "gb3095-2026.toml"}) {
    const Standard s = load_standard(bundled(file));
    for (const StandardValue& v : s.composite.decimals.stages) {
      EXPECT_EQ(v.unit, "1") << file;
      EXPECT_FALSE(trim(v.source).empty()) << file;
      EXPECT_GT(v.line, 0) << file;
    }
    for (const MetricStandard& ms : s.metrics) {
      for (const StagedValue* sv : {&ms.quantile, &ms.decimals, &ms.divisor, &ms.weight, &ms.annual_limit,
                                    &ms.daily_limit, &ms.mda8_limit}) {
        for (const StandardValue& v : sv->stages) {
          EXPECT_FALSE(v.unit.empty()) << file << " " << name(ms.metric);
          EXPECT_FALSE(trim(v.source).empty()) << file << " " << name(ms.metric);
          EXPECT_GT(v.line, 0) << file << " " << name(ms.metric);
        }
      }
    }
  }
}

// ---------------------------------------------------------------------------
// Bad files: every problem reported, each at its place.

// A valid file with the 2012 numbers, written compactly; tests edit it.
std::string valid_text() {
  std::string t = "name = \"test\"\nevaluation = \"HJ 663-2013\"\neffective = 2016-01-01\n";
  struct M {
    const char* name;
    const char* statistic;
    const char* daily;
    const char* q;
    int decimals;
    double divisor;
    const char* unit;
  };
  const M ms[] = {{"so2", "mean", "24h_mean", nullptr, 0, 60, "µg/m³"},
                  {"no2", "mean", "24h_mean", nullptr, 0, 40, "µg/m³"},
                  {"pm10", "mean", "24h_mean", nullptr, 0, 70, "µg/m³"},
                  {"co", "percentile", "24h_mean", "0.95", 1, 4, "mg/m³"},
                  {"o3", "percentile", "mda8", "0.9", 0, 160, "µg/m³"},
                  {"pm25", "mean", "24h_mean", nullptr, 0, 35, "µg/m³"}};
  for (const M& m : ms) {
    t += fmt::format("\n[metrics.{}]\nstatistic = \"{}\"\ndaily_value = \"{}\"\n", m.name, m.statistic, m.daily);
    if (m.q) t += fmt::format("quantile = {{ value = {}, unit = \"1\", source = \"s\", confirmed = true }}\n", m.q);
    t += fmt::format("decimals = {{ value = {}, unit = \"1\", source = \"s\", confirmed = true }}\n", m.decimals);
    t += fmt::format("divisor = {{ value = {}, unit = \"{}\", source = \"s\", confirmed = true }}\n", m.divisor, m.unit);
    t += "weight = { value = 1, unit = \"1\", source = \"s\", confirmed = true }\n";
  }
  return t;
}

// Replaces the single occurrence of `from` (the test fails if it is not unique).
std::string edit(std::string text, const std::string& from, const std::string& to) {
  const auto p = text.find(from);
  EXPECT_NE(p, std::string::npos) << from;
  EXPECT_EQ(text.find(from, p + 1), std::string::npos) << from << " is not unique";
  if (p != std::string::npos) text.replace(p, from.size(), to);
  return text;
}

// "line:column" (1-based, column in code points) of the first `needle` in
// text, or of `needle` where it directly follows the first `prefix + needle`.
std::string at(const std::string& text, const std::string& prefix, const std::string& needle) {
  std::size_t p = text.find(prefix + needle);
  EXPECT_NE(p, std::string::npos) << prefix << needle;
  if (p != std::string::npos) p += prefix.size();
  if (p == std::string::npos) return "?";
  const std::size_t line_start = text.rfind('\n', p) == std::string::npos ? 0 : text.rfind('\n', p) + 1;
  const int line = 1 + static_cast<int>(std::count(text.begin(), text.begin() + static_cast<std::ptrdiff_t>(p), '\n'));
  const int column = 1 + utf8_length(std::string_view(text).substr(line_start, p - line_start));
  return std::to_string(line) + ":" + std::to_string(column);
}
std::string at(const std::string& text, const std::string& needle) { return at(text, "", needle); }

class StandardLoader : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("aqplan-standard-test-" + std::string(::testing::UnitTest::GetInstance()->current_test_info()->name()));
    fs::create_directories(dir_);
    path_ = (dir_ / "standard.toml").string();
  }
  void TearDown() override { fs::remove_all(dir_); }

  void write(const std::string& text) { std::ofstream(path_, std::ios::binary) << text; }

  // Every message of the InputError thrown for `text`, "" if none was thrown.
  std::vector<std::string> errors(const std::string& text) {
    write(text);
    try {
      load_standard(path_);
    } catch (const InputError& e) {
      std::vector<std::string> out;
      for (const Diagnostic& d : e.diagnostics().items()) out.push_back(d.to_string());
      return out;
    }
    return {};
  }

  fs::path dir_;
  std::string path_;
};

TEST_F(StandardLoader, ValidBaseTextLoads) {
  EXPECT_EQ(errors(valid_text()), std::vector<std::string>{});
  const Standard s = load_standard(path_);
  EXPECT_EQ(s.quantile(Metric::o3, 2023), 0.9);
  EXPECT_EQ(composite_index_table(s, 2023).divisor[static_cast<std::size_t>(Metric::co)], 4);
  // No [composite] table: the composite index is reported with 2 decimals.
  EXPECT_FALSE(s.composite.decimals.present());
  EXPECT_EQ(s.composite_decimals(2023), 2);
}

// The valid text with a [composite] table before the metrics.
std::string with_composite(const std::string& composite) {
  return edit(valid_text(), "\n[metrics.so2]", "\n[composite]\n" + composite + "\n\n[metrics.so2]");
}

TEST_F(StandardLoader, CompositeDecimalsMayChangeByStage) {
  const std::string text = with_composite(
      "decimals = [\n"
      "  { value = 1, unit = \"1\", source = \"s\", confirmed = true, until = 2025 },\n"
      "  { value = 3, unit = \"1\", source = \"s\", confirmed = false, from = 2026 },\n"
      "]");
  EXPECT_EQ(errors(text), std::vector<std::string>{});
  const Standard s = load_standard(path_);
  EXPECT_EQ(s.composite_decimals(2025), 1);
  EXPECT_EQ(s.composite_decimals(2026), 3);
  EXPECT_EQ(s.composite.decimals.at(2026)->line, 8);  // the second stage's line
}

TEST_F(StandardLoader, CompositeDecimalsAreCheckedLikeMetricDecimals) {
  const std::string text = with_composite(
      "decimals = [\n"
      "  { value = 7, unit = \"1\", source = \"s\", confirmed = true, until = 2025 },\n"
      "  { value = 1.5, unit = \"µg/m³\", source = \"s\", confirmed = true, from = 2026 },\n"
      "]\n"
      "decimal = 2");
  const std::vector<std::string> expected{
      path_ + ":" + at(text, "value = ", "7") + ": composite.decimals[0].value: must be an integer in 0..6, got 7",
      path_ + ":" + at(text, "1.5") + ": composite.decimals[1].value: must be an integer in 0..6, got 1.5",
      path_ + ":" + at(text, "\"µg/m³\"") +
          ": composite.decimals[1].unit: 'µg/m³' is not '1' (this number is dimensionless)",
      path_ + ":" + at(text, "decimal = ") + ": composite: unknown key 'decimal' (did you mean 'decimals'?)",
  };
  EXPECT_EQ(errors(text), expected);

  const std::string missing = with_composite("");
  EXPECT_EQ(errors(missing), std::vector<std::string>{path_ + ":" + at(missing, "[composite]") +
                                                      ": composite: missing key 'decimals'"});
  const std::string not_table = edit(valid_text(), "\n[metrics.so2]", "\ncomposite = 2\n\n[metrics.so2]");
  EXPECT_EQ(errors(not_table), std::vector<std::string>{path_ + ":" + at(not_table, "composite = ", "2") +
                                                        ": composite: expected a table, got an integer"});
}

TEST_F(StandardLoader, UnknownAndMissingNamesAreAllReported) {
  std::string text = edit(valid_text(), "[metrics.pm25]", "[metrics.pm2_5]");
  text = edit(text, "weight = { value = 1, unit = \"1\", source = \"s\", confirmed = true }\n\n[metrics.no2]",
              "wieght = { value = 1, unit = \"1\", source = \"s\", confirmed = true }\n\n[metrics.no2]");
  text = edit(text, "effective = 2016-01-01\n", "effective = 2016-01-01\nauthor = \"me\"\n");
  const std::vector<std::string> expected{
      path_ + ":" + at(text, "author") + ": unknown key 'author'",
      path_ + ":" + at(text, "[metrics.so2]") + ": metrics.so2: missing key 'weight'",
      // The implicit [metrics] table is placed at its first sub-table.
      path_ + ":" + at(text, "[metrics.so2]") + ": metrics: missing key 'pm25'",
      path_ + ":" + at(text, "wieght") + ": metrics.so2: unknown key 'wieght' (did you mean 'weight'?)",
      path_ + ":" + at(text, "pm2_5") + ": metrics: unknown key 'pm2_5' (did you mean 'pm25'?)",
  };
  EXPECT_EQ(errors(text), expected);
}

TEST_F(StandardLoader, NumbersOutOfRangeAndWrongUnits) {
  std::string text = edit(valid_text(), "value = 35,", "value = -35,");
  text = edit(text, "value = 0.95,", "value = 95,");
  text = edit(text, "value = 4, unit = \"mg/m³\"", "value = 4, unit = \"µg/m³\"");
  text = edit(text, "value = 1, unit = \"1\", source = \"s\", confirmed = true }\ndivisor = { value = 4",
              "value = 1.5, unit = \"1\", source = \"s\", confirmed = true }\ndivisor = { value = 4");
  text = edit(text, "[metrics.no2]\nstatistic = \"mean\"", "[metrics.no2]\nstatistic = \"median\"");
  const std::vector<std::string> expected{
      path_ + ":" + at(text, "\"median\"") +
          ": metrics.no2.statistic: 'median' is not 'mean' or 'percentile' (did you mean 'mean'?)",
      path_ + ":" + at(text, "95,") + ": metrics.co.quantile.value: must be in (0, 1), got 95",
      path_ + ":" + at(text, "1.5,") + ": metrics.co.decimals.value: must be an integer in 0..6, got 1.5",
      path_ + ":" + at(text, "divisor = { value = 4, unit = ", "\"µg/m³\"") +
          ": metrics.co.divisor.unit: 'µg/m³' is not the unit of co, 'mg/m³'",
      path_ + ":" + at(text, "-35") + ": metrics.pm25.divisor.value: must be positive, got -35",
  };
  EXPECT_EQ(errors(text), expected);
}

TEST_F(StandardLoader, ValueTablesNeedEveryField) {
  std::string text = edit(valid_text(), "divisor = { value = 40, unit = \"µg/m³\", source = \"s\", confirmed = true }",
                          "divisor = { value = 40, unit = \"µg/m³\", confirmed = \"yes\", note = 1 }");
  text = edit(text, "divisor = { value = 70, unit = \"µg/m³\", source = \"s\", confirmed = true }", "divisor = 70");
  const std::vector<std::string> expected{
      path_ + ":" + at(text, "{ value = 40") + ": metrics.no2.divisor: missing key 'source'",
      path_ + ":" + at(text, "\"yes\"") + ": metrics.no2.divisor.confirmed: expected true or false, got a string",
      path_ + ":" + at(text, "note") + ": metrics.no2.divisor: unknown key 'note'",
      path_ + ":" + at(text, "70\n") + ": metrics.pm10.divisor: expected a table { value, unit, source, "
                                       "confirmed } or an array of them, got an integer",
  };
  EXPECT_EQ(errors(text), expected);
}

TEST_F(StandardLoader, QuantileGoesWithThePercentileStatistic) {
  std::string text = edit(valid_text(), "[metrics.o3]\nstatistic = \"percentile\"\ndaily_value = \"mda8\"\n"
                                        "quantile = { value = 0.9, unit = \"1\", source = \"s\", confirmed = true }\n",
                          "[metrics.o3]\nstatistic = \"percentile\"\ndaily_value = \"mda8\"\n");
  text = edit(text, "[metrics.so2]\nstatistic = \"mean\"\ndaily_value = \"24h_mean\"\n",
              "[metrics.so2]\nstatistic = \"mean\"\ndaily_value = \"24h_mean\"\n"
              "quantile = { value = 0.5, unit = \"1\", source = \"s\", confirmed = true }\n");
  const std::vector<std::string> expected{
      path_ + ":" + at(text, "{ value = 0.5") + ": metrics.so2.quantile: not allowed when statistic is 'mean'",
      path_ + ":" + at(text, "[metrics.o3]") + ": metrics.o3: missing key 'quantile' (required when statistic is "
                                              "'percentile')",
  };
  EXPECT_EQ(errors(text), expected);
}

TEST_F(StandardLoader, StagesMustCoverEveryYear) {
  const std::string so2 = "divisor = { value = 60, unit = \"µg/m³\", source = \"s\", confirmed = true }";
  std::string text = edit(valid_text(), so2,
                          "divisor = [\n"
                          "  { value = 60, unit = \"µg/m³\", source = \"s\", confirmed = true, "
                          "from = 2020, until = 2025 },\n"
                          "  { value = 50, unit = \"µg/m³\", source = \"s\", confirmed = true, from = 2027 },\n"
                          "]");
  text = edit(text, "divisor = { value = 40, unit = \"µg/m³\", source = \"s\", confirmed = true }",
              "divisor = { value = 40, unit = \"µg/m³\", source = \"s\", confirmed = true, until = 2030 }");
  text = edit(text, "divisor = { value = 70, unit = \"µg/m³\", source = \"s\", confirmed = true }",
              "divisor = { value = 70, unit = \"µg/m³\", source = \"s\", confirmed = true, "
              "from = 2031, until = 2030 }");
  const std::vector<std::string> expected{
      path_ + ":" + at(text, "{ value = 60") + ": metrics.so2.divisor[0]: starts in 2020, so earlier years have no "
                                              "value (leave 'from' out of the first stage)",
      path_ + ":" + at(text, "{ value = 50") + ": metrics.so2.divisor[1]: 'from' must be 2026 (the year after the "
                                              "previous stage's 'until')",
      path_ + ":" + at(text, "{ value = 40") + ": metrics.no2.divisor: ends in 2030, so later years have no value "
                                              "(leave 'until' out of the last stage)",
      path_ + ":" + at(text, "from = 2031, until = ", "2030") +
          ": metrics.pm10.divisor.until: 2030 is before 'from' (2031)",
  };
  EXPECT_EQ(errors(text), expected);
}

TEST_F(StandardLoader, StageYearsAndTypesAreChecked) {
  const std::string so2 = "divisor = { value = 60, unit = \"µg/m³\", source = \"s\", confirmed = true";
  std::string text = edit(valid_text(), so2 + " }", so2 + ", until = 2030.0 }");
  text = edit(text, "divisor = { value = 40, unit = \"µg/m³\", source = \"s\", confirmed = true }",
              "divisor = { value = 40, unit = \"µg/m³\", source = \"s\", confirmed = true, from = 1850 }");
  text = edit(text, "divisor = { value = 70, unit = \"µg/m³\", source = \"s\", confirmed = true }",
              "divisor = { value = 70, unit = \"µg/m³\", source = \"s\", confirmed = 1.0 }");
  text = edit(text, "[metrics.pm25]\nstatistic = \"mean\"", "[metrics.pm25]\nstatistic = 1");
  const std::vector<std::string> expected{
      path_ + ":" + at(text, "2030.0") + ": metrics.so2.divisor.until: expected an integer, got a number",
      path_ + ":" + at(text, "1850") + ": metrics.no2.divisor.from: year 1850 is not in 1900..2200",
      path_ + ":" + at(text, "1.0 }") + ": metrics.pm10.divisor.confirmed: expected true or false, got a number",
      path_ + ":" + at(text, "statistic = ", "1\n") +
          ": metrics.pm25.statistic: expected 'mean' or 'percentile', got an integer",
  };
  EXPECT_EQ(errors(text), expected);
}

TEST_F(StandardLoader, SyntaxErrorAndMissingFile) {
  const std::string text = edit(valid_text(), "statistic = \"percentile\"\ndaily_value = \"mda8\"",
                                "statistic = \"percentile\ndaily_value = \"mda8\"");
  const std::vector<std::string> got = errors(text);
  ASSERT_EQ(got.size(), 1u);
  // toml++ words the problem; the place is on the unterminated string's line.
  const std::string where = at(text, "\"percentile\n");
  const std::string line = where.substr(0, where.find(':'));
  EXPECT_TRUE(got[0].starts_with(path_ + ":" + line + ":")) << got[0];

  const std::string missing = (dir_ / "nope.toml").string();
  try {
    load_standard(missing);
    FAIL() << "no error";
  } catch (const InputError& e) {
    EXPECT_EQ(std::string(e.what()), missing + ": cannot read: No such file or directory");
  }
}

TEST_F(StandardLoader, TopLevelKeysAreChecked) {
  std::string text = edit(valid_text(), "name = \"test\"\n", "");
  text = edit(text, "effective = 2016-01-01", "effective = \"2016-01-01\"");
  const std::vector<std::string> expected{
      path_ + ":1:1: missing key 'name'",  // the root table's place
      path_ + ":" + at(text, "\"2016-01-01\"") + ": effective: expected a date (YYYY-MM-DD), got a string",
  };
  EXPECT_EQ(errors(text), expected);
}

}  // namespace
}  // namespace aqplan
