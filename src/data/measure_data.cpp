#include "aqplan/data/measure_data.h"

#include <algorithm>
#include <map>

#include <fmt/format.h>

#include "aqplan/base/text.h"
#include "data/dataset_parts.h"

namespace aqplan {

const MeasureParams* MeasureData::find(int id) const {
  auto it = std::lower_bound(measures.begin(), measures.end(), id,
                             [](const MeasureParams& m, int v) { return m.id < v; });
  return it != measures.end() && it->id == id ? &*it : nullptr;
}

namespace detail {

namespace {

std::vector<std::string> class_names(const DelayClasses& classes) {
  std::vector<std::string> out;
  for (const auto& [k, v] : classes) out.push_back(k);
  return out;
}

}  // namespace

// A delay: a delay class name, or an inline delay.
std::optional<DelayDistribution> read_delay(TomlReader& r, const toml::node& n, std::string_view path,
                                            const DelayClasses& classes) {
  if (const auto* s = n.as_string()) {
    auto it = classes.find(s->get());
    if (it != classes.end()) return it->second;
    r.error(n, Text(msg::data_unknown_delay_class, path, s->get(), did_you_mean_text(s->get(), class_names(classes))));
    return std::nullopt;
  }
  return r.delay(n, path);
}

std::optional<double> read_probability(TomlReader& r, const toml::node& n, std::string_view path) {
  auto v = r.number(n, path);
  if (v && (*v < 0 || *v > 1)) {
    r.error(n, Text(msg::data_outside_unit_interval, path, *v));
    return std::nullopt;
  }
  return v;
}

std::optional<double> read_months(TomlReader& r, const toml::node& n, std::string_view path, bool allow_negative) {
  auto v = r.number(n, path);
  if (v && !allow_negative && *v < 0) {
    r.error(n, Text(msg::data_months_negative, path, *v));
    return std::nullopt;
  }
  return v;
}

std::optional<Deadline> read_deadline(TomlReader& r, const toml::node& n, std::string_view path) {
  auto s = r.string(n, path);
  if (!s) return std::nullopt;
  try {
    return parse_deadline(*s);
  } catch (const DeadlineError& e) {
    r.error(n, Text(msg::data_at_path, path, deadline_problem(e)));
    return std::nullopt;
  }
}

namespace {

// A species word: a species name, "all" or "pm".
std::optional<SpeciesMask> species_word(TomlReader& r, const toml::node& n, std::string_view path) {
  auto s = r.string(n, path);
  if (!s) return std::nullopt;
  if (*s == "all") return kAllSpecies;
  if (*s == "pm") return static_cast<SpeciesMask>(species_bit(Species::pm10) | species_bit(Species::pm25));
  if (auto k = parse_species(*s)) return species_bit(*k);
  std::vector<std::string> candidates = species_names();
  candidates.emplace_back("all");
  candidates.emplace_back("pm");
  r.error(n, Text(msg::data_unknown_species, path, *s, did_you_mean_text(*s, candidates)));
  return std::nullopt;
}

std::optional<SpeciesMask> read_species(TomlReader& r, const toml::node& n, std::string_view path) {
  if (n.is_string()) return species_word(r, n, path);
  const toml::array* a = n.as_array();
  if (!a) {
    r.error(n, Text(msg::data_species_expected, path));
    return std::nullopt;
  }
  if (a->empty()) {
    r.error(n, Text(msg::data_species_list_empty, path));
    return std::nullopt;
  }
  SpeciesMask mask = 0;
  bool ok = true;
  for (std::size_t i = 0; i < a->size(); ++i) {
    if (auto m = species_word(r, (*a)[i], index_path(path, i)))
      mask = static_cast<SpeciesMask>(mask | *m);
    else
      ok = false;
  }
  if (!ok) return std::nullopt;
  return mask;
}

// Sector names of an effect: a name or a list of names (one effect each).
std::vector<int> read_sectors(TomlReader& r, const toml::node& n, std::string_view path, const Inventory* inv,
                              bool& ok) {
  std::vector<int> out;
  auto one = [&](const toml::node& e, std::string_view p) {
    auto s = r.string(e, p);
    if (!s) {
      ok = false;
      return;
    }
    if (!inv) {
      out.push_back(0);
      return;
    }
    if (auto idx = inv->find(*s)) {
      out.push_back(*idx);
    } else {
      const std::vector<std::string> names = inv->names();
      r.error(e, Text(msg::data_unknown_sector, p, *s, did_you_mean_text(*s, names), list_text(names)));
      ok = false;
    }
  };
  if (n.is_string()) {
    one(n, path);
  } else if (const toml::array* a = n.as_array(); a && !a->empty()) {
    for (std::size_t i = 0; i < a->size(); ++i) one((*a)[i], index_path(path, i));
  } else {
    r.error(n, Text(msg::data_sector_expected, path));
    ok = false;
  }
  return out;
}

void read_effects(TomlReader& r, const toml::node& n, std::string_view path, const Inventory* inv,
                  MeasureParams& m) {
  const toml::array* a = r.array(n, path);
  if (!a) return;
  static const std::vector<std::string> allowed{"sector", "species", "fraction", "tonnes", "source", "note"};
  for (std::size_t i = 0; i < a->size(); ++i) {
    const std::string p = index_path(path, i);
    const toml::table* t = r.table((*a)[i], p);
    if (!t) continue;
    r.check_keys(*t, p, allowed);
    bool ok = true;
    std::vector<int> sectors;
    if (const toml::node* s = r.require(*t, p, "sector"))
      sectors = read_sectors(r, *s, key_path(p, "sector"), inv, ok);
    else
      ok = false;
    SpeciesMask species = 0;
    if (const toml::node* s = r.require(*t, p, "species")) {
      if (auto mask = read_species(r, *s, key_path(p, "species")))
        species = *mask;
      else
        ok = false;
    } else {
      ok = false;
    }
    const toml::node* fraction = t->get("fraction");
    const toml::node* tonnes = t->get("tonnes");
    if (fraction && tonnes) {
      r.error(*t, Text(msg::data_fraction_or_tonnes, p));
      continue;
    }
    if (!fraction && !tonnes) {
      r.error(*t, Text(msg::data_missing_fraction_or_tonnes, p));
      continue;
    }
    MeasureEffect e;
    e.species = species;
    std::optional<Distribution> size;
    if (fraction) {
      e.kind = EffectSize::fraction;
      size = r.distribution(*fraction, key_path(p, "fraction"), kFractionRange);
    } else {
      e.kind = EffectSize::tonnes;
      size = r.distribution(*tonnes, key_path(p, "tonnes"), kNonNegative);
    }
    if (!size || !ok) continue;
    e.size = *size;
    for (int sector : sectors) {
      e.sector = sector;
      if (e.kind == EffectSize::tonnes && inv) {
        const Sector& sec = inv->sectors[static_cast<std::size_t>(sector)];
        for (Species k : kSpecies) {
          if (!has_species(species, k) || e.size.max() <= sec.emission(k)) continue;
          r.error(*tonnes, Text(msg::data_tonnes_exceed_sector, key_path(p, "tonnes"), e.size.max(), name(k), sec.name,
                                sec.emission(k)));
        }
      }
      m.effects.push_back(e);
    }
  }
}

}  // namespace

// Everything of a [[measure]] table after its id: dependencies, timing,
// slips and effects, on top of the defaults already in `m`.
void read_measure_body(TomlReader& r, const toml::table& table, const std::string& path, const Inventory* inventory,
                       MeasureParams& m, std::vector<PendingDep>* deps, const DelayClasses& classes) {
  const toml::table* t = &table;
    if (const toml::node* v = t->get("title_en")) m.title_en = r.string(*v, key_path(path, "title_en")).value_or("");
    if (const toml::node* v = t->get("enabling")) m.enabling = r.boolean(*v, key_path(path, "enabling")).value_or(false);
    if (const toml::node* v = t->get("depends_on")) {
      const std::string p = key_path(path, "depends_on");
      if (const toml::array* a = r.array(*v, p)) {
        for (std::size_t j = 0; j < a->size(); ++j) {
          const std::string ep = index_path(p, j);
          if (auto dep = r.measure_id((*a)[j], ep)) {
            if (*dep == m.id) {
              r.error((*a)[j], Text(msg::data_depends_on_itself, ep));
              continue;
            }
            if (deps) deps->push_back({&(*a)[j], ep, *dep});
            m.depends_on.push_back(*dep);
          }
        }
      }
    }
    if (const toml::node* v = t->get("lag_months"))
      m.lag_months = read_months(r, *v, key_path(path, "lag_months"), true).value_or(m.lag_months);
    if (const toml::node* v = t->get("delay"))
      m.delay = read_delay(r, *v, key_path(path, "delay"), classes).value_or(m.delay);
    if (const toml::node* v = t->get("probability"))
      m.probability = read_probability(r, *v, key_path(path, "probability")).value_or(m.probability);
    if (const toml::node* v = t->get("ramp_months"))
      m.ramp_months = read_months(r, *v, key_path(path, "ramp_months"), false).value_or(m.ramp_months);
    if (const toml::node* v = t->get("timing")) m.timing = read_deadline(r, *v, key_path(path, "timing"));
    if (const toml::node* v = t->get("stages")) {
      const std::string p = key_path(path, "stages");
      if (m.timing) r.error(*v, Text(msg::data_timing_or_stages, p));
      if (const toml::array* a = r.array(*v, p)) {
        if (a->size() < 2) r.error(*v, Text(msg::data_too_few_stages, p, a->size()));
        for (std::size_t j = 0; j < a->size(); ++j)
          if (auto d = read_deadline(r, (*a)[j], index_path(p, j))) m.stages.push_back(*d);
      }
    }
    const toml::node* effects = t->get("effect");
    if (effects) read_effects(r, *effects, key_path(path, "effect"), inventory, m);
    if (m.enabling && effects) {
      r.error(*effects, Text(msg::data_enabling_with_effects, path));
    } else if (!m.enabling && !effects) {
      r.error(*t, Text(msg::data_no_effects, path));
    }
}

namespace {

DelayClasses read_delay_classes(TomlReader& r, const toml::table& doc) {
  DelayClasses classes;
  const toml::node* n = doc.get("delay_classes");
  const toml::table* t = n ? r.table(*n, "delay_classes") : nullptr;
  if (!t) return classes;
  for (const auto& [k, v] : entries_in_file_order(*t))
    if (auto d = r.delay(*v, key_path("delay_classes", k->str()))) classes.emplace(std::string(k->str()), *d);
  return classes;
}

MeasureDefaults read_defaults(TomlReader& r, const toml::table& doc, const DelayClasses& classes) {
  MeasureDefaults defaults;
  const toml::node* n = doc.get("defaults");
  const toml::table* t = n ? r.table(*n, "defaults") : nullptr;
  if (!t) return defaults;
  static const std::vector<std::string> allowed{"delay", "probability", "ramp_months", "lag_months", "source"};
  r.check_keys(*t, "defaults", allowed);
  if (const toml::node* v = t->get("delay")) defaults.delay = read_delay(r, *v, "defaults.delay", classes).value_or(defaults.delay);
  if (const toml::node* v = t->get("probability"))
    defaults.probability = read_probability(r, *v, "defaults.probability").value_or(1.0);
  if (const toml::node* v = t->get("ramp_months"))
    defaults.ramp_months = read_months(r, *v, "defaults.ramp_months", false).value_or(0.0);
  if (const toml::node* v = t->get("lag_months"))
    defaults.lag_months = read_months(r, *v, "defaults.lag_months", true).value_or(0.0);
  return defaults;
}

// The id of [[measure]] i: positive and defined once; where it is, in m.
std::optional<int> measure_id(TomlReader& r, const toml::table& t, const std::string& path,
                              std::map<int, int>& first_line, MeasureParams& m) {
  const toml::node* id_node = r.require(t, path, "id");
  const auto id = id_node ? r.measure_id(*id_node, key_path(path, "id")) : std::nullopt;
  if (!id) return std::nullopt;
  m.id = *id;
  m.file = r.file();
  m.line = static_cast<int>(id_node->source().begin.line);
  m.column = static_cast<int>(id_node->source().begin.column);
  if (auto [it, fresh] = first_line.emplace(m.id, m.line); !fresh) {
    r.error(*id_node, Text(msg::data_duplicate_measure_id, fmt::format("measure[id={}]", m.id), m.id, it->second));
    return std::nullopt;
  }
  return m.id;
}

}  // namespace

MeasureData read_measures(TomlReader& r, const toml::table& doc, const Inventory* inventory) {
  MeasureData out;
  static const std::vector<std::string> allowed_top{"source", "description", "defaults", "delay_classes", "measure"};
  r.check_keys(doc, "", allowed_top);
  const DelayClasses classes = read_delay_classes(r, doc);
  const MeasureDefaults defaults = read_defaults(r, doc, classes);
  out.defaults.delay = defaults.delay;
  out.defaults.probability = defaults.probability;
  out.defaults.ramp_months = defaults.ramp_months;
  out.defaults.lag_months = defaults.lag_months;
  for (const auto& [k, v] : classes) out.delay_classes.emplace_back(k, v);

  const toml::node* list = r.require(doc, "", "measure");
  const toml::array* measures = list ? r.measure_array(*list, "measure") : nullptr;
  if (!measures) return out;
  static const std::vector<std::string> allowed{"id",          "enabling", "depends_on", "lag_months", "delay", "title_en",
                                                "probability", "ramp_months", "timing",  "stages",     "effect",
                                                "source",      "note"};
  std::map<int, int> first_line;  // id → line of its first definition
  std::vector<PendingDep> deps;   // depends_on is checked once every id is known
  for (std::size_t i = 0; i < measures->size(); ++i) {
    const toml::table* t = r.table((*measures)[i], index_path("measure", i));
    if (!t) continue;
    MeasureParams m = out.defaults;
    if (!measure_id(r, *t, index_path("measure", i), first_line, m)) continue;
    const std::string path = fmt::format("measure[id={}]", m.id);
    r.check_keys(*t, path, allowed);
    read_measure_body(r, *t, path, inventory, m, &deps, classes);
    out.measures.push_back(std::move(m));
  }
  for (const PendingDep& d : deps)
    if (first_line.count(d.id) == 0) r.error(*d.node, Text(msg::data_no_measure_with_id, d.path, d.id));
  std::sort(out.measures.begin(), out.measures.end(),
            [](const MeasureParams& a, const MeasureParams& b) { return a.id < b.id; });
  return out;
}

}  // namespace detail
}  // namespace aqplan
