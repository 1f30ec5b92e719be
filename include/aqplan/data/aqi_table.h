// aqplan/data/aqi_table.h — the daily air quality index (AQI) of HJ 633 as
// data: the IAQI levels, each pollutant's concentration breakpoints, how an
// IAQI result is rounded, the AQI categories (优 … 严重污染) and the bounds of
// a good day (优良天, AQI ≤ 100) and a heavy-pollution day (重污染天,
// AQI > 200), loaded from data/standards/hj633-*.toml (hj633-2012.toml;
// hj633-2026.toml, in force from 2026-03-01). model/aqi.h computes with it.
//
// Every number carries its unit, its source and whether it is confirmed
// (false: reported or assumed, not checked against the published text).
//
// Units: breakpoints in the pollutant's unit (metric.h: µg/m³, co mg/m³);
// IAQI levels, category and day bounds are AQI values, dimensionless ("1").
// The breakpoints apply to the daily values of the daily report (日报):
// 24-h means of so2 no2 pm10 co pm25, and the o3 MDA8.
//
// Thread safety: load_aqi_table has no shared state; a loaded AqiTable is an
// immutable value, safe to read from any number of threads at once.
#pragma once

#include <array>
#include <cstddef>
#include <string>
#include <vector>

#include "aqplan/base/metric.h"
#include "aqplan/data/standard.h"

namespace aqplan {

// Most IAQI levels (and so breakpoints per pollutant) a table may have;
// HJ 633 has 8 (0 50 100 150 200 300 400 500).
inline constexpr int kAqiMaxLevels = 16;

// The AQI categories of HJ 633-2012 Table 2, in order; the table gives the
// upper AQI bound of each but the last.
enum class AqiCategory : int { excellent = 0, good, light, moderate, heavy, severe };
inline constexpr int kAqiCategoryCount = 6;

// How an IAQI result becomes an integer.
enum class AqiRounding {
  ceil,  // rounded up (HJ 633-2012: 进位取整数)
};

// One number of the table as written.
struct AqiNumber {
  double value = 0.0;
  std::string unit;    // "µg/m³", "mg/m³" or "1"
  std::string source;  // clause or document the number comes from
  bool confirmed = false;
  int line = 0;  // where it was written, for messages (1-based; 0 = unknown)
  int column = 0;
};

// One pollutant's breakpoints: the concentration at IAQI level i is
// concentration[i], for i < count. count may be below the table's
// level_count: the table stops early (o3 MDA8 at IAQI 300, 800 µg/m³).
struct AqiScale {
  Metric metric = Metric::so2;
  DailyValue daily_value = DailyValue::mean_24h;  // o3: mda8; every other: 24h_mean
  int count = 0;                                   // 2 ≤ count ≤ level_count in a loaded table
  std::array<double, kAqiMaxLevels> concentration{};  // from 0, strictly increasing; metric unit
  std::vector<AqiNumber> breakpoints;                 // the same, with units and sources

  // The last concentration with a table value (o3: 800 µg/m³, pm25: 500).
  double last_concentration() const { return concentration[static_cast<std::size_t>(count - 1)]; }
};

struct AqiRoundingRule {
  AqiRounding value = AqiRounding::ceil;
  std::string source;
  bool confirmed = false;
};

struct AqiTable {
  std::string name;        // "HJ 633-2012"
  int effective_year = 0;  // date it took effect
  int effective_month = 0;
  int effective_day = 0;
  std::string notes;        // free text from the file (may be empty)
  std::string source_file;  // path it was loaded from

  AqiRoundingRule rounding;
  int level_count = 0;                        // 2 ≤ level_count ≤ kAqiMaxLevels
  std::array<double, kAqiMaxLevels> level{};  // IAQI levels: from 0, strictly increasing
  std::vector<AqiNumber> levels;              // the same, with sources
  std::array<AqiScale, kMetricCount> metrics{};  // indexed by static_cast<int>(Metric)
  // Upper AQI bound of each category but severe, strictly increasing:
  // excellent 50, good 100, light 150, moderate 200, heavy 300.
  std::array<AqiNumber, kAqiCategoryCount - 1> category_max{};
  AqiNumber good_max;     // a good day has AQI ≤ good_max (100); a category bound
  AqiNumber heavy_above;  // a heavy-pollution day has AQI > heavy_above (200); a category bound

  const AqiScale& operator[](Metric m) const { return metrics[static_cast<std::size_t>(m)]; }
};

// Reads and validates an AQI table file. Checks: TOML syntax; known keys
// only (unknown keys and pollutant names are errors, with "did you mean");
// all six pollutants present; every number a table { value, unit, source,
// confirmed } with the pollutant's unit for breakpoints and "1" for AQI
// values; no value negative; IAQI levels and each pollutant's breakpoints
// start at 0 and increase strictly (the first offending element is named);
// 2 to kAqiMaxLevels levels, and 2 to that many breakpoints per pollutant;
// daily_value "mda8" for o3 and "24h_mean" for the others (what the model
// gives); rounding "ceil"; category bounds increasing; days.good_max and
// days.heavy_above category bounds, the second above the first. Throws
// InputError listing every problem found, in file order, each as
// "file:line:column: key.path: message".
AqiTable load_aqi_table(const std::string& path);

// The AQI table of a plan's target year under `standards_dir`:
// hj633-2012.toml before 2026, hj633-2026.toml from 2026. The year counts
// wholly, although HJ 633-2026 took effect on 1 March 2026, as the stages of
// gb3095-2026.toml do. The file is not opened.
std::string aqi_table_file(const std::string& standards_dir, int target_year);

// Whether a file name's stem (e.g. "hj633-2012") names an AQI table of the
// standards directory (the hj633-*.toml files aqi_table_file names) rather
// than an air-quality standard.
bool is_aqi_table_name(std::string_view stem);

}  // namespace aqplan
