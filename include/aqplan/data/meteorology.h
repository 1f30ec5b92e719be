// aqplan/data/meteorology.h — parameters of year-to-year weather and of the daily
// spread within a month (model.md §5), as loaded from meteorology.toml.
//
//   base year drawn (the default, v1.2):  ln M[p,m] = √2·σ[p,m]·z[p,m] − σ[p,m]²
//   base year typical, or its anomaly known: ln M[p,m] = σ[p,m]·z[p,m] − σ[p,m]²/2
//   z[·,m] ~ N(0, R_m), z[p,m] = φ·z[p,m−1] + sqrt(1 − φ²)·ε[p,m]  (AR(1))
//
// Both laws have mean 1. "draw": M is the ratio of two independent years'
// weather (the base year's and the target year's), so its log-variance is
// twice the one-year σ². A known base-year anomaly a[p,m] (the base month
// was a times its climatological value) divides out of the base-year anchor
// C0 and leaves only the target year drawn.
//
// Units: σ and σ_d are standard deviations of natural logarithms
// (dimensionless); correlations dimensionless; φ dimensionless in (−1, 1).
// Metric order everywhere is that of metric.h: so2 no2 pm10 co o3 pm25.
// Month index 0..11 is January..December.
//
// Daily values (model.md "The daily layer", [days] of meteorology.toml):
//   x[p,d] = ψ[p,m]·x[p,d−1] + √(1 − ψ[p,m]²)·ε[p,d],  ε[·,d] ~ N(0, R_day,m)
//   c[p,d] = V[p,m]·exp(k·s[p,m]·x[p,d]) / A[p,m]
// (engine/daily.h draws them). s is a standard deviation of natural
// logarithms, ψ and R_day dimensionless, k a dimensionless factor.
//
// The loader guarantees every correlation matrix (the monthly and the daily
// ones) is symmetric, has a unit diagonal, entries in [−1, 1], and is
// positive definite; and, when [days] is given, 0 ≤ ψ < 1, s ≥ 0, k > 0 and
// k·s within data/domain.toml's largest lognormal spread.
//
// Thread safety: plain values; const access may be shared between threads.
#pragma once

#include <array>
#include <optional>
#include <string>
#include <string_view>

#include <Eigen/Core>

#include "aqplan/base/diagnostic.h"
#include "aqplan/base/metric.h"

namespace aqplan {

using CorrelationMatrix = Eigen::Matrix<double, kMetricCount, kMetricCount>;

// Daily dispersion σ_d of a percentile metric (co, o3): calibrated on the
// base year (so that the base year's monthly values reproduce its annual
// value), or given. Mean metrics do not use it (mode not_used).
struct DailyDispersion {
  enum class Mode { not_used, calibrate, value };
  Mode mode = Mode::not_used;
  double value = 0.0;  // σ_d when mode == value
  SourceRef at;        // where the file sets it (empty: the default, calibrate)
};

// How the base year's weather enters M (model.md §5, v1.2).
enum class BaseYearWeather { draw, typical };

// "draw" / "typical"; nullopt for anything else.
std::optional<BaseYearWeather> parse_base_year_weather(std::string_view s);
std::string_view name(BaseYearWeather b);

// Known base-year anomalies: [p][m] = the base month's value over its
// climatological value (dimensionless, > 0); nullopt = not known.
using BaseAnomaly = std::array<std::array<std::optional<double>, kMonths>, kMetricCount>;

// Parameters of the daily series ([days] of meteorology.toml). Month-dependent
// values hold the value of the month's season in each month.
struct DailySeriesParams {
  // s[p][m]: log-sd of metric p's daily values within month m (before k).
  std::array<std::array<double, kMonths>, kMetricCount> s{};
  // psi[p][m]: lag-1 autocorrelation of x[p] in month m, in [0, 1).
  std::array<std::array<double, kMonths>, kMetricCount> psi{};
  // R_day of month m: correlation of one day's innovations between metrics.
  std::array<CorrelationMatrix, kMonths> correlation;
  double k = 1.0;      // calibration factor on every s (calibration_factor)
  bool given = false;  // false: the file has no [days] and days cannot be drawn
  SourceRef at;        // where [days] is (line 0 when absent: the file alone)
};

struct MeteorologyParams {
  // sigma[p][m]: year-to-year log-sd of metric p's monthly value.
  std::array<std::array<double, kMonths>, kMetricCount> sigma{};
  // R_m per month (months of one season share the same matrix).
  std::array<CorrelationMatrix, kMonths> correlation;
  // Name of the season each month's matrix comes from (e.g. "cold").
  std::array<std::string, kMonths> season;
  double phi = 0.0;  // AR(1) coefficient between consecutive months
  // τ of the re-forecast (model.md §8): the error of an observed monthly
  // value in natural-log units (monitoring error and the mismatch between
  // the stations and the county), added to the observations' covariance.
  // A scenario with observed months needs it (scenario.h checks).
  std::optional<double> observation_error;
  // p of the re-forecast's reach check (model.md §8): a run whose largest
  // weight is below e^(−½·χ²(|S|, p)) is outside anything the model can
  // produce. Needed with observed months, as observation_error.
  std::optional<double> misfit_probability;
  std::array<DailyDispersion, kMetricCount> daily_dispersion{};  // indexed by Metric
  BaseYearWeather base_year = BaseYearWeather::draw;
  BaseAnomaly base_anomaly{};
  DailySeriesParams days;  // [days]; days.given false when the file has none

  // Whether month m of metric p draws the base year's weather too.
  bool base_year_drawn(std::size_t p, std::size_t m) const {
    return base_year == BaseYearWeather::draw && !base_anomaly[p][m].has_value();
  }
};

}  // namespace aqplan
