#include "aqplan/data/standard.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <optional>
#include <string_view>
#include <tuple>

#include <fmt/format.h>
#include <toml++/toml.h>

#include "aqplan/base/diagnostic.h"
#include "aqplan/base/text.h"

namespace aqplan {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
// Years a stage boundary may name; anything else is a typo.
constexpr int kFirstYear = 1900;
constexpr int kLastYear = 2200;
// Reporting decimals allowed (GB/T 8170 rounding of a concentration).
constexpr int kMaxDecimals = 6;

const std::vector<std::string> kTopKeys{"name", "evaluation", "effective", "notes", "metrics"};
const std::vector<std::string> kMetricKeys{"statistic", "daily_value", "quantile",     "decimals",   "divisor",
                                           "weight",    "annual_limit", "daily_limit", "mda8_limit"};
const std::vector<std::string> kValueKeys{"value", "unit", "source", "confirmed", "from", "until"};
const std::vector<std::string> kStatisticNames{"mean", "percentile"};
const std::vector<std::string> kDailyValueNames{"24h_mean", "mda8"};

std::vector<std::string> metric_names() {
  std::vector<std::string> out;
  for (Metric m : kMetrics) out.emplace_back(name(m));
  return out;
}

// What a number is, which decides its unit and its admissible range.
enum class ValueKind { quantile, decimals, concentration, weight };

std::string_view type_name(const toml::node& n) {
  switch (n.type()) {
    case toml::node_type::table: return "a table";
    case toml::node_type::array: return "an array";
    case toml::node_type::string: return "a string";
    case toml::node_type::integer: return "an integer";
    case toml::node_type::floating_point: return "a floating-point number";
    case toml::node_type::boolean: return "a boolean";
    case toml::node_type::date: return "a date";
    case toml::node_type::time: return "a time";
    case toml::node_type::date_time: return "a date-time";
    case toml::node_type::none: break;
  }
  return "nothing";
}

// "µg/m³" spelt with a Greek mu, or as ug/m3, is the same unit.
std::string canonical_unit(std::string_view u) {
  std::string s(trim(u));
  auto replace_all = [&s](std::string_view from, std::string_view to) {
    for (std::size_t p = 0; (p = s.find(from, p)) != std::string::npos; p += to.size()) s.replace(p, from.size(), to);
  };
  replace_all("\xCE\xBC", "\xC2\xB5");  // U+03BC → U+00B5
  replace_all("ug/", "\xC2\xB5g/");
  replace_all("m3", "m\xC2\xB3");  // m³
  return s;
}

class Loader {
 public:
  explicit Loader(std::string file) : file_(std::move(file)) {}

  Standard load(const toml::table& root) {
    Standard st;
    st.source_file = file_;
    check_keys(root, "", kTopKeys, "unknown key");
    if (auto s = required_string(root, "", "name")) {
      if (s->empty()) error(root.get("name")->source(), "name", "must not be empty");
      st.name = *s;
    }
    if (auto s = required_string(root, "", "evaluation")) st.evaluation = *s;
    if (const toml::node* n = root.get("effective")) {
      if (const auto* d = n->as_date()) {
        st.effective_year = d->get().year;
        st.effective_month = d->get().month;
        st.effective_day = d->get().day;
      } else {
        error(n->source(), "effective", fmt::format("expected a date (YYYY-MM-DD), got {}", type_name(*n)));
      }
    } else {
      error(root.source(), "effective", "missing (expected a date, e.g. effective = 2016-01-01)");
    }
    if (const toml::node* n = root.get("notes")) {
      if (const auto* s = n->as_string()) st.notes = s->get();
      else error(n->source(), "notes", fmt::format("expected a string, got {}", type_name(*n)));
    }
    const toml::node* metrics_node = root.get("metrics");
    if (!metrics_node) {
      error(root.source(), "metrics", "missing (expected a table with one sub-table per metric)");
    } else if (const toml::table* metrics = metrics_node->as_table()) {
      load_metrics(*metrics, st);
    } else {
      error(metrics_node->source(), "metrics", fmt::format("expected a table, got {}", type_name(*metrics_node)));
    }
    throw_in_file_order();
    return st;
  }

