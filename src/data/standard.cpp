#include "aqplan/data/standard.h"

#include <cmath>
#include <limits>
#include <optional>
#include <string_view>

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

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
// Reporting decimals allowed (GB/T 8170 rounding of a concentration).
constexpr int kMaxDecimals = 6;
// Reporting decimals of the composite index when the file does not give them.
constexpr int kDefaultCompositeDecimals = 2;

const std::vector<std::string> kTopKeys{"name", "evaluation", "effective", "notes", "composite", "metrics"};
const std::vector<std::string> kCompositeKeys{"decimals"};
const std::vector<std::string> kMetricKeys{"statistic", "daily_value", "quantile",     "decimals",   "divisor",
                                           "weight",    "annual_limit", "daily_limit", "mda8_limit"};
const std::vector<std::string> kValueKeys{"value", "unit", "source", "confirmed", "from", "until"};
const std::vector<std::string> kStatisticNames{"mean", "percentile"};
const std::vector<std::string> kDailyValueNames{"24h_mean", "mda8"};

// What a number is, which decides its unit and its admissible range.
enum class ValueKind { quantile, decimals, concentration, weight };

// A number to read: its kind and, for a concentration, the metric whose unit
// it is in.
struct Quantity {
  ValueKind kind = ValueKind::weight;
  Metric metric = Metric::so2;
};

void check_range(TomlReader& r, const toml::node& x, std::string_view path, ValueKind kind, double v) {
  switch (kind) {
    case ValueKind::quantile:
      if (!(v > 0.0 && v < 1.0)) r.error(x, Text(msg::data_not_in_open_unit_interval, path, v));
      break;
    case ValueKind::decimals:
      if (v != std::floor(v) || v < 0 || v > kMaxDecimals)
        r.error(x, Text(msg::data_not_integer_up_to, path, kMaxDecimals, v));
      break;
    case ValueKind::concentration:
      if (!(v > 0.0)) r.error(x, Text(msg::data_not_positive, path, v));
      break;
    case ValueKind::weight:
      if (!(v >= 0.0)) r.error(x, Text(msg::data_not_non_negative, path, v));
      break;
  }
}

void check_unit(TomlReader& r, const toml::node& x, std::string_view path, Quantity q, const std::string& u) {
  const bool concentration = q.kind == ValueKind::concentration;
  const std::string expected(concentration ? unit(q.metric) : std::string_view("1"));
  if (canonical_unit(u) == expected) return;
  r.error(x, concentration ? Text(msg::data_not_unit_of_metric, path, u, name(q.metric), expected)
                           : Text(msg::data_not_dimensionless, path, u));
}

// `from` or `until` of a stage: a plausible year; 0 when absent or wrong.
int stage_year(TomlReader& r, const toml::table& t, std::string_view path, std::string_view key) {
  const toml::node* x = t.get(key);
  if (!x) return 0;
  const std::string p = key_path(path, key);
  const auto y = r.integer(*x, p);
  if (!y) return 0;
  if (!plausible_year(*y)) {
    r.error(*x, Text(msg::data_year_not_in, p, *y, kFirstPlausibleYear, kLastPlausibleYear));
    return 0;
  }
  return static_cast<int>(*y);
}

// value, unit, source and confirmed of a value table.
void read_value_fields(TomlReader& r, const toml::table& t, std::string_view path, Quantity q, StandardValue& v) {
  if (const toml::node* x = r.require(t, path, "value")) {
    const std::string p = key_path(path, "value");
    if (const auto d = r.number(*x, p)) {
      v.value = *d;
      check_range(r, *x, p, q.kind, *d);
    }
  }
  if (const toml::node* x = r.require(t, path, "unit")) {
    const std::string p = key_path(path, "unit");
    if (auto u = r.string(*x, p)) {
      check_unit(r, *x, p, q, *u);
      v.unit = std::move(*u);
    }
  }
  if (const toml::node* x = r.require(t, path, "source")) {
    const std::string p = key_path(path, "source");
    if (auto s = r.string(*x, p)) {
      if (trim(*s).empty()) r.error(*x, Text(msg::data_must_not_be_empty, p));
      v.source = std::move(*s);
    }
  }
  if (const toml::node* x = r.require(t, path, "confirmed"))
    v.confirmed = r.boolean(*x, key_path(path, "confirmed")).value_or(false);
}

