// The day counts of a year of daily values (model.md §10).
#include "aqplan/model/day_statistics.h"

#include <cmath>
#include <cstring>
#include <limits>
#include <numeric>

#include "aqplan/base/rounding.h"
#include "aqplan/model/aqi.h"
#include "kernels/dispatch.h"
#include "kernels/fastmath.h"
#include "kernels/months.h"

namespace aqplan {

int DayCounts::year_days() const { return std::accumulate(days.begin(), days.end(), 0); }
int DayCounts::year_good() const { return std::accumulate(good.begin(), good.end(), 0); }
int DayCounts::year_heavy() const { return std::accumulate(heavy.begin(), heavy.end(), 0); }

double DayCounts::good_ratio() const {
  const int n = year_days();
  return n > 0 ? static_cast<double>(year_good()) / static_cast<double>(n) : 0.0;
}

DayEvaluator::DayEvaluator(const AqiTable& table, const Standard& standard, int year)
    : year_(year), days_(static_cast<std::size_t>(days_in_year(year))) {
  DayTables& t = tables_;
  for (Metric p : kMetrics) {
    const auto i = static_cast<std::size_t>(p);
    t.decimals[i] = standard.decimals(p, year);
    t.scale[i] = std::pow(10.0, t.decimals[i]);
    const MetricStandard& ms = standard[p];
    const StagedValue& limit = ms.daily_value == DailyValue::mda8 ? ms.mda8_limit : ms.daily_limit;
    t.limit[i] = limit.present() ? limit.value_at(year) : std::numeric_limits<double>::infinity();
    t.count[i] = static_cast<std::size_t>(table[p].count);
    t.bp[i] = table[p].concentration;
  }
  t.level = table.level;
  t.good_max = table.good_max.value;
  t.heavy_above = table.heavy_above.value;
  t.excellent_max = table.category_max[static_cast<std::size_t>(AqiCategory::excellent)].value;
  for (int m = 0; m < kMonths; ++m)
    month_begin_[static_cast<std::size_t>(m) + 1] =
        month_begin_[static_cast<std::size_t>(m)] + static_cast<std::size_t>(days_in_month(year, m + 1));
}

namespace {

constexpr std::size_t kMaxDays = 368;  // 366 days, padded to whole 4-day vectors

// The day counts' body as a kernel (kernels/dispatch.h): plain loops over a
// metric's days that vectorise, with the same arithmetic as
// round_half_even, iaqi and day_aqi, so each day's AQI is theirs bit for
// bit (tests/day_statistics_test.cpp compares every day).
struct CountKernel {
  template <SimdLevel>
  AQPLAN_ALWAYS_INLINE static void run(const DayTables& t, const double* daily, std::size_t days,
                                       const std::size_t* month_begin, DayCounts& out) noexcept {
    alignas(32) double r[kMetricCount][kMaxDays], index[kMetricCount][kMaxDays];
    for (std::size_t p = 0; p < kMetricCount; ++p) {
      report(t, p, daily + p * days, days, r[p]);
      for (std::size_t d = days; d < kMaxDays; ++d) r[p][d] = 0.0;
      sub_index(t, p, r[p], days, index[p]);
    }
    for (std::size_t m = 0; m < kMonths; ++m) {
      const std::size_t first = month_begin[m], end = month_begin[m + 1];
      out.days[m] = static_cast<int>(end - first);
      int good = 0, heavy = 0;
      std::array<int, kMetricCount> over{}, primary{};
      for (std::size_t d = first; d < end; ++d) {
        double aqi = 0.0;
        for (std::size_t p = 0; p < kMetricCount; ++p) aqi = index[p][d] > aqi ? index[p][d] : aqi;
        good += aqi <= t.good_max ? 1 : 0;
        heavy += aqi > t.heavy_above ? 1 : 0;
        const bool named = aqi > t.excellent_max;
        for (std::size_t p = 0; p < kMetricCount; ++p) {
          primary[p] += named && index[p][d] == aqi ? 1 : 0;
          over[p] += r[p][d] > t.limit[p] ? 1 : 0;
        }
      }
      out.good[m] = good;
      out.heavy[m] = heavy;
      for (std::size_t p = 0; p < kMetricCount; ++p) {
        out.over_limit[p][m] = over[p];
        out.primary[p][m] = primary[p];
      }
    }
  }