 private:
  // Problems are found key by key (toml++ keeps keys sorted by name); report
  // them in the order of the file.
  void throw_in_file_order() const {
    if (!diagnostics_.has_errors()) return;
    std::vector<Diagnostic> items = diagnostics_.items();
    std::stable_sort(items.begin(), items.end(), [](const Diagnostic& a, const Diagnostic& b) {
      return std::tie(a.line, a.column) < std::tie(b.line, b.column);
    });
    Diagnostics sorted;
    for (auto& d : items) sorted.add(std::move(d));
    sorted.throw_if_errors();
  }

  void error(const toml::source_region& where, std::string_view path, std::string_view message) {
    diagnostics_.error(file_, static_cast<int>(where.begin.line), static_cast<int>(where.begin.column),
                       fmt::format("{}: {}", path, message));
  }

  static std::string join(std::string_view path, std::string_view key) {
    return path.empty() ? std::string(key) : fmt::format("{}.{}", path, key);
  }

  void check_keys(const toml::table& t, std::string_view path, const std::vector<std::string>& allowed,
                  std::string_view what) {
    for (auto&& [key, node] : t) {
      (void)node;
      const std::string_view k = key.str();
      bool known = false;
      for (const auto& a : allowed) known = known || a == k;
      if (!known) error(key.source(), join(path, k), fmt::format("{}{}", what, did_you_mean_suffix(k, allowed)));
    }
  }

  std::optional<std::string> required_string(const toml::table& t, std::string_view path, std::string_view key) {
    const toml::node* n = t.get(key);
    if (!n) {
      error(t.source(), join(path, key), "missing (expected a string)");
      return std::nullopt;
    }
    if (const auto* s = n->as_string()) return s->get();
    error(n->source(), join(path, key), fmt::format("expected a string, got {}", type_name(*n)));
    return std::nullopt;
  }

  // A string naming one of `choices`.
  std::optional<std::size_t> required_choice(const toml::table& t, std::string_view path, std::string_view key,
                                             const std::vector<std::string>& choices) {
    const std::string p = join(path, key);
    const toml::node* n = t.get(key);
    const std::string expected = fmt::format("'{}' or '{}'", choices[0], choices[1]);
    if (!n) {
      error(t.source(), p, fmt::format("missing (expected {})", expected));
      return std::nullopt;
    }
    const auto* s = n->as_string();
    if (!s) {
      error(n->source(), p, fmt::format("expected {}, got {}", expected, type_name(*n)));
      return std::nullopt;
    }
    for (std::size_t i = 0; i < choices.size(); ++i)
      if (choices[i] == s->get()) return i;
    error(n->source(), p,
          fmt::format("'{}' is not {}{}", s->get(), expected, did_you_mean_suffix(s->get(), choices)));
    return std::nullopt;
  }

  void load_metrics(const toml::table& metrics, Standard& st) {
    const std::vector<std::string> names = metric_names();
    check_keys(metrics, "metrics", names, "unknown metric");
    for (Metric m : kMetrics) {
      MetricStandard& ms = st.metrics[static_cast<std::size_t>(m)];
      ms.metric = m;
      const std::string path = join("metrics", name(m));
      const toml::node* n = metrics.get(name(m));
      if (!n) {
        error(metrics.source(), "metrics", fmt::format("missing metric '{}'", name(m)));
        continue;
      }
      const toml::table* t = n->as_table();
      if (!t) {
        error(n->source(), path, fmt::format("expected a table, got {}", type_name(*n)));
        continue;
      }
      load_metric(*t, path, m, ms);
    }
  }

  void load_metric(const toml::table& t, const std::string& path, Metric m, MetricStandard& ms) {
    check_keys(t, path, kMetricKeys, "unknown key");
    const auto statistic = required_choice(t, path, "statistic", kStatisticNames);
    if (statistic) ms.statistic = *statistic == 0 ? AnnualStatistic::mean : AnnualStatistic::percentile;
    if (auto d = required_choice(t, path, "daily_value", kDailyValueNames))
      ms.daily_value = *d == 0 ? DailyValue::mean_24h : DailyValue::mda8;

    if (const toml::node* q = t.get("quantile")) {
      if (statistic && ms.statistic == AnnualStatistic::mean)
        error(q->source(), join(path, "quantile"), "not allowed when statistic is 'mean'");
      else ms.quantile = staged(*q, join(path, "quantile"), ValueKind::quantile, m);
    } else if (statistic && ms.statistic == AnnualStatistic::percentile) {
      error(t.source(), join(path, "quantile"), "missing (required when statistic is 'percentile')");
    }
    ms.decimals = required_staged(t, path, "decimals", ValueKind::decimals, m);
    ms.divisor = required_staged(t, path, "divisor", ValueKind::concentration, m);
    ms.weight = required_staged(t, path, "weight", ValueKind::weight, m);
    if (const toml::node* n = t.get("annual_limit"))
      ms.annual_limit = staged(*n, join(path, "annual_limit"), ValueKind::concentration, m);
    if (const toml::node* n = t.get("daily_limit"))
      ms.daily_limit = staged(*n, join(path, "daily_limit"), ValueKind::concentration, m);
    if (const toml::node* n = t.get("mda8_limit"))
      ms.mda8_limit = staged(*n, join(path, "mda8_limit"), ValueKind::concentration, m);
  }

