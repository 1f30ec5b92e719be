// load_scenario: the extends chain read file by file (scenario_read.cpp),
// merged child over parent (here), and applied to the dataset
// (scenario_apply.cpp).
#include "aqplan/data/scenario.h"

#include <algorithm>
#include <filesystem>

#include <fmt/format.h>

#include "aqplan/base/text.h"
#include "aqplan/data/observed_file.h"
#include "base/messages.h"
#include "data/scenario_layer.h"

namespace aqplan {

namespace fs = std::filesystem;

namespace detail {

namespace {

const std::vector<std::string>& top_keys() {
  static const std::vector<std::string> k = {"extends", "scenario", "montecarlo", "measures", "override",
                                             "measure", "observed",  "growth",     "regional", "meteorology", "report",
                                             "targets"};
  return k;
}

std::string display(const fs::path& p) { return p.lexically_normal().string(); }

// The parent a layer extends: resolved against the layer's directory, and
// neither missing nor already in the chain (`visiting`, canonical paths).
std::optional<std::string> parent_of(TomlReader& r, const Layer& layer, const std::vector<Layer>& layers,
                                     std::vector<std::string>& visiting) {
  const toml::node* ext = layer.root.get("extends");
  const auto v = ext ? r.string(*ext, "extends") : std::nullopt;
  if (!v) return std::nullopt;
  const fs::path p = fs::path(*v).is_absolute() ? fs::path(*v) : layer.dir / *v;
  const std::string resolved = display(p);
  std::error_code ec;
  const std::string canon = fs::weakly_canonical(p, ec).string();
  if (!fs::is_regular_file(p)) {
    r.error(*ext, Text(msg::scenario_parent_not_found, "extends", *v, resolved));
    return std::nullopt;
  }
  if (std::find(visiting.begin(), visiting.end(), canon) != visiting.end()) {
    std::string cycle;
    for (const auto& f : layers) cycle += fs::path(f.file).filename().string() + " -> ";
    cycle += fs::path(layer.file).filename().string() + " -> " + fs::path(resolved).filename().string();
    r.error(*ext, Text(msg::scenario_extends_cycle, cycle));
    return std::nullopt;
  }
  visiting.push_back(canon);
  return resolved;
}

// Reads `path` and, through `extends`, its ancestors; layers come out
// ancestor first (later layers win). Unknown top-level keys go to
// `unknown_keys`: they break nothing else, so the rest is read and checked too.
std::vector<Layer> read_chain(const std::string& path, Diagnostics& diags, Diagnostics& unknown_keys) {
  std::vector<Layer> layers;
  std::error_code ec;
  std::vector<std::string> visiting{fs::weakly_canonical(path, ec).string()};
  for (std::optional<std::string> next = path; next;) {
    TomlReader r(*next, diags);
    auto root = r.parse_file();
    if (!root) break;
    TomlReader(*next, unknown_keys).check_keys(*root, "", top_keys());
    Layer layer{*next, fs::path(*next).parent_path(), std::move(*root)};
    next = parent_of(r, layer, layers, visiting);
    layers.push_back(std::move(layer));
  }
  std::reverse(layers.begin(), layers.end());
  return layers;
}

template <class T>
void take(std::optional<T>& into, const std::optional<T>& child) {
  if (child) into = child;
}

void merge_override(Override& into, Override&& child) {
  into.at = child.at;
  take(into.delay, child.delay);
  take(into.scale, child.scale);
  take(into.probability, child.probability);
  take(into.enabled, child.enabled);
  take(into.deadline, child.deadline);
  take(into.depends_on, child.depends_on);
  take(into.lag_months, child.lag_months);
}

// The chain's settings; every problem found is in `diags`.
Settings chain_settings(const std::vector<Layer>& layers, Diagnostics& diags) {
  Settings s;
  for (const Layer& L : layers) {
    TomlReader r(L.file, diags);
    merge_settings(s, read_settings(r, L));
  }
  const std::string& child = layers.back().file;
  if (!s.name) diags.error(child, 0, 0, Text(msg::scenario_missing_in_chain, "scenario.name"));
  if (!s.dataset) diags.error(child, 0, 0, Text(msg::scenario_missing_in_chain, "scenario.dataset"));
  if (!s.year) diags.error(child, 0, 0, Text(msg::scenario_missing_in_chain, "scenario.year"));
  return s;
}

// The scenario's [meteorology] base_year and known anomalies over the
// dataset's: a month the scenario names replaces the dataset's factor.
void apply_weather_settings(const Settings& s, MeteorologyParams& met) {
  if (s.base_year) met.base_year = *s.base_year;
  for (std::size_t p = 0; p < kMetricCount; ++p)
    for (std::size_t m = 0; m < kMonths; ++m)
      if (s.base_anomaly[p][m]) met.base_anomaly[p][m] = s.base_anomaly[p][m];
}

// `aqplan run --observed FILE`: the file's months instead of every month
// the chain gives (its file's and the inline ones).
void replace_observed(const std::string& file, Changes& changes, Diagnostics& diags) {
  changes.observed = {};
  changes.observed_file = file;
  try {
    for (const Observation& o : read_observed_csv(file).rows)
      changes.observed[static_cast<std::size_t>(o.metric)][static_cast<std::size_t>(o.month - 1)] =
          ObservedMonth{o.value, o.at, true};
  } catch (const InputError& e) {
    diags.append(e.diagnostics());
  }
}

}  // namespace

void merge_settings(Settings& into, const Settings& child) {
  take(into.name, child.name);
  take(into.name_zh, child.name_zh);
  take(into.description, child.description);
  take(into.standard, child.standard);
  take(into.dataset, child.dataset);
  take(into.year, child.year);
  take(into.samples, child.samples);
  take(into.seed, child.seed);
  take(into.weather_scale, child.weather_scale);
  take(into.base_year, child.base_year);
  for (std::size_t p = 0; p < kMetricCount; ++p)
    for (std::size_t m = 0; m < kMonths; ++m) take(into.base_anomaly[p][m], child.base_anomaly[p][m]);
  take(into.selection, child.selection);  // as a whole
  take(into.risk_below, child.risk_below);
  into.day_targets.take(child.day_targets);
}

void merge_changes(Changes& into, Changes&& child) {
  for (auto& [id, o] : child.overrides) {
    auto [it, fresh] = into.overrides.try_emplace(id, o);
    if (!fresh) merge_override(it->second, std::move(o));
  }
  for (auto& [id, x] : child.extras) into.extras[id] = std::move(x);
  if (child.observed_file) {  // the child's file replaces the parent's: none of its months stays
    into.observed_file = child.observed_file;
    for (auto& months : into.observed)
      for (auto& o : months)
        if (o && o->from_file) o.reset();
  }
  for (std::size_t p = 0; p < kMetricCount; ++p)
    for (std::size_t m = 0; m < kMonths; ++m) take(into.observed[p][m], child.observed[p][m]);
  for (auto& [s, d] : child.growth) into.growth[s] = d;
  for (auto& [p, d] : child.regional) into.regional[p] = d;
}

}  // namespace detail

ScenarioRead read_scenario(const std::string& path, const ScenarioOptions& options) {
  using namespace detail;
  ScenarioRead out;
  Diagnostics& diags = out.diagnostics;
  Diagnostics unknown_keys;
  const std::vector<Layer> layers = read_chain(path, diags, unknown_keys);
  const bool broken = diags.has_errors();  // a file that does not parse, or a broken chain
  unknown_keys.append(diags);
  diags = std::move(unknown_keys);
  if (broken) return out;
  const Settings settings = chain_settings(layers, diags);
  // Without a dataset nothing else can be checked; with one, the problems
  // found so far are reported together with the rest.
  if (!settings.dataset || !fs::is_directory(settings.dataset->value)) return out;

  Scenario& sc = out.scenario;
  sc.file = path;
  for (auto it = layers.rbegin(); it != layers.rend(); ++it) sc.chain.push_back(it->file);
  sc.name = settings.name.value_or("");
  sc.name_zh = settings.name_zh.value_or("");
  sc.description = settings.description.value_or("");
  sc.dataset_dir = settings.dataset->value;
  sc.year = settings.year ? settings.year->value : 0;
  if (settings.standard) sc.standard = settings.standard->value;
  sc.samples = settings.samples;
  sc.seed = settings.seed;
  sc.weather_scale = settings.weather_scale.value_or(1.0);

  try {
    sc.inputs = load_dataset_inputs(sc.dataset_dir, sc.standard, settings.standard ? settings.standard->at : SourceRef{});
  } catch (const InputError& e) {
    diags.append(e.diagnostics());
    return out;
  }
  ModelInputs& in = sc.inputs;
  if (in.dataset.language_given) diags.language = parse_language(in.dataset.language);  // of what follows, for the CLI
  in.scenario_name = sc.name;
  in.scenario_name_zh = sc.name_zh;
  in.scenario_file = sc.file;
  if (settings.risk_below) in.risk_below = *settings.risk_below;
  in.day_targets.take(settings.day_targets);
  apply_weather_settings(settings, in.dataset.meteorology);
  if (settings.year && in.dataset.target_year != sc.year)
    diags.error(settings.year->at, Text(msg::scenario_year_not_dataset_year, "scenario.year", sc.year,
                                        in.dataset.target_year, in.dataset.files.dataset));

  std::vector<int> ledger_ids;
  for (const auto& m : in.ledger.measures) ledger_ids.push_back(m.id);
  const DelayClasses classes(in.dataset.measures.delay_classes.begin(), in.dataset.measures.delay_classes.end());
  const DatasetContext context{in.dataset.inventory, in.dataset.measures.defaults, classes, ledger_ids};
  Changes changes;
  for (const Layer& L : layers) {
    TomlReader r(L.file, diags);
    merge_changes(changes, read_changes(r, L, context));
  }
  if (!options.observed_file.empty()) replace_observed(options.observed_file, changes, diags);
  sc.observed_file = changes.observed_file.value_or("");
  apply_changes(std::move(changes), settings.selection, in, diags);
  out.inputs_complete = true;
  return out;
}

Scenario load_scenario(const std::string& path, const ScenarioOptions& options) {
  ScenarioRead r = read_scenario(path, options);
  r.diagnostics.throw_if_errors();
  return std::move(r.scenario);
}

ModelInputs load_inputs(const std::string& path) {
  if (fs::is_directory(path)) return load_dataset_inputs(path);
  return load_scenario(path).inputs;
}

}  // namespace aqplan
