// dataset_parts.h (internal) — readers of the four part files of a dataset.
//
// Each reader records every problem it finds through the TomlReader (which
// names the file) and returns what it could read, so that load_dataset can
// cross-check the parts and report every problem of every file at once. A
// result is only meaningful when no error was recorded.
//
// Thread safety: as TomlReader.
#pragma once

#include <map>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include <toml++/toml.h>

#include "aqplan/data/inventory.h"
#include "aqplan/data/measure_data.h"
#include "aqplan/data/meteorology.h"
#include "aqplan/data/response_params.h"
#include "aqplan/import/deadline.h"
#include "base/messages.h"
#include "data/toml_reader.h"

namespace aqplan::detail {

// Names or months as a list in the language shown: "a, b, c" / "a、b、c".
template <class T>
Text list_text(std::span<const T> items) {
  Text out;
  for (std::size_t i = 0; i < items.size(); ++i)
    out = i == 0 ? Text(msg::data_list_one, items[i]) : Text(msg::data_list_next, out, items[i]);
  return out;
}
template <class T>
Text list_text(const std::vector<T>& items) {
  return list_text(std::span<const T>(items));
}

// Why parse_deadline refused a deadline.
inline Text deadline_problem(const DeadlineError& e) { return e.text(); }

// inventory.toml. Impact factors are left at 1; the caller fills them in.
Inventory read_inventory(TomlReader& r, const toml::table& doc);

// measures.toml. `inventory` resolves sector names and bounds tonnes; null
// when the inventory could not be read (sector names are then not checked).
MeasureData read_measures(TomlReader& r, const toml::table& doc, const Inventory* inventory);

// Measure settings that [defaults] supplies and a measure may override.
struct MeasureDefaults {
  DelayDistribution delay;
  double probability = 1.0;
  double ramp_months = 0.0;
  double lag_months = 0.0;
};
using DelayClasses = std::map<std::string, DelayDistribution, std::less<>>;

// A depends_on entry to check once every id is known.
struct PendingDep {
  const toml::node* node;
  std::string path;
  int id;
};

// Reads the body of one [[measure]] table (everything but `id`, whose keys
// the caller has checked) into `m`, which holds the defaults. Dependencies
// are appended to `deps` for the caller to resolve.
void read_measure_body(TomlReader& r, const toml::table& t, const std::string& path, const Inventory* inventory,
                       MeasureParams& m, std::vector<PendingDep>* deps, const DelayClasses& classes);

// meteorology.toml's base_year and base_anomaly, shared with a scenario's
// [meteorology]: "draw" or "typical"; per metric the known months, each
// factor positive and within data/domain.toml's [weather] range (read into
// `out`, which keeps the months not named).
std::optional<BaseYearWeather> read_base_year(TomlReader& r, const toml::node& n, const std::string& path);
void read_base_anomaly(TomlReader& r, const toml::node& n, const std::string& path, BaseAnomaly& out);

// Field readers shared with scenario files.
std::optional<DelayDistribution> read_delay(TomlReader& r, const toml::node& n, std::string_view path,
                                            const DelayClasses& classes);
std::optional<double> read_probability(TomlReader& r, const toml::node& n, std::string_view path);
std::optional<double> read_months(TomlReader& r, const toml::node& n, std::string_view path, bool allow_negative);
std::optional<Deadline> read_deadline(TomlReader& r, const toml::node& n, std::string_view path);

// response.toml.
ResponseParams read_response(TomlReader& r, const toml::table& doc);

// meteorology.toml.
MeteorologyParams read_meteorology(TomlReader& r, const toml::table& doc);

}  // namespace aqplan::detail
