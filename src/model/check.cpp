#include "aqplan/model/check.h"

#include <filesystem>
#include <optional>

#include "aqplan/data/scenario.h"
#include "aqplan/model/model.h"

namespace aqplan {

namespace fs = std::filesystem;

namespace {

// A dataset directory, or the directory of one of its files (dataset.toml,
// inventory.toml, targets.csv, ...); nullopt for a scenario file.
std::optional<std::string> dataset_dir_of(const std::string& path) {
  if (fs::is_directory(path)) return path;
  const fs::path dir = fs::path(path).parent_path();
  const fs::path manifest = (dir.empty() ? fs::path(".") : dir) / "dataset.toml";
  if (fs::path(path).filename() == "dataset.toml" || (fs::exists(manifest) && fs::path(path).extension() == ".toml") ||
      fs::path(path).extension() == ".csv")
    return (dir.empty() ? fs::path(".") : dir).string();
  return std::nullopt;
}

}  // namespace

InputCheck check_input(const std::string& path) {
  InputCheck check;
  try {
    if (!fs::exists(path)) throw InputError(path, 0, 0, "no such file or directory");
    ModelInputs inputs;
    if (const auto dir = dataset_dir_of(path)) {
      check.kind = InputCheck::Kind::dataset;
      check.name = *dir;
      inputs = load_dataset_inputs(*dir);
    } else {
      const Scenario sc = load_scenario(path);
      check.name = sc.name;
      inputs = sc.inputs;
    }
    check.diagnostics = Model::check(inputs);
  } catch (const InputError& e) {
    check.diagnostics = e.diagnostics();
  }
  return check;
}

}  // namespace aqplan
