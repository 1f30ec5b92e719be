// aqplan/model/aqi.h — the air quality index (AQI) of a day by HJ 633, from
// its six daily concentrations and an AQI table (data/aqi_table.h): each
// pollutant's IAQI, the day's AQI and primary pollutants, its category
// (优 … 严重污染), and whether it is a good day (优良天) or a heavy-pollution
// day (重污染天).
//
// Inputs are the daily concentrations as reported: the caller rounds them to
// the reporting decimals of the standard first (standard.h decimals, GB/T
// 8170, as HJ 663 reports them). Units: µg/m³, co mg/m³. so2 no2 pm10 co
// pm25 are 24-h means; o3 is the MDA8 (maximum daily 8-hour mean). The 1-h
// O3, which HJ 633 reports instead of the MDA8 above 800 µg/m³, is not
// modelled.
//
// IAQI by linear interpolation between the breakpoints BP_lo < C ≤ BP_hi
// with IAQI levels IAQI_lo, IAQI_hi:
//   IAQI = (IAQI_hi − IAQI_lo)·(C − BP_lo)/(BP_hi − BP_lo) + IAQI_lo,
// the product taken before the quotient (the same number, and a
// concentration at a breakpoint gives that level's IAQI exactly), then
// rounded by the table's rule: "ceil" rounds up to an integer (HJ 633-2012,
// 进位取整数); a result within 1e-9 of an integer counts as that integer, so
// the binary error of a decimal concentration (2.2 mg/m³) does not round up.
// Every other IAQI of a reported concentration is at least 1/107 from an
// integer (o3 between 265 and 800 µg/m³: 100/535 per µg/m³).
//
// Above a pollutant's last breakpoint the IAQI is its last level: 500, or
// 300 for the o3 MDA8 above 800 µg/m³, where HJ 633 would use the 1-h O3
// instead; the day is marked beyond_table. Good and heavy days stay exact:
// such a day is a heavy-pollution day whichever IAQI the 1-h O3 would give
// (any IAQI at or above 300 is above the heavy bound of 200).
//
// Thread safety: pure functions; no allocation (category_name excepted).
#pragma once

#include <array>
#include <cstdint>

#include "aqplan/base/message.h"
#include "aqplan/base/metric.h"
#include "aqplan/data/aqi_table.h"

namespace aqplan {

// The IAQI of `concentration` (metric unit) for pollutant m: 0 for a
// concentration ≤ 0 (or NaN); the last level above the last breakpoint.
// An interpolated IAQI this close to an integer is that integer before
// rounding up: the binary error of a decimal concentration (real fractions
// of reported values are at least 1/107).
inline constexpr double kIaqiIntegerTolerance = 1e-9;

int iaqi(const AqiTable& table, Metric m, double concentration) noexcept;

// The bit of DayAqi::primary that names pollutant m.
constexpr std::uint8_t primary_bit(Metric m) noexcept {
  return static_cast<std::uint8_t>(1U << static_cast<unsigned>(m));
}

struct DayAqi {
  int aqi = 0;  // the largest IAQI of the six pollutants
  // primary_bit(m) for each primary pollutant (首要污染物): every pollutant
  // whose IAQI equals the AQI, when the AQI is above the excellent
  // category's bound (50); 0 otherwise.
  std::uint8_t primary = 0;
  // Some pollutant above its last breakpoint (its IAQI is the last level).
  bool beyond_table = false;
};

// The day's AQI from its six daily concentrations, indexed by
// static_cast<int>(Metric) (so2 no2 pm10 co o3 pm25).
DayAqi day_aqi(const AqiTable& table, const std::array<double, kMetricCount>& c) noexcept;

// A good day (优良天): AQI ≤ table.good_max (100).
bool good_day(const AqiTable& table, int aqi) noexcept;
// A heavy-pollution day (重污染天): AQI > table.heavy_above (200).
bool heavy_day(const AqiTable& table, int aqi) noexcept;

// The category of an AQI: the first whose upper bound (table.category_max)
// it does not exceed; severe above them all.
AqiCategory category(const AqiTable& table, int aqi) noexcept;

// "excellent" / "优", "good" / "良", "lightly polluted" / "轻度污染",
// "moderately polluted" / "中度污染", "heavily polluted" / "重度污染",
// "severely polluted" / "严重污染".
Text category_name(AqiCategory c);

}  // namespace aqplan
