// aqplan/base/metric.h — the six ambient metrics of GB 3095 and the seven emission
// species of the inventory, as small enums with their names and units.
//
// Metrics (ambient concentrations): so2 no2 pm10 co o3 pm25, in the order of
// the national standard's tables. co is in mg/m³, every other in µg/m³.
// Species (emissions, t/yr): so2 nox co voc nh3 pm10 pm25 (pm10 includes pm25).
#pragma once

#include <array>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace aqplan {

enum class Metric : int { so2 = 0, no2, pm10, co, o3, pm25 };
inline constexpr int kMetricCount = 6;
inline constexpr std::array<Metric, kMetricCount> kMetrics{Metric::so2, Metric::no2, Metric::pm10,
                                                           Metric::co,  Metric::o3,  Metric::pm25};

enum class Species : int { so2 = 0, nox, co, voc, nh3, pm10, pm25 };
inline constexpr int kSpeciesCount = 7;
inline constexpr std::array<Species, kSpeciesCount> kSpecies{Species::so2, Species::nox,  Species::co,  Species::voc,
                                                             Species::nh3, Species::pm10, Species::pm25};

inline constexpr int kMonths = 12;

// "so2", "no2", "pm10", "co", "o3", "pm25".
std::string_view name(Metric m);
// "µg/m³" or "mg/m³" (co).
std::string_view unit(Metric m);
// Display name with subscripts: "SO₂", "PM₂.₅", ...
std::string_view display_name(Metric m);

std::string_view name(Species s);

const std::vector<std::string>& metric_names();  // "so2" … "pm25", in metric order
const std::vector<std::string>& species_names();  // "so2" … "pm25", in species order

// A metric or species by name, as aqplan writes it ("pm25", "nox") or as
// planners do: any case, "PM2.5", "NOx", "VOCs".
std::optional<Metric> parse_metric(std::string_view s);
std::optional<Species> parse_species(std::string_view s);

// Maps a pollutant heading as printed in Chinese planning documents to a
// metric: "SO ₂", "PM _{2.5}", "PM₁₀", "O₃", "CO", case and spacing free.
std::optional<Metric> metric_from_heading(std::string_view heading);

// Days in `month` (1..12) of `year` (Gregorian).
int days_in_month(int year, int month);
int days_in_year(int year);

// Years a data file may plausibly name (a stage boundary, a base year);
// anything outside is taken for a typo.
inline constexpr int kFirstPlausibleYear = 1900;
inline constexpr int kLastPlausibleYear = 2200;
inline bool plausible_year(long long y) { return y >= kFirstPlausibleYear && y <= kLastPlausibleYear; }

}  // namespace aqplan
