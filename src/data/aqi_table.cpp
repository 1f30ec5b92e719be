#include "aqplan/data/aqi_table.h"

#include <filesystem>
#include <optional>
#include <string_view>

#include <fmt/format.h>
#include <toml++/toml.h>

#include "aqplan/base/diagnostic.h"
#include "aqplan/base/text.h"
#include "base/messages.h"
#include "data/toml_reader.h"

namespace aqplan {

namespace {

using detail::canonical_unit;
using detail::index_path;
using detail::key_path;
using detail::require_top;
using detail::throw_in_file_order;
using detail::TomlReader;

const std::vector<std::string> kTopKeys{"name",    "effective",  "notes", "rounding", "iaqi",
                                        "metrics", "categories", "days"};
const std::vector<std::string> kIaqiKeys{"levels"};
const std::vector<std::string> kMetricKeys{"daily_value", "breakpoints"};
const std::vector<std::string> kNumberKeys{"value", "unit", "source", "confirmed"};
const std::vector<std::string> kRoundingKeys{"value", "source", "confirmed"};
// [categories]: the bounded categories, in AqiCategory order.
const std::vector<std::string> kCategoryKeys{"excellent", "good", "light", "moderate", "heavy"};
const std::vector<std::string> kDaysKeys{"good_max", "heavy_above"};
const std::vector<std::string> kDailyValueNames{"24h_mean", "mda8"};
const std::vector<std::string> kRoundingNames{"ceil"};
// Fewest IAQI levels or breakpoints: one segment.
constexpr int kMinPoints = 2;

// source and confirmed, shared by numbers and the rounding rule.
void read_provenance(TomlReader& r, const toml::table& t, std::string_view path, std::string& source,
                     bool& confirmed) {
  if (const toml::node* x = r.require(t, path, "source")) {
    const std::string p = key_path(path, "source");
    if (auto s = r.string(*x, p)) {
      if (trim(*s).empty()) r.error(*x, Text(msg::data_must_not_be_empty, p));
      source = std::move(*s);
    }
  }
  if (const toml::node* x = r.require(t, path, "confirmed"))
    confirmed = r.boolean(*x, key_path(path, "confirmed")).value_or(false);
}

void check_unit(TomlReader& r, const toml::node& x, std::string_view path, std::optional<Metric> m,
                const std::string& u) {
  const std::string expected(m ? unit(*m) : std::string_view("1"));
  if (canonical_unit(u) == expected) return;
  r.error(x, m ? Text(msg::data_not_unit_of_metric, path, u, name(*m), expected)
               : Text(msg::data_not_dimensionless, path, u));
}

// { value, unit, source, confirmed }: a non-negative value in the unit of
// `m` (a concentration), or dimensionless (an AQI value) when m is empty.
// nullopt when anything is wrong (recorded).
std::optional<AqiNumber> read_number(TomlReader& r, const toml::node& n, std::string_view path,
                                     std::optional<Metric> m) {
  const toml::table* t = n.as_table();
  if (!t) {
    r.error(n, Text(msg::data_aqi_expected_number, path, "{ value, unit, source, confirmed }", detail::type_text(n)));
    return std::nullopt;
  }
  const std::size_t errors_before = r.diagnostics().error_count();
  r.check_keys(*t, path, kNumberKeys);
  AqiNumber v;
  v.line = static_cast<int>(t->source().begin.line);
  v.column = static_cast<int>(t->source().begin.column);
  if (const toml::node* x = r.require(*t, path, "value")) {
    const std::string p = key_path(path, "value");
    if (const auto d = r.number(*x, p)) {
      v.value = *d;
      if (!(*d >= 0.0)) r.error(*x, Text(msg::data_not_non_negative, p, *d));
    }
  }
  if (const toml::node* x = r.require(*t, path, "unit")) {
    const std::string p = key_path(path, "unit");
    if (auto u = r.string(*x, p)) {
      check_unit(r, *x, p, m, *u);
      v.unit = std::move(*u);
    }
  }
  read_provenance(r, *t, path, v.source, v.confirmed);
  if (r.diagnostics().error_count() != errors_before) return std::nullopt;
  return v;
}

// `value` of the element read as `v`, for messages about its value.
const toml::node& value_node(const toml::node& element) { return *element.as_table()->get("value"); }

// A scale: an array of 2 to `most` numbers, the first 0, each above the one
// before. The values are checked in order as far as they could be read;
// nullopt when anything is wrong (recorded).
std::optional<std::vector<AqiNumber>> read_scale(TomlReader& r, const toml::node& n, std::string_view path,
                                                 std::optional<Metric> m, int most, const Text& too_many) {
  const toml::array* arr = r.array(n, path);
  if (!arr) return std::nullopt;
  const auto size = static_cast<int>(arr->size());
  if (size < kMinPoints || size > kAqiMaxLevels) {
    r.error(n, Text(msg::data_aqi_count, path, size, kMinPoints, kAqiMaxLevels));
    return std::nullopt;
  }
  if (size > most) {
    r.error(n, too_many);
    return std::nullopt;
  }
  bool ok = true;
  std::vector<AqiNumber> out;
  std::optional<double> before;
  for (std::size_t i = 0; i < arr->size(); ++i) {
    const std::string p = index_path(path, i);
    auto v = read_number(r, (*arr)[i], p, m);
    if (!v) {
      ok = false;
      before.reset();
      continue;
    }
    if (i == 0 && v->value != 0.0) {
      r.error(value_node((*arr)[i]), Text(msg::data_aqi_not_zero_start, key_path(p, "value"), v->value));
      ok = false;
    } else if (before && !(v->value > *before)) {
      r.error(value_node((*arr)[i]), Text(msg::data_aqi_not_increasing, key_path(p, "value"), v->value, *before));
      ok = false;
    }
    before = v->value;
    out.push_back(std::move(*v));
  }
  if (!ok) return std::nullopt;
  return out;
}

// rounding = { value = "ceil", source, confirmed }.
void read_rounding(TomlReader& r, const toml::node& n, AqiTable& t) {
  const toml::table* tt = r.table(n, "rounding");
  if (!tt) return;
  r.check_keys(*tt, "rounding", kRoundingKeys);
  if (const toml::node* x = r.require(*tt, "rounding", "value"))
    if (r.choice(*x, "rounding.value", kRoundingNames)) t.rounding.value = AqiRounding::ceil;
  read_provenance(r, *tt, "rounding", t.rounding.source, t.rounding.confirmed);
}

// [iaqi] levels. level_count stays 0 when they cannot be read.
void read_levels(TomlReader& r, const toml::node& n, AqiTable& t) {
  const toml::table* tt = r.table(n, "iaqi");
  if (!tt) return;
  r.check_keys(*tt, "iaqi", kIaqiKeys);
  const toml::node* x = r.require(*tt, "iaqi", "levels");
  if (!x) return;
  auto levels = read_scale(r, *x, "iaqi.levels", std::nullopt, kAqiMaxLevels, Text());
  if (!levels) return;
  t.level_count = static_cast<int>(levels->size());
  for (std::size_t i = 0; i < levels->size(); ++i) t.level[i] = (*levels)[i].value;
  t.levels = std::move(*levels);
}

void read_metric(TomlReader& r, const toml::table& tt, std::string_view path, Metric m, AqiTable& t) {
  AqiScale& s = t.metrics[static_cast<std::size_t>(m)];
  r.check_keys(tt, path, kMetricKeys);
  const DailyValue expected = m == Metric::o3 ? DailyValue::mda8 : DailyValue::mean_24h;
  if (const toml::node* n = r.require(tt, path, "daily_value")) {
    const std::string p = key_path(path, "daily_value");
    if (const auto d = r.choice(*n, p, kDailyValueNames)) {
      s.daily_value = *d == 0 ? DailyValue::mean_24h : DailyValue::mda8;
      if (s.daily_value != expected)
        r.error(*n, Text(msg::data_aqi_daily_value, p, kDailyValueNames[*d], name(m), daily_value_name(expected)));
    }
  }
  const toml::node* n = r.require(tt, path, "breakpoints");
  if (!n) return;
  const std::string p = key_path(path, "breakpoints");
  // Up to one breakpoint per IAQI level (any number the file allows when the levels are wrong).
  const int most = t.level_count > 0 ? t.level_count : kAqiMaxLevels;
  const auto size = n->as_array() ? n->as_array()->size() : 0;
  auto points = read_scale(r, *n, p, m, most, Text(msg::data_aqi_more_breakpoints_than_levels, p, size, most));
  if (!points) return;
  s.count = static_cast<int>(points->size());
  for (std::size_t i = 0; i < points->size(); ++i) s.concentration[i] = (*points)[i].value;
  s.breakpoints = std::move(*points);
}

void read_metrics(TomlReader& r, const toml::node& n, AqiTable& t) {
  for (Metric m : kMetrics) t.metrics[static_cast<std::size_t>(m)].metric = m;
  read_metric_tables(r, n, [&](Metric m, const toml::table& tt, const std::string& path) { read_metric(r, tt, path, m, t); });
}

// [categories]: every bound, increasing in category order. True when all
// could be read and increase.
bool read_categories(TomlReader& r, const toml::node& n, AqiTable& t) {
  const toml::table* tt = r.table(n, "categories");
  if (!tt) return false;
  r.check_keys(*tt, "categories", kCategoryKeys);
  bool ok = true;
  for (std::size_t i = 0; i < kCategoryKeys.size(); ++i) {
    const toml::node* x = r.require(*tt, "categories", kCategoryKeys[i]);
    const std::string p = key_path("categories", kCategoryKeys[i]);
    auto v = x ? read_number(r, *x, p, std::nullopt) : std::nullopt;
    if (!v) {
      ok = false;
      continue;
    }
    if (i > 0 && ok && !(v->value > t.category_max[i - 1].value)) {
      r.error(value_node(*x), Text(msg::data_aqi_not_increasing, key_path(p, "value"), v->value,
                                   t.category_max[i - 1].value));
      ok = false;
    }
    t.category_max[i] = std::move(*v);
  }
  return ok;
}

// A day bound of [days]: a category bound (checked when the categories are right).
std::optional<AqiNumber> read_day_bound(TomlReader& r, const toml::table& days, std::string_view key,
                                        const AqiTable& t, bool categories_ok) {
  const toml::node* x = r.require(days, "days", key);
  if (!x) return std::nullopt;
  const std::string p = key_path("days", key);
  auto v = read_number(r, *x, p, std::nullopt);
  if (!v || !categories_ok) return v;
  std::vector<std::string> bounds;
  bool found = false;
  for (const AqiNumber& c : t.category_max) {
    bounds.push_back(fmt::format("{}", c.value));
    found = found || c.value == v->value;
  }
  if (!found) {
    r.error(value_node(*x), Text(msg::data_aqi_not_category_bound, key_path(p, "value"), v->value,
                                 detail::joined_list(bounds)));
    return std::nullopt;
  }
  return v;
}

// [days] good_max and heavy_above.
void read_days(TomlReader& r, const toml::node& n, AqiTable& t, bool categories_ok) {
  const toml::table* tt = r.table(n, "days");
  if (!tt) return;
  r.check_keys(*tt, "days", kDaysKeys);
  const auto good = read_day_bound(r, *tt, "good_max", t, categories_ok);
  const auto heavy = read_day_bound(r, *tt, "heavy_above", t, categories_ok);
  if (good) t.good_max = *good;
  if (heavy) t.heavy_above = *heavy;
  if (good && heavy && !(heavy->value > good->value))
    r.error(value_node(*tt->get("heavy_above")),
            Text(msg::data_aqi_heavy_not_above_good, "days.heavy_above.value", heavy->value, good->value));
}

// name, effective, notes.
void read_header(TomlReader& r, const toml::table& root, AqiTable& t) {
  read_file_header(r, root, {&t.name, &t.effective_year, &t.effective_month, &t.effective_day, &t.notes});
}

}  // namespace

AqiTable load_aqi_table(const std::string& path) {
  Diagnostics diagnostics;
  TomlReader r(path, diagnostics);
  AqiTable t;
  t.source_file = path;
  if (const auto root = r.parse_file()) {
    r.check_keys(*root, "", kTopKeys);
    read_header(r, *root, t);
    if (const toml::node* n = require_top(r, *root, "rounding")) read_rounding(r, *n, t);
    if (const toml::node* n = require_top(r, *root, "iaqi")) read_levels(r, *n, t);
    if (const toml::node* n = require_top(r, *root, "metrics")) read_metrics(r, *n, t);
    bool categories_ok = false;
    if (const toml::node* n = require_top(r, *root, "categories")) categories_ok = read_categories(r, *n, t);
    if (const toml::node* n = require_top(r, *root, "days")) read_days(r, *n, t, categories_ok);
  }
  throw_in_file_order(diagnostics);
  return t;
}

bool is_aqi_table_name(std::string_view stem) { return stem.starts_with("hj633"); }

std::string aqi_table_file(const std::string& standards_dir, int target_year) {
  // HJ 633-2026 is in force from 2026-03-01; the year counts wholly.
  constexpr int kFirst2026Year = 2026;
  const char* file = target_year < kFirst2026Year ? "hj633-2012.toml" : "hj633-2026.toml";
  return (std::filesystem::path(standards_dir) / file).string();
}

}  // namespace aqplan
