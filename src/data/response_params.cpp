#include "aqplan/data/response_params.h"

#include <cmath>

#include <fmt/format.h>

#include "data/dataset_parts.h"

namespace aqplan {

namespace {
constexpr std::array<std::string_view, kPm25ComponentCount> kComponentNames{"primary", "ammonium_sulfate",
                                                                            "ammonium_nitrate", "secondary_organic"};
// Shares must sum to 1 and N(1) must be 0 within this tolerance.
constexpr double kSumTolerance = 1e-9;
}  // namespace

std::string_view name(Pm25Component c) { return kComponentNames[static_cast<std::size_t>(c)]; }

namespace detail {

namespace {

// A table of the six metrics → `read(node, path, metric)`; every metric required.
template <class F>
void per_metric(TomlReader& r, const toml::table& doc, std::string_view key, F&& read) {
  const toml::node* n = r.require(doc, "", key);
  if (!n) return;
  const toml::table* t = r.table(*n, key);
  if (!t) return;
  std::vector<std::string> allowed = metric_names();
  allowed.emplace_back("source");
  r.check_keys(*t, key, allowed);
  for (Metric m : kMetrics) {
    if (const toml::node* v = r.require(*t, key, name(m))) read(*v, key_path(key, name(m)), m);
  }
}

// Reads the keys of a coefficient table; `keys` lists the required ones.
const toml::table* coefficient_table(TomlReader& r, const toml::table& doc, std::string_view key,
                                     std::vector<std::string> keys) {
  const toml::node* n = r.require(doc, "", key);
  if (!n) return nullptr;
  const toml::table* t = r.table(*n, key);
  if (!t) return nullptr;
  keys.emplace_back("source");
  r.check_keys(*t, key, keys);
  return t;
}

}  // namespace

namespace {

void read_impact(TomlReader& r, const toml::table& doc, ResponseParams& out) {
  const toml::table* t = coefficient_table(r, doc, "impact", {"ground", "low", "tall"});
  if (!t) return;
  for (int h = 0; h < kHeightClassCount; ++h) {
    const std::string key(name(static_cast<HeightClass>(h)));
    const toml::node* v = r.require(*t, "impact", key);
    if (!v) continue;
    auto x = r.number(*v, key_path("impact", key));
    if (x && *x < 0) r.error(*v, Text(msg::data_negative, key_path("impact", key), *x));
    if (x) out.impact[static_cast<std::size_t>(h)] = *x;
  }
}

// The months (1-based) where `off(m)` is a value other than the expected
// one, grouped by that value: one message per distinct wrong value.
template <class Off>
std::vector<std::pair<double, std::vector<int>>> wrong_months(Off off) {
  std::vector<std::pair<double, std::vector<int>>> wrong;
  for (int m = 0; m < kMonths; ++m) {
    const auto v = off(m);
    if (!v) continue;
    auto it = std::find_if(wrong.begin(), wrong.end(), [&](const auto& w) { return w.first == *v; });
    if (it == wrong.end()) wrong.push_back({*v, {m + 1}});
    else it->second.push_back(m + 1);
  }
  return wrong;
}

void read_pm25_components(TomlReader& r, const toml::table& doc, ResponseParams& out) {
  std::vector<std::string> keys(kComponentNames.begin(), kComponentNames.end());
  const toml::table* t = coefficient_table(r, doc, "pm25_components", keys);
  if (!t) return;
  bool complete = true;
  for (int c = 0; c < kPm25ComponentCount; ++c) {
    const std::string key(kComponentNames[static_cast<std::size_t>(c)]);
    const toml::node* v = r.require(*t, "pm25_components", key);
    std::optional<std::array<double, kMonths>> shares;
    if (v) shares = r.monthly_number(*v, key_path("pm25_components", key), kFractionRange);
    if (shares) out.pm25_shares[static_cast<std::size_t>(c)] = *shares;
    else complete = false;
  }
  if (!complete) return;
  const auto wrong = wrong_months([&](int m) -> std::optional<double> {
    double sum = 0;
    for (const auto& row : out.pm25_shares) sum += row[static_cast<std::size_t>(m)];
    return std::abs(sum - 1.0) <= kSumTolerance ? std::nullopt : std::optional<double>(sum);
  });
  for (const auto& [sum, months] : wrong)
    r.error(*t, Text(months.size() > 1 ? msg::data_shares_sum_months : msg::data_shares_sum_month,
                     fmt::format("{:.6g}", sum), list_text(months)));
}

void read_nitrate(TomlReader& r, const toml::table& doc, ResponseParams& out) {
  for (auto* c : {&out.nitrate.a, &out.nitrate.b, &out.nitrate.c}) *c = MonthlyDistribution::constant(Distribution::fixed(0));
  const toml::table* t = coefficient_table(r, doc, "nitrate", {"a", "b", "c"});
  if (!t) return;
  bool complete = true;
  for (auto [key, dst] : {std::pair{"a", &out.nitrate.a}, std::pair{"b", &out.nitrate.b}, std::pair{"c", &out.nitrate.c}}) {
    const toml::node* v = r.require(*t, "nitrate", key);
    std::optional<MonthlyDistribution> d;
    if (v) d = r.monthly_distribution(*v, key_path("nitrate", key), {});
    if (d) *dst = *d;
    else complete = false;
    const bool drawn_c = d && std::string_view(key) == "c" &&
                         std::any_of(d->groups.begin(), d->groups.end(), [](const Distribution& g) { return !g.is_fixed(); });
    if (drawn_c) {
      r.error(*v, Text(msg::data_nitrate_c_drawn));
      complete = false;
    }
  }
  if (!complete) return;
  const auto wrong = wrong_months([&](int m) -> std::optional<double> {
    const double n1 = 1.0 + out.nitrate.a[m].mode() + out.nitrate.b[m].mode() + out.nitrate.c[m].mode();
    return std::abs(n1) <= kSumTolerance ? std::nullopt : std::optional<double>(n1);
  });
  for (const auto& [n1, months] : wrong)
    r.error(*t, Text(months.size() > 1 ? msg::data_nitrate_not_zero_months : msg::data_nitrate_not_zero_month, "nitrate",
                     fmt::format("{:.6g}", n1), list_text(months)));
}

// `floor`, a number in [0, 1].
void read_floor(TomlReader& r, const toml::table& t, const char* table, double& out) {
  const toml::node* v = r.require(t, table, "floor");
  if (!v) return;
  const std::string path = key_path(table, "floor");
  auto x = r.number(*v, path);
  if (x && (*x < 0 || *x > 1)) r.error(*v, Text(msg::data_outside_unit_interval, path, *x));
  if (x) out = *x;
}

void read_ammonia(TomlReader& r, const toml::table& doc, ResponseParams& out) {
  const toml::table* t = coefficient_table(r, doc, "ammonia", {"a", "b", "floor"});
  if (!t) return;
  if (const toml::node* v = r.require(*t, "ammonia", "a"))
    if (auto d = r.distribution(*v, "ammonia.a")) out.ammonia.a = *d;
  if (const toml::node* v = r.require(*t, "ammonia", "b"))
    if (auto d = r.distribution(*v, "ammonia.b")) out.ammonia.b = *d;
  read_floor(r, *t, "ammonia", out.ammonia.floor);
}

void read_ozone(TomlReader& r, const toml::table& doc, ResponseParams& out) {
  for (auto* c : {&out.ozone.aN, &out.ozone.bN, &out.ozone.aV, &out.ozone.c})
    *c = MonthlyDistribution::constant(Distribution::fixed(0));
  const toml::table* t = coefficient_table(r, doc, "ozone", {"aN", "bN", "aV", "c", "floor"});
  if (!t) return;
  for (auto [key, dst] : {std::pair{"aN", &out.ozone.aN}, std::pair{"bN", &out.ozone.bN}, std::pair{"aV", &out.ozone.aV},
                          std::pair{"c", &out.ozone.c}}) {
    if (const toml::node* v = r.require(*t, "ozone", key))
      if (auto d = r.monthly_distribution(*v, key_path("ozone", key), {})) *dst = *d;
  }
  read_floor(r, *t, "ozone", out.ozone.floor);
}

// [ammonium]: optional; each fraction a number in [0, 1].
void read_ammonium(TomlReader& r, const toml::table& doc, ResponseParams& out) {
  if (!doc.contains("ammonium")) return;
  const toml::table* t = coefficient_table(r, doc, "ammonium", {"ammonium_sulfate", "ammonium_nitrate"});
  if (!t) return;
  bool complete = true;
  for (auto [key, dst] : {std::pair{"ammonium_sulfate", &out.ammonium.sulfate}, std::pair{"ammonium_nitrate", &out.ammonium.nitrate}}) {
    const toml::node* v = r.require(*t, "ammonium", key);
    const std::string path = key_path("ammonium", key);
    std::optional<double> x;
    if (v) x = r.number(*v, path);
    if (x && (*x < 0 || *x > 1)) {
      r.error(*v, Text(msg::data_outside_unit_interval, path, *x));
      x.reset();
    }
    if (x) *dst = *x;
    complete = complete && x.has_value();
  }
  out.ammonium.given = complete;
}

}  // namespace

ResponseParams read_response(TomlReader& r, const toml::table& doc) {
  ResponseParams out;
  static const std::vector<std::string> allowed_top{
      "source", "description", "impact", "nonlocal_share", "regional_trend", "pm25_components",
      "nitrate", "ammonia", "ozone", "ammonium"};
  r.check_keys(doc, "", allowed_top);
  read_impact(r, doc, out);
  for (auto& b : out.nonlocal_share) b = MonthlyDistribution::constant(Distribution::fixed(0));
  per_metric(r, doc, "nonlocal_share", [&](const toml::node& v, const std::string& path, Metric m) {
    if (auto d = r.monthly_distribution(v, path, kFractionRange)) out.nonlocal_share[static_cast<std::size_t>(m)] = *d;
  });
  per_metric(r, doc, "regional_trend", [&](const toml::node& v, const std::string& path, Metric m) {
    // The regional part cannot fall by more than 100 %.
    if (auto d = r.distribution(v, path, Range{-1.0, Distribution::kInf}))
      out.regional_change[static_cast<std::size_t>(m)] = *d;
  });
  read_pm25_components(r, doc, out);
  read_nitrate(r, doc, out);
  read_ammonia(r, doc, out);
  read_ozone(r, doc, out);
  read_ammonium(r, doc, out);
  return out;
}

}  // namespace detail
}  // namespace aqplan
