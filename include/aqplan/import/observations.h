// aqplan/import/observations.h — monthly values of the six metrics from the
// hourly station data of the national real-time archive (model.md §9).
//
// The archive has one CSV file per day, `china_sites_YYYYMMDD.csv`: a header
// `date,hour,type,<station code>…` (codes such as `1001A`), then one row per
// hour (0–23) and type (`AQI`, `PM2.5`, `PM2.5_24h`, `PM10`, … `CO_24h`),
// `date` as YYYYMMDD, empty cells missing. Only the hourly types are read:
// `SO2`, `NO2`, `PM10`, `CO`, `O3`, `PM2.5`.
//
// Rules (HJ 663-2013): the area's value of an hour is the mean of the
// chosen stations' valid values of that hour; a day's 24-hour mean is valid
// with ≥ 20 valid hours; O3's MDA8 is the largest of the 17 running 8-hour
// means of the day (hours 0–7 … 16–23), each valid with ≥ 6 valid hours,
// the MDA8 valid with ≥ 14 valid windows; a month is valid with ≥ 27 valid
// days (February ≥ 25). A month's value is the mean of the daily means for
// so2, no2, pm10 and pm25, the 95th percentile of the daily means for co and
// the 90th percentile of the daily MDA8 for o3 (base/percentile.h). A month
// that is not valid is left out with a warning, never estimated.
//
// Units: µg/m³, co in mg/m³, as the archive writes them; months 1..12 of
// the files' one year.
//
// Thread safety: import_observations may be called from any thread; it runs
// the files in parallel (TBB) and its result does not depend on the number
// of threads.
#pragma once

#include <string>
#include <vector>

#include "aqplan/base/diagnostic.h"
#include "aqplan/base/metric.h"

namespace aqplan {

inline constexpr int kMinValidHours = 20;         // of 24, for a valid 24-hour mean
inline constexpr int kMinWindowHours = 6;         // of 8, for a valid 8-hour mean
inline constexpr int kMinValidWindows = 14;       // of 17, for a valid MDA8
inline constexpr int kMinValidDays = 27;          // of a month, for a valid month
inline constexpr int kMinValidDaysFebruary = 25;  // of February

// Valid days a month needs: 25 for February, else 27.
int min_valid_days(int month);

// One valid month of one metric.
struct ObservedMonth {
  Metric metric = Metric::so2;
  int month = 0;       // 1..12
  double value = 0.0;  // the month's statistic, not rounded (µg/m³; co mg/m³)
  int valid_days = 0;  // the days whose daily value went into it
};

struct ObservationRequest {
  // `china_sites_YYYYMMDD.csv` files, or directories whose files of that
  // name are all read (sorted by name), in any mix.
  std::vector<std::string> inputs;
  // Station codes as the headers write them; the area's value of an hour is
  // the mean of theirs. A code given twice counts once.
  std::vector<std::string> stations;
  int threads = 0;  // worker threads; 0 = every core
};

struct ObservedMonths {
  int year = 0;  // the files' year (0 when no file was named)
  int files = 0;  // files read
  // The valid months, in metric order (so2 no2 pm10 co o3 pm25), then by
  // month; empty when `diagnostics` has errors.
  std::vector<ObservedMonth> months;
  // Every problem, in the order of the files: errors (bad input, nothing to
  // write) and warnings (a month left out: its valid days and the days it
  // needs). Each as `file:line:col: message`.
  Diagnostics diagnostics;
};

// Reads the files and computes the months (see above). Never throws for bad
// input: every problem is in the result's diagnostics. Errors: no file, a
// file name that is not `china_sites_YYYYMMDD.csv` (of a real day), two
// files for one day, files of more than one year, a file that cannot be
// read, a header without `date,hour,type` or without a chosen station (with
// "did you mean" for a near miss), a row with more or fewer cells than the
// header, a date that differs from the file name's, an hour outside 0–23, an
// hour and type given twice, and a chosen station's cell of an hourly type
// that is not a number ≥ 0. After 20 errors in one file its other problems
// are not reported.
ObservedMonths import_observations(const ObservationRequest& request);

// CSV with header `metric,month,value,valid_days`, one row per month as
// import_observations gives them; values rounded half-to-even
// (base/rounding.h) to 2 decimals, co to 3.
std::string observations_to_csv(const std::vector<ObservedMonth>& months);

}  // namespace aqplan
