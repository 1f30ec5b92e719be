// aqplan/data/inventory.h — the base-year emission inventory: sectors, their
// base-year emissions of the seven species, monthly profiles, stack height
// class and activity growth to the target year (model.md §2).
//
// Units: emissions in t/yr of the base year; profiles are dimensionless
// monthly weights that sum to 1 per species (E[s,k,m] = E[s,k]·profile[k][m]);
// growth is a relative change of activity (0.03 = +3 %), so the target year's
// activity factor is 1 + growth. Month index 0..11 is January..December.
//
// Loaded and validated by load_dataset (dataset.h) from inventory.toml; the
// impact factor comes from response.toml's [impact] table.
//
// Thread safety: plain values; const access may be shared between threads.
#pragma once

#include <array>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "aqplan/base/distribution.h"
#include "aqplan/base/metric.h"

namespace aqplan {

// Release height of a sector's emissions, which sets its local impact per
// tonne (model.md §2: ground 1.0, low 0.6, tall stack 0.25 by default).
enum class HeightClass : int { ground = 0, low, tall };
inline constexpr int kHeightClassCount = 3;

// "ground", "low", "tall".
std::string_view name(HeightClass h);
std::optional<HeightClass> parse_height_class(std::string_view s);

struct Sector {
  std::string name;         // machine name, e.g. "steel"
  std::string description;  // e.g. "iron and steel, foundry"
  HeightClass height = HeightClass::ground;
  double impact = 1.0;  // I_s, relative local impact per tonne (from response.toml by height)
  std::array<double, kSpeciesCount> emissions{};  // E[s,k], t/yr, indexed by Species; pm25 <= pm10
  // profile[k][m]: share of species k's annual emissions in month m; each row
  // sums to 1 (the loader normalises the file's relative weights). Rows are
  // identical unless the file overrides a species (e.g. agriculture's NH3).
  std::array<std::array<double, kMonths>, kSpeciesCount> profile{};
  Distribution growth;  // relative activity change base year → target year

  double emission(Species k) const { return emissions[static_cast<std::size_t>(k)]; }
  const std::array<double, kMonths>& profile_of(Species k) const { return profile[static_cast<std::size_t>(k)]; }
};

struct Inventory {
  std::vector<Sector> sectors;  // in file order; an effect's sector index points here

  // Index of the sector named `name`, if any.
  std::optional<int> find(std::string_view name) const;
  std::vector<std::string> names() const;
  // Σ_s E[s,k], t/yr.
  double total(Species k) const;
};

}  // namespace aqplan