// One value table { value, unit, source, confirmed [, from] [, until] }.
std::optional<StandardValue> read_value(TomlReader& r, const toml::node& n, std::string_view path, Quantity q) {
  const toml::table* t = n.as_table();
  if (!t) {
    r.error(n, Text(msg::data_expected_value_table, path, "{ value, unit, source, confirmed }", detail::type_text(n)));
    return std::nullopt;
  }
  const std::size_t errors_before = r.diagnostics().error_count();
  r.check_keys(*t, path, kValueKeys);
  StandardValue v;
  v.line = static_cast<int>(t->source().begin.line);
  v.column = static_cast<int>(t->source().begin.column);
  read_value_fields(r, *t, path, q, v);
  v.from_year = stage_year(r, *t, path, "from");
  v.until_year = stage_year(r, *t, path, "until");
  if (v.from_year != 0 && v.until_year != 0 && v.until_year < v.from_year)
    r.error(*t->get("until"), Text(msg::data_until_before_from, key_path(path, "until"), v.until_year, v.from_year));
  if (r.diagnostics().error_count() != errors_before) return std::nullopt;
  return v;
}

// The stages of n (a value table, or an array of them) cover every year once.
void check_coverage(TomlReader& r, const StagedValue& sv, const toml::node& n, std::string_view path) {
  const std::size_t count = sv.stages.size();
  const toml::array* arr = n.as_array();
  auto stage_path = [&](std::size_t i) { return arr ? index_path(path, i) : std::string(path); };
  auto where = [&](std::size_t i) -> const toml::node& { return arr ? (*arr)[i] : n; };
  const StandardValue& first = sv.stages.front();
  if (first.from_year != 0)
    r.error(where(0), Text(msg::data_stage_starts_late, stage_path(0), first.from_year));
  const StandardValue& last = sv.stages.back();
  if (last.until_year != 0)
    r.error(where(count - 1), Text(msg::data_stage_ends_early, stage_path(count - 1), last.until_year));
  for (std::size_t i = 0; i + 1 < count; ++i) {
    const StandardValue& a = sv.stages[i];
    const StandardValue& b = sv.stages[i + 1];
    if (a.until_year == 0) {
      r.error(where(i), Text(msg::data_only_last_stage_open, stage_path(i)));
    } else if (b.from_year != a.until_year + 1) {
      r.error(where(i + 1), Text(msg::data_stage_from_must_be, stage_path(i + 1), a.until_year + 1));
    }
  }
}

// A single value table, or an array of stages covering every year. Empty
// when anything is wrong (the problem is recorded).
StagedValue read_staged(TomlReader& r, const toml::node& n, std::string_view path, Quantity q) {
  StagedValue out;
  if (const toml::array* arr = n.as_array()) {
    if (arr->empty()) {
      r.error(n, Text(msg::data_no_stages, path));
      return out;
    }
    bool all_ok = true;
    for (std::size_t i = 0; i < arr->size(); ++i) {
      auto v = read_value(r, (*arr)[i], index_path(path, i), q);
      if (v) out.stages.push_back(std::move(*v));
      else all_ok = false;
    }
    if (!all_ok) return {};
  } else {
    auto v = read_value(r, n, path, q);
    if (!v) return out;
    out.stages.push_back(std::move(*v));
  }
  check_coverage(r, out, n, path);
  return out;
}

StagedValue required_staged(TomlReader& r, const toml::table& t, std::string_view path, std::string_view key,
                            Quantity q) {
  const toml::node* n = r.require(t, path, key);
  return n ? read_staged(r, *n, key_path(path, key), q) : StagedValue{};
}

StagedValue optional_staged(TomlReader& r, const toml::table& t, std::string_view path, std::string_view key,
                            Quantity q) {
  const toml::node* n = t.get(key);
  return n ? read_staged(r, *n, key_path(path, key), q) : StagedValue{};
}

// quantile: given exactly when the statistic is "percentile" (not checked
// when the statistic itself could not be read).
void read_quantile(TomlReader& r, const toml::table& t, std::string_view path, bool statistic_known,
                   MetricStandard& ms) {
  const std::string p = key_path(path, "quantile");
  const toml::node* q = t.get("quantile");
  if (q && statistic_known && ms.statistic == AnnualStatistic::mean)
    r.error(*q, Text(msg::data_quantile_with_mean, p));
  else if (q)
    ms.quantile = read_staged(r, *q, p, {ValueKind::quantile});
  else if (statistic_known && ms.statistic == AnnualStatistic::percentile)
    r.error(t, Text(msg::data_quantile_missing, path));
}

