// The readers of a scenario file's tables, one per table (scenario_layer.h).
#include <algorithm>
#include <charconv>
#include <cmath>
#include <set>

#include <fmt/format.h>

#include "aqplan/base/limits.h"
#include "aqplan/data/domain.h"
#include "aqplan/data/observed_file.h"
#include "aqplan/base/text.h"
#include "base/messages.h"
#include "data/day_targets_read.h"
#include "data/scenario_layer.h"

namespace aqplan::detail {

namespace fs = std::filesystem;

namespace {

std::string display(const fs::path& p) { return p.lexically_normal().string(); }

// --- phase 1 ------------------------------------------------------------------

void read_scenario_table(TomlReader& r, const Layer& layer, const toml::table& s, Settings& out) {
  static const std::vector<std::string> keys = {"name", "name_zh", "description", "dataset", "year", "standard", "extends"};
  if (const toml::node* e = s.get("extends"))
    r.error(*e, Text(msg::scenario_extends_in_table, "scenario.extends"));
  r.check_keys(s, "scenario", keys);
  if (const toml::node* v = s.get("name"))
    if (auto x = r.string(*v, "scenario.name")) {
      if (trim(*x).empty()) r.error(*v, Text(msg::scenario_empty, "scenario.name"));
      out.name = *x;
    }
  if (const toml::node* v = s.get("name_zh"))
    if (auto x = r.string(*v, "scenario.name_zh")) out.name_zh = *x;
  if (const toml::node* v = s.get("description"))
    if (auto x = r.string(*v, "scenario.description")) out.description = *x;
  if (const toml::node* v = s.get("dataset"))
    if (auto x = r.string(*v, "scenario.dataset")) {
      const fs::path p = fs::path(*x).is_absolute() ? fs::path(*x) : layer.dir / *x;
      out.dataset = Sourced<std::string>{display(p), ref(r, *v)};
      if (!fs::is_directory(p))
        r.error(*v, Text(msg::scenario_not_a_directory, "scenario.dataset", *x, display(p)));
    }
  if (const toml::node* v = s.get("year"))
    if (auto x = r.integer(*v, "scenario.year")) {
      if (!plausible_year(*x)) r.error(*v, Text(msg::scenario_implausible_year, "scenario.year", *x));
      else out.year = Sourced<int>{static_cast<int>(*x), ref(r, *v)};
    }
  if (const toml::node* v = s.get("standard"))
    if (auto x = r.string(*v, "scenario.standard")) out.standard = Sourced<std::string>{*x, ref(r, *v)};
}

void read_montecarlo_table(TomlReader& r, const toml::table& mc, Settings& out) {
  static const std::vector<std::string> keys = {"samples", "seed"};
  r.check_keys(mc, "montecarlo", keys);
  if (const toml::node* v = mc.get("samples"))
    if (auto x = r.integer(*v, "montecarlo.samples")) {
      if (*x <= 0) r.error(*v, Text(msg::scenario_not_positive_count, "montecarlo.samples", *x));
      else if (static_cast<std::uint64_t>(*x) > limits().max_samples)
        r.error(*v, Text(msg::scenario_samples_over_limit, "montecarlo.samples", *x, limits().max_samples,
                         raise_hint("max_samples")));
      else out.samples = static_cast<std::uint64_t>(*x);
    }
  if (const toml::node* v = mc.get("seed"))
    if (auto x = r.integer(*v, "montecarlo.seed")) {
      if (*x < 0) r.error(*v, Text(msg::scenario_negative, "montecarlo.seed", *x));
      else out.seed = static_cast<std::uint64_t>(*x);
    }
}

// A list of measure ids: positive, each listed once.
std::optional<IdList> id_list(TomlReader& r, const toml::node& v, const std::string& path) {
  const toml::array* a = r.array(v, path);
  if (!a) return std::nullopt;
  IdList out;
  for (std::size_t i = 0; i < a->size(); ++i) {
    const toml::node& e = (*a)[i];
    const std::string p = index_path(path, i);
    const auto x = r.measure_id(e, p);
    if (!x) continue;
    if (std::any_of(out.begin(), out.end(), [&](const Sourced<int>& s) { return s.value == *x; }))
      r.error(e, Text(msg::scenario_listed_twice, p, *x));
    else out.push_back({*x, ref(r, e)});
  }
  return out;
}

void read_measures_table(TomlReader& r, const toml::table& mt, Settings& out) {
  static const std::vector<std::string> keys = {"include", "exclude"};
  r.check_keys(mt, "measures", keys);
  Selection sel;
  if (const toml::node* v = mt.get("include")) sel.include = id_list(r, *v, "measures.include");
  if (const toml::node* v = mt.get("exclude")) sel.exclude = id_list(r, *v, "measures.exclude");
  if (mt.contains("include") && mt.contains("exclude"))
    r.error(*mt.get("exclude"), Text(msg::scenario_include_and_exclude, "measures"));
  out.selection = std::move(sel);
}

void read_meteorology_table(TomlReader& r, const toml::table& mt, Settings& out) {
  static const std::vector<std::string> keys = {"scale", "base_year", "base_anomaly"};
  r.check_keys(mt, "meteorology", keys);
  if (const toml::node* v = mt.get("base_year")) out.base_year = read_base_year(r, *v, "meteorology.base_year");
  if (const toml::node* v = mt.get("base_anomaly")) read_base_anomaly(r, *v, "meteorology.base_anomaly", out.base_anomaly);
  if (const toml::node* v = mt.get("scale"))
    if (auto x = r.number(*v, "meteorology.scale")) {
      if (*x < 0) r.error(*v, Text(msg::scenario_negative, "meteorology.scale", *x));
      else if (*x > domain().weather_scale_max)
        r.error(*v, Text(msg::scenario_weather_scale_too_large, "meteorology.scale", *x, domain().weather_scale_max,
                         domain().file));
      else out.weather_scale = *x;
    }
}

void read_report_table(TomlReader& r, const toml::table& t, Settings& out) {
  static const std::vector<std::string> keys = {"risk_below"};
  r.check_keys(t, "report", keys);
  if (const toml::node* v = t.get("risk_below"))
    if (auto x = r.number(*v, "report.risk_below")) {
      if (!(*x > 0.0 && *x < 1.0)) r.error(*v, Text(msg::scenario_not_a_risk_threshold, "report.risk_below", *x));
      else out.risk_below = *x;
    }
}

// --- phase 2 ------------------------------------------------------------------

// The settings of one [[override]] table.
void read_override_body(TomlReader& r, const toml::table& t, const std::string& p, const DelayClasses& classes,
                        Override& o) {
  if (const toml::node* v = t.get("delay"))
    if (auto x = read_delay(r, *v, key_path(p, "delay"), classes)) o.delay = *x;
  if (const toml::node* v = t.get("scale"))
    if (auto x = r.number(*v, key_path(p, "scale"))) {
      if (*x < 0) r.error(*v, Text(msg::scenario_negative, key_path(p, "scale"), *x));
      else if (*x > domain().measure_scale_max)
        r.error(*v, Text(msg::scenario_measure_scale_too_large, key_path(p, "scale"), *x, domain().measure_scale_max,
                         domain().file));
      else o.scale = Sourced<double>{*x, ref(r, *v)};
    }
  if (const toml::node* v = t.get("probability"))
    if (auto x = read_probability(r, *v, key_path(p, "probability"))) o.probability = *x;
  if (const toml::node* v = t.get("enabled"))
    if (auto x = r.boolean(*v, key_path(p, "enabled"))) o.enabled = *x;
  if (const toml::node* v = t.get("deadline"))
    if (auto x = read_deadline(r, *v, key_path(p, "deadline"))) o.deadline = *x;
  if (const toml::node* v = t.get("lag_months"))
    if (auto x = read_months(r, *v, key_path(p, "lag_months"), true)) o.lag_months = *x;
  if (const toml::node* v = t.get("depends_on")) {
    const std::string dp = key_path(p, "depends_on");
    if (const toml::array* da = r.array(*v, dp)) {
      IdList deps;
      for (std::size_t j = 0; j < da->size(); ++j)
        if (auto x = r.measure_id((*da)[j], index_path(dp, j))) deps.push_back({*x, ref(r, (*da)[j])});
      o.depends_on = Sourced<IdList>{std::move(deps), ref(r, *v)};
    }
  }
}

void read_overrides(TomlReader& r, const toml::node& n, const DatasetContext& ds, Changes& out) {
  const toml::array* a = r.measure_array(n, "override");
  if (!a) return;
  static const std::vector<std::string> keys = {"measure",  "delay",      "scale",      "probability", "enabled",
                                                "deadline", "depends_on", "lag_months", "note"};
  for (std::size_t i = 0; i < a->size(); ++i) {
    const std::string p = index_path("override", i);
    const toml::table* t = r.table((*a)[i], p);
    if (!t) continue;
    r.check_keys(*t, p, keys);
    const toml::node* idn = r.require(*t, p, "measure");
    const auto id = idn ? r.measure_id(*idn, key_path(p, "measure")) : std::nullopt;
    if (!id) continue;
    Override o;
    o.measure = *id;
    o.at = ref(r, *idn);
    read_override_body(r, *t, fmt::format("override[measure={}]", *id), ds.classes, o);
    // Two overrides of one measure in one file: the later wins, key by key.
    auto [it, fresh] = out.overrides.try_emplace(o.measure, o);
    if (!fresh) {
      Changes one;
      one.overrides.emplace(o.measure, std::move(o));
      merge_changes(out, std::move(one));
    }
  }
}

// The ledger row of an extra measure: title, deadline and lead units.
void read_extra_row(TomlReader& r, const toml::table& t, const std::string& p, Measure& row) {
  if (const toml::node* v = r.require(t, p, "title"))
    if (auto s = r.string(*v, key_path(p, "title"))) row.text = *s;
  if (const toml::node* v = r.require(t, p, "deadline"))
    if (auto d = read_deadline(r, *v, key_path(p, "deadline"))) row.deadline = *d;
  if (const toml::node* v = t.get("lead_units")) {
    const std::string lp = key_path(p, "lead_units");
    if (const toml::array* la = r.array(*v, lp))
      for (std::size_t j = 0; j < la->size(); ++j)
        if (auto s = r.string((*la)[j], index_path(lp, j))) row.lead_units.push_back(*s);
  }
}

// The id of an extra measure: positive, not a ledger id, once per file.
std::optional<int> extra_id(TomlReader& r, const toml::table& t, const std::string& p, const DatasetContext& ds,
                            std::set<int>& in_this_file) {
  const toml::node* idn = r.require(t, p, "id");
  const auto id = idn ? r.measure_id(*idn, key_path(p, "id")) : std::nullopt;
  if (!id) return std::nullopt;
  if (std::find(ds.ledger_ids.begin(), ds.ledger_ids.end(), *id) != ds.ledger_ids.end()) {
    r.error(*idn, Text(msg::scenario_extra_is_ledger_measure, key_path(p, "id"), *id, *id));
    return std::nullopt;
  }
  if (!in_this_file.insert(*id).second) {
    r.error(*idn, Text(msg::scenario_duplicate_extra_id, key_path(p, "id"), *id));
    return std::nullopt;
  }
  return *id;
}

void read_extras(TomlReader& r, const toml::node& n, const DatasetContext& ds, Changes& out) {
  const toml::array* a = r.measure_array(n, "measure");
  if (!a) return;
  static const std::vector<std::string> keys = {
      "id",    "title",       "title_en",    "deadline", "lead_units", "enabling", "depends_on", "lag_months",
      "delay", "probability", "ramp_months", "timing",   "stages",     "effect",   "source",     "note"};
  std::set<int> in_this_file;
  for (std::size_t i = 0; i < a->size(); ++i) {
    const toml::table* t = r.table((*a)[i], index_path("measure", i));
    if (!t) continue;
    r.check_keys(*t, index_path("measure", i), keys);
    const auto id = extra_id(r, *t, index_path("measure", i), ds, in_this_file);
    if (!id) continue;
    const std::string p = fmt::format("measure[id={}]", *id);
    const SourceRef at = ref(r, *t->get("id"));
    Extra x;
    x.params = ds.defaults;
    x.params.id = *id;
    x.params.file = at.file;
    x.params.line = at.line;
    x.params.column = at.column;
    x.params.depends_on.clear();
    x.params.effects.clear();
    x.row.id = *id;
    x.row.category = 0;
    x.row.source_line = at.line;
    x.row.at = at;
    read_extra_row(r, *t, p, x.row);
    std::vector<PendingDep> deps;
    read_measure_body(r, *t, p, &ds.inventory, x.params, &deps, ds.classes);
    for (const PendingDep& d : deps) x.deps.push_back({{d.id, ref(r, *d.node)}, d.path});
    out.extras[*id] = std::move(x);
  }
}

// "1".."12" (no sign, no spaces, no leading zero) → 1..12.
std::optional<int> month_key(std::string_view k) {
  int month = 0;
  const auto [end, ec] = std::from_chars(k.data(), k.data() + k.size(), month);
  if (ec != std::errc() || end != k.data() + k.size() || month < 1 || month > 12 || k.front() == '0') return std::nullopt;
  return month;
}

// TOML splits a bare key at its dots: [observed.PM2.5] is observed → PM2 →
// 5. Said when a key 'PM2' holds a table with the key '5'.
Text dotted_key_hint(std::string_view key, const toml::node& v) {
  const toml::table* t = v.as_table();
  if (!t || !t->contains("5") || !parse_metric(std::string(key) + "5")) return {};
  return Text(msg::scenario_dotted_metric_hint, key, key, key);
}

std::optional<Metric> metric_key(TomlReader& r, const toml::key& k, const toml::node& v, const std::string& path) {
  const auto metric = parse_metric(k.str());
  if (!metric)
    r.error(v, Text(msg::scenario_unknown_metric, path, k.str(), did_you_mean_text(k.str(), metric_names()),
                    dotted_key_hint(k.str(), v)));
  return metric;
}

// `[observed] file`: the observations file (data/observed_file.h), relative
// to the scenario file that names it; its months go in as from_file.
void read_observed_file(TomlReader& r, const Layer& layer, const toml::node& n, Changes& out) {
  const auto v = r.string(n, "observed.file");
  if (!v) return;
  const fs::path p = fs::path(*v).is_absolute() ? fs::path(*v) : layer.dir / *v;
  out.observed_file = display(p);
  if (trim(*v).empty()) {
    r.error(n, Text(msg::scenario_empty, "observed.file"));
    return;
  }
  if (!fs::is_regular_file(p)) {
    r.error(n, Text(msg::scenario_parent_not_found, "observed.file", *v, *out.observed_file));
    return;
  }
  try {
    for (const Observation& o : read_observed_csv(*out.observed_file).rows)
      out.observed[static_cast<std::size_t>(o.metric)][static_cast<std::size_t>(o.month - 1)] =
          ObservedMonth{o.value, o.at, true};
  } catch (const InputError& e) {
    r.diagnostics().append(e.diagnostics());
  }
}

// An inline month; the same month from the file is an error naming both places.
void place_observed(TomlReader& r, const toml::node& v, const std::string& path, Metric metric, int month,
                    double value, Changes& out) {
  auto& slot = out.observed[static_cast<std::size_t>(metric)][static_cast<std::size_t>(month - 1)];
  if (slot && slot->from_file) {
    const SourceRef& f = slot->at;
    r.error(v, Text(msg::scenario_observed_twice, path, name(metric), month, fmt::format("{}:{}:{}", f.file, f.line, f.column)));
    return;
  }
  slot = ObservedMonth{value, ref(r, v), false};
}

// [observed.<metric>]: month → value.
void read_observed_months(TomlReader& r, const toml::node& v, const std::string& mp, Metric metric, Changes& out) {
  const toml::table* months = r.table(v, mp);
  if (!months) return;
  for (const auto& [mk, mv] : entries_in_file_order(*months)) {
    const std::string p = key_path(mp, mk->str());
    const auto month = month_key(mk->str());
    if (!month) {
      r.error(*mv, Text(msg::scenario_not_a_month, p, mk->str()));
      continue;
    }
    const auto x = r.number(*mv, p);
    if (!x) continue;
    if (const auto why = implausible_monthly_text(metric, *x)) {
      r.error(*mv, Text(msg::reader_path_detail, p, *why));
      continue;
    }
    place_observed(r, *mv, p, metric, *month, *x, out);
  }
}

void read_observed(TomlReader& r, const Layer& layer, const toml::node& n, Changes& out) {
  const toml::table* ot = r.table(n, "observed");
  if (!ot) return;
  if (const toml::node* f = ot->get("file")) read_observed_file(r, layer, *f, out);
  for (const auto& [k, v] : entries_in_file_order(*ot)) {
    if (k->str() == "file") continue;
    const std::string mp = key_path("observed", k->str());
    if (!v->is_table() && !parse_metric(k->str())) {  // a key, not a metric's table
      std::vector<std::string> keys = metric_names();
      keys.insert(keys.begin(), "file");
      r.error(k->source(), Text(msg::reader_unknown_key, "observed", k->str(), did_you_mean_text(k->str(), keys)));
      continue;
    }
    if (const auto metric = metric_key(r, *k, *v, mp)) read_observed_months(r, *v, mp, *metric, out);
  }
}

// A relative change (growth, regional trend): a distribution that stays above
// −1 (−100 %) and at most `max` (data/domain.toml). An unbounded normal is
// taken as its mean ± 6 standard deviations (a draw beyond has probability
// < 1e-9).
std::optional<Distribution> relative_change(TomlReader& r, const toml::node& n, const std::string& path, double max) {
  auto d = r.distribution(n, path);
  if (!d) return std::nullopt;
  const auto& p = d->parameters();
  const bool normal = d->kind() == DistKind::normal;
  const double lo = normal && std::isinf(d->min()) ? p[0] - 6.0 * p[1] : d->min();
  const double hi = normal && std::isinf(d->max()) ? p[0] + 6.0 * p[1] : d->max();
  if (!(lo > -1.0)) {
    r.error(n, Text(msg::scenario_change_below_minus_one, path, d->describe()));
    return std::nullopt;
  }
  if (!(hi <= max)) {
    r.error(n, Text(msg::scenario_change_too_large, path, d->describe(), fmt::format("{:+g}", 100.0 * max), domain().file));
    return std::nullopt;
  }
  return d;
}

void read_growth(TomlReader& r, const toml::node& n, const Inventory& inv, Changes& out) {
  const toml::table* gt = r.table(n, "growth");
  if (!gt) return;
  const std::vector<std::string> sectors = inv.names();
  for (const auto& [k, v] : entries_in_file_order(*gt)) {
    const std::string p = key_path("growth", k->str());
    const auto s = inv.find(k->str());
    if (!s) {
      r.error(*v, Text(msg::scenario_unknown_sector, p, k->str(), did_you_mean_text(k->str(), sectors), joined_list(sectors)));
      continue;
    }
    if (auto d = relative_change(r, *v, p, domain().growth_max)) out.growth[static_cast<std::size_t>(*s)] = *d;
  }
}

void read_regional(TomlReader& r, const toml::node& n, Changes& out) {
  const toml::table* rt = r.table(n, "regional");
  if (!rt) return;
  static const std::vector<std::string> keys = {"trend"};
  r.check_keys(*rt, "regional", keys);
  const toml::node* tn = rt->get("trend");
  const toml::table* tt = tn ? r.table(*tn, "regional.trend") : nullptr;
  if (!tt) return;
  for (const auto& [k, v] : entries_in_file_order(*tt)) {
    const std::string p = key_path("regional.trend", k->str());
    const auto metric = metric_key(r, *k, *v, p);
    if (!metric) continue;
    if (auto d = relative_change(r, *v, p, domain().regional_trend_max)) out.regional[static_cast<std::size_t>(*metric)] = *d;
  }
}

}  // namespace

Settings read_settings(TomlReader& r, const Layer& layer) {
  Settings out;
  if (const toml::node* n = layer.root.get("scenario"))
    if (const toml::table* t = r.table(*n, "scenario")) read_scenario_table(r, layer, *t, out);
  if (const toml::node* n = layer.root.get("montecarlo"))
    if (const toml::table* t = r.table(*n, "montecarlo")) read_montecarlo_table(r, *t, out);
  if (const toml::node* n = layer.root.get("measures"))
    if (const toml::table* t = r.table(*n, "measures")) read_measures_table(r, *t, out);
  if (const toml::node* n = layer.root.get("meteorology"))
    if (const toml::table* t = r.table(*n, "meteorology")) read_meteorology_table(r, *t, out);
  if (const toml::node* n = layer.root.get("report"))
    if (const toml::table* t = r.table(*n, "report")) read_report_table(r, *t, out);
  if (const toml::node* n = layer.root.get("targets"))
    if (const toml::table* t = r.table(*n, "targets")) {
      static const std::vector<std::string> keys{"days"};
      r.check_keys(*t, "targets", keys);
      // The layer may not name its year.
      if (const toml::node* d = t->get("days"))
        if (const toml::table* dt = r.table(*d, "targets.days")) read_day_targets(r, *dt, "targets.days", kAnyYear, out.day_targets);
    }
  return out;
}

Changes read_changes(TomlReader& r, const Layer& layer, const DatasetContext& ds) {
  Changes out;
  if (const toml::node* n = layer.root.get("override")) read_overrides(r, *n, ds, out);
  if (const toml::node* n = layer.root.get("measure")) read_extras(r, *n, ds, out);
  if (const toml::node* n = layer.root.get("observed")) read_observed(r, layer, *n, out);
  if (const toml::node* n = layer.root.get("growth")) read_growth(r, *n, ds.inventory, out);
  if (const toml::node* n = layer.root.get("regional")) read_regional(r, *n, out);
  return out;
}

}  // namespace aqplan::detail
