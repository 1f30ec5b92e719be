// aqplan/model/reach.h — which uncertain inputs can change which metric,
// read off the compiled model's structure (no sampling). rank uses it to
// leave out of "what explains the spread" every input that cannot reach the
// metric, whatever its sampled correlation.
//
// An input reaches metric p when some value it can take changes p's
// concentration in some month of the target year that is not observed:
//
//   species → metric  the local response (model.md §4) reads
//       so2 ← so2;  co ← co;  no2 ← nox;
//       pm25 ← pm25 (primary), so2 (ammonium sulfate), nox (ammonium
//              nitrate), voc (secondary organic), nh3 (both ammonium
//              components, through A(x_nh3));
//       pm10 ← the species of pm25 (its fine part, C0[pm25]/C0[pm10] > 0)
//              and pm10 (its coarse part, pm10 − pm25 emissions);
//       o3   ← nox (aN, bN, c), voc (aV, c);
//     each only in months where the coefficient or component share can be
//     non-zero, the local share 1 − B can be above 0, and the month is not
//     observed. A sector's species counts where its emission weight
//     E[s,k]·profile[s,k,m] (× I_s for the ground-weighted channels so2, co,
//     nox → no2, primary pm25 and coarse pm10) is above 0 in such a month.
//   growth of sector s   s emits a species p reads (as above).
//   size of measure j    one of j's effects, with a size that can be
//                        non-zero, cuts a species of a sector that p reads,
//                        and j can be in effect in the target year (it is
//                        not switched off and its planned start, which
//                        delays only move later, is before the year's end).
//   delay, implementation of measure j
//                        the size of j, or of any measure that waits for j
//                        (its dependants, transitively), reaches p: an
//                        enabling measure reaches what its dependants cut.
//   weather, regional trend of metric q   q only (when q has a month the
//                        model decides; the regional trend also needs B > 0).
//
// Units: none (booleans); month indices 0..11.
// Thread safety: immutable after construction; every method is const.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <vector>

#include "aqplan/base/metric.h"
#include "aqplan/model/model.h"

namespace aqplan {

// One uncertain input of the draws (engine/sampler.h), as rank lists them.
enum class InputKind { weather, regional, growth, delay, size, implemented };

struct UncertainInput {
  InputKind kind = InputKind::weather;
  std::size_t index = 0;        // sector s (growth) or measure j (Model::measures order)
  Metric metric = Metric::pm25;  // whose weather or regional trend
};

class Reach {
 public:
  // Builds the tables; keeps nothing of `model`.
  explicit Reach(const Model& model);

  // p's response reads species k of some sector in some month.
  bool species(Species k, Metric p) const { return sector_species_any(k, p); }
  // p's response reads species k of sector s.
  bool sector_species(std::size_t s, Species k, Metric p) const;
  // Growth of sector s can change p.
  bool growth(std::size_t s, Metric p) const;
  // The size of measure j's effects can change p.
  bool size(std::size_t j, Metric p) const;
  // The delay or implementation of measure j can change p (through j's
  // effects or its dependants').
  bool timing(std::size_t j, Metric p) const;
  // Any input of the list above.
  bool input(const UncertainInput& in, Metric p) const;

 private:
  bool sector_species_any(Species k, Metric p) const;
  // Bit p of reads_[(s·K + k)]: p reads species k of sector s.
  std::vector<std::uint8_t> reads_;
  std::vector<std::uint8_t> size_, timing_;  // [j]: bit p
  std::array<bool, kMetricCount> weather_{}, regional_{};
  std::size_t sectors_ = 0;
};

}  // namespace aqplan
