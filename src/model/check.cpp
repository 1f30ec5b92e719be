#include "aqplan/model/check.h"

#include <filesystem>
#include <optional>

#include "aqplan/data/scenario.h"
#include "aqplan/model/model.h"
#include "base/messages.h"

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

// `from` appended to `into`, leaving out what `into` already says.
void append_new(Diagnostics& into, const Diagnostics& from) {
  for (const Diagnostic& d : from.items()) {
    bool seen = false;
    for (const Diagnostic& e : into.items()) seen = seen || e.to_string() == d.to_string();
    if (!seen) into.add(d);
  }
}

// Every problem of a scenario file: its reading, then the model's checks.
ScenarioRead read_checked(const std::string& path, const ScenarioOptions& options = {}) {
  ScenarioRead r = read_scenario(path, options);
  if (r.inputs_complete) append_new(r.diagnostics, Model::check(r.scenario.inputs));
  return r;
}

}  // namespace

Scenario load_checked_scenario(const std::string& path, const ScenarioOptions& options) {
  ScenarioRead r = read_checked(path, options);
  r.diagnostics.throw_if_errors();
  return std::move(r.scenario);
}

std::vector<Scenario> load_checked_scenarios(const std::vector<std::string>& paths, const ScenarioOptions& options) {
  std::vector<Scenario> out;
  Diagnostics all;
  for (const auto& f : paths) {
    try {
      out.push_back(load_checked_scenario(f, options));
    } catch (const InputError& e) {
      append_new(all, e.diagnostics());  // an --observed file shared by every scenario: its problems once
    }
  }
  all.throw_if_errors();
  return out;
}

ModelInputs load_checked_inputs(const std::string& path) {
  if (!fs::is_directory(path)) return load_checked_scenario(path).inputs;
  ModelInputs in = load_dataset_inputs(path);
  Model::check(in).throw_if_errors();
  return in;
}

InputCheck check_input(const std::string& path) {
  InputCheck check;
  try {
    if (!fs::exists(path)) throw InputError(path, 0, 0, Text(msg::check_no_such_file));
    if (const auto dir = dataset_dir_of(path)) {
      check.kind = InputCheck::Kind::dataset;
      check.name = *dir;
      check.diagnostics = Model::check(load_dataset_inputs(*dir));
    } else {
      const ScenarioRead r = read_checked(path);
      check.name = r.scenario.name;
      check.name_zh = r.scenario.name_zh;
      check.diagnostics = r.diagnostics;
    }
  } catch (const InputError& e) {
    check.diagnostics = e.diagnostics();
  }
  return check;
}

}  // namespace aqplan
