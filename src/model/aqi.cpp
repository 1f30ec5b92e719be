#include "aqplan/model/aqi.h"

#include <cmath>
#include <cstddef>

#include "base/messages.h"

namespace aqplan {

namespace {

int rounded(AqiRounding rule, double x) noexcept {
  const double nearest = std::round(x);
  if (std::fabs(x - nearest) <= kIaqiIntegerTolerance) return static_cast<int>(nearest);
  switch (rule) {
    case AqiRounding::ceil: break;
  }
  return static_cast<int>(std::ceil(x));
}

}  // namespace

int iaqi(const AqiTable& table, Metric m, double concentration) noexcept {
  const AqiScale& s = table[m];
  if (!(concentration > 0.0)) return 0;
  for (int i = 1; i < s.count; ++i) {
    const auto hi = static_cast<std::size_t>(i);
    if (concentration <= s.concentration[hi]) {
      const std::size_t lo = hi - 1;
      const double x = (table.level[hi] - table.level[lo]) * (concentration - s.concentration[lo]) /
                           (s.concentration[hi] - s.concentration[lo]) +
                       table.level[lo];
      return rounded(table.rounding.value, x);
    }
  }
  return rounded(table.rounding.value, table.level[static_cast<std::size_t>(s.count - 1)]);
}

DayAqi day_aqi(const AqiTable& table, const std::array<double, kMetricCount>& c) noexcept {
  std::array<int, kMetricCount> index{};
  DayAqi day;
  for (Metric m : kMetrics) {
    const auto i = static_cast<std::size_t>(m);
    index[i] = iaqi(table, m, c[i]);
    if (index[i] > day.aqi) day.aqi = index[i];
    if (c[i] > table[m].last_concentration()) day.beyond_table = true;
  }
  // HJ 633: a primary pollutant only when the AQI is above 50 (优).
  const auto excellent = static_cast<std::size_t>(AqiCategory::excellent);
  if (day.aqi > table.category_max[excellent].value)
    for (Metric m : kMetrics)
      if (index[static_cast<std::size_t>(m)] == day.aqi) day.primary |= primary_bit(m);
  return day;
}

bool good_day(const AqiTable& table, int aqi) noexcept { return aqi <= table.good_max.value; }

bool heavy_day(const AqiTable& table, int aqi) noexcept { return aqi > table.heavy_above.value; }

AqiCategory category(const AqiTable& table, int aqi) noexcept {
  for (std::size_t i = 0; i < table.category_max.size(); ++i)
    if (aqi <= table.category_max[i].value) return static_cast<AqiCategory>(i);
  return AqiCategory::severe;
}

Text category_name(AqiCategory c) {
  switch (c) {
    case AqiCategory::excellent: return Text(msg::aqi_excellent);
    case AqiCategory::good: return Text(msg::aqi_good);
    case AqiCategory::light: return Text(msg::aqi_light);
    case AqiCategory::moderate: return Text(msg::aqi_moderate);
    case AqiCategory::heavy: return Text(msg::aqi_heavy);
    case AqiCategory::severe: break;
  }
  return Text(msg::aqi_severe);
}

}  // namespace aqplan
