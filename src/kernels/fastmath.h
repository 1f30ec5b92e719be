// src/kernels/fastmath.h — internal, deterministic math kernels for the per-sample
// hot path (the annual percentile statistic of evaluation.cpp): exp, log and
// the standard normal Φ/φ written in plain double arithmetic.
//
// Why: std::exp/std::log/std::erfc are libm calls — slow in a loop of twelve
// months, not inlinable or vectorisable, and their last bit depends on the
// libm version. These functions are inline, call nothing, and use only
// IEEE-754 +, −, ×, ÷ in round-to-nearest plus integer bit manipulation, so
// every result is a pure function of the input bits: bit-identical on every
// x86-64 machine, whatever the libm, and whether GCC vectorises a loop over
// them or not (each lane performs the same operations in the same order).
// This relies on (1) no contraction into FMA: the project builds with
// -std=c++20 (no GNU extensions), which makes GCC default to
// -ffp-contract=off, and src/CMakeLists.txt also passes -ffp-contract=off
// explicitly; (2) no -ffast-math / -fassociative-math; (3) SSE2 double
// arithmetic (x86-64 never uses x87 for double); (4) the default rounding
// mode (round to nearest even), which exp_fast's rounding trick assumes.
//
// Accuracy (checked by tests/fastmath_test.cpp against std:: and long double
// references on dense grids):
//   exp_fast(x)  ≤ 2 ulp for finite |x| ≤ 708 (normal results); underflows
//                gradually to 0 below, overflows to +inf above ~709.78.
//                Cody–Waite reduction x = k·ln2 + r, |r| ≤ ln2/2, then the
//                Taylor polynomial of degree 13 (truncation < 4e-18), scaled
//                by 2^k built from exponent bits.
//   exp_fast_reduced(x)  relative error ≤ 1e-12 (truncation ≤ 3.1e-13 plus
//                rounding) for |x| ≤ 708; x is clamped to ±708. exp_fast's
//                reduction with the Taylor polynomial of degree 10 and one
//                scaling by 2^k: for the daily layer's exp(k·s·x), where
//                k·s ≤ lognormal_sigma_max of data/domain.toml (3; checked
//                by data/meteorology.cpp) and |x| stays near the normals'
//                bound 6.34, so |k·s·x| ≲ 20 (the range tested densely; the
//                accuracy holds to ±708 all the same).
//   normal_pair32(wr, wa, z0, z1)  two independent N(0, 1) from two
//                32-bit words by Box–Muller: R = √(−2·log_fast(u)) with
//                u = (wr + 0.5)·2⁻³², and an angle uniform on the circle:
//                θ = ((wa mod 2²⁹) + 0.5)·2⁻²⁹·π/2 − π/4 ∈ (−π/4, π/4)
//                (sin, cos by Taylor to θ¹⁵, θ¹⁶: truncation ≤ 1e-16),
//                and wa's top three bits choose (cos, sin) or (sin, cos)
//                and each sign — the eight images of the quarter circle,
//                each point covered twice: uniform. Exact in distribution
//                up to the 32-bit and 29-bit resolution (|z| ≤ 6.764);
//                z to within 1e-14 absolute of R·cos, R·sin evaluated
//                exactly. One division (log_fast) and one sqrt per pair.
//   log_fast(x)  ≤ 2 ulp for positive finite x (subnormals included);
//                fdlibm's e_log.c reduction and minimax polynomial; the
//                exponent k is extracted with logical shifts and converted
//                exactly through 2^52 + k (no int64 → double conversion),
//                so a loop over it vectorises with SSE2 and AVX2.
//   normal_cdf_pdf(t, cdf, pdf)  Φ(t) and φ(t) with relative error ≤ 1e-14
//                for t ∈ [−37, 8.3] (Φ) and wherever φ is normal; one
//                exponential. W. J. Cody's rational approximations (Cody
//                1969, netlib specfun ANORM, also R's pnorm.c) give
//                Φ = R(|t|)·exp(−t²/2) for |t| > 0.66291. t² is formed
//                exactly as hi + lo (Dekker's product, no FMA), and
//                exp(−t²/2) = exp(−hi/2)·(1 − lo/2): computing exp of a
//                rounded t²/2 ≈ 700 would cost 700·2^-53 ≈ 8e-14 relative
//                (Cody splits t² for the same reason, with two exps).
//                |t| ≥ 40 is clamped to ±40 (Φ is then 0 or 1 and φ is 0 in
//                double precision: the results are the exact limits).
//                Branch-free (Cody's three ranges select coefficients of one
//                rational function), so normal_cdf_pdf_12 vectorises whole.
//
// Every function is always inlined, so that a kernel compiled for AVX2
// (src/kernels/dispatch.h) vectorises its own copy instead of calling the
// baseline one.
//
// Units: dimensionless. Thread safety: pure functions, no state.
// Domain: NaN inputs give NaN or garbage, never undefined behaviour.
#pragma once

