#include "aqplan/base/rounding.h"

#include <array>
#include <cmath>
#include <limits>

namespace aqplan {

namespace {
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
// Powers of ten; exact in binary up to 10^22.
constexpr std::array<double, 16> kPow10{1e0, 1e1, 1e2,  1e3,  1e4,  1e5,  1e6,  1e7,
                                        1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15};
}  // namespace

// GB/T 8170-2008 数值修约规则 (rounding rules), §3.2: a digit 5 followed by
// nothing (or only zeros) is dropped when the digit before it is even and
// rounds up when it is odd (四舍六入五成双); a 5 followed by non-zero
// digits rounds up; negative numbers round by their absolute value.
double round_half_even(double value, int decimals) {
  if (!std::isfinite(value)) return value;
  if (decimals < 0 || decimals >= static_cast<int>(kPow10.size())) return kNaN;
  const double scale = kPow10[static_cast<std::size_t>(decimals)];
  const double scaled = std::abs(value) * scale;
  constexpr double kTwo52 = 4503599627370496.0;
  if (scaled >= kTwo52) return value;
  const double floor_part = std::floor(scaled);
  const double frac = scaled - floor_part;  // exact below 2^52
  // The decimal the caller means may sit a few ulps from the binary value;
  // scaling adds at most one more rounding (rounding.h half_tie_tolerance).
  const double tolerance = half_tie_tolerance(scaled);
  double rounded;
  if (std::abs(frac - 0.5) <= tolerance) {
    rounded = std::fmod(floor_part, 2.0) == 0.0 ? floor_part : floor_part + 1.0;
  } else {
    rounded = frac < 0.5 ? floor_part : floor_part + 1.0;
  }
  if (rounded == 0.0) return 0.0;
  const double result = rounded / scale;  // correctly rounded: the double nearest the decimal
  return value < 0.0 ? -result : result;
}

}  // namespace aqplan