void read_metric(TomlReader& r, const toml::table& t, std::string_view path, Metric m, MetricStandard& ms) {
  r.check_keys(t, path, kMetricKeys);
  std::optional<std::size_t> statistic;
  if (const toml::node* n = r.require(t, path, "statistic"))
    statistic = r.choice(*n, key_path(path, "statistic"), kStatisticNames);
  if (statistic) ms.statistic = *statistic == 0 ? AnnualStatistic::mean : AnnualStatistic::percentile;
  if (const toml::node* n = r.require(t, path, "daily_value"))
    if (const auto d = r.choice(*n, key_path(path, "daily_value"), kDailyValueNames))
      ms.daily_value = *d == 0 ? DailyValue::mean_24h : DailyValue::mda8;
  read_quantile(r, t, path, statistic.has_value(), ms);

  const Quantity concentration{ValueKind::concentration, m};
  ms.decimals = required_staged(r, t, path, "decimals", {ValueKind::decimals});
  ms.divisor = required_staged(r, t, path, "divisor", concentration);
  ms.weight = required_staged(r, t, path, "weight", {ValueKind::weight});
  ms.annual_limit = optional_staged(r, t, path, "annual_limit", concentration);
  ms.daily_limit = optional_staged(r, t, path, "daily_limit", concentration);
  ms.mda8_limit = optional_staged(r, t, path, "mda8_limit", concentration);
}

void read_metrics(TomlReader& r, const toml::node& n, Standard& st) {
  for (Metric m : kMetrics) st.metrics[static_cast<std::size_t>(m)].metric = m;
  read_metric_tables(r, n, [&](Metric m, const toml::table& t, const std::string& path) {
    read_metric(r, t, path, m, st.metrics[static_cast<std::size_t>(m)]);
  });
}

// [composite]: optional; when given, its decimals are required.
void read_composite(TomlReader& r, const toml::node& n, Standard& st) {
  const toml::table* t = r.table(n, "composite");
  if (!t) return;
  r.check_keys(*t, "composite", kCompositeKeys);
  st.composite.decimals = required_staged(r, *t, "composite", "decimals", {ValueKind::decimals});
}

// name, evaluation, effective, notes.
void read_header(TomlReader& r, const toml::table& root, Standard& st) {
  read_file_header(r, root, {&st.name, &st.effective_year, &st.effective_month, &st.effective_day, &st.notes});
  if (const toml::node* n = require_top(r, root, "evaluation")) st.evaluation = r.string(*n, "evaluation").value_or("");
}

}  // namespace

const StandardValue* StagedValue::at(int year) const {
  for (const auto& s : stages)
    if (s.applies_in(year)) return &s;
  return nullptr;
}

double StagedValue::value_at(int year) const {
  const StandardValue* s = at(year);
  return s ? s->value : kNaN;
}

double Standard::quantile(Metric m, int year) const {
  const MetricStandard& ms = (*this)[m];
  return ms.statistic == AnnualStatistic::percentile ? ms.quantile.value_at(year) : kNaN;
}

int Standard::decimals(Metric m, int year) const {
  const double d = (*this)[m].decimals.value_at(year);
  return std::isfinite(d) ? static_cast<int>(d) : 0;  // present in every loaded standard
}

int Standard::composite_decimals(int year) const {
  const double d = composite.decimals.value_at(year);
  return std::isfinite(d) ? static_cast<int>(d) : kDefaultCompositeDecimals;
}

Standard load_standard(const std::string& path) {
  Diagnostics diagnostics;
  TomlReader r(path, diagnostics);
  Standard st;
  st.source_file = path;
  if (const auto root = r.parse_file()) {
    r.check_keys(*root, "", kTopKeys);
    read_header(r, *root, st);
    if (const toml::node* n = root->get("composite")) read_composite(r, *n, st);
    if (const toml::node* n = require_top(r, *root, "metrics")) read_metrics(r, *n, st);
  }
  throw_in_file_order(diagnostics);
  return st;
}

std::string_view statistic_name(AnnualStatistic s) { return s == AnnualStatistic::mean ? "mean" : "percentile"; }
std::string_view daily_value_name(DailyValue d) { return d == DailyValue::mean_24h ? "24h_mean" : "mda8"; }

}  // namespace aqplan
