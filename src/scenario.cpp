#include "aqplan/scenario.h"

#include <algorithm>
#include <filesystem>

#include <fmt/format.h>

#include "aqplan/text.h"
#include "toml_reader.h"

namespace aqplan {

namespace fs = std::filesystem;

Scenario load_scenario(const std::string& path) {
  Diagnostics diags;
  detail::TomlReader r(path, diags);
  auto root = r.parse_file();
  diags.throw_if_errors();
  Scenario sc;
  sc.file = path;
  static const std::vector<std::string> top_keys = {"scenario", "measures", "montecarlo"};
  r.check_keys(*root, "", top_keys);
  const toml::table* s = nullptr;
  if (const toml::node* n = r.require(*root, "", "scenario")) s = r.table(*n, "scenario");
  if (s) {
    static const std::vector<std::string> keys = {"name", "description", "dataset", "year", "standard"};
    r.check_keys(*s, "scenario", keys);
    if (const toml::node* n = r.require(*s, "scenario", "name"))
      if (auto v = r.string(*n, "scenario.name")) sc.name = *v;
    if (const toml::node* n = s->get("description"))
      if (auto v = r.string(*n, "scenario.description")) sc.description = *v;
    if (const toml::node* n = r.require(*s, "scenario", "dataset")) {
      if (auto v = r.string(*n, "scenario.dataset")) {
        fs::path p(*v);
        sc.dataset_dir = p.is_absolute() ? p.string() : (fs::path(path).parent_path() / p).lexically_normal().string();
        if (!fs::is_directory(sc.dataset_dir))
          r.error(*n, fmt::format("scenario.dataset: '{}' is not a directory (resolved to '{}')", *v, sc.dataset_dir));
      }
    }
    if (const toml::node* n = r.require(*s, "scenario", "year")) {
      if (auto v = r.integer(*n, "scenario.year")) {
        if (*v < 1900 || *v > 2200) r.error(*n, fmt::format("scenario.year: {} is not a plausible year", *v));
        else sc.year = static_cast<int>(*v);
      }
    }
    if (const toml::node* n = s->get("standard"))
      if (auto v = r.string(*n, "scenario.standard")) sc.standard = *v;
  }
  if (const toml::node* m_node = root->get("measures")) {
    if (const toml::table* mt = r.table(*m_node, "measures")) {
      static const std::vector<std::string> keys = {"include", "exclude"};
      r.check_keys(*mt, "measures", keys);
      auto ids = [&](const char* key) -> std::optional<std::vector<int>> {
        const toml::node* n = mt->get(key);
        if (!n) return std::nullopt;
        const std::string path = std::string("measures.") + key;
        const toml::array* a = r.array(*n, path);
        if (!a) return std::nullopt;
        std::vector<int> out;
        for (std::size_t i = 0; i < a->size(); ++i) {
          const toml::node& e = *a->get(i);
          if (auto v = r.integer(e, detail::index_path(path, i))) {
            if (*v <= 0) r.error(e, fmt::format("{}: {} is not a measure id", detail::index_path(path, i), *v));
            else if (std::find(out.begin(), out.end(), *v) != out.end())
              r.error(e, fmt::format("{}: measure {} is listed twice", detail::index_path(path, i), *v));
            else out.push_back(static_cast<int>(*v));
          }
        }
        return out;
      };
      sc.include = ids("include");
      if (auto ex = ids("exclude")) sc.exclude = *ex;
      if (mt->contains("include") && mt->contains("exclude"))
        r.error(*mt->get("exclude"), "measures: give 'include' or 'exclude', not both");
    }
  }
  if (const toml::node* mc_node = root->get("montecarlo")) {
    if (const toml::table* mc = r.table(*mc_node, "montecarlo")) {
      static const std::vector<std::string> keys = {"samples", "seed"};
      r.check_keys(*mc, "montecarlo", keys);
      if (const toml::node* n = mc->get("samples")) {
        if (auto v = r.integer(*n, "montecarlo.samples")) {
          if (*v <= 0) r.error(*n, fmt::format("montecarlo.samples: {} is not a positive count", *v));
          else sc.samples = static_cast<std::uint64_t>(*v);
        }
      }
      if (const toml::node* n = mc->get("seed")) {
        if (auto v = r.integer(*n, "montecarlo.seed")) {
          if (*v < 0) r.error(*n, fmt::format("montecarlo.seed: {} is negative", *v));
          else sc.seed = static_cast<std::uint64_t>(*v);
        }
      }
    }
  }
  diags.throw_if_errors();
  return sc;
}

ModelInputs load_dataset_inputs(const std::string& dataset_dir, const std::optional<std::string>& standard) {
  ModelInputs in;
  in.dataset = load_dataset(dataset_dir);
  const DatasetFiles& f = in.dataset.files;
  in.targets = read_targets_csv(f.targets);
  in.ledger = read_ledger(f.ledger);
  const std::string std_name = standard.value_or(in.dataset.standard);
  const std::string std_file = (fs::path(f.standards) / (std_name + ".toml")).string();
  if (!fs::exists(std_file)) {
    std::vector<std::string> known;
    if (fs::is_directory(f.standards))
      for (const auto& e : fs::directory_iterator(f.standards))
        if (e.path().extension() == ".toml") known.push_back(e.path().stem().string());
    std::sort(known.begin(), known.end());
    throw InputError(f.dataset, 0, 0,
                     fmt::format("standard '{}' not found in {}{}", std_name, f.standards, did_you_mean_suffix(std_name, known)));
  }
  in.standard = load_standard(std_file);
  return in;
}

ModelInputs load_model_inputs(const Scenario& sc) {
  ModelInputs in = load_dataset_inputs(sc.dataset_dir, sc.standard);
  if (in.dataset.target_year != sc.year)
    throw InputError(sc.file, 0, 0,
                     fmt::format("scenario.year {} does not match the dataset's target year {} ({})", sc.year,
                                 in.dataset.target_year, in.dataset.files.dataset));
  in.scenario_name = sc.name;
  in.scenario_file = sc.file;
  if (sc.include) {
    for (const Measure& m : in.ledger.measures)
      if (std::find(sc.include->begin(), sc.include->end(), m.id) == sc.include->end()) in.excluded.push_back(m.id);
    for (int id : *sc.include)
      if (!in.ledger.find(id)) throw InputError(sc.file, 0, 0, fmt::format("measures.include: {} is not a ledger measure", id));
  } else {
    in.excluded = sc.exclude;
  }
  return in;
}

}  // namespace aqplan
