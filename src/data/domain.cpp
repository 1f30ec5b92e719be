#include "aqplan/data/domain.h"

#include <cmath>
#include <vector>

#include "aqplan/base/paths.h"
#include "aqplan/base/text.h"
#include "base/messages.h"
#include "data/toml_reader.h"

namespace aqplan {

namespace {

using detail::key_path;
using detail::TomlReader;

// One bound { value, unit, source, confirmed }: a finite positive number in
// `unit`, with a source.
double read_bound(TomlReader& r, const toml::table& parent, const std::string& path, std::string_view key,
                  std::string_view unit) {
  const std::string p = key_path(path, key);
  const toml::node* n = r.require(parent, path, key);
  if (!n) return 0.0;
  const toml::table* t = r.table(*n, p);
  if (!t) return 0.0;
  static const std::vector<std::string> keys{"value", "unit", "source", "confirmed"};
  r.check_keys(*t, p, keys);
  double value = 0.0;
  if (const toml::node* v = r.require(*t, p, "value"))
    if (const auto x = r.number(*v, key_path(p, "value"))) {
      if (!(*x > 0.0) || !std::isfinite(*x)) r.error(*v, Text(msg::data_not_positive_number, key_path(p, "value"), *x));
      else value = *x;
    }
  if (const toml::node* u = r.require(*t, p, "unit"))
    if (const auto s = r.string(*u, key_path(p, "unit")); s && *s != unit)
      r.error(*u, Text(msg::data_unit_expected, key_path(p, "unit"), *s, unit));
  if (const toml::node* s = r.require(*t, p, "source"))
    if (const auto x = r.string(*s, key_path(p, "source")); x && trim(*x).empty())
      r.error(*s, Text(msg::data_must_not_be_empty, key_path(p, "source")));
  if (const toml::node* c = r.require(*t, p, "confirmed")) (void)r.boolean(*c, key_path(p, "confirmed"));
  return value;
}

const toml::table* section(TomlReader& r, const toml::table& root, std::string_view key) {
  const toml::node* n = r.require(root, "", key);
  return n ? r.table(*n, key) : nullptr;
}

void read_monthly(TomlReader& r, const toml::table& monthly, DomainBounds& out) {
  r.check_keys(monthly, "monthly", metric_names());
  for (Metric m : kMetrics) {
    const std::string p = key_path("monthly", name(m));
    const toml::node* n = r.require(monthly, "monthly", name(m));
    const toml::table* t = n ? r.table(*n, p) : nullptr;
    if (!t) continue;
    static const std::vector<std::string> keys{"min", "max"};
    r.check_keys(*t, p, keys);
    const auto i = static_cast<std::size_t>(m);
    out.monthly_min[i] = read_bound(r, *t, p, "min", unit(m));
    out.monthly_max[i] = read_bound(r, *t, p, "max", unit(m));
    if (out.monthly_min[i] > 0 && out.monthly_max[i] > 0 && out.monthly_min[i] >= out.monthly_max[i])
      r.error(*t, Text(msg::data_min_not_below_max, p, out.monthly_min[i], out.monthly_max[i]));
  }
}

}  // namespace

DomainBounds read_domain_file(const std::string& path) {
  Diagnostics diags;
  TomlReader r(path, diags);
  DomainBounds out;
  out.file = path;
  const auto root = r.parse_file();
  if (root) {
    static const std::vector<std::string> top{"monthly", "change", "scale", "distribution", "weather", "achieved"};
    r.check_keys(*root, "", top);
    if (const toml::table* t = section(r, *root, "monthly")) read_monthly(r, *t, out);
    if (const toml::table* t = section(r, *root, "change")) {
      static const std::vector<std::string> keys{"growth_max", "regional_trend_max"};
      r.check_keys(*t, "change", keys);
      out.growth_max = read_bound(r, *t, "change", "growth_max", "1");
      out.regional_trend_max = read_bound(r, *t, "change", "regional_trend_max", "1");
    }
    if (const toml::table* t = section(r, *root, "scale")) {
      static const std::vector<std::string> keys{"weather_max", "measure_max"};
      r.check_keys(*t, "scale", keys);
      out.weather_scale_max = read_bound(r, *t, "scale", "weather_max", "1");
      out.measure_scale_max = read_bound(r, *t, "scale", "measure_max", "1");
    }
    if (const toml::table* t = section(r, *root, "distribution")) {
      static const std::vector<std::string> keys{"lognormal_sigma_max"};
      r.check_keys(*t, "distribution", keys);
      out.lognormal_sigma_max = read_bound(r, *t, "distribution", "lognormal_sigma_max", "1");
    }
    if (const toml::table* t = section(r, *root, "weather")) {
      static const std::vector<std::string> keys{"base_anomaly_min", "base_anomaly_max"};
      r.check_keys(*t, "weather", keys);
      out.base_anomaly_min = read_bound(r, *t, "weather", "base_anomaly_min", "1");
      out.base_anomaly_max = read_bound(r, *t, "weather", "base_anomaly_max", "1");
      if (out.base_anomaly_min > 0 && out.base_anomaly_max > 0 && out.base_anomaly_min >= out.base_anomaly_max)
        r.error(*t, Text(msg::data_min_not_below_max, "weather", out.base_anomaly_min, out.base_anomaly_max));
    }
    if (const toml::table* t = section(r, *root, "achieved")) {
      static const std::vector<std::string> keys{"extra_cut_max"};
      r.check_keys(*t, "achieved", keys);
      out.extra_cut_achieved_max = read_bound(r, *t, "achieved", "extra_cut_max", "1");
    }
  }
  diags.throw_if_errors();
  return out;
}

const DomainBounds& domain() {
  static const DomainBounds bounds = read_domain_file(default_data_dir() + "/domain.toml");
  return bounds;
}

std::optional<Text> implausible_monthly_text(Metric m, double value) {
  const DomainBounds& d = domain();
  const auto i = static_cast<std::size_t>(m);
  const double lo = d.monthly_min[i], hi = d.monthly_max[i];
  if (value >= lo && value <= hi) return std::nullopt;
  const std::string u(unit(m));
  if (!(value >= lo)) return Text(msg::data_monthly_below_plausible, value, lo, u, name(m), d.file);
  Text hint;
  if (u == "mg/m³" && value / 1000.0 >= lo && value / 1000.0 <= hi) hint = Text(msg::data_monthly_unit_hint, name(m));
  return Text(msg::data_monthly_above_plausible, value, hi, u, name(m), d.file, hint);
}

}  // namespace aqplan
