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

std::string month_list(const std::vector<int>& months) {
  std::string s;
  for (std::size_t i = 0; i < months.size(); ++i) s += (i ? ", " : "") + std::to_string(months[i]);
  return s;
}

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

ResponseParams read_response(TomlReader& r, const toml::table& doc) {
  ResponseParams out;
  static const std::vector<std::string> allowed_top{
      "source", "description", "impact", "nonlocal_share", "regional_trend", "pm25_components",
      "nitrate", "ammonia", "ozone"};
  r.check_keys(doc, "", allowed_top);

  if (const toml::table* t = coefficient_table(r, doc, "impact", {"ground", "low", "tall"})) {
    for (int h = 0; h < kHeightClassCount; ++h) {
      const std::string key(name(static_cast<HeightClass>(h)));
      const toml::node* v = r.require(*t, "impact", key);
      if (!v) continue;
      auto x = r.number(*v, key_path("impact", key));
      if (x && *x < 0) r.error(*v, fmt::format("{}: {} is negative", key_path("impact", key), *x));
      if (x) out.impact[static_cast<std::size_t>(h)] = *x;
    }
  }

  for (auto& b : out.nonlocal_share) b = MonthlyDistribution::constant(Distribution::fixed(0));
  per_metric(r, doc, "nonlocal_share", [&](const toml::node& v, const std::string& path, Metric m) {
    if (auto d = r.monthly_distribution(v, path, kFractionRange)) out.nonlocal_share[static_cast<std::size_t>(m)] = *d;
  });
  per_metric(r, doc, "regional_trend", [&](const toml::node& v, const std::string& path, Metric m) {
    // The regional part cannot fall by more than 100 %.
    if (auto d = r.distribution(v, path, Range{-1.0, Distribution::kInf}))
      out.regional_change[static_cast<std::size_t>(m)] = *d;
  });

  {
    std::vector<std::string> keys(kComponentNames.begin(), kComponentNames.end());
    if (const toml::table* t = coefficient_table(r, doc, "pm25_components", keys)) {
      bool complete = true;
      for (int c = 0; c < kPm25ComponentCount; ++c) {
        const std::string key(kComponentNames[static_cast<std::size_t>(c)]);
        const toml::node* v = r.require(*t, "pm25_components", key);
        std::optional<std::array<double, kMonths>> shares;
        if (v) shares = r.monthly_number(*v, key_path("pm25_components", key), kFractionRange);
        if (shares)
          out.pm25_shares[static_cast<std::size_t>(c)] = *shares;
        else
          complete = false;
      }
      if (complete) {
        // One message per distinct wrong sum, naming its months.
        std::vector<std::pair<double, std::vector<int>>> wrong;
        for (int m = 0; m < kMonths; ++m) {
          double sum = 0;
          for (const auto& row : out.pm25_shares) sum += row[static_cast<std::size_t>(m)];
          if (std::abs(sum - 1.0) <= kSumTolerance) continue;
          auto it = std::find_if(wrong.begin(), wrong.end(), [&](const auto& w) { return w.first == sum; });
          if (it == wrong.end())
            wrong.push_back({sum, {m + 1}});
          else
            it->second.push_back(m + 1);
        }
        for (const auto& [sum, months] : wrong)
          r.error(*t, fmt::format("pm25_components: shares sum to {:.6g} in month{} {}, expected 1", sum,
                                  months.size() > 1 ? "s" : "", month_list(months)));
      }
    }
  }

  for (auto* c : {&out.nitrate.a, &out.nitrate.b, &out.nitrate.c})
    *c = MonthlyDistribution::constant(Distribution::fixed(0));
  if (const toml::table* t = coefficient_table(r, doc, "nitrate", {"a", "b", "c"})) {
    bool complete = true;
    for (auto [key, dst] : {std::pair{"a", &out.nitrate.a}, std::pair{"b", &out.nitrate.b},
                            std::pair{"c", &out.nitrate.c}}) {
      const toml::node* v = r.require(*t, "nitrate", key);
      std::optional<MonthlyDistribution> d;
      if (v) d = r.monthly_distribution(*v, key_path("nitrate", key), {});
      if (d)
        *dst = *d;
      else
        complete = false;
      if (d && std::string_view(key) == "c") {
        for (const auto& g : d->groups) {
          if (g.is_fixed()) continue;
          r.error(*v, "nitrate.c: must be a number in every month (c = -1 - a - b keeps N(1) = 0 when a or b is "
                      "drawn)");
          complete = false;
          break;
        }
      }
    }
    if (complete) {
      std::vector<std::pair<double, std::vector<int>>> wrong;
      for (int m = 0; m < kMonths; ++m) {
        const double n1 = 1.0 + out.nitrate.a[m].mode() + out.nitrate.b[m].mode() + out.nitrate.c[m].mode();
        if (std::abs(n1) <= kSumTolerance) continue;
        auto it = std::find_if(wrong.begin(), wrong.end(), [&](const auto& w) { return w.first == n1; });
        if (it == wrong.end())
          wrong.push_back({n1, {m + 1}});
        else
          it->second.push_back(m + 1);
      }
      for (const auto& [n1, months] : wrong)
        r.error(*t, fmt::format("nitrate: N(1) = 1 + a + b + c = {:.6g} in month{} {}, expected 0 (at the modes)", n1,
                                months.size() > 1 ? "s" : "", month_list(months)));
    }
  }

  if (const toml::table* t = coefficient_table(r, doc, "ammonia", {"a", "b", "floor"})) {
    if (const toml::node* v = r.require(*t, "ammonia", "a"))
      if (auto d = r.distribution(*v, "ammonia.a")) out.ammonia.a = *d;
    if (const toml::node* v = r.require(*t, "ammonia", "b"))
      if (auto d = r.distribution(*v, "ammonia.b")) out.ammonia.b = *d;
    if (const toml::node* v = r.require(*t, "ammonia", "floor")) {
      auto x = r.number(*v, "ammonia.floor");
      if (x && (*x < 0 || *x > 1)) r.error(*v, fmt::format("ammonia.floor: {} is outside [0, 1]", *x));
      if (x) out.ammonia.floor = *x;
    }
  }

  for (auto* c : {&out.ozone.aN, &out.ozone.bN, &out.ozone.aV, &out.ozone.c})
    *c = MonthlyDistribution::constant(Distribution::fixed(0));
  if (const toml::table* t = coefficient_table(r, doc, "ozone", {"aN", "bN", "aV", "c", "floor"})) {
    for (auto [key, dst] : {std::pair{"aN", &out.ozone.aN}, std::pair{"bN", &out.ozone.bN},
                            std::pair{"aV", &out.ozone.aV}, std::pair{"c", &out.ozone.c}}) {
      if (const toml::node* v = r.require(*t, "ozone", key))
        if (auto d = r.monthly_distribution(*v, key_path("ozone", key), {})) *dst = *d;
    }
    if (const toml::node* v = r.require(*t, "ozone", "floor")) {
      auto x = r.number(*v, "ozone.floor");
      if (x && (*x < 0 || *x > 1)) r.error(*v, fmt::format("ozone.floor: {} is outside [0, 1]", *x));
      if (x) out.ozone.floor = *x;
    }
  }
  return out;
}

}  // namespace detail
}  // namespace aqplan
