// dataset_parts.h (internal) — readers of the four part files of a dataset.
//
// Each reader records every problem it finds through the TomlReader (which
// names the file) and returns what it could read, so that load_dataset can
// cross-check the parts and report every problem of every file at once. A
// result is only meaningful when no error was recorded.
//
// Thread safety: as TomlReader.
#pragma once

#include <toml++/toml.h>

#include "aqplan/inventory.h"
#include "aqplan/measure_data.h"
#include "aqplan/meteorology.h"
#include "aqplan/response_params.h"
#include "toml_reader.h"

namespace aqplan::detail {

// inventory.toml. Impact factors are left at 1; the caller fills them in.
Inventory read_inventory(TomlReader& r, const toml::table& doc);

// measures.toml. `inventory` resolves sector names and bounds tonnes; null
// when the inventory could not be read (sector names are then not checked).
MeasureData read_measures(TomlReader& r, const toml::table& doc, const Inventory* inventory);

// response.toml.
ResponseParams read_response(TomlReader& r, const toml::table& doc);

// meteorology.toml.
MeteorologyParams read_meteorology(TomlReader& r, const toml::table& doc);

// Names of the metrics / species, for did-you-mean.
const std::vector<std::string>& metric_names();
const std::vector<std::string>& species_names();

}  // namespace aqplan::detail
