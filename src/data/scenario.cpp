#include "aqplan/data/scenario.h"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <map>
#include <set>

#include <fmt/format.h>

#include "aqplan/base/text.h"
#include "data/dataset_parts.h"
#include "data/toml_reader.h"

namespace aqplan {

namespace fs = std::filesystem;
using detail::index_path;
using detail::key_path;
using detail::TomlReader;

namespace {

// One file of an extends chain, parsed.
struct Layer {
  std::string file;
  fs::path dir;
  toml::table root;
};

const std::vector<std::string>& top_keys() {
  static const std::vector<std::string> k = {"extends", "scenario", "montecarlo", "measures", "override",
                                             "measure", "observed",  "growth",     "regional", "meteorology"};
  return k;
}

std::string display(const fs::path& p) { return p.lexically_normal().string(); }

// Reads `path` and, through `extends`, its ancestors; layers come out child first.
void read_chain(const std::string& path, Diagnostics& diags, std::vector<Layer>& layers,
                std::vector<std::string>& visiting) {
  TomlReader r(path, diags);
  auto root = r.parse_file();
  if (!root) return;
  r.check_keys(*root, "", top_keys());
  Layer layer{path, fs::path(path).parent_path(), std::move(*root)};
  const toml::node* ext = layer.root.get("extends");
  std::optional<std::string> parent;
  if (ext) {
    if (auto v = r.string(*ext, "extends")) {
      fs::path p = fs::path(*v).is_absolute() ? fs::path(*v) : layer.dir / *v;
      const std::string resolved = display(p);
      std::error_code ec;
      const std::string canon = fs::weakly_canonical(p, ec).string();
      if (!fs::is_regular_file(p)) {
        r.error(*ext, fmt::format("extends: '{}' not found (resolved to '{}')", *v, resolved));
      } else if (std::find(visiting.begin(), visiting.end(), canon) != visiting.end()) {
        std::string cycle;
        for (const auto& f : layers) cycle += fs::path(f.file).filename().string() + " -> ";
        cycle += fs::path(layer.file).filename().string() + " -> " + fs::path(resolved).filename().string();
        r.error(*ext, fmt::format("extends cycle: {}", cycle));
      } else {
        parent = resolved;
        visiting.push_back(canon);
      }
    }
  }
  layers.push_back(std::move(layer));
  if (parent) read_chain(*parent, diags, layers, visiting);
}

// The settings of an [[override]], each with the node that set it.
struct Override {
  int measure = 0;
  const toml::node* at = nullptr;
  std::string file;
  std::optional<DelayDistribution> delay;
  std::optional<double> scale;
  const toml::node* scale_at = nullptr;
  std::string scale_file;
  std::optional<double> probability;
  std::optional<bool> enabled;
  std::optional<Deadline> deadline;
  std::optional<std::vector<int>> depends_on;
  std::vector<std::pair<const toml::node*, std::string>> depends_at;  // node, file
  std::optional<double> lag_months;
};

struct Extra {
  MeasureParams params;
  Measure row;
  const toml::node* at = nullptr;
  std::string file;
  std::vector<detail::PendingDep> deps;
};

std::vector<std::string> id_strings(const std::set<int>& ids) {
  std::vector<std::string> out;
  for (int id : ids) out.push_back(std::to_string(id));
  return out;
}

// A copy of `d` with every value multiplied by k ≥ 0.
std::optional<Distribution> scaled(const Distribution& d, double k) {
  const auto& p = d.parameters();
  switch (d.kind()) {
    case DistKind::fixed: return Distribution::fixed(p[0] * k);
    case DistKind::uniform: return Distribution::uniform(p[0] * k, p[1] * k);
    case DistKind::triangular: return Distribution::triangular(p[0] * k, p[1] * k, p[2] * k);
    case DistKind::normal:
      if (k == 0) return Distribution::fixed(0);
      return Distribution::normal(p[0] * k, p[1] * k, p[2] * k, p[3] * k);
    case DistKind::lognormal:
      if (k == 0) return Distribution::fixed(0);
      return Distribution::lognormal(p[0] * k, p[1]);
    case DistKind::bernoulli: return std::nullopt;
  }
  return std::nullopt;
}

const std::vector<std::string>& metric_names() { return detail::metric_names(); }

// A relative change (growth, regional trend): a distribution that stays above
// −1 (−100 %). An unbounded normal is accepted when −1 lies more than six
// standard deviations below its mean (a draw below it has probability < 1e-9).
std::optional<Distribution> relative_change(TomlReader& r, const toml::node& n, const std::string& path) {
  auto d = r.distribution(n, path);
  if (!d) return std::nullopt;
  const auto& p = d->parameters();
  const bool ok = d->min() > -1.0 || (d->kind() == DistKind::normal && std::isinf(d->min()) && p[0] - 6.0 * p[1] > -1.0);
  if (!ok) {
    r.error(n, fmt::format("{}: {} can fall to −100 % or below (a relative change must stay above -1)", path, d->describe()));
    return std::nullopt;
  }
  return d;
}

}  // namespace

std::string standard_file(const Dataset& dataset, const std::optional<std::string>& standard) {
  return (fs::path(dataset.files.standards) / (standard.value_or(dataset.standard) + ".toml")).string();
}

ModelInputs load_dataset_inputs(const std::string& dataset_dir, const std::optional<std::string>& standard) {
  ModelInputs in;
  in.dataset = load_dataset(dataset_dir);
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
    throw InputError(f.dataset, 0, 0,
                     fmt::format("standard '{}' not found in {}{}", std_name, f.standards, did_you_mean_suffix(std_name, known)));
  }
  in.standard = load_standard(std_file);
  return in;
}

