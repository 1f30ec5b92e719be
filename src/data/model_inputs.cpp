#include "aqplan/data/model_inputs.h"

#include <algorithm>
#include <filesystem>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "aqplan/base/text.h"
#include "aqplan/data/aqi_table.h"
#include "aqplan/data/ledger_file.h"
#include "aqplan/data/targets_file.h"
#include "base/messages.h"

namespace aqplan {

namespace fs = std::filesystem;

std::string standard_file(const Dataset& dataset, const std::optional<std::string>& standard) {
  return (fs::path(dataset.files.standards) / (standard.value_or(dataset.standard) + ".toml")).string();
}

ModelInputs load_dataset_inputs(const std::string& dataset_dir, const std::optional<std::string>& standard,
                                const SourceRef& standard_at) {
  ModelInputs in;
  in.dataset = load_dataset(dataset_dir);
  in.day_targets = in.dataset.day_targets;
  const DatasetFiles& f = in.dataset.files;
  in.targets = read_targets_csv(f.targets);
  in.ledger = read_ledger(f.ledger);
  const std::string std_name = standard.value_or(in.dataset.standard);
  const std::string std_file = standard_file(in.dataset, standard);
  if (!fs::exists(std_file) || is_aqi_table_name(std_name)) {
    std::vector<std::string> known;  // the standards, not the AQI tables beside them
    if (fs::is_directory(f.standards))
      for (const auto& e : fs::directory_iterator(f.standards))
        if (e.path().extension() == ".toml" && !is_aqi_table_name(e.path().stem().string()))
          known.push_back(e.path().stem().string());
    std::sort(known.begin(), known.end());
    const SourceRef at = standard ? standard_at : in.dataset.standard_at;
    const std::string file = at.file.empty() ? f.dataset : at.file;
    if (is_aqi_table_name(std_name) && fs::exists(std_file))
      throw InputError(file, at.line, at.column,
                       Text(msg::inputs_standard_is_aqi_table, std_name, f.standards, fmt::format("{}", fmt::join(known, ", "))));
    throw InputError(file, at.line, at.column,
                     Text(msg::inputs_standard_not_found, std_name, f.standards, did_you_mean_text(std_name, known)));
  }
  in.standard = load_standard(std_file);
  return in;
}

}  // namespace aqplan
