// aqplan/engine/day_calibration.h — the base year's day counts as the daily
// layer sees them (model.md §10), and the one factor k on every daily
// spread that makes them reproduce the base year's observed good-day ratio
// ([base.days] good_ratio of dataset.toml).
//
// The base year's monthly values are the targets table's base-year values
// (EvaluationRules::base_value), with no weather drawn: the daily layer
// spreads them into days (its own random numbers, Purpose::daily), each day
// is rounded and rated by `table` (HJ 633) with `standard`'s decimals and
// limits of the base year, and the counts are averaged over the samples.
// The same (seed, samples) give the same days for every k (only exp(k·s·x)
// changes), so the expected ratio is a smooth function of k and bisection
// on it converges.
//
// Units: good_ratio a fraction of the year's days; heavy_days days; k
// dimensionless (multiplies every s of meteorology.toml's [days]).
// Thread safety: pure functions of their arguments.
#pragma once

#include <cstdint>

#include "aqplan/data/aqi_table.h"
#include "aqplan/data/standard.h"
#include "aqplan/model/model.h"

namespace aqplan {

struct BaseYearDays {
  double k = 1.0;           // the spread factor the counts were drawn with
  double good_ratio = 0.0;  // mean over the samples
  double heavy_days = 0.0;  // mean over the samples
  std::uint64_t samples = 0;
};

// The base year's expected day counts with spread factor k (in place of
// meteorology.toml's calibration_factor). Throws InputError when the
// meteorology has no [days].
BaseYearDays base_year_days(const Model& model, const AqiTable& table, const Standard& standard, double k,
                            std::uint64_t seed, std::uint64_t samples);

// k in [k_min, k_max] such that base_year_days(k).good_ratio equals
// `observed` (to 1e-4). The ratio is not monotone in k (more spread takes
// winter days below the good line and summer days above it), so the bracket
// is scanned at 17 points and, of the intervals where the ratio crosses the
// observed one, the one nearest k = 1 (the defaults) is bisected. No fit
// when the ratio never crosses it (scaling the spread cannot reach it).
struct DayCalibration {
  std::optional<BaseYearDays> fit;   // at the calibrated k
  BaseYearDays at_min, at_max;       // the bracket's ends
};
DayCalibration calibrate_day_spread(const Model& model, const AqiTable& table, const Standard& standard,
                                    double observed, double k_min, double k_max, std::uint64_t seed,
                                    std::uint64_t samples);

}  // namespace aqplan
