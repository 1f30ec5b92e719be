#include "aqplan/data/inventory.h"

#include <cmath>

#include "aqplan/base/text.h"
#include "data/dataset_parts.h"

namespace aqplan {

namespace {
constexpr std::array<std::string_view, kHeightClassCount> kHeightNames{"ground", "low", "tall"};
}  // namespace

std::string_view name(HeightClass h) { return kHeightNames[static_cast<std::size_t>(h)]; }

std::optional<HeightClass> parse_height_class(std::string_view s) {
  for (int i = 0; i < kHeightClassCount; ++i)
    if (kHeightNames[static_cast<std::size_t>(i)] == s) return static_cast<HeightClass>(i);
  return std::nullopt;
}

std::optional<int> Inventory::find(std::string_view sector_name) const {
  for (std::size_t i = 0; i < sectors.size(); ++i)
    if (sectors[i].name == sector_name) return static_cast<int>(i);
  return std::nullopt;
}

std::vector<std::string> Inventory::names() const {
  std::vector<std::string> out;
  out.reserve(sectors.size());
  for (const auto& s : sectors) out.push_back(s.name);
  return out;
}

double Inventory::total(Species k) const {
  double sum = 0;
  for (const auto& s : sectors) sum += s.emission(k);
  return sum;
}

namespace detail {

namespace {

// Normalises relative monthly weights to shares; records an error when they
// are all zero (negative weights are rejected by the range check before).
bool normalise_profile(TomlReader& r, const toml::node& at, std::string_view path, std::array<double, kMonths>& w) {
  double sum = 0;
  for (double x : w) sum += x;
  if (!(sum > 0)) {
    r.error(at, Text(msg::data_all_weights_zero, path));
    return false;
  }
  for (double& x : w) x /= sum;
  return true;
}

void read_height(TomlReader& r, const toml::node& n, const std::string& p, Sector& s) {
  const auto h = r.string(n, p);
  if (!h) return;
  if (auto hc = parse_height_class(*h)) {
    s.height = *hc;
    return;
  }
  static const std::vector<std::string> heights{"ground", "low", "tall"};
  Text hint = did_you_mean_text(*h, heights);
  if (hint.empty()) hint = Text(msg::data_height_classes);
  r.error(n, Text(msg::data_unknown_height_class, p, *h, hint));
}

// Every species' t/yr, non-negative, pm25 within pm10.
void read_emissions(TomlReader& r, const toml::node& n, const std::string& p, Sector& s) {
  const toml::table* e = r.table(n, p);
  if (!e) return;
  std::vector<std::string> allowed_species = species_names();
  allowed_species.emplace_back("source");
  r.check_keys(*e, p, allowed_species);
  bool complete = true;
  for (Species k : kSpecies) {
    const std::string key(name(k));
    const toml::node* v = r.require(*e, p, key);
    const auto x = v ? r.number(*v, key_path(p, key)) : std::nullopt;
    if (x && *x < 0) r.error(*v, Text(msg::data_emission_negative, key_path(p, key), *x));
    if (!x || *x < 0) {
      complete = false;
      continue;
    }
    s.emissions[static_cast<std::size_t>(k)] = *x;
  }
  if (complete && s.emission(Species::pm25) > s.emission(Species::pm10))
    r.error(*e, Text(msg::data_pm25_exceeds_pm10, p, s.emission(Species::pm25), s.emission(Species::pm10)));
}

// The monthly profile of every species, and the species that differ.
void read_profiles(TomlReader& r, const toml::table& t, std::string_view path, Sector& s) {
  std::array<double, kMonths> base{};
  base.fill(1.0 / kMonths);
  if (const toml::node* n = r.require(t, path, "profile")) {
    const std::string p = key_path(path, "profile");
    if (auto w = r.monthly_number(*n, p, kNonNegative)) {
      base = *w;
      normalise_profile(r, *n, p, base);
    }
  }
  for (auto& row : s.profile) row = base;
  const toml::node* n = t.get("species_profile");
  const std::string p = key_path(path, "species_profile");
  const toml::table* sp = n ? r.table(*n, p) : nullptr;
  if (!sp) return;
  r.check_keys(*sp, p, species_names());
  for (const auto& [k, v] : entries_in_file_order(*sp)) {
    const auto species = parse_species(k->str());
    if (!species) continue;  // reported by check_keys
    const std::string kp = key_path(p, k->str());
    if (auto w = r.monthly_number(*v, kp, kNonNegative))
      if (normalise_profile(r, *v, kp, *w)) s.profile[static_cast<std::size_t>(*species)] = *w;
  }
}

Sector read_sector(TomlReader& r, const std::string& sector_name, const toml::node& node, std::string_view path) {
  Sector s;
  s.name = sector_name;
  const toml::table* t = r.table(node, path);
  if (!t) return s;
  static const std::vector<std::string> allowed{"description", "height",         "emissions", "profile",
                                                "growth",      "species_profile", "source"};
  r.check_keys(*t, path, allowed);
  if (const toml::node* n = r.require(*t, path, "description"))
    s.description = r.string(*n, key_path(path, "description")).value_or("");
  if (const toml::node* n = r.require(*t, path, "height")) read_height(r, *n, key_path(path, "height"), s);
  if (const toml::node* n = r.require(*t, path, "emissions")) read_emissions(r, *n, key_path(path, "emissions"), s);
  read_profiles(r, *t, path, s);
  if (const toml::node* n = r.require(*t, path, "growth")) {
    // Activity cannot fall by more than 100 %.
    if (auto g = r.distribution(*n, key_path(path, "growth"), Range{-1.0, Distribution::kInf})) s.growth = *g;
  }
  return s;
}

}  // namespace

Inventory read_inventory(TomlReader& r, const toml::table& doc) {
  Inventory inv;
  static const std::vector<std::string> allowed{"sectors", "source", "description"};
  r.check_keys(doc, "", allowed);
  const toml::node* n = r.require(doc, "", "sectors");
  if (!n) return inv;
  const toml::table* sectors = r.table(*n, "sectors");
  if (!sectors) return inv;
  for (const auto& [k, v] : entries_in_file_order(*sectors)) {
    const std::string path = key_path("sectors", k->str());
    inv.sectors.push_back(read_sector(r, std::string(k->str()), *v, path));
  }
  if (inv.sectors.empty()) r.error(*n, Text(msg::data_no_sectors, "sectors"));
  return inv;
}

}  // namespace detail
}  // namespace aqplan
