// aqplan/base/rounding.h — rounding reported values half-to-even (GB/T
// 8170-2008, 四舍六入五成双), the one rule shared by the evaluation of
// projections (model/evaluation.h) and the values written by the importers.
//
// Units: the value's own; decimals is a count of decimal places.
//
// Thread safety and cost: a pure function, no allocation, never throws.
#pragma once

namespace aqplan {

// Rounds to `decimals` places (0..15) half-to-even (四舍六入五成双). A value
// within a few ulps of a decimal half is treated as that exact half, because
// the decimal it stands for was a half: 1.85 (stored 1.85000000000000008882)
// → 1.8, 2.25 → 2.2, 1.95 → 2.0, 26.5 → 26, 27.5 → 28, 0.05 → 0.0. Negative
// values round symmetrically (−2.5 → −2). The result is the double nearest
// the rounded decimal; a zero result is +0.0. NaN and ±inf pass through;
// decimals outside 0..15 give NaN. Magnitudes ≥ 2^52 / 10^decimals are
// returned unchanged (no fractional part is representable).
double round_half_even(double value, int decimals);

// How far (absolute) a value scaled to its last decimal, `scaled` ≥ 0, may
// lie from a decimal half and still be taken for that half: 8 ulps of it
// (the binary error of the decimal the caller means, plus the scaling).
// round_half_even's tolerance, for code that rounds the same way in bulk.
inline double half_tie_tolerance(double scaled) {
  return 8.0 * 2.220446049250313e-16 * scaled;  // 8·DBL_EPSILON·scaled
}

}  // namespace aqplan