  // The reported values: round_half_even(v, decimals) — half to even of the
  // binary value, which is round_half_even's result except within its
  // tolerance of a decimal half (rare: those take round_half_even itself).
  // NaN or ≤ 0 reports 0.
  AQPLAN_ALWAYS_INLINE static void report(const DayTables& t, std::size_t p, const double* v, std::size_t days,
                                          double* r) noexcept {
    const double scale = t.scale[p];
    unsigned any_tie = 0;
    for (std::size_t d = 0; d < days; ++d) {
      const double x = v[d] > 0.0 ? v[d] : 0.0;  // NaN → 0
      const double scaled = x * scale;
      const double nearest = (scaled + detail::kRoundShift) - detail::kRoundShift;
      const double off = scaled > nearest ? scaled - nearest : nearest - scaled;
      const double from_half = off > 0.5 ? off - 0.5 : 0.5 - off;
      any_tie |= static_cast<unsigned>(from_half <= half_tie_tolerance(scaled));
      r[d] = nearest / scale;
    }
    if (any_tie != 0)
      for (std::size_t d = 0; d < days; ++d) r[d] = v[d] > 0.0 ? round_half_even(v[d], t.decimals[p]) : 0.0;
  }

  // iaqi() of every reported value, four days at a time (r is padded to a
  // multiple of 4): its segment (bp[i−1], bp[i]] chosen by selects over the
  // breakpoints, then iaqi's interpolation and rounding on the same numbers,
  // lane by lane.
  AQPLAN_ALWAYS_INLINE static void sub_index(const DayTables& t, std::size_t p, const double* r, std::size_t days,
                                             double* out) noexcept {
    using detail::V4;
    const std::size_t n = t.count[p];
    const double* bp = t.bp[p].data();
    const double* level = t.level.data();
    const V4 zero = {0.0, 0.0, 0.0, 0.0};  // x + zero broadcasts a scalar x
    const V4 top = zero + bp[n - 1], top_level = zero + level[n - 1], one = zero + 1.0,
             shift = zero + detail::kRoundShift, tolerance = zero + kIaqiIntegerTolerance;
    for (std::size_t d = 0; d < days; d += 4) {
      V4 c;
      std::memcpy(&c, r + d, sizeof c);
      V4 bp_lo = zero + bp[0], bp_hi = zero + bp[1], l_lo = zero + level[0], l_hi = zero + level[1];
      for (std::size_t i = 2; i < n; ++i) {
        const auto in = c > (zero + bp[i - 1]);
        bp_lo = in ? zero + bp[i - 1] : bp_lo;
        bp_hi = in ? zero + bp[i] : bp_hi;
        l_lo = in ? zero + level[i - 1] : l_lo;
        l_hi = in ? zero + level[i] : l_hi;
      }
      const V4 x = c > top ? top_level : (l_hi - l_lo) * (c - bp_lo) / (bp_hi - bp_lo) + l_lo;
      const V4 nearest = (x + shift) - shift;
      const V4 off = x > nearest ? x - nearest : nearest - x;
      const V4 up = nearest < x ? nearest + one : nearest;  // ⌈x⌉ for 0 ≤ x < 2^51
      const V4 v = c > zero ? (off <= tolerance ? nearest : up) : zero;
      std::memcpy(out + d, &v, sizeof v);
    }
  }
};

}  // namespace

void DayEvaluator::count(std::span<const double> daily, DayCounts& out) const noexcept {
  out = DayCounts{};
  if (daily.size() < kMetricCount * days_ || days_ > 366) return;
  kernels::dispatch<CountKernel>(tables_, daily.data(), days_, month_begin_.data(), out);
}

}  // namespace aqplan
