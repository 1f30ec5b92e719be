// aqplan/data/domain.h — domain bounds: the range each value a planner gives
// can take in the real world (data/domain.toml, each bound with its unit and
// source). The readers refuse a value outside with its place, naming the
// bound and the file; inside the bounds the model's arithmetic stays finite.
//
// Units: monthly bounds in the metric's unit (co mg/m³, else µg/m³); the
// rest dimensionless.
// Thread safety: domain() is initialised once (thread-safe) and then read-only.
#pragma once

#include <array>
#include <optional>
#include <string>

#include "aqplan/base/message.h"
#include "aqplan/base/metric.h"

namespace aqplan {

struct DomainBounds {
  std::string file;                                 // where the bounds were read
  std::array<double, kMetricCount> monthly_min{};   // a month's value of a metric
  std::array<double, kMetricCount> monthly_max{};
  double growth_max = 0;           // [growth]: a sector's relative change, at most
  double regional_trend_max = 0;   // [regional] trend: relative change, at most
  double weather_scale_max = 0;    // [meteorology] scale
  double measure_scale_max = 0;    // [[override]] scale
  double lognormal_sigma_max = 0;  // σ of ln x of any lognormal distribution
  // [meteorology.base_anomaly]: a known base-year monthly weather factor
  // (the month's value over its climatological value), at least / at most.
  double base_anomaly_min = 0;
  double base_anomaly_max = 0;
  // Not a reader's bound: the largest extra uniform cut (fraction) of a
  // species' local emissions within one year that control measures have
  // achieved; gap marks a larger cut as out of reach in practice.
  double extra_cut_achieved_max = 0;
};

// The bounds of DATA/domain.toml (base/paths.h); InputError when the file
// is missing or malformed.
const DomainBounds& domain();

// Reads a bounds file (the format of data/domain.toml); InputError with
// every problem.
DomainBounds read_domain_file(const std::string& path);

// nullopt when `value` is a plausible month's value of `m`; otherwise why
// not, as a catalogue message (base/message.h), e.g. "2100 is above 40
// mg/m³, the largest plausible monthly co (data/domain.toml); it looks like
// µg/m³ — co is in mg/m³".
std::optional<Text> implausible_monthly_text(Metric m, double value);

}  // namespace aqplan
