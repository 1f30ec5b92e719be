// aqplan/model/attribution.h — one month's modelled concentration of one
// metric, for one draw, split into what each sector's remaining emissions of
// each species make of it (model.md §2–4): what is left to act on
// (aqplan explain, docs/analysis.md).
//
//   C[p,m] = nonlocal + local
//   nonlocal = C0·M·B·(1 + T'),   local = C0·M·(1 − B)·L
//
// The local response L is linear in each species' ratio
// R_k = Σ_s W[s,k,m]·ρ[s,k,m] (model.h), so a sector's term W·ρ carries its
// part of everything that reads R_k. With loc = C0·M·(1 − B) and primes for
// plain (not height-weighted) weights, the cells [s][k] are:
//   so2, co   column so2 / co: loc·W·ρ            (ground-weighted)
//   no2       column nox:      loc·W·ρ            (ground-weighted)
//   pm25      loc × share of the component × its part:
//             pm25 (primary PM2.5)      share_p·W·ρ
//             so2  (sulfate)            share_s·A·(1 − f_s)·W'ρ
//             nox  (nitrate)            share_n·N·A·(1 − f_n)·W'ρ / R'_nox
//             nh3  (ammonium)           (share_s·R'_so2·f_s + share_n·N·f_n)·A·W'ρ / R'_nh3
//             voc  (secondary organic)  share_o·W'ρ
//             with A = A(x'_nh3), N = N(x'_nox) of the draw and f_s, f_n the
//             ammonium mass fractions of the salts (response.h
//             AmmoniumMassFraction; 0 when not given: each salt stays whole
//             with its acid precursor);
//   pm10      loc of pm10 × (the pm25 parts per unit of L × the fine share
//             f = C0[pm25]/C0[pm10], and column pm10 (coarse PM):
//             (1 − f)·W_coarse·ρ[s,pm10]).
// These add up: Σ cells + unattributed = local, and nonlocal + local is
// Model::evaluate's value of an unobserved month (to rounding).
// `unattributed` is what no sector's emissions carry: a species without
// emissions that month (its R stays 1), or ammonium left by the ammonia
// floor with every tonne of NH3 cut.
//   o3        not a sum of parts (the NOx–VOC surface, with a floor): each
//             cell is the first-order change of O3 if the sector's NOx or
//             VOC were removed, loc·(∂L/∂x'_k)·W'ρ (+ = O3 would rise; 0 on
//             the floor); `additive` is false and the cells do not sum to
//             anything.
//
// Units: concentrations in the metric's unit; the emissions span in t per
// month (Model::projected_emissions). Month index 0..11.
// Thread safety: immutable after construction; split() is const and may run
// on any number of threads, each with its own MonthParts.
#pragma once

#include <array>
#include <span>
#include <vector>

#include "aqplan/base/metric.h"
#include "aqplan/model/model.h"

namespace aqplan {

struct MonthParts {
  bool additive = true;  // false for o3: first-order changes, not parts
  std::vector<std::array<double, kSpeciesCount>> cells;  // [s][k], metric unit
  double local = 0, nonlocal = 0, unattributed = 0;
};

class Attribution {
 public:
  // Keeps a reference to `model` (which must outlive it) and the base
  // year's weight totals.
  explicit Attribution(const Model& model);

  // Month `month` of metric p in `draw`, whose post-plan emissions are
  // `emissions` (Model::projected_emissions of the same draw). Resizes
  // out.cells to the sectors. std::invalid_argument when the emissions'
  // size is not the model's.
  void split(const Draw& draw, std::span<const double> emissions, Metric p, int month, MonthParts& out) const;

 private:
  // One species' ratio R and each sector's term of it, in month m.
  struct Ratio {
    double R = 1.0;
    bool carried = false;  // some sector emits the species this month (else R = 1 and the terms are 0)
    std::vector<double> term;
  };
  enum class Weight { impact, plain, coarse };
  void ratio(std::span<const double> emissions, Species k, std::size_t m, Weight w, Ratio& out) const;
  // L of pm25 split per unit of loc, into cells (unattributed in the last argument).
  void pm25_parts(const Draw& draw, std::span<const double> emissions, std::size_t m,
                  std::vector<std::array<double, kSpeciesCount>>& cells, double& unattributed) const;
  void o3_parts(const Draw& draw, std::span<const double> emissions, std::size_t m, double loc, MonthParts& out) const;

  const Model& model_;
  // Σ_s E[s,k]·profile[s,k,m]·I_s (impact), without I_s (plain), and the
  // coarse PM's ground-weighted total: [k][m] and [m].
  std::array<std::array<double, kMonths>, kSpeciesCount> impact_total_{}, plain_total_{};
  std::array<double, kMonths> coarse_total_{};
};

}  // namespace aqplan
