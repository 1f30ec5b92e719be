// aqplan/base/percentile.h — the percentile of daily values by HJ 663-2013,
// the one rule shared by the evaluation of projections (model/evaluation.h)
// and the monthly values imported from station data (import/observations.h).
//
// Units: values in any unit (they are only ordered and interpolated); p and
// the rank are dimensionless, p as a fraction in [0, 1] (0.95, not 95).
//
// Thread safety and cost: pure functions, no allocation, never throw;
// invalid arguments give NaN.
#pragma once

#include <cstddef>
#include <span>

namespace aqplan {

// The rank k = 1 + (n − 1)·p of the p-th percentile of n values (1-based,
// fractional). k is snapped to the nearest integer when it lies within a few
// ulps of it, so binary representation error in p (0.95·30 = 28.499…) never
// moves ⌊k⌋. NaN when n == 0 or p is outside [0, 1].
double hj663_rank(std::size_t n, double p);

// The p-th percentile (p in [0, 1], e.g. 0.95) of `values` by HJ 663-2013:
// with X(1) ≤ … ≤ X(n) sorted ascending, s = ⌊k⌋,
// value = X(s) + (X(s+1) − X(s))·(k − s), and X(n) when s = n.
// {2,3,4,4,5,8}, p = 0.9 → k = 5.5 → 6.5.
// The span is REORDERED in place (partially sorted with std::nth_element;
// O(n), no allocation): pass a copy if the order matters to you.
// NaN when values is empty, p is outside [0, 1], or any value is NaN.
double hj663_percentile(std::span<double> values, double p);

}  // namespace aqplan