  StagedValue required_staged(const toml::table& t, std::string_view path, std::string_view key, ValueKind kind,
                              Metric m) {
    const toml::node* n = t.get(key);
    if (!n) {
      error(t.source(), join(path, key), "missing (expected a table { value, unit, source, confirmed })");
      return {};
    }
    return staged(*n, join(path, key), kind, m);
  }

  // A single value table, or an array of stages covering every year.
  StagedValue staged(const toml::node& n, const std::string& path, ValueKind kind, Metric m) {
    StagedValue out;
    if (const toml::array* arr = n.as_array()) {
      if (arr->empty()) {
        error(n.source(), path, "empty array (expected at least one stage)");
        return out;
      }
      bool all_ok = true;
      for (std::size_t i = 0; i < arr->size(); ++i) {
        auto v = value((*arr)[i], fmt::format("{}[{}]", path, i), kind, m);
        if (v) out.stages.push_back(*v);
        else all_ok = false;
      }
      if (!all_ok) return {};
    } else {
      auto v = value(n, path, kind, m);
      if (!v) return out;
      out.stages.push_back(*v);
    }
    check_coverage(out, n, path);
    return out;
  }

  void check_coverage(const StagedValue& sv, const toml::node& n, const std::string& path) {
    const std::size_t count = sv.stages.size();
    const bool array = n.is_array();
    auto stage_path = [&](std::size_t i) { return array ? fmt::format("{}[{}]", path, i) : path; };
    auto where = [&](std::size_t i) -> toml::source_region {
      if (!array) return n.source();
      return (*n.as_array())[i].source();
    };
    const StandardValue& first = sv.stages.front();
    if (first.from_year != 0)
      error(where(0), stage_path(0),
            fmt::format("starts in {}, so earlier years have no value (leave 'from' out of the first stage)",
                        first.from_year));
    const StandardValue& last = sv.stages.back();
    if (last.until_year != 0)
      error(where(count - 1), stage_path(count - 1),
            fmt::format("ends in {}, so later years have no value (leave 'until' out of the last stage)",
                        last.until_year));
    for (std::size_t i = 0; i + 1 < count; ++i) {
      const StandardValue& a = sv.stages[i];
      const StandardValue& b = sv.stages[i + 1];
      if (a.until_year == 0) {
        error(where(i), stage_path(i), "only the last stage may leave out 'until'");
      } else if (b.from_year != a.until_year + 1) {
        error(where(i + 1), stage_path(i + 1),
              fmt::format("'from' must be {} (the year after the previous stage's 'until')", a.until_year + 1));
      }
    }
  }