#include <bit>
#include <cmath>
#include <cstdint>

// Always inlined: a kernel compiled for AVX2 (kernels/dispatch.h) must get its
// own vectorised copy of these, not a call to the baseline one.
#if defined(__GNUC__)
#define AQPLAN_FASTMATH_INLINE inline __attribute__((always_inline))
#else
#define AQPLAN_FASTMATH_INLINE inline
#endif

namespace aqplan::detail {

// ln 2 split so that k·kLn2Hi is exact for |k| < 2^20 (Cody–Waite).
inline constexpr double kLn2Hi = 6.93147180369123816490e-01;  // 0x3fe62e42fee00000
inline constexpr double kLn2Lo = 1.90821492927058770002e-10;  // 0x3dea39ef35793c76
inline constexpr double kInvLn2 = 1.44269504088896338700e+00;
inline constexpr double kInvSqrt2Pi = 3.98942280401432677939946059934e-01;  // 1/√(2π)

// Adding 1.5·2^52 to a double |x| < 2^51 rounds it to an integer (round to
// nearest, ties to even) and leaves that integer in the low mantissa bits;
// (x + kRoundShift) − kRoundShift is that integer as a double, for one
// double or lane by lane. The one definition of the trick, for exp_fast's k
// and the accumulator's fixed point.
inline constexpr double kRoundShift = 6755399441055744.0;  // 0x1.8p52

// Cody–Waite reduction of exp's argument: x = k·ln2 + r with k the nearest
// integer to x/ln2, left in kd's low mantissa bits (kRoundShift), and
// |r| ≤ ln2/2 + tiny (k·kLn2Hi exact). exp_fast and exp_fast_reduced share it.
AQPLAN_FASTMATH_INLINE double exp_reduce(double x, double& kd) noexcept {
  kd = x * kInvLn2 + kRoundShift;
  const double kf = kd - kRoundShift;
  const double hi = x - kf * kLn2Hi;  // exact
  const double lo = kf * kLn2Lo;
  return hi - lo;
}

// e^x. See the header for accuracy and range.
AQPLAN_FASTMATH_INLINE double exp_fast(double x) noexcept {
  // Clamp (NaN passes unchanged: comparisons with NaN are false).
  x = x < -746.0 ? -746.0 : x;
  x = x > 710.0 ? 710.0 : x;
  double kd;
  const double r = exp_reduce(x, kd);
  // e^r = 1 + r + r²·Q(r), Q the Taylor series from 1/2! to r^11/13!,
  // evaluated by Estrin's scheme (short dependency chains).
  constexpr double c2 = 1.0 / 2.0, c3 = 1.0 / 6.0, c4 = 1.0 / 24.0, c5 = 1.0 / 120.0, c6 = 1.0 / 720.0,
                   c7 = 1.0 / 5040.0, c8 = 1.0 / 40320.0, c9 = 1.0 / 362880.0, c10 = 1.0 / 3628800.0,
                   c11 = 1.0 / 39916800.0, c12 = 1.0 / 479001600.0, c13 = 1.0 / 6227020800.0;
  const double r2 = r * r;
  const double r4 = r2 * r2;
  const double r8 = r4 * r4;
  const double b0 = (c2 + c3 * r) + (c4 + c5 * r) * r2;
  const double b1 = (c6 + c7 * r) + (c8 + c9 * r) * r2;
  const double b2 = (c10 + c11 * r) + (c12 + c13 * r) * r2;
  const double q = (b0 + b1 * r4) + b2 * r8;
  const double p = 1.0 + (r + r2 * q);
  // 2^k as two factors so that k down to −1077 (subnormal results) and up to
  // 1024 (overflow to inf) both work: p·2^k1·2^k2, k1 = ⌊k/2⌋, k2 = k − k1.
  // Unsigned arithmetic on kb = k + 2048 > 0 (logical shifts only, which
  // SSE2 has for 64-bit lanes): biased exponents k1 + 1023 = ⌊kb/2⌋ − 1 and
  // k2 + 1023 = kb − ⌊kb/2⌋ − 1.
  const std::uint64_t kb = std::bit_cast<std::uint64_t>(kd) - std::bit_cast<std::uint64_t>(kRoundShift) + 2048;
  const double s1 = std::bit_cast<double>(((kb >> 1) - 1) << 52);
  const double s2 = std::bit_cast<double>((kb - (kb >> 1) - 1) << 52);
  return (p * s1) * s2;
}

// e^x to 1e-12 relative, cheaper than exp_fast (no underflow or overflow
// handling, three fewer terms). See the header for accuracy and range.
AQPLAN_FASTMATH_INLINE double exp_fast_reduced(double x) noexcept {
  // Clamp (NaN passes unchanged): k then stays in [−1022, 1022].
  x = x < -708.0 ? -708.0 : x;
  x = x > 708.0 ? 708.0 : x;
  double kd;
  const double r = exp_reduce(x, kd);
  // e^r = 1 + r + r²·Q(r), Q the Taylor series from 1/2! to r^8/10!
  // (truncation r^11/11! ≤ 2.2e-13), by Estrin's scheme.
  constexpr double c2 = 1.0 / 2.0, c3 = 1.0 / 6.0, c4 = 1.0 / 24.0, c5 = 1.0 / 120.0, c6 = 1.0 / 720.0,
                   c7 = 1.0 / 5040.0, c8 = 1.0 / 40320.0, c9 = 1.0 / 362880.0, c10 = 1.0 / 3628800.0;
  const double r2 = r * r;
  const double r4 = r2 * r2;
  const double b0 = (c2 + c3 * r) + (c4 + c5 * r) * r2;
  const double b1 = (c6 + c7 * r) + (c8 + c9 * r) * r2;
  const double q = (b0 + b1 * r4) + c10 * (r4 * r4);
  const double p = 1.0 + (r + r2 * q);
  // 2^k from the biased exponent k + 1023 ∈ [1, 2045] (unsigned wrap-around
  // for negative k; logical shift only).
  const std::uint64_t kb = std::bit_cast<std::uint64_t>(kd) - std::bit_cast<std::uint64_t>(kRoundShift) + 1023;
  return p * std::bit_cast<double>(kb << 52);
}

// ln x for positive finite x. See the header for accuracy.
AQPLAN_FASTMATH_INLINE double log_fast(double x) noexcept {
  constexpr double kTwo54 = 18014398509481984.0;
  constexpr double kMinNormal = 2.2250738585072014e-308;
  const bool subnormal = x < kMinNormal;
  x = subnormal ? x * kTwo54 : x;
  // x = 2^k·m with m in [√2/2, √2) (musl's log.c reduction): subtracting
  // the bits of √2/2 borrows from the exponent exactly when the mantissa is
  // below √2's; the arithmetic shift gives k.
  constexpr std::uint64_t kOff = 0x3fe6a09e667f3bcdULL;  // bits of √2/2
  const std::uint64_t tmp = std::bit_cast<std::uint64_t>(x) - kOff;
  // k = (signed tmp) >> 52, without the 64-bit arithmetic shift and the
  // int64 → double conversion that SSE2/AVX2 lack: flipping the sign bit
  // and shifting logically gives kb = k + 2048 in [0, 4096); 2^52 + kb is
  // then exact as a double (kb in the low mantissa bits), and subtracting
  // 2^52 + 2048 (+ 54 for subnormal inputs) is exact too. Same k, same bits.
  constexpr double kTwo52 = 4503599627370496.0;  // 0x1p52
  const std::uint64_t kb = (tmp ^ 0x8000000000000000ULL) >> 52;
  const double dk = (std::bit_cast<double>(kb | std::bit_cast<std::uint64_t>(kTwo52)) - kTwo52) -
                    (subnormal ? 2048.0 + 54.0 : 2048.0);
  const double m = std::bit_cast<double>((tmp & 0x000fffffffffffffULL) + kOff);
  // fdlibm e_log.c: log(1+f) = f − hfsq + s·(hfsq + R(s²)), s = f/(2+f).
  constexpr double Lg1 = 6.666666666666735130e-01, Lg2 = 3.999999999940941908e-01, Lg3 = 2.857142874366239149e-01,
                   Lg4 = 2.222219843214978396e-01, Lg5 = 1.818357216161805012e-01, Lg6 = 1.531383769920937332e-01,
                   Lg7 = 1.479819860511658591e-01;
  const double f = m - 1.0;
  const double s = f / (2.0 + f);
  const double z = s * s;
  const double w = z * z;
  const double t1 = w * (Lg2 + w * (Lg4 + w * Lg6));
  const double t2 = z * (Lg1 + w * (Lg3 + w * (Lg5 + w * Lg7)));
  const double R = t2 + t1;
  const double hfsq = 0.5 * f * f;
  return dk * kLn2Hi - ((hfsq - (s * (hfsq + R) + dk * kLn2Lo)) - f);
}

// Two independent standard normals from two 32-bit words (Box–Muller,
// branch-free, so a loop over many pairs vectorises). See the header.
AQPLAN_FASTMATH_INLINE void normal_pair32(std::uint32_t wr, std::uint32_t wa, double& z0, double& z1) noexcept {
  // u = (wr + 0.5)·2⁻³² on (0, 1), exact (int32 conversion, which vectorises).
  const double u = (static_cast<double>(static_cast<std::int32_t>(wr ^ 0x80000000u)) + 2147483648.5) * 0x1.0p-32;
  const double radius = std::sqrt(-2.0 * log_fast(u));  // IEEE sqrt: correctly rounded
  // θ ∈ (−π/4, π/4) from wa's low 29 bits.
  constexpr double kQuarterPi = 0.78539816339744830962;  // π/4
  const double t = (static_cast<double>(static_cast<std::int32_t>(wa & 0x1fffffffu)) + 0.5) * 0x1.0p-29;
  const double theta = (2.0 * t - 1.0) * kQuarterPi;
  const double x = theta * theta;
  constexpr double s3 = -1.0 / 6.0, s5 = 1.0 / 120.0, s7 = -1.0 / 5040.0, s9 = 1.0 / 362880.0,
                   s11 = -1.0 / 39916800.0, s13 = 1.0 / 6227020800.0, s15 = -1.0 / 1307674368000.0;
  constexpr double c2 = -1.0 / 2.0, c4 = 1.0 / 24.0, c6 = -1.0 / 720.0, c8 = 1.0 / 40320.0, c10 = -1.0 / 3628800.0,
                   c12 = 1.0 / 479001600.0, c14 = -1.0 / 87178291200.0, c16 = 1.0 / 20922789888000.0;
  const double x2 = x * x;
  const double x4 = x2 * x2;
  const double sp = ((s3 + s5 * x) + (s7 + s9 * x) * x2) + ((s11 + s13 * x) + s15 * x2) * x4;
  const double cp = ((c2 + c4 * x) + (c6 + c8 * x) * x2) + ((c10 + c12 * x) + (c14 + c16 * x) * x2) * x4;
  const double sine = theta + theta * (x * sp);
  const double cosine = 1.0 + x * cp;
  // wa's bit 29 swaps, bits 30 and 31 flip the signs.
  const bool swap = (wa >> 29 & 1u) != 0;
  const double a = swap ? sine : cosine;
  const double b = swap ? cosine : sine;
  const double ra = radius * a, rb = radius * b;
  z0 = (wa >> 30 & 1u) != 0 ? -ra : ra;
  z1 = (wa >> 31) != 0 ? -rb : rb;
}

// Φ(t) and φ(t) of the standard normal, sharing one exponential, in three
// steps that normal_cdf_pdf runs on one value and normal_cdf_pdf_12 on
// twelve, each step a separate loop (the branch-free first two vectorise
// and the independent iterations overlap) — the same operations either way,
// so both give the same bits. Coefficients: W. J. Cody, "Rational Chebyshev
// approximations for the error function", Math. Comp. 23 (1969) 631–637, as
// tabulated in netlib specfun ANORM (also R's pnorm.c).

// Step 1: clamp t, y = |t|, y² = hi + lo exactly (Veltkamp's split of y into
// 26-bit halves, then Dekker's product: exact without FMA, contraction is
// off); returns the clamped t.
AQPLAN_FASTMATH_INLINE double normal_square(double t, double& y, double& hi, double& lo) noexcept {
  t = t < -40.0 ? -40.0 : t;
  t = t > 40.0 ? 40.0 : t;
  y = t < 0.0 ? -t : t;
  constexpr double kSplit = 134217729.0;  // 2^27 + 1
  const double c = kSplit * y;
  const double yh = c - (c - y);
  const double yl = y - yh;
  hi = y * y;
  lo = ((yh * yh - hi) + 2.0 * yh * yl) + yl * yl;
  return t;
}

// Step 2: exp(−y²/2) = exp(−hi/2)·exp(−lo/2), |lo/2| ≤ 2^-54·hi/2 ≤ 5e-14:
// the first-order factor 1 − lo/2 is exact to double precision.
AQPLAN_FASTMATH_INLINE double normal_gauss(double hi, double lo) noexcept {
  return exp_fast(-0.5 * hi) * (1.0 - 0.5 * lo);
}

// Step 3: Φ(t) from t, y = |t|, hi = y² (rounded) and e = exp(−y²/2).
// Cody's three ranges are one rational function N(v)/D(v) of degree 8 whose
// coefficients are selected per value (leading zeros pad the shorter ones:
// 0·v + 0 and 0·v + a are exact, so the padding changes no bit), followed by
// ONE division — branch-free, so a loop over twelve values vectorises:
//   y ≤ 0.66291:       Φ = 0.5 + t·A(y²)/B(y²)                (v = y²)
//   0.66291 < y ≤ √32: Φ(−y) = e·C(y)/D(y)                     (v = y)
//   y > √32:           Φ(−y) = e·(1/√(2π) − x·P(x)/Q(x))/y, x = 1/y²;
//                      P, Q of degree 5 multiplied through by y^10, i.e.
//                      reversed polynomials P̃, Q̃ in v = y², and the two
//                      divisions merged: (c·v·Q̃ − P̃)/(v·Q̃·y).
// (Positive coefficients and v ≥ 32 in the last range: the reversed Horner
// sums have no cancellation.)
AQPLAN_FASTMATH_INLINE double normal_cdf_from(double t, double y, double hi, double e) noexcept {
  constexpr double kThreshold = 0.66291;   // Φ(0.66291) ≈ 0.75
  constexpr double kRoot32 = 5.656854248;  // Cody's √32 (as in ANORM)
  // Range 1 (Cody's a, b), range 2 (c, d), range 3 (p, q).
  constexpr double a0 = 2.2352520354606839287e0, a1 = 1.6102823106855587881e2, a2 = 1.0676894854603709582e3,
                   a3 = 1.8154981253343561249e4, a4 = 6.5682337918207449113e-2;
  constexpr double b0 = 4.7202581904688241870e1, b1 = 9.7609855173777669322e2, b2 = 1.0260932208618978205e4,
                   b3 = 4.5507789335026729956e4;
  constexpr double c0 = 3.9894151208813466764e-1, c1 = 8.8831497943883759412e0, c2 = 9.3506656132177855979e1,
                   c3 = 5.9727027639480026226e2, c4 = 2.4945375852903726711e3, c5 = 6.8481904505362823326e3,
                   c6 = 1.1602651437647350124e4, c7 = 9.8427148383839780218e3, c8 = 1.0765576773720192317e-8;
  constexpr double d0 = 2.2266688044328115691e1, d1 = 2.3538790178262499861e2, d2 = 1.5193775994075548050e3,
                   d3 = 6.4855582982667607550e3, d4 = 1.8615571640885098091e4, d5 = 3.4900952721145977266e4,
                   d6 = 3.8912003286093271411e4, d7 = 1.9685429676859990727e4;
  constexpr double p0 = 2.1589853405795699e-1, p1 = 1.274011611602473639e-1, p2 = 2.2235277870649807e-2,
                   p3 = 1.421619193227893466e-3, p4 = 2.9112874951168792e-5, p5 = 2.307344176494017303e-2;
  constexpr double q0 = 1.28426009614491121e0, q1 = 4.68238212480865118e-1, q2 = 6.59881378689285515e-2,
                   q3 = 3.78239633202758244e-3, q4 = 7.29751555083966205e-5;
  const bool r1 = y <= kThreshold;
  const bool r2 = !r1 && y <= kRoot32;
  // Coefficients, highest degree first (n8 … n0 over m8 … m0).
  auto pick = [&](double x1, double x2, double x3) { return r1 ? x1 : (r2 ? x2 : x3); };
  const double v = r2 ? y : hi;
  double num = pick(0.0, c8, 0.0);
  num = num * v + pick(0.0, c0, 0.0);
  num = num * v + pick(0.0, c1, 0.0);
  num = num * v + pick(0.0, c2, p4);
  num = num * v + pick(a4, c3, p3);
  num = num * v + pick(a0, c4, p2);
  num = num * v + pick(a1, c5, p1);
  num = num * v + pick(a2, c6, p0);
  num = num * v + pick(a3, c7, p5);
  double den = pick(0.0, 1.0, 0.0);
  den = den * v + pick(0.0, d0, 0.0);
  den = den * v + pick(0.0, d1, 0.0);
  den = den * v + pick(0.0, d2, q4);
  den = den * v + pick(1.0, d3, q3);
  den = den * v + pick(b0, d4, q2);
  den = den * v + pick(b1, d5, q1);
  den = den * v + pick(b2, d6, q0);
  den = den * v + pick(b3, d7, 1.0);
  // Range 3: r = (c·v·Q̃ − P̃)/(v·Q̃·y); range 1: t·A/B.
  const double vden = v * den;
  const double top = r1 ? t * num : (r2 ? num : kInvSqrt2Pi * vden - num);
  const double bottom = r1 || r2 ? den : vden * y;
  const double ratio = top / bottom;
  const double tail = ratio * e;
  const double outer = t > 0.0 ? 1.0 - tail : tail;
  return r1 ? 0.5 + ratio : outer;
}

// Φ(t) and φ(t) of one value. See the header for accuracy.
AQPLAN_FASTMATH_INLINE void normal_cdf_pdf(double t, double& cdf, double& pdf) noexcept {
  double y, hi, lo;
  t = normal_square(t, y, hi, lo);
  const double e = normal_gauss(hi, lo);
  pdf = kInvSqrt2Pi * e;
  cdf = normal_cdf_from(t, y, hi, e);
}

// The same for twelve values (a year of months): bit-identical to twelve
// normal_cdf_pdf calls.
AQPLAN_FASTMATH_INLINE void normal_cdf_pdf_12(const double* __restrict t_in, double* __restrict cdf,
                                              double* __restrict pdf) noexcept {
  constexpr int n = 12;
  double t[n], y[n], hi[n], lo[n], e[n];
  for (int i = 0; i < n; ++i) t[i] = normal_square(t_in[i], y[i], hi[i], lo[i]);
  for (int i = 0; i < n; ++i) e[i] = normal_gauss(hi[i], lo[i]);
  for (int i = 0; i < n; ++i) pdf[i] = kInvSqrt2Pi * e[i];
  for (int i = 0; i < n; ++i) cdf[i] = normal_cdf_from(t[i], y[i], hi[i], e[i]);
}

}  // namespace aqplan::detail
