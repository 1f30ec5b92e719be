// The AQI of HJ 633: the bundled tables (data/standards/hj633-*.toml), their
// loader's checks and positions, and the day's IAQI, AQI, primary
// pollutants and categories against the published breakpoints and
// hand-computed days.
#include "aqplan/data/aqi_table.h"
#include "aqplan/model/aqi.h"

#include <gtest/gtest.h>

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>
#include <string>
#include <vector>

#include "aqplan/base/diagnostic.h"
#include "aqplan/base/text.h"
#include "test_util.h"

namespace aqplan {
namespace {

std::string standards_dir() { return test::source_dir() + "/data/standards"; }
std::string bundled(const char* name) { return standards_dir() + "/" + name; }

const AqiTable& table_2012() {
  static const AqiTable t = load_aqi_table(bundled("hj633-2012.toml"));
  return t;
}
const AqiTable& table_2026() {
  static const AqiTable t = load_aqi_table(bundled("hj633-2026.toml"));
  return t;
}

// The published table, written out here (model-spec §10, HJ 633-2012
// Table 1), independently of the data files. Concentrations in reporting
// units: µg/m³, and co in 0.1 mg/m³ (its reporting decimal), so that every
// reported concentration is an integer number of units.
constexpr std::array<int, 8> kLevels{0, 50, 100, 150, 200, 300, 400, 500};
struct Published {
  Metric metric;
  int units_per_metric_unit;  // 10 for co (0.1 mg/m³), else 1
  std::vector<int> breakpoints;
};
std::vector<Published> published(int edition) {
  std::vector<Published> p{
      {Metric::so2, 1, {0, 50, 150, 475, 800, 1600, 2100, 2620}},
      {Metric::no2, 1, {0, 40, 80, 180, 280, 565, 750, 940}},
      {Metric::pm10, 1, {0, 50, 150, 250, 350, 420, 500, 600}},
      {Metric::co, 10, {0, 20, 40, 140, 240, 360, 480, 600}},
      {Metric::o3, 1, {0, 100, 160, 215, 265, 800}},
      {Metric::pm25, 1, {0, 35, 75, 115, 150, 250, 350, 500}},
  };
  if (edition == 2026) {
    p[2].breakpoints[2] = 120;  // pm10 IAQI 100
    p[5].breakpoints[2] = 60;   // pm25 IAQI 100
  }
  return p;
}

// The IAQI of `units` reporting units by exact integer arithmetic: the
// segment's ceil((ΔIAQI·(C − BP_lo) + ΔBP·IAQI_lo) / ΔBP).
int exact_iaqi(const Published& p, int units) {
  if (units <= 0) return 0;
  const auto& bp = p.breakpoints;
  for (std::size_t i = 1; i < bp.size(); ++i) {
    if (units <= bp[i]) {
      const int d_bp = bp[i] - bp[i - 1];
      const int num = (kLevels[i] - kLevels[i - 1]) * (units - bp[i - 1]) + d_bp * kLevels[i - 1];
      return (num + d_bp - 1) / d_bp;
    }
  }
  return kLevels[bp.size() - 1];
}

double concentration(const Published& p, int units) {
  // The reported value as a program holds it: 2.4 mg/m³ is the double nearest 2.4.
  return p.units_per_metric_unit == 1 ? units : units / 10.0;
}

// ---------------------------------------------------------------------------
// The bundled tables.

TEST(AqiTableFile, Hj633_2012IsThePublishedTable) {
  const AqiTable& t = table_2012();
  EXPECT_EQ(t.name, "HJ 633-2012");
  EXPECT_EQ(t.effective_year, 2016);
  EXPECT_EQ(t.rounding.value, AqiRounding::ceil);
  EXPECT_TRUE(t.rounding.confirmed);
  EXPECT_NE(t.rounding.source.find("进位取整数"), std::string::npos);
  ASSERT_EQ(t.level_count, 8);
  for (std::size_t i = 0; i < kLevels.size(); ++i) EXPECT_EQ(t.level[i], kLevels[i]) << i;
  for (const Published& p : published(2012)) {
    const AqiScale& s = t[p.metric];
    SCOPED_TRACE(std::string(name(p.metric)));
    EXPECT_EQ(s.metric, p.metric);
    EXPECT_EQ(s.daily_value, p.metric == Metric::o3 ? DailyValue::mda8 : DailyValue::mean_24h);
    ASSERT_EQ(s.count, static_cast<int>(p.breakpoints.size()));
    for (std::size_t i = 0; i < p.breakpoints.size(); ++i) {
      EXPECT_EQ(s.concentration[i], concentration(p, p.breakpoints[i])) << i;
      EXPECT_TRUE(s.breakpoints[i].confirmed) << i;
      EXPECT_EQ(s.breakpoints[i].unit, unit(p.metric)) << i;
    }
  }
  EXPECT_EQ(t[Metric::o3].last_concentration(), 800);
  EXPECT_EQ(t[Metric::pm25].last_concentration(), 500);
  const std::array<double, 5> bounds{50, 100, 150, 200, 300};
  for (std::size_t i = 0; i < bounds.size(); ++i) EXPECT_EQ(t.category_max[i].value, bounds[i]) << i;
  EXPECT_EQ(t.good_max.value, 100);
  EXPECT_EQ(t.heavy_above.value, 200);
  EXPECT_TRUE(t.good_max.confirmed);
}

TEST(AqiTableFile, Hj633_2026ConfirmsOnlyPm25) {
  const AqiTable& t = table_2026();
  EXPECT_EQ(t.name, "HJ 633-2026");
  EXPECT_EQ(t.effective_year, 2026);
  EXPECT_EQ(t.effective_month, 3);
  EXPECT_EQ(t.effective_day, 1);
  for (const Published& p : published(2026)) {
    const AqiScale& s = t[p.metric];
    SCOPED_TRACE(std::string(name(p.metric)));
    ASSERT_EQ(s.count, static_cast<int>(p.breakpoints.size()));
    for (std::size_t i = 0; i < p.breakpoints.size(); ++i) {
      EXPECT_EQ(s.concentration[i], concentration(p, p.breakpoints[i])) << i;
      // PM2.5 at IAQI 100 (60 µg/m³, the MEE release) is the one confirmed number.
      EXPECT_EQ(s.breakpoints[i].confirmed, p.metric == Metric::pm25 && i == 2) << i;
    }
  }
  EXPECT_NE(t[Metric::pm25].breakpoints[2].source.find("MEE release of 2026-02-24"), std::string::npos);
  EXPECT_NE(t[Metric::pm10].breakpoints[2].source.find("not confirmed"), std::string::npos);
  EXPECT_NE(t[Metric::so2].breakpoints[3].source.find("kept from HJ 633-2012"), std::string::npos);
  EXPECT_FALSE(t.rounding.confirmed);
  EXPECT_EQ(t.rounding.value, AqiRounding::ceil);
  for (const AqiNumber& v : t.levels) EXPECT_FALSE(v.confirmed);
  for (const AqiNumber& v : t.category_max) EXPECT_FALSE(v.confirmed);
  EXPECT_FALSE(t.good_max.confirmed);
  EXPECT_FALSE(t.heavy_above.confirmed);
}

TEST(AqiTableFile, EveryBundledNumberHasUnitSourceAndPlace) {
  for (const AqiTable* t : {&table_2012(), &table_2026()}) {
    SCOPED_TRACE(t->name);
    std::vector<const AqiNumber*> all;
    for (const AqiNumber& v : t->levels) all.push_back(&v);
    for (const AqiScale& s : t->metrics)
      for (const AqiNumber& v : s.breakpoints) all.push_back(&v);
    for (const AqiNumber& v : t->category_max) all.push_back(&v);
    all.push_back(&t->good_max);
    all.push_back(&t->heavy_above);
    EXPECT_EQ(all.size(), 8u + 5 * 8 + 6 + 5 + 2);
    for (const AqiNumber* v : all) {
      EXPECT_FALSE(v->unit.empty());
      EXPECT_FALSE(trim(v->source).empty());
      EXPECT_GT(v->line, 0);
    }
    EXPECT_FALSE(trim(t->rounding.source).empty());
  }
}

TEST(AqiTableFile, TheTargetYearChoosesTheEdition) {
  EXPECT_EQ(aqi_table_file("std", 2023), "std/hj633-2012.toml");
  EXPECT_EQ(aqi_table_file("std", 2025), "std/hj633-2012.toml");
  EXPECT_EQ(aqi_table_file("std", 2026), "std/hj633-2026.toml");
  EXPECT_EQ(aqi_table_file("std", 2031), "std/hj633-2026.toml");
  EXPECT_EQ(load_aqi_table(aqi_table_file(standards_dir(), 2025)).name, "HJ 633-2012");
  EXPECT_EQ(load_aqi_table(aqi_table_file(standards_dir(), 2026)).name, "HJ 633-2026");
}

// ---------------------------------------------------------------------------
// IAQI at and around every breakpoint.

TEST(Iaqi, EveryBreakpointGivesItsLevelAndOneStepAboveRoundsUp) {
  for (int edition : {2012, 2026}) {
    const AqiTable& t = edition == 2012 ? table_2012() : table_2026();
    for (const Published& p : published(edition)) {
      SCOPED_TRACE(fmt::format("{} {}", edition, name(p.metric)));
      for (std::size_t i = 0; i < p.breakpoints.size(); ++i) {
        const int edge = p.breakpoints[i];
        EXPECT_EQ(iaqi(t, p.metric, concentration(p, edge)), kLevels[i]) << "at " << edge;
        if (i + 1 < p.breakpoints.size()) {
          // One reporting step above: the next segment's IAQI, rounded up, so above the level.
          const int above = iaqi(t, p.metric, concentration(p, edge + 1));
          EXPECT_EQ(above, exact_iaqi(p, edge + 1)) << "at " << edge << " + 1 unit";
          EXPECT_GT(above, kLevels[i]) << "at " << edge << " + 1 unit";
        }
      }
    }
  }
}

TEST(Iaqi, EveryReportedConcentrationMatchesExactArithmetic) {
  // Every integer µg/m³ (co: every 0.1 mg/m³) from 0 to past the last
  // breakpoint, against the integer ceiling: the rounding never goes up on
  // a binary error, and never misses a fraction (at least 1/107).
  for (int edition : {2012, 2026}) {
    const AqiTable& t = edition == 2012 ? table_2012() : table_2026();
    for (const Published& p : published(edition)) {
      int wrong = 0;
      for (int u = 0; u <= p.breakpoints.back() + 20; ++u)
        if (iaqi(t, p.metric, concentration(p, u)) != exact_iaqi(p, u) && ++wrong <= 5)
          ADD_FAILURE() << edition << " " << name(p.metric) << " " << concentration(p, u) << ": "
                        << iaqi(t, p.metric, concentration(p, u)) << " != " << exact_iaqi(p, u);
      EXPECT_EQ(wrong, 0) << edition << " " << name(p.metric);
    }
  }
}

TEST(Iaqi, HandComputedValues) {
  const AqiTable& t12 = table_2012();
  const AqiTable& t26 = table_2026();
  // pm25 75 is IAQI 100, a good day; 75.1: 100 + 50·0.1/40 = 100.125 → 101, not good.
  EXPECT_EQ(iaqi(t12, Metric::pm25, 75), 100);
  EXPECT_TRUE(good_day(t12, iaqi(t12, Metric::pm25, 75)));
  EXPECT_EQ(iaqi(t12, Metric::pm25, 75.1), 101);
  EXPECT_FALSE(good_day(t12, iaqi(t12, Metric::pm25, 75.1)));
  // 2026: pm25 60 is IAQI 100; under 2012 it is 50 + 50·(60−35)/40 = 81.25 → 82.
  EXPECT_EQ(iaqi(t26, Metric::pm25, 60), 100);
  EXPECT_EQ(iaqi(t12, Metric::pm25, 60), 82);
  // 2026: pm25 61: 100 + 50·1/55 = 100.91 → 101; pm25 75: 100 + 50·15/55 = 113.6 → 114.
  EXPECT_EQ(iaqi(t26, Metric::pm25, 61), 101);
  EXPECT_EQ(iaqi(t26, Metric::pm25, 75), 114);
  // pm10 130: 2012 50 + 50·80/100 = 90; 2026 100 + 50·10/130 = 103.85 → 104.
  EXPECT_EQ(iaqi(t12, Metric::pm10, 130), 90);
  EXPECT_EQ(iaqi(t26, Metric::pm10, 130), 104);
  // so2 200: 100 + 50·50/325 = 107.69 → 108.
  EXPECT_EQ(iaqi(t12, Metric::so2, 200), 108);
  // no2 100: 100 + 50·20/100 = 110, an integer, kept.
  EXPECT_EQ(iaqi(t12, Metric::no2, 100), 110);
  // co 2.2 mg/m³: 50 + 50·0.2/2 = 55 exactly; the double nearest 2.2 is a little above it,
  // and rounding up its 55.00000000000001 would give 56.
  EXPECT_EQ(iaqi(t12, Metric::co, 2.2), 55);
  // co 2.4: 50 + 50·0.4/2 = 60.
  EXPECT_EQ(iaqi(t12, Metric::co, 2.4), 60);
  // co 1.2: 50·1.2/2 = 30; co 4.1: 100 + 50·0.1/10 = 100.5 → 101.
  EXPECT_EQ(iaqi(t12, Metric::co, 1.2), 30);
  EXPECT_EQ(iaqi(t12, Metric::co, 4.1), 101);
  // o3 281: 200 + 100·16/535 = 202.99 → 203 (the closest fraction to an integer, 1/107 away).
  EXPECT_EQ(iaqi(t12, Metric::o3, 281), 203);
  // pm25 1: 50·1/35 = 1.43 → 2.
  EXPECT_EQ(iaqi(t12, Metric::pm25, 1), 2);
}

TEST(Iaqi, NothingBelowZeroAndTheLastLevelBeyondTheTable) {
  const AqiTable& t = table_2012();
  EXPECT_EQ(iaqi(t, Metric::pm25, 0), 0);
  EXPECT_EQ(iaqi(t, Metric::pm25, -3), 0);
  EXPECT_EQ(iaqi(t, Metric::pm25, std::numeric_limits<double>::quiet_NaN()), 0);
  EXPECT_EQ(iaqi(t, Metric::pm25, 500), 500);
  EXPECT_EQ(iaqi(t, Metric::pm25, 501), 500);
  EXPECT_EQ(iaqi(t, Metric::so2, 5000), 500);
  EXPECT_EQ(iaqi(t, Metric::pm25, std::numeric_limits<double>::infinity()), 500);
  // o3 MDA8 stops at IAQI 300 (800 µg/m³).
  EXPECT_EQ(iaqi(t, Metric::o3, 800), 300);
  EXPECT_EQ(iaqi(t, Metric::o3, 801), 300);
  EXPECT_EQ(iaqi(t, Metric::o3, 1200), 300);
}

// ---------------------------------------------------------------------------
// The day: AQI, primary pollutants, categories.

// so2 no2 pm10 co o3 pm25
using Day = std::array<double, kMetricCount>;

TEST(DayAqi, TheLargestIaqiAndItsPollutant) {
  const AqiTable& t = table_2012();
  // IAQIs: so2 10 → 10; no2 30 → 50·30/40 = 37.5 → 38; pm10 120 → 50 + 50·70/100 = 85;
  // co 0.8 → 50·0.8/2 = 20; o3 150 → 50 + 50·50/60 = 91.67 → 92; pm25 70 → 50 + 50·35/40 = 93.75 → 94.
  const DayAqi d = day_aqi(t, Day{10, 30, 120, 0.8, 150, 70});
  EXPECT_EQ(d.aqi, 94);
  EXPECT_EQ(d.primary, primary_bit(Metric::pm25));
  EXPECT_FALSE(d.beyond_table);
  EXPECT_TRUE(good_day(t, d.aqi));
  EXPECT_EQ(category(t, d.aqi), AqiCategory::good);
}

TEST(DayAqi, TiesMakeSeveralPrimaryPollutants) {
  const AqiTable& t = table_2012();
  // pm25 75 and pm10 150 are both IAQI 100; no2 80 too.
  const DayAqi d = day_aqi(t, Day{5, 80, 150, 0.5, 60, 75});
  EXPECT_EQ(d.aqi, 100);
  EXPECT_EQ(d.primary, primary_bit(Metric::pm25) | primary_bit(Metric::pm10) | primary_bit(Metric::no2));
  // Ties after rounding up: pm25 76 → 100 + 50·1/40 = 101.25 → 102; pm10 153 → 100 + 50·3/100 = 101.5 → 102.
  const DayAqi up = day_aqi(t, Day{5, 20, 153, 0.5, 60, 76});
  EXPECT_EQ(up.aqi, 102);
  EXPECT_EQ(up.primary, primary_bit(Metric::pm25) | primary_bit(Metric::pm10));
}

TEST(DayAqi, NoPrimaryPollutantUpToFifty) {
  const AqiTable& t = table_2012();
  // pm25 35 → 50 exactly: excellent, no primary pollutant.
  const DayAqi fifty = day_aqi(t, Day{5, 20, 40, 0.5, 60, 35});
  EXPECT_EQ(fifty.aqi, 50);
  EXPECT_EQ(fifty.primary, 0);
  EXPECT_EQ(category(t, fifty.aqi), AqiCategory::excellent);
  // pm10 51 → 50 + 50·1/100 = 50.5 → 51: good, pm10 primary.
  const DayAqi fifty_one = day_aqi(t, Day{5, 20, 51, 0.5, 60, 30});
  EXPECT_EQ(fifty_one.aqi, 51);
  EXPECT_EQ(fifty_one.primary, primary_bit(Metric::pm10));
  // A clean day: all zero.
  const DayAqi zero = day_aqi(t, Day{0, 0, 0, 0, 0, 0});
  EXPECT_EQ(zero.aqi, 0);
  EXPECT_EQ(zero.primary, 0);
}

TEST(DayAqi, OzoneAbove800IsBeyondTheTableAndHeavy) {
  const AqiTable& t = table_2012();
  const DayAqi at = day_aqi(t, Day{5, 20, 40, 0.5, 800, 30});
  EXPECT_EQ(at.aqi, 300);
  EXPECT_FALSE(at.beyond_table);
  const DayAqi d = day_aqi(t, Day{5, 20, 40, 0.5, 801, 30});
  EXPECT_EQ(d.aqi, 300);
  EXPECT_TRUE(d.beyond_table);
  EXPECT_EQ(d.primary, primary_bit(Metric::o3));
  EXPECT_TRUE(heavy_day(t, d.aqi));
  EXPECT_FALSE(good_day(t, d.aqi));
  EXPECT_EQ(category(t, d.aqi), AqiCategory::heavy);
  // PM2.5 above 500: 500, severe, beyond the table.
  const DayAqi pm = day_aqi(t, Day{5, 20, 40, 0.5, 60, 650});
  EXPECT_EQ(pm.aqi, 500);
  EXPECT_TRUE(pm.beyond_table);
  EXPECT_EQ(category(t, pm.aqi), AqiCategory::severe);
}

TEST(DayAqi, CategoriesGoodAndHeavyDaysAtTheirBounds) {
  const AqiTable& t = table_2012();
  const std::vector<std::pair<int, AqiCategory>> cases{
      {0, AqiCategory::excellent},   {50, AqiCategory::excellent}, {51, AqiCategory::good},
      {100, AqiCategory::good},      {101, AqiCategory::light},    {150, AqiCategory::light},
      {151, AqiCategory::moderate},  {200, AqiCategory::moderate}, {201, AqiCategory::heavy},
      {300, AqiCategory::heavy},     {301, AqiCategory::severe},   {500, AqiCategory::severe}};
  for (const auto& [aqi, c] : cases) EXPECT_EQ(category(t, aqi), c) << aqi;
  EXPECT_TRUE(good_day(t, 100));
  EXPECT_FALSE(good_day(t, 101));
  EXPECT_FALSE(heavy_day(t, 200));
  EXPECT_TRUE(heavy_day(t, 201));
}

TEST(DayAqi, CategoryNamesInBothLanguages) {
  const std::vector<std::pair<std::string, std::string>> names{
      {"excellent", "优"},
      {"good", "良"},
      {"lightly polluted", "轻度污染"},
      {"moderately polluted", "中度污染"},
      {"heavily polluted", "重度污染"},
      {"severely polluted", "严重污染"}};
  for (int i = 0; i < kAqiCategoryCount; ++i) {
    const Text n = category_name(static_cast<AqiCategory>(i));
    EXPECT_EQ(n.str(Language::en), names[static_cast<std::size_t>(i)].first);
    EXPECT_EQ(n.str(Language::zh), names[static_cast<std::size_t>(i)].second);
  }
}

// ---------------------------------------------------------------------------
// Bad files: every problem reported, each at its place.

std::string number(double v, const std::string& unit) {
  return fmt::format("{{ value = {}, unit = \"{}\", source = \"s\", confirmed = true }}", v, unit);
}

// A valid table with the 2012 numbers, one breakpoint per line; tests edit it.
std::string valid_text() {
  std::string t = "name = \"test\"\neffective = 2016-01-01\n";
  t += "rounding = { value = \"ceil\", source = \"s\", confirmed = true }\n\n[iaqi]\nlevels = [\n";
  for (int l : kLevels) t += fmt::format("  {}, # level {}\n", number(l, "1"), l);
  t += "]\n";
  for (const Published& p : published(2012)) {
    t += fmt::format("\n[metrics.{}]\ndaily_value = \"{}\"\nbreakpoints = [\n", name(p.metric),
                     p.metric == Metric::o3 ? "mda8" : "24h_mean");
    for (int b : p.breakpoints)
      t += fmt::format("  {}, # {} {}\n", number(concentration(p, b), std::string(unit(p.metric))), name(p.metric), b);
    t += "]\n";
  }
  t += "\n[categories]\n";
  const char* keys[] = {"excellent", "good", "light", "moderate", "heavy"};
  const int bounds[] = {50, 100, 150, 200, 300};
  for (int i = 0; i < 5; ++i) t += fmt::format("{} = {}\n", keys[i], number(bounds[i], "1"));
  t += "\n[days]\ngood_max = " + number(100, "1") + "\nheavy_above = " + number(200, "1") + "\n";
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

// "line:column" (1-based, column in code points) of `needle` where it
// directly follows the first `prefix + needle`.
std::string at(const std::string& text, const std::string& prefix, const std::string& needle) {
  std::size_t p = text.find(prefix + needle);
  EXPECT_NE(p, std::string::npos) << prefix << needle;
  if (p == std::string::npos) return "?";
  p += prefix.size();
  const std::size_t line_start = text.rfind('\n', p) == std::string::npos ? 0 : text.rfind('\n', p) + 1;
  const int line = 1 + static_cast<int>(std::count(text.begin(), text.begin() + static_cast<std::ptrdiff_t>(p), '\n'));
  const int column = 1 + utf8_length(std::string_view(text).substr(line_start, p - line_start));
  return std::to_string(line) + ":" + std::to_string(column);
}
std::string at(const std::string& text, const std::string& needle) { return at(text, "", needle); }

// The end of an element's line as valid_text writes it: "# pm25 75\n", "# level 400\n".
std::string tag(const std::string& what, int b) { return fmt::format("# {} {}\n", what, b); }

// The element tagged `what b`: its value set to `v`, and the place of that value.
std::string set_value(std::string text, const std::string& what, int b, const std::string& v) {
  const std::size_t end = text.find(tag(what, b));
  EXPECT_NE(end, std::string::npos) << what << " " << b;
  if (end == std::string::npos) return text;
  const std::size_t from = text.find("value = ", text.rfind('\n', end) + 1) + 8;
  text.replace(from, text.find(',', from) - from, v);
  return text;
}
std::string value_at(const std::string& text, const std::string& what, int b) {
  const std::size_t line_start = text.rfind('\n', text.find(tag(what, b))) + 1;
  const auto line_begin = text.begin() + static_cast<std::ptrdiff_t>(line_start);
  const int line = 1 + static_cast<int>(std::count(text.begin(), line_begin, '\n'));
  const std::size_t col = text.find("value = ", line_start) + 8 - line_start;
  return std::to_string(line) + ":" + std::to_string(col + 1);  // ASCII before the value
}

class AqiLoader : public ::testing::Test {
 protected:
  // Every message of the InputError thrown for `text`, none if none was thrown.
  std::vector<std::string> errors(const std::string& text) {
    test::write_file(path_, text);
    try {
      load_aqi_table(path_);
    } catch (const InputError& e) {
      std::vector<std::string> out;
      for (const Diagnostic& d : e.diagnostics().items()) out.push_back(d.to_string());
      return out;
    }
    return {};
  }

  test::TempDir dir_;
  std::string path_ = dir_.file("aqi.toml");
};

using Errors = std::vector<std::string>;

TEST_F(AqiLoader, ValidTextLoads) {
  EXPECT_EQ(errors(valid_text()), Errors{});
  const AqiTable t = load_aqi_table(path_);
  EXPECT_EQ(iaqi(t, Metric::pm25, 75.1), 101);
  EXPECT_EQ(t[Metric::o3].count, 6);
  EXPECT_EQ(t.source_file, path_);
  // ug/m3 is µg/m³.
  EXPECT_EQ(errors(edit(valid_text(), "unit = \"µg/m³\", source = \"s\", confirmed = true }, # so2 50",
                        "unit = \"ug/m3\", source = \"s\", confirmed = true }, # so2 50")),
            Errors{});
}

TEST_F(AqiLoader, BreakpointsMustIncreaseStrictly) {
  // pm25: 0 35 75 115 … with 115 written as 70 (below 75), and no2 80 written as 40 (equal).
  std::string text = set_value(valid_text(), "pm25", 115, "70");
  text = set_value(text, "no2", 80, "40");
  const Errors expected{
      path_ + ":" + value_at(text, "no2", 80) +
          ": metrics.no2.breakpoints[2].value: 40 is not above the value before it, 40",
      path_ + ":" + value_at(text, "pm25", 115) +
          ": metrics.pm25.breakpoints[3].value: 70 is not above the value before it, 75",
  };
  EXPECT_EQ(errors(text), expected);
}

TEST_F(AqiLoader, LevelsMustStartAtZeroAndIncrease) {
  std::string text = set_value(valid_text(), "level", 0, "10");
  text = set_value(text, "level", 400, "300");
  text = set_value(text, "co", 0, "0.5");
  const Errors expected{
      path_ + ":" + value_at(text, "level", 0) + ": iaqi.levels[0].value: the scale starts at 0, got 10",
      path_ + ":" + value_at(text, "level", 400) + ": iaqi.levels[6].value: 300 is not above the value before it, 300",
      path_ + ":" + value_at(text, "co", 0) + ": metrics.co.breakpoints[0].value: the scale starts at 0, got 0.5",
  };
  EXPECT_EQ(errors(text), expected);
}

TEST_F(AqiLoader, CountsNegativeValuesAndUnits) {
  // o3 gets 9 breakpoints for 8 levels; pm10 only one; a negative category bound; wrong units.
  std::string more;
  for (int b : {900, 1000, 1100}) more += "  " + number(b, "µg/m³") + ",\n";
  std::string text = edit(valid_text(), tag("o3", 800), tag("o3", 800) + more);
  const std::string pm10_start = "[metrics.pm10]\ndaily_value = \"24h_mean\"\nbreakpoints = [\n";
  const auto from = text.find(pm10_start) + pm10_start.size();
  text.replace(from, text.find("]\n", from) - from, "  " + number(0, "µg/m³") + ",\n");
  text = edit(text, "excellent = { value = 50", "excellent = { value = -50");
  text = edit(text, "value = 2, unit = \"mg/m³\"", "value = 2, unit = \"µg/m³\"");
  text = edit(text, "good_max = { value = 100, unit = \"1\"", "good_max = { value = 100, unit = \"µg/m³\"");
  const Errors expected{
      path_ + ":" + at(text, pm10_start.substr(0, pm10_start.size() - 2), "[") +
          ": metrics.pm10.breakpoints: 1 values, expected 2 to 16",
      path_ + ":" + at(text, "value = 2, unit = ", "\"µg/m³\"") +
          ": metrics.co.breakpoints[1].unit: 'µg/m³' is not the unit of co, 'mg/m³'",
      path_ + ":" + at(text, "[metrics.o3]\ndaily_value = \"mda8\"\nbreakpoints = ", "[") +
          ": metrics.o3.breakpoints: 9 breakpoints, more than the 8 IAQI levels (iaqi.levels)",
      path_ + ":" + at(text, "-50") + ": categories.excellent.value: must not be negative, got -50",
      path_ + ":" + at(text, "good_max = { value = 100, unit = ", "\"µg/m³\"") +
          ": days.good_max.unit: 'µg/m³' is not '1' (this number is dimensionless)",
  };
  EXPECT_EQ(errors(text), expected);
}

TEST_F(AqiLoader, UnknownAndMissingNamesWithDidYouMean) {
  std::string text = valid_text();
  const auto pm25 = text.find("\n[metrics.pm25]");
  text.erase(pm25, text.find("\n[categories]") - pm25);
  text = edit(text, "[metrics.so2]\ndaily_value = \"24h_mean\"\nbreakpoints = [",
              "[metrics.so2]\ndaily_value = \"24h_mean\"\nbreakpiont = [");
  text = edit(text, "rounding = {", "roundng = {");
  text = edit(text, "[days]\ngood_max", "[days]\ngood_mx");
  const Errors expected{
      path_ + ":1:1: missing key 'rounding'",
      path_ + ":" + at(text, "roundng") + ": unknown key 'roundng' (did you mean 'rounding'?)",
      // The implicit [metrics] table is placed at its first sub-table.
      path_ + ":" + at(text, "[metrics.so2]") + ": metrics.so2: missing key 'breakpoints'",
      path_ + ":" + at(text, "[metrics.so2]") + ": metrics: missing key 'pm25'",
      path_ + ":" + at(text, "breakpiont") + ": metrics.so2: unknown key 'breakpiont' (did you mean 'breakpoints'?)",
      path_ + ":" + at(text, "[days]") + ": days: missing key 'good_max'",
      path_ + ":" + at(text, "good_mx") + ": days: unknown key 'good_mx' (did you mean 'good_max'?)",
  };
  EXPECT_EQ(errors(text), expected);
}

TEST_F(AqiLoader, ChoicesAndShapes) {
  std::string text = edit(valid_text(), "value = \"ceil\"", "value = \"round\"");
  text = edit(text, "[metrics.o3]\ndaily_value = \"mda8\"", "[metrics.o3]\ndaily_value = \"24h_mean\"");
  text = edit(text, "  { value = 35, unit = \"µg/m³\", source = \"s\", confirmed = true }, # pm25 35", "  35,");
  const Errors expected{
      path_ + ":" + at(text, "\"round\"") + ": rounding.value: 'round' is not 'ceil'",
      path_ + ":" + at(text, "[metrics.o3]\ndaily_value = ", "\"24h_mean\"") +
          ": metrics.o3.daily_value: '24h_mean' is not the daily value the model gives for o3, 'mda8'",
      path_ + ":" + at(text, "  ", "35,") +
          ": metrics.pm25.breakpoints[1]: expected a table { value, unit, source, confirmed }, got an integer",
  };
  EXPECT_EQ(errors(text), expected);
}

TEST_F(AqiLoader, DayBoundsAreCategoryBounds) {
  std::string text = edit(valid_text(), "good_max = { value = 100", "good_max = { value = 120");
  text = edit(text, "heavy_above = { value = 200", "heavy_above = { value = 50");
  text = edit(text, "moderate = { value = 200", "moderate = { value = 140");
  // With the categories wrong, the day bounds are not compared with them.
  const Errors wrong_categories{
      path_ + ":" + at(text, "moderate = { value = ", "140") +
          ": categories.moderate.value: 140 is not above the value before it, 150",
      path_ + ":" + at(text, "heavy_above = { value = ", "50") +
          ": days.heavy_above.value: 50 is not above days.good_max, 120",
  };
  EXPECT_EQ(errors(text), wrong_categories);
  text = edit(text, "moderate = { value = 140", "moderate = { value = 200");
  const Errors expected{
      path_ + ":" + at(text, "good_max = { value = ", "120") +
          ": days.good_max.value: 120 is not the upper bound of a category (50, 100, 150, 200, 300)",
  };
  EXPECT_EQ(errors(text), expected);
}

TEST_F(AqiLoader, SyntaxErrorAndMissingFile) {
  const std::string text = edit(valid_text(), "name = \"test\"", "name = \"test");
  const Errors got = errors(text);
  ASSERT_EQ(got.size(), 1u);
  // toml++ words the problem; the place is on the unterminated string's line.
  EXPECT_TRUE(got[0].starts_with(path_ + ":1:")) << got[0];

  const std::string missing = dir_.file("nope.toml");
  try {
    load_aqi_table(missing);
    FAIL() << "no error";
  } catch (const InputError& e) {
    EXPECT_EQ(std::string(e.what()), missing + ": cannot read: No such file or directory");
  }
}

TEST_F(AqiLoader, MessagesInChinese) {
  const std::string text = set_value(valid_text(), "pm25", 115, "70");
  test::write_file(path_, text);
  try {
    load_aqi_table(path_);
    FAIL() << "no error";
  } catch (const InputError& e) {
    EXPECT_EQ(e.diagnostics().to_string(Language::zh),
              path_ + ":" + value_at(text, "pm25", 115) +
                  ": metrics.pm25.breakpoints[3].value：70 不大于前一个值 75\n");
  }
}

}  // namespace
}  // namespace aqplan