  std::optional<StandardValue> value(const toml::node& n, const std::string& path, ValueKind kind, Metric m) {
    const toml::table* t = n.as_table();
    if (!t) {
      error(n.source(), path,
            fmt::format("expected a table {{ value, unit, source, confirmed }} or an array of them, got {}",
                        type_name(n)));
      return std::nullopt;
    }
    const std::size_t errors_before = diagnostics_.error_count();
    check_keys(*t, path, kValueKeys, "unknown key");
    StandardValue v;
    v.line = static_cast<int>(t->source().begin.line);
    v.column = static_cast<int>(t->source().begin.column);

    // value
    if (const toml::node* x = t->get("value")) {
      if (x->is_number()) {
        v.value = x->value<double>().value_or(kNaN);
        check_range(*x, join(path, "value"), kind, v.value);
      } else {
        error(x->source(), join(path, "value"), fmt::format("expected a number, got {}", type_name(*x)));
      }
    } else {
      error(t->source(), join(path, "value"), "missing (expected a number)");
    }
    // unit
    if (auto u = required_string(*t, path, "unit")) {
      v.unit = *u;
      const std::string expected(kind == ValueKind::concentration ? unit(m) : std::string_view("1"));
      if (canonical_unit(*u) != expected)
        error(t->get("unit")->source(), join(path, "unit"),
              kind == ValueKind::concentration
                  ? fmt::format("'{}' is not the unit of {}, '{}'", *u, name(m), expected)
                  : fmt::format("'{}' is not '1' (this number is dimensionless)", *u));
    }
    // source
    if (auto s = required_string(*t, path, "source")) {
      v.source = *s;
      if (trim(*s).empty()) error(t->get("source")->source(), join(path, "source"), "must not be empty");
    }
    // confirmed
    if (const toml::node* x = t->get("confirmed")) {
      if (const auto* b = x->as_boolean()) v.confirmed = b->get();
      else error(x->source(), join(path, "confirmed"), fmt::format("expected true or false, got {}", type_name(*x)));
    } else {
      error(t->source(), join(path, "confirmed"), "missing (expected true or false)");
    }
    // from / until
    v.from_year = year(*t, path, "from");
    v.until_year = year(*t, path, "until");
    if (v.from_year != 0 && v.until_year != 0 && v.until_year < v.from_year)
      error(t->get("until")->source(), join(path, "until"),
            fmt::format("{} is before 'from' ({})", v.until_year, v.from_year));

    if (diagnostics_.error_count() != errors_before) return std::nullopt;
    return v;
  }

  int year(const toml::table& t, const std::string& path, std::string_view key) {
    const toml::node* x = t.get(key);
    if (!x) return 0;
    const auto* i = x->as_integer();
    if (!i) {
      error(x->source(), join(path, key), fmt::format("expected a year (integer), got {}", type_name(*x)));
      return 0;
    }
    const std::int64_t y = i->get();
    if (y < kFirstYear || y > kLastYear) {
      error(x->source(), join(path, key), fmt::format("year {} is not in {}..{}", y, kFirstYear, kLastYear));
      return 0;
    }
    return static_cast<int>(y);
  }

  void check_range(const toml::node& x, const std::string& path, ValueKind kind, double v) {
    if (!std::isfinite(v)) {
      error(x.source(), path, "must be a finite number");
      return;
    }
    switch (kind) {
      case ValueKind::quantile:
        if (!(v > 0.0 && v < 1.0)) error(x.source(), path, fmt::format("must be in (0, 1), got {}", v));
        break;
      case ValueKind::decimals:
        if (v != std::floor(v) || v < 0 || v > kMaxDecimals)
          error(x.source(), path, fmt::format("must be an integer in 0..{}, got {}", kMaxDecimals, v));
        break;
      case ValueKind::concentration:
        if (!(v > 0.0)) error(x.source(), path, fmt::format("must be positive, got {}", v));
        break;
      case ValueKind::weight:
        if (!(v >= 0.0)) error(x.source(), path, fmt::format("must not be negative, got {}", v));
        break;
    }
  }

  std::string file_;
  Diagnostics diagnostics_;
};

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

CompositeIndexTable Standard::index_table(int year) const {
  CompositeIndexTable t;
  for (Metric m : kMetrics) {
    const auto i = static_cast<std::size_t>(m);
    t.divisor[i] = metrics[i].divisor.value_at(year);
    t.weight[i] = metrics[i].weight.value_at(year);
    t.decimals[i] = decimals(m, year);
  }
  return t;
}

double Standard::quantile(Metric m, int year) const {
  const MetricStandard& ms = (*this)[m];
  return ms.statistic == AnnualStatistic::percentile ? ms.quantile.value_at(year) : kNaN;
}

int Standard::decimals(Metric m, int year) const {
  const double d = (*this)[m].decimals.value_at(year);
  return std::isfinite(d) ? static_cast<int>(d) : aqplan::decimals(m);
}

Standard load_standard(const std::string& path) {
  const std::string text = read_text_file(path);
  toml::table root;
  try {
    root = toml::parse(text, path);
  } catch (const toml::parse_error& e) {
    throw InputError(path, static_cast<int>(e.source().begin.line), static_cast<int>(e.source().begin.column),
                     std::string(e.description()));
  }
  return Loader(path).load(root);
}

std::string_view statistic_name(AnnualStatistic s) { return s == AnnualStatistic::mean ? "mean" : "percentile"; }
std::string_view daily_value_name(DailyValue d) { return d == DailyValue::mean_24h ? "24h_mean" : "mda8"; }

}  // namespace aqplan
