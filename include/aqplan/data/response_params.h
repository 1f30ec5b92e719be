// aqplan/data/response_params.h — the coefficients of the emissions →
// concentrations response (model.md §4), as loaded from response.toml.
//
//   C[p,m] = C0[p,m] · M[p,m] · ( B[p,m]·T_p + (1 − B[p,m])·L[p,m] )
//
// Units: every coefficient is dimensionless. impact factors are relative
// impacts per tonne; nonlocal_share B is a share in [0, 1]; regional_change is
// a relative change of the non-local part (−0.03 = −3 %), i.e. T_p =
// 1 + regional_change; pm25 component shares sum to 1 in every month; the
// response functions take x = local reduction fraction (0 = none, 1 = all).
//
//   nitrate  N(x) = 1 + a·x + b·x² + c·x³, with N(1) = 0 at the modes. When a
//            or b is drawn, the engine must take c = −1 − a − b so that N(1) = 0
//            holds in every draw; the loader therefore requires c to be fixed.
//   ammonia  A(x) = max(floor, 1 − (a·x + b·x²)), applied to both ammonium
//            components of PM2.5.
//   ozone    L = max(floor, 1 − (aN·x_nox + bN·x_nox² + aV·x_voc + c·x_nox·x_voc)).
//
// Month index 0..11 is January..December. Any coefficient held as a
// Distribution or MonthlyDistribution may be uncertain in the data file.
//
// Thread safety: plain values; const access may be shared between threads.
#pragma once

#include <array>

#include "aqplan/base/distribution.h"
#include "aqplan/data/inventory.h"
#include "aqplan/base/metric.h"

namespace aqplan {

// Components of local PM2.5 (model.md §4), in data-file order.
enum class Pm25Component : int { primary = 0, ammonium_sulfate, ammonium_nitrate, secondary_organic };
inline constexpr int kPm25ComponentCount = 4;

// "primary", "ammonium_sulfate", "ammonium_nitrate", "secondary_organic".
std::string_view name(Pm25Component c);

struct NitrateResponse {
  MonthlyDistribution a, b, c;  // c fixed (see above)
};

struct AmmoniaResponse {
  Distribution a, b;
  double floor = 0.0;
};

struct OzoneResponse {
  MonthlyDistribution aN, bN, aV, c;
  double floor = 0.0;
};

// The mass fraction of ammonium (NH4+) in each ammonium salt of PM2.5
// (response.toml [ammonium], from molar masses), for reports that split the
// salts by precursor: ammonium from NH3, sulfate from SO2, nitrate from NOx
// (aqplan explain). The response does not read it. A file without the table
// gives `given` false, and the salts are not split.
struct AmmoniumMassFraction {
  double sulfate = 0.0;  // of ammonium sulfate, (NH4)2SO4
  double nitrate = 0.0;  // of ammonium nitrate, NH4NO3
  bool given = false;
};

struct ResponseParams {
  std::array<double, kHeightClassCount> impact{};                 // I by HeightClass
  std::array<MonthlyDistribution, kMetricCount> nonlocal_share;  // B[p][m], support in [0, 1]
  std::array<Distribution, kMetricCount> regional_change;         // T_p − 1; file table [regional_trend]
  // pm25_shares[c][m]: share of local PM2.5 in component c, month m; Σ_c = 1.
  std::array<std::array<double, kMonths>, kPm25ComponentCount> pm25_shares{};
  NitrateResponse nitrate;
  AmmoniaResponse ammonia;
  OzoneResponse ozone;
  AmmoniumMassFraction ammonium;

  double impact_of(HeightClass h) const { return impact[static_cast<std::size_t>(h)]; }
};

}  // namespace aqplan
