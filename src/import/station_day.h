// Internal to the import stage: one day file of the national real-time
// archive (`china_sites_YYYYMMDD.csv`, aqplan/import/observations.h) read
// into the day's values of the six metrics, and the HJ 663 daily statistics
// of 24 hourly values.
#pragma once

#include <array>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "aqplan/base/diagnostic.h"
#include "aqplan/base/metric.h"

namespace aqplan::obs {

inline constexpr int kHours = 24;
inline constexpr int kWindows = kHours - 8 + 1;  // running 8-hour means of a day: hours 0–7 … 16–23
inline constexpr int kMaxErrorsPerFile = 20;

using Hours = std::array<double, kHours>;  // NaN: no valid value that hour

// The mean of the valid hours when there are at least kMinValidHours; NaN
// otherwise. Hours are added in order.
double daily_mean(const Hours& hours);
// The largest running 8-hour mean (each of ≥ kMinWindowHours valid hours)
// when at least kMinValidWindows are valid; NaN otherwise.
double daily_mda8(const Hours& hours);

// A chosen station the header lacks (an error of line 1, said by the
// caller, once for all the files that lack it).
struct MissingStation {
  std::size_t station = 0;  // index in the chosen stations
  Text did_you_mean;        // the near miss in this header, or empty
};

struct StationDay {
  // Indexed by static_cast<int>(Metric): the 24-hour mean (o3: the MDA8);
  // NaN when the day is not valid for that metric.
  std::array<double, kMetricCount> value{};
  std::vector<MissingStation> missing;
  Diagnostics diagnostics;  // the other errors; at most kMaxErrorsPerFile and a note
};

// Reads the bytes of one day file. `file` names it in diagnostics, `date` is
// the day its name gives (YYYYMMDD), `stations` the codes whose mean makes
// the area's value of an hour (distinct, none empty).
StationDay read_station_day(std::string_view bytes, const std::string& file, std::string_view date,
                            std::span<const std::string> stations);

}  // namespace aqplan::obs