Scenario load_scenario(const std::string& path) {
  Diagnostics diags;
  std::vector<Layer> layers;
  std::vector<std::string> visiting;
  {
    std::error_code ec;
    visiting.push_back(fs::weakly_canonical(path, ec).string());
  }
  read_chain(path, diags, layers, visiting);
  diags.throw_if_errors();
  std::reverse(layers.begin(), layers.end());  // ancestor first: later layers win

  Scenario sc;
  sc.file = path;
  for (auto it = layers.rbegin(); it != layers.rend(); ++it) sc.chain.push_back(it->file);

  // Phase 1: [scenario], [montecarlo], [measures], [meteorology].
  std::optional<std::vector<int>> include, exclude;
  std::vector<std::pair<const toml::node*, std::string>> include_at, exclude_at;  // per id: node, file
  bool have_name = false, have_dataset = false, have_year = false;
  const toml::node* year_at = nullptr;
  std::string year_file;
  for (const Layer& L : layers) {
    TomlReader r(L.file, diags);
    if (const toml::node* n = L.root.get("scenario")) {
      if (const toml::table* s = r.table(*n, "scenario")) {
        static const std::vector<std::string> keys = {"name", "description", "dataset", "year", "standard"};
        if (const toml::node* e = s->get("extends"))
          r.error(*e, "scenario.extends: 'extends' is a top-level key: put it above the first [table] of the file");
        std::vector<std::string> allowed = keys;
        allowed.push_back("extends");  // reported above
        r.check_keys(*s, "scenario", allowed);
        if (const toml::node* v = s->get("name"))
          if (auto x = r.string(*v, "scenario.name")) {
            if (trim(*x).empty()) r.error(*v, "scenario.name: is empty");
            sc.name = *x;
            have_name = true;
          }
        if (const toml::node* v = s->get("description"))
          if (auto x = r.string(*v, "scenario.description")) sc.description = *x;
        if (const toml::node* v = s->get("dataset")) {
          if (auto x = r.string(*v, "scenario.dataset")) {
            const fs::path p = fs::path(*x).is_absolute() ? fs::path(*x) : L.dir / *x;
            sc.dataset_dir = display(p);
            have_dataset = true;
            if (!fs::is_directory(p))
              r.error(*v, fmt::format("scenario.dataset: '{}' is not a directory (resolved to '{}')", *x, sc.dataset_dir));
          }
        }
        if (const toml::node* v = s->get("year")) {
          if (auto x = r.integer(*v, "scenario.year")) {
            if (*x < 1900 || *x > 2200) r.error(*v, fmt::format("scenario.year: {} is not a plausible year", *x));
            else {
              sc.year = static_cast<int>(*x);
              have_year = true;
              year_at = v;
              year_file = L.file;
            }
          }
        }
        if (const toml::node* v = s->get("standard"))
          if (auto x = r.string(*v, "scenario.standard")) sc.standard = *x;
      }
    }
    if (const toml::node* n = L.root.get("montecarlo")) {
      if (const toml::table* mc = r.table(*n, "montecarlo")) {
        static const std::vector<std::string> keys = {"samples", "seed"};
        r.check_keys(*mc, "montecarlo", keys);
        if (const toml::node* v = mc->get("samples"))
          if (auto x = r.integer(*v, "montecarlo.samples")) {
            if (*x <= 0) r.error(*v, fmt::format("montecarlo.samples: {} is not a positive count", *x));
            else sc.samples = static_cast<std::uint64_t>(*x);
          }
        if (const toml::node* v = mc->get("seed"))
          if (auto x = r.integer(*v, "montecarlo.seed")) {
            if (*x < 0) r.error(*v, fmt::format("montecarlo.seed: {} is negative", *x));
            else sc.seed = static_cast<std::uint64_t>(*x);
          }
      }
    }
    if (const toml::node* n = L.root.get("measures")) {
      if (const toml::table* mt = r.table(*n, "measures")) {
        static const std::vector<std::string> keys = {"include", "exclude"};
        r.check_keys(*mt, "measures", keys);
        // A child's [measures] replaces its parent's.
        include.reset();
        exclude.reset();
        include_at.clear();
        exclude_at.clear();
        auto ids = [&](const char* key, auto& at) -> std::optional<std::vector<int>> {
          const toml::node* v = mt->get(key);
          if (!v) return std::nullopt;
          const std::string p = std::string("measures.") + key;
          const toml::array* a = r.array(*v, p);
          if (!a) return std::nullopt;
          std::vector<int> out;
          for (std::size_t i = 0; i < a->size(); ++i) {
            const toml::node& e = (*a)[i];
            if (auto x = r.integer(e, index_path(p, i))) {
              if (*x <= 0) r.error(e, fmt::format("{}: {} is not a measure id", index_path(p, i), *x));
              else if (std::find(out.begin(), out.end(), *x) != out.end())
                r.error(e, fmt::format("{}: measure {} is listed twice", index_path(p, i), *x));
              else {
                out.push_back(static_cast<int>(*x));
                at.emplace_back(&e, L.file);
              }
            }
          }
          return out;
        };
        include = ids("include", include_at);
        exclude = ids("exclude", exclude_at);
        if (mt->contains("include") && mt->contains("exclude"))
          r.error(*mt->get("exclude"), "measures: give 'include' or 'exclude', not both");
      }
    }
    if (const toml::node* n = L.root.get("meteorology")) {
      if (const toml::table* mt = r.table(*n, "meteorology")) {
        static const std::vector<std::string> keys = {"scale"};
        r.check_keys(*mt, "meteorology", keys);
        if (const toml::node* v = mt->get("scale"))
          if (auto x = r.number(*v, "meteorology.scale")) {
            if (*x < 0) r.error(*v, fmt::format("meteorology.scale: {} is negative", *x));
            else sc.weather_scale = *x;
          }
      }
    }
  }
  const std::string& child = layers.back().file;
  if (!have_name) diags.error(child, 0, 0, "scenario.name: missing (here or in a file it extends)");
  if (!have_dataset) diags.error(child, 0, 0, "scenario.dataset: missing (here or in a file it extends)");
  if (!have_year) diags.error(child, 0, 0, "scenario.year: missing (here or in a file it extends)");
  // Without a dataset nothing else can be checked; with one, the problems
  // found so far are reported together with the rest.
  if (!have_dataset || !fs::is_directory(sc.dataset_dir)) diags.throw_if_errors();

  // The dataset, as planned.
  try {
    sc.inputs = load_dataset_inputs(sc.dataset_dir, sc.standard);
  } catch (const InputError& e) {
    diags.append(e.diagnostics());
    diags.throw_if_errors();
  }
  ModelInputs& in = sc.inputs;
  in.scenario_name = sc.name;
  in.scenario_file = sc.file;
  if (have_year && in.dataset.target_year != sc.year) {
    TomlReader(year_file, diags).error(*year_at,
                fmt::format("scenario.year: {} does not match the dataset's target year {} ({})", sc.year,
                            in.dataset.target_year, in.dataset.files.dataset));
  }
  const Inventory& inv = in.dataset.inventory;
  std::set<int> ledger_ids;
  for (const auto& m : in.ledger.measures) ledger_ids.insert(m.id);

  // Phase 2: the sections that need the dataset.
  std::map<int, Override> overrides;
  std::map<int, Extra> extras;
  std::array<std::array<std::pair<const toml::node*, std::string>, kMonths>, kMetricCount> observed_at{};
  detail::DelayClasses classes(in.dataset.measures.delay_classes.begin(), in.dataset.measures.delay_classes.end());
  for (const Layer& L : layers) {
    TomlReader r(L.file, diags);
    // [[override]]
    if (const toml::node* n = L.root.get("override")) {
      if (const toml::array* a = r.array(*n, "override")) {
        for (std::size_t i = 0; i < a->size(); ++i) {
          std::string p = index_path("override", i);
          const toml::table* t = r.table((*a)[i], p);
          if (!t) continue;
          static const std::vector<std::string> keys = {"measure", "delay", "scale", "probability", "enabled",
                                                        "deadline", "depends_on", "lag_months", "note"};
          r.check_keys(*t, p, keys);
          const toml::node* idn = r.require(*t, p, "measure");
          if (!idn) continue;
          auto id = r.integer(*idn, key_path(p, "measure"));
          if (!id) continue;
          Override& o = overrides[static_cast<int>(*id)];
          o.measure = static_cast<int>(*id);
          o.at = idn;
          o.file = L.file;
          p = fmt::format("override[measure={}]", *id);
          if (const toml::node* v = t->get("delay"))
            if (auto x = detail::read_delay(r, *v, key_path(p, "delay"), classes)) o.delay = *x;
          if (const toml::node* v = t->get("scale"))
            if (auto x = r.number(*v, key_path(p, "scale"))) {
              if (*x < 0) r.error(*v, fmt::format("{}: {} is negative", key_path(p, "scale"), *x));
              else {
                o.scale = *x;
                o.scale_at = v;
                o.scale_file = L.file;
              }
            }
          if (const toml::node* v = t->get("probability"))
            if (auto x = detail::read_probability(r, *v, key_path(p, "probability"))) o.probability = *x;
          if (const toml::node* v = t->get("enabled"))
            if (auto x = r.boolean(*v, key_path(p, "enabled"))) o.enabled = *x;
          if (const toml::node* v = t->get("deadline"))
            if (auto x = detail::read_deadline(r, *v, key_path(p, "deadline"))) o.deadline = *x;
          if (const toml::node* v = t->get("lag_months"))
            if (auto x = detail::read_months(r, *v, key_path(p, "lag_months"), true)) o.lag_months = *x;
          if (const toml::node* v = t->get("depends_on")) {
            const std::string dp = key_path(p, "depends_on");
            if (const toml::array* da = r.array(*v, dp)) {
              std::vector<int> deps;
              o.depends_at.clear();
              for (std::size_t j = 0; j < da->size(); ++j)
                if (auto x = r.integer((*da)[j], index_path(dp, j))) {
                  deps.push_back(static_cast<int>(*x));
                  o.depends_at.emplace_back(&(*da)[j], L.file);
                }
              o.depends_on = deps;
            }
          }
        }
      }
    }
    // [[measure]]: extra measures.
    if (const toml::node* n = L.root.get("measure")) {
      if (const toml::array* a = r.array(*n, "measure")) {
        std::set<int> in_this_file;
        for (std::size_t i = 0; i < a->size(); ++i) {
          std::string p = index_path("measure", i);
          const toml::table* t = r.table((*a)[i], p);
          if (!t) continue;
          static const std::vector<std::string> keys = {
              "id",          "title",      "title_en",   "deadline",   "lead_units", "enabling", "depends_on", "lag_months",
              "delay",       "probability", "ramp_months", "timing",     "stages",   "effect",     "source", "note"};
          r.check_keys(*t, p, keys);
          const toml::node* idn = r.require(*t, p, "id");
          if (!idn) continue;
          auto id = r.integer(*idn, key_path(p, "id"));
          if (!id) continue;
          if (*id <= 0) {
            r.error(*idn, fmt::format("{}: {} is not a measure id (a positive integer)", key_path(p, "id"), *id));
            continue;
          }
          if (ledger_ids.count(static_cast<int>(*id))) {
            r.error(*idn, fmt::format("{}: {} is a ledger measure; change it with [[override]] measure = {}",
                                      key_path(p, "id"), *id, *id));
            continue;
          }
          if (!in_this_file.insert(static_cast<int>(*id)).second) {
            r.error(*idn, fmt::format("{}: duplicate id {}", key_path(p, "id"), *id));
            continue;
          }
          p = fmt::format("measure[id={}]", *id);
          Extra x;
          x.at = idn;
          x.file = L.file;
          x.params = in.dataset.measures.defaults;
          x.params.id = static_cast<int>(*id);
          x.params.file = L.file;
          x.params.line = static_cast<int>(idn->source().begin.line);
          x.params.column = static_cast<int>(idn->source().begin.column);
          x.params.depends_on.clear();
          x.params.effects.clear();
          x.row.id = x.params.id;
          x.row.category = 0;
          x.row.source_line = x.params.line;
          if (const toml::node* v = r.require(*t, p, "title"))
            if (auto s = r.string(*v, key_path(p, "title"))) x.row.text = *s;
          if (const toml::node* v = r.require(*t, p, "deadline"))
            if (auto d = detail::read_deadline(r, *v, key_path(p, "deadline"))) x.row.deadline = *d;
          if (const toml::node* v = t->get("lead_units")) {
            const std::string lp = key_path(p, "lead_units");
            if (const toml::array* la = r.array(*v, lp))
              for (std::size_t j = 0; j < la->size(); ++j)
                if (auto s = r.string((*la)[j], index_path(lp, j))) x.row.lead_units.push_back(*s);
          }
          detail::read_measure_body(r, *t, p, &inv, x.params, &x.deps, classes);
          extras[x.params.id] = std::move(x);
        }
      }
    }
    // [observed.<metric>]
    if (const toml::node* n = L.root.get("observed")) {
      if (const toml::table* ot = r.table(*n, "observed")) {
        for (const auto& [k, v] : detail::entries_in_file_order(*ot)) {
          const std::string mp = key_path("observed", k->str());
          auto metric = parse_metric(k->str());
          if (!metric) {
            r.error(*v, fmt::format("{}: unknown metric '{}'{}", mp, k->str(), did_you_mean_suffix(k->str(), metric_names())));
            continue;
          }
          const toml::table* months = r.table(*v, mp);
          if (!months) continue;
          for (const auto& [mk, mv] : detail::entries_in_file_order(*months)) {
            const std::string p = key_path(mp, mk->str());
            int month = 0;
            try {
              std::size_t used = 0;
              month = std::stoi(std::string(mk->str()), &used);
              if (used != mk->str().size()) month = 0;
            } catch (const std::exception&) {
              month = 0;
            }
            if (month < 1 || month > 12) {
              r.error(*mv, fmt::format("{}: '{}' is not a month (1-12)", p, mk->str()));
              continue;
            }
            auto x = r.number(*mv, p);
            if (!x) continue;
            if (*x < 0) {
              r.error(*mv, fmt::format("{}: {} is negative", p, *x));
              continue;
            }
            in.observed[static_cast<std::size_t>(*metric)][static_cast<std::size_t>(month - 1)] = *x;
            observed_at[static_cast<std::size_t>(*metric)][static_cast<std::size_t>(month - 1)] = {mv, L.file};
          }
        }
      }
    }
    // [growth]
    if (const toml::node* n = L.root.get("growth")) {
      if (const toml::table* gt = r.table(*n, "growth")) {
        const std::vector<std::string> sectors = inv.names();
        for (const auto& [k, v] : detail::entries_in_file_order(*gt)) {
          const std::string p = key_path("growth", k->str());
          auto s = inv.find(k->str());
          if (!s) {
            r.error(*v, fmt::format("{}: unknown sector '{}'{}", p, k->str(), did_you_mean_suffix(k->str(), sectors)));
            continue;
          }
          if (auto d = relative_change(r, *v, p)) in.dataset.inventory.sectors[static_cast<std::size_t>(*s)].growth = *d;
        }
      }
    }
    // [regional]
    if (const toml::node* n = L.root.get("regional")) {
      if (const toml::table* rt = r.table(*n, "regional")) {
        static const std::vector<std::string> keys = {"trend"};
        r.check_keys(*rt, "regional", keys);
        if (const toml::node* tn = rt->get("trend")) {
          if (const toml::table* tt = r.table(*tn, "regional.trend")) {
            for (const auto& [k, v] : detail::entries_in_file_order(*tt)) {
              const std::string p = key_path("regional.trend", k->str());
              auto metric = parse_metric(k->str());
              if (!metric) {
                r.error(*v, fmt::format("{}: unknown metric '{}'{}", p, k->str(), did_you_mean_suffix(k->str(), metric_names())));
                continue;
              }
              if (auto d = relative_change(r, *v, p)) in.dataset.response.regional_change[static_cast<std::size_t>(*metric)] = *d;
            }
          }
        }
      }
    }
  }

  // Cross-checks and application.
  std::set<int> all_ids = ledger_ids;
  for (const auto& [id, x] : extras) all_ids.insert(id);
  auto check_id = [&](int id, const toml::node* at, const std::string& file, const std::string& what) {
    if (all_ids.count(id)) return true;
    TomlReader r(file, diags);
    r.error(*at, fmt::format("{}: no measure {} in the ledger or this scenario{}", what, id,
                             did_you_mean_suffix(std::to_string(id), id_strings(all_ids))));
    return false;
  };
  if (include)
    for (std::size_t i = 0; i < include->size(); ++i)
      check_id((*include)[i], include_at[i].first, include_at[i].second, index_path("measures.include", i));
  if (exclude)
    for (std::size_t i = 0; i < exclude->size(); ++i)
      check_id((*exclude)[i], exclude_at[i].first, exclude_at[i].second, index_path("measures.exclude", i));
  for (auto& [id, x] : extras)
    for (const auto& d : x.deps) check_id(d.id, d.node, x.file, d.path);

  // Extra measures join the dataset and the ledger.
  for (auto& [id, x] : extras) {
    in.dataset.measures.measures.push_back(x.params);
    in.ledger.measures.push_back(x.row);
  }
  std::sort(in.dataset.measures.measures.begin(), in.dataset.measures.measures.end(),
            [](const MeasureParams& a, const MeasureParams& b) { return a.id < b.id; });

  for (auto& [id, o] : overrides) {
    const std::string p = fmt::format("override[measure={}]", id);
    if (!check_id(id, o.at, o.file, key_path(p, "measure"))) continue;
    auto it = std::find_if(in.dataset.measures.measures.begin(), in.dataset.measures.measures.end(),
                           [id = id](const MeasureParams& m) { return m.id == id; });
    if (it == in.dataset.measures.measures.end()) continue;
    MeasureParams& m = *it;
    if (o.delay) m.delay = *o.delay;
    if (o.probability) m.probability = *o.probability;
    if (o.lag_months) m.lag_months = *o.lag_months;
    if (o.deadline) {
      m.timing = *o.deadline;
      m.stages.clear();
    }
    if (o.depends_on) {
      bool ok = true;
      for (std::size_t j = 0; j < o.depends_on->size(); ++j) {
        const int dep = (*o.depends_on)[j];
        if (dep == id) {
          TomlReader r(o.depends_at[j].second, diags);
          r.error(*o.depends_at[j].first, fmt::format("{}: a measure cannot depend on itself", index_path(key_path(p, "depends_on"), j)));
          ok = false;
        } else {
          ok = check_id(dep, o.depends_at[j].first, o.depends_at[j].second, index_path(key_path(p, "depends_on"), j)) && ok;
        }
      }
      if (ok) m.depends_on = *o.depends_on;
    }
    if (o.scale) {
      TomlReader r(o.scale_file, diags);
      if (m.enabling) r.error(*o.scale_at, fmt::format("{}: measure {} is an enabling measure with no effects to scale", key_path(p, "scale"), id));
      for (std::size_t e = 0; e < m.effects.size(); ++e) {
        MeasureEffect& eff = m.effects[e];
        auto s = scaled(eff.size, *o.scale);
        if (!s) {
          r.error(*o.scale_at, fmt::format("{}: effect {} of measure {} is a bernoulli size and cannot be scaled", key_path(p, "scale"), e, id));
          continue;
        }
        if (eff.kind == EffectSize::fraction && s->max() > 1.0) {
          r.error(*o.scale_at, fmt::format("{}: {} × effect {} of measure {} ({}) removes more than all of {}'s emissions",
                                           key_path(p, "scale"), *o.scale, e, id, eff.size.describe(),
                                           inv.sectors[static_cast<std::size_t>(eff.sector)].name));
          continue;
        }
        eff.size = *s;
      }
    }
    if (o.enabled && !*o.enabled) in.excluded.push_back(id);
  }

  if (include) {
    for (int id : all_ids)
      if (std::find(include->begin(), include->end(), id) == include->end() &&
          std::find(in.excluded.begin(), in.excluded.end(), id) == in.excluded.end())
        in.excluded.push_back(id);
  } else if (exclude) {
    for (int id : *exclude)
      if (std::find(in.excluded.begin(), in.excluded.end(), id) == in.excluded.end()) in.excluded.push_back(id);
  }
  std::sort(in.excluded.begin(), in.excluded.end());
  diags.throw_if_errors();

  // What only the compiled model can tell (dependency cycles through extra
  // measures, timing that cannot be scheduled): build it once now.
  try {
    (void)Model::build(in);
  } catch (const InputError& e) {
    diags.append(e.diagnostics());
  }
  diags.throw_if_errors();
  return sc;
}

ModelInputs load_model_inputs(const Scenario& sc) { return sc.inputs; }

}  // namespace aqplan
