#include "aqplan/data/model_inputs.h"

#include <algorithm>
#include <filesystem>

#include "aqplan/base/text.h"
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
  if (!fs::exists(std_file)) {
    std::vector<std::string> known;
    if (fs::is_directory(f.standards))
      for (const auto& e : fs::directory_iterator(f.standards))
        if (e.path().extension() == ".toml") known.push_back(e.path().stem().string());
    std::sort(known.begin(), known.end());
    const SourceRef at = standard ? standard_at : in.dataset.standard_at;
    throw InputError(at.file.empty() ? f.dataset : at.file, at.line, at.column,
                     Text(msg::inputs_standard_not_found, std_name, f.standards, did_you_mean_text(std_name, known)));
  }
  in.standard = load_standard(std_file);
  return in;
}

}  // namespace aqplan
