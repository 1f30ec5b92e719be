// aqplan/data/measure_data.h — the quantitative side of the 44 ledger measures:
// what each one removes, when (where the ledger's deadline is overridden),
// what it waits for, and how it may slip (model.md §3).
//
// The ledger (ids, category, text, deadline as written, lead units) lives in
// ledger.toml; this is measures.toml, keyed by the same ledger ids.
//
// Units: lag, delay and ramp in months; probability dimensionless; an effect's
// size is either a fraction of the sector's base-year emissions of each named
// species (support within [0, 1]), or tonnes per year removed from each named
// species (support within [0, E[s,k]]).
//
// Thread safety: plain values; const access may be shared between threads.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "aqplan/import/deadline.h"
#include "aqplan/base/distribution.h"
#include "aqplan/base/metric.h"

namespace aqplan {

enum class EffectSize { fraction, tonnes };

// Bit k set = Species k is affected. "all" = every species; "pm" = pm10 and pm25.
using SpeciesMask = std::uint8_t;
inline constexpr SpeciesMask species_bit(Species k) { return static_cast<SpeciesMask>(1u << static_cast<int>(k)); }
inline constexpr SpeciesMask kAllSpecies = static_cast<SpeciesMask>((1u << kSpeciesCount) - 1u);
inline constexpr bool has_species(SpeciesMask m, Species k) { return (m & species_bit(k)) != 0; }

struct MeasureEffect {
  int sector = 0;           // index into Inventory::sectors
  SpeciesMask species = 0;  // never 0 after loading
  EffectSize kind = EffectSize::fraction;
  Distribution size;  // fraction of E[s,k] removed, or t/yr removed from each named species
};

struct MeasureParams {
  int id = 0;                    // ledger id (序号)
  std::vector<int> depends_on;   // ledger ids, each present in the file
  // start(j) >= complete(i) + lag_months for each i in depends_on. May be
  // negative: the measure may start that long before its prerequisite completes.
  double lag_months = 0.0;
  DelayDistribution delay;       // slip after the planned time, months
  double probability = 1.0;      // of being implemented at all in the target year
  double ramp_months = 0.0;      // linear ramp to full effect after the start
  // Replaces the ledger's deadline when set (e.g. measure 3: completion by end
  // of 2024 per its text, although the deadline column says end of 2023).
  std::optional<Deadline> timing;
  // Staged implementation: when non-empty, each stage brings 1/stages.size()
  // of every effect from its own time (replacing the ledger's deadline and
  // `timing`), like a two_stage deadline ("half the effect after each").
  std::vector<Deadline> stages;
  bool enabling = false;         // paperwork/monitoring: no effects of its own
  std::string title_en;          // short English title for English tables (may be empty)
  // Where the measure is defined (measures.toml, or a scenario file), for diagnostics.
  std::string file;
  int line = 0;
  int column = 0;
  std::vector<MeasureEffect> effects;
};

struct MeasureData {
  std::vector<MeasureParams> measures;  // sorted by id, ids unique
  // The file's [defaults] (delay, probability, ramp, lag) and named delay
  // classes, which a scenario's extra measures and overrides use too.
  MeasureParams defaults;
  std::vector<std::pair<std::string, DelayDistribution>> delay_classes;

  // The measure with ledger id `id`, or nullptr.
  const MeasureParams* find(int id) const;
};

}  // namespace aqplan
