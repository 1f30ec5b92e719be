#include "data/toml_reader.h"

#include "base/messages.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <tuple>

#include <fmt/format.h>

#include "aqplan/base/files.h"
#include "aqplan/base/limits.h"
#include "aqplan/base/text.h"
#include "aqplan/data/domain.h"
#include "aqplan/import/ledger.h"
#include "data/toml_guard.h"

namespace aqplan::detail {

namespace {

const std::vector<std::string>& dist_kinds() {
  static const std::vector<std::string> kinds{"fixed", "uniform", "triangular", "normal", "lognormal", "bernoulli"};
  return kinds;
}

bool is_bare_key(std::string_view k) {
  if (k.empty()) return false;
  return std::all_of(k.begin(), k.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
  });
}

std::vector<std::string> month_names(const std::vector<int>& months) {
  std::vector<std::string> out;
  for (int m : months) out.push_back(std::to_string(m));
  return out;
}

// "'a'", "'a' or 'b'", "'a', 'b' or 'c'" (“a”、“b”或“c”).
Text describe_choices(std::span<const std::string> choices) {
  if (choices.size() < 2) return Text(msg::choice_one, choices.empty() ? std::string() : choices.front());
  const std::size_t n = choices.size();
  Text t(msg::choice_last_two, choices[n - 2], choices[n - 1]);
  for (std::size_t i = n - 2; i-- > 0;) t = Text(msg::choice_more, choices[i], t);
  return t;
}

}  // namespace

Text type_text(const toml::node& n) {
  switch (n.type()) {
    case toml::node_type::string: return Text(msg::type_string);
    case toml::node_type::integer: return Text(msg::type_integer);
    case toml::node_type::floating_point: return Text(msg::type_number);
    case toml::node_type::boolean: return Text(msg::type_boolean);
    case toml::node_type::date: return Text(msg::type_date);
    case toml::node_type::time: return Text(msg::type_time);
    case toml::node_type::date_time: return Text(msg::type_date_time);
    case toml::node_type::array: return Text(msg::type_array);
    case toml::node_type::table: return Text(msg::type_table);
    default: return Text(msg::type_nothing);
  }
}

Text joined_list(std::span<const std::string> items) {
  if (items.empty()) return Text(msg::list_item, "");
  Text t(msg::list_item, items.front());
  for (std::size_t i = 1; i < items.size(); ++i) t = Text(msg::list_comma, t, items[i]);
  return t;
}

std::string describe_range(Range r) {
  std::string lo = std::isinf(r.lo) ? std::string("(-inf") : fmt::format("[{}", r.lo);
  std::string hi = std::isinf(r.hi) ? std::string("inf)") : fmt::format("{}]", r.hi);
  return fmt::format("{}, {}", lo, hi);
}

std::string key_path(std::string_view parent, std::string_view key) {
  std::string k = is_bare_key(key) ? std::string(key) : fmt::format("\"{}\"", key);
  if (parent.empty()) return k;
  return fmt::format("{}.{}", parent, k);
}

std::string index_path(std::string_view parent, std::size_t index) { return fmt::format("{}[{}]", parent, index); }

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

const toml::node* require_top(TomlReader& r, const toml::table& root, std::string_view key) {
  const toml::node* n = root.get(key);
  if (!n) r.error(root, Text(msg::data_missing_key, key));
  return n;
}

void read_file_header(TomlReader& r, const toml::table& root, const FileHeader& out) {
  if (const toml::node* n = require_top(r, root, "name")) {
    if (auto s = r.string(*n, "name")) {
      if (s->empty()) r.error(*n, Text(msg::data_must_not_be_empty, "name"));
      *out.name = std::move(*s);
    }
  }
  if (const toml::node* n = require_top(r, root, "effective")) {
    if (const auto d = r.date(*n, "effective")) {
      *out.effective_year = d->year;
      *out.effective_month = d->month;
      *out.effective_day = d->day;
    }
  }
  if (const toml::node* n = root.get("notes")) *out.notes = r.string(*n, "notes").value_or("");
}

void read_metric_tables(TomlReader& r, const toml::node& n,
                        const std::function<void(Metric, const toml::table&, const std::string&)>& read) {
  const toml::table* metrics = r.table(n, "metrics");
  if (!metrics) return;
  r.check_keys(*metrics, "metrics", metric_names());
  for (Metric m : kMetrics) {
    const toml::node* mn = r.require(*metrics, "metrics", name(m));
    if (!mn) continue;
    const std::string path = key_path("metrics", name(m));
    if (const toml::table* t = r.table(*mn, path)) read(m, *t, path);
  }
}

void throw_in_file_order(const Diagnostics& diagnostics) {
  if (!diagnostics.has_errors()) return;
  std::vector<Diagnostic> items = diagnostics.items();
  std::stable_sort(items.begin(), items.end(), [](const Diagnostic& a, const Diagnostic& b) {
    return std::tie(a.line, a.column) < std::tie(b.line, b.column);
  });
  Diagnostics sorted;
  for (auto& d : items) sorted.add(std::move(d));
  sorted.throw_if_errors();
}

std::optional<std::pair<int, int>> parse_month_range(std::string_view key) {
  auto parse_int = [](std::string_view s) -> std::optional<int> {
    s = trim(s);
    if (s.empty() || s.size() > 2) return std::nullopt;
    int v = 0;
    for (char c : s) {
      if (c < '0' || c > '9') return std::nullopt;
      v = v * 10 + (c - '0');
    }
    if (v < 1 || v > 12) return std::nullopt;
    return v;
  };
  std::size_t dash = key.find('-');
  if (dash == std::string_view::npos) {
    auto m = parse_int(key);
    if (!m) return std::nullopt;
    return std::pair{*m, *m};
  }
  auto a = parse_int(key.substr(0, dash));
  auto b = parse_int(key.substr(dash + 1));
  if (!a || !b) return std::nullopt;
  return std::pair{*a, *b};
}

std::vector<std::pair<const toml::key*, const toml::node*>> entries_in_file_order(const toml::table& t) {
  std::vector<std::pair<const toml::key*, const toml::node*>> out;
  for (const auto& [k, v] : t) out.emplace_back(&k, &v);
  std::stable_sort(out.begin(), out.end(), [](const auto& a, const auto& b) {
    const auto& pa = a.first->source().begin;
    const auto& pb = b.first->source().begin;
    return std::pair(pa.line, pa.column) < std::pair(pb.line, pb.column);
  });
  return out;
}

std::optional<toml::table> TomlReader::parse_file() {
  std::string text;
  try {
    text = read_text_file(file_);
  } catch (const InputError& e) {
    diags_->append(e.diagnostics());
    return std::nullopt;
  }
  return parse_text(text);
}

std::optional<toml::table> TomlReader::parse_text(std::string_view text) {
  std::size_t max_nesting = 0;
  try {
    max_nesting = limits().max_toml_nesting;
  } catch (const InputError& e) {
    diags_->append(e.diagnostics());
    return std::nullopt;
  }
  if (const auto problem = toml_guard(text, max_nesting)) {
    diags_->error(file_, problem->line, problem->column, Text(msg::toml_syntax_error, problem->message));
    return std::nullopt;
  }
  try {
    return toml::parse(text, file_);
  } catch (const toml::parse_error& e) {
    const auto& b = e.source().begin;
    diags_->error(file_, static_cast<int>(b.line), static_cast<int>(b.column),
                  Text(msg::toml_syntax_error, e.description()));
    return std::nullopt;
  }
}

void TomlReader::error(const toml::source_region& where, Text message) {
  diags_->error(file_, static_cast<int>(where.begin.line), static_cast<int>(where.begin.column), std::move(message));
}

void TomlReader::check_keys(const toml::table& t, std::string_view path, std::span<const std::string> allowed) {
  for (const auto& [k, v] : entries_in_file_order(t)) {
    const std::string_view key = k->str();
    if (std::find(allowed.begin(), allowed.end(), key) != allowed.end()) continue;
    if (path.empty()) error(k->source(), Text(msg::reader_unknown_top_key, key, did_you_mean_text(key, allowed)));
    else error(k->source(), Text(msg::reader_unknown_key, path, key, did_you_mean_text(key, allowed)));
  }
}

const toml::node* TomlReader::require(const toml::table& t, std::string_view path, std::string_view key) {
  const toml::node* n = t.get(key);
  if (!n) {
    if (path.empty()) {
      // A key missing at the top level: the whole file is the place.
      diags_->error(file_, 0, 0, Text(msg::reader_missing_top_key, key));
    } else {
      error(t, Text(msg::reader_missing_key, path, key));
    }
  }
  return n;
}

std::optional<double> TomlReader::number(const toml::node& n, std::string_view path) {
  double v;
  if (const auto* i = n.as_integer()) {
    v = static_cast<double>(i->get());
  } else if (const auto* f = n.as_floating_point()) {
    v = f->get();
  } else {
    error(n, Text(msg::reader_expected_number, path, type_text(n)));
    return std::nullopt;
  }
  if (!std::isfinite(v)) {
    error(n, Text(msg::reader_expected_finite, path, v));
    return std::nullopt;
  }
  if (const auto max = static_cast<double>(limits().max_abs_number); std::abs(v) > max) {
    error(n, Text(msg::reader_number_too_large, path, v, fmt::format("{:.0f}", max), raise_hint("max_abs_number")));
    return std::nullopt;
  }
  return v;
}

std::optional<long long> TomlReader::integer(const toml::node& n, std::string_view path) {
  if (const auto* i = n.as_integer()) return i->get();
  error(n, Text(msg::reader_expected_integer, path, type_text(n)));
  return std::nullopt;
}

std::optional<long long> TomlReader::integer_in(const toml::node& n, std::string_view path, long long lo, long long hi,
                                                const Text& what) {
  const auto x = integer(n, path);
  if (!x) return std::nullopt;
  if (*x < lo || *x > hi) {
    error(n, Text(msg::reader_integer_out_of_range, path, *x, what, lo, hi));
    return std::nullopt;
  }
  return x;
}

std::optional<int> TomlReader::measure_id(const toml::node& n, std::string_view path) {
  const auto x = integer_in(n, path, 1, kMaxMeasureId, Text(msg::reader_what_measure_id));
  if (!x) return std::nullopt;
  return static_cast<int>(*x);
}

std::optional<std::string> TomlReader::string(const toml::node& n, std::string_view path) {
  if (const auto* s = n.as_string()) return s->get();
  error(n, Text(msg::reader_expected_string, path, type_text(n)));
  return std::nullopt;
}

std::optional<bool> TomlReader::boolean(const toml::node& n, std::string_view path) {
  if (const auto* b = n.as_boolean()) return b->get();
  error(n, Text(msg::reader_expected_boolean, path, type_text(n)));
  return std::nullopt;
}

const toml::table* TomlReader::table(const toml::node& n, std::string_view path) {
  if (const auto* t = n.as_table()) return t;
  error(n, Text(msg::reader_expected_table, path, type_text(n)));
  return nullptr;
}

const toml::array* TomlReader::array(const toml::node& n, std::string_view path) {
  if (const auto* a = n.as_array()) return a;
  error(n, Text(msg::reader_expected_array, path, type_text(n)));
  return nullptr;
}

const toml::array* TomlReader::measure_array(const toml::node& n, std::string_view path) {
  const toml::array* a = array(n, path);
  if (a && a->size() > limits().max_measures) {
    error(n, Text(msg::reader_too_many_measures, path, a->size(), limits().max_measures, raise_hint("max_measures")));
    return nullptr;
  }
  return a;
}

std::optional<toml::date> TomlReader::date(const toml::node& n, std::string_view path) {
  if (const auto* d = n.as_date()) return d->get();
  error(n, Text(msg::reader_expected_date, path, type_text(n)));
  return std::nullopt;
}

std::optional<std::size_t> TomlReader::choice(const toml::node& n, std::string_view path,
                                              std::span<const std::string> choices) {
  const auto* s = n.as_string();
  if (!s) {
    error(n, Text(msg::reader_expected_choice, path, describe_choices(choices), type_text(n)));
    return std::nullopt;
  }
  const auto it = std::find(choices.begin(), choices.end(), s->get());
  if (it != choices.end()) return static_cast<std::size_t>(it - choices.begin());
  error(n, Text(msg::reader_not_a_choice, path, s->get(), describe_choices(choices), did_you_mean_text(s->get(), choices)));
  return std::nullopt;
}

bool TomlReader::check_range(const Distribution& d, const toml::node& n, std::string_view path, Range range) {
  if (d.min() >= range.lo && d.max() <= range.hi) return true;
  if (d.kind() == DistKind::fixed) {
    error(n, Text(msg::reader_outside_range, path, d.mode(), describe_range(range)));
  } else {
    Range support{d.min(), d.max()};
    error(n, Text(msg::reader_support_outside_range, path, d.describe(), describe_range(support), describe_range(range)));
  }
  return false;
}

std::optional<Distribution> TomlReader::distribution(const toml::node& n, std::string_view path, Range range) {
  if (n.is_number()) {
    auto v = number(n, path);
    if (!v) return std::nullopt;
    Distribution d = Distribution::fixed(*v);
    if (!check_range(d, n, path, range)) return std::nullopt;
    return d;
  }
  const toml::table* t = n.as_table();
  if (!t) {
    error(n, Text(msg::reader_expected_distribution, path, type_text(n)));
    return std::nullopt;
  }
  const toml::node* kind_node = require(*t, path, "dist");
  if (!kind_node) return std::nullopt;
  auto kind = string(*kind_node, key_path(path, "dist"));
  if (!kind) return std::nullopt;
  const auto& kinds = dist_kinds();
  auto it = std::find(kinds.begin(), kinds.end(), *kind);
  if (it == kinds.end()) {
    error(*kind_node, Text(msg::reader_unknown_distribution, key_path(path, "dist"), *kind, did_you_mean_text(*kind, kinds)));
    return std::nullopt;
  }
  const auto k = static_cast<DistKind>(it - kinds.begin());
  std::vector<std::string> required, optional;
  switch (k) {
    case DistKind::fixed: required = {"value"}; break;
    case DistKind::uniform: required = {"min", "max"}; break;
    case DistKind::triangular: required = {"min", "mode", "max"}; break;
    case DistKind::normal: required = {"mean", "sd"}, optional = {"min", "max"}; break;
    case DistKind::lognormal: required = {"median", "sigma"}; break;
    case DistKind::bernoulli: required = {"p"}; break;
  }
  std::vector<std::string> allowed{"dist"};
  allowed.insert(allowed.end(), required.begin(), required.end());
  allowed.insert(allowed.end(), optional.begin(), optional.end());
  const std::size_t before = diags_->error_count();
  check_keys(*t, path, allowed);
  auto get = [&](const std::string& key, bool needed, double fallback) -> double {
    const toml::node* v = needed ? require(*t, path, key) : t->get(key);
    if (!v) return fallback;
    return number(*v, key_path(path, key)).value_or(fallback);
  };
  std::array<double, 4> p{};
  for (std::size_t i = 0; i < required.size(); ++i) p[i] = get(required[i], true, 0.0);
  if (k == DistKind::normal) {
    p[2] = get("min", false, -Distribution::kInf);
    p[3] = get("max", false, Distribution::kInf);
  }
  if (diags_->error_count() != before) return std::nullopt;
  Distribution d;
  try {
    switch (k) {
      case DistKind::fixed: d = Distribution::fixed(p[0]); break;
      case DistKind::uniform: d = Distribution::uniform(p[0], p[1]); break;
      case DistKind::triangular: d = Distribution::triangular(p[0], p[1], p[2]); break;
      case DistKind::normal: d = Distribution::normal(p[0], p[1], p[2], p[3]); break;
      case DistKind::lognormal: d = Distribution::lognormal(p[0], p[1]); break;
      case DistKind::bernoulli: d = Distribution::bernoulli(p[0]); break;
    }
  } catch (const DistributionError& e) {
    error(n, Text(msg::reader_path_detail, path, e.text()));
    return std::nullopt;
  }
  if (k == DistKind::lognormal && p[1] > domain().lognormal_sigma_max) {
    error(n, Text(msg::reader_lognormal_sigma_too_large, path, p[1], domain().lognormal_sigma_max, domain().file));
    return std::nullopt;
  }
  if (!check_range(d, n, path, range)) return std::nullopt;
  return d;
}

std::optional<DelayDistribution> TomlReader::delay(const toml::node& n, std::string_view path) {
  const toml::table* t = n.as_table();
  if (!t || t->contains("dist")) {
    if (!n.is_number() && !t) {
      error(n, Text(msg::reader_expected_delay, path, "{ p_on_time, late }", type_text(n)));
      return std::nullopt;
    }
    auto d = distribution(n, path, kNonNegative);
    if (!d) return std::nullopt;
    return DelayDistribution{0.0, *d};
  }
  static const std::vector<std::string> allowed{"p_on_time", "late"};
  const std::size_t before = diags_->error_count();
  check_keys(*t, path, allowed);
  DelayDistribution out;
  if (const toml::node* p = require(*t, path, "p_on_time")) {
    if (auto v = number(*p, key_path(path, "p_on_time"))) {
      if (*v < 0 || *v > 1)
        error(*p, Text(msg::reader_outside_range, key_path(path, "p_on_time"), *v, describe_range(kFractionRange)));
      out.p_on_time = *v;
    }
  }
  if (const toml::node* late = t->get("late")) {
    if (auto d = distribution(*late, key_path(path, "late"), kNonNegative)) out.late = *d;
  } else if (out.p_on_time < 1.0) {
    require(*t, path, "late");
  }
  if (diags_->error_count() != before) return std::nullopt;
  return out;
}

std::optional<std::pair<std::array<int, kMonths>, std::vector<const toml::node*>>> TomlReader::month_ranges(
    const toml::table& t, std::string_view path, std::vector<std::string>* keys) {
  std::array<int, kMonths> group_of;
  group_of.fill(-1);
  std::array<std::vector<std::string>, kMonths> covered_by;
  std::vector<const toml::node*> nodes;
  bool ok = true;
  for (const auto& [k, v] : entries_in_file_order(t)) {
    auto r = parse_month_range(k->str());
    if (!r) {
      error(k->source(), Text(msg::reader_not_a_month_range, path, k->str()));
      ok = false;
      continue;
    }
    const int g = static_cast<int>(nodes.size());
    for (int m = r->first;; m = m % 12 + 1) {
      covered_by[static_cast<std::size_t>(m - 1)].emplace_back(k->str());
      group_of[static_cast<std::size_t>(m - 1)] = g;
      if (m == r->second) break;
    }
    nodes.push_back(v);
    if (keys) keys->emplace_back(k->str());
  }
  if (!ok) return std::nullopt;
  std::vector<int> missing, twice;
  for (int m = 0; m < kMonths; ++m) {
    const auto& c = covered_by[static_cast<std::size_t>(m)];
    if (c.empty()) missing.push_back(m + 1);
    if (c.size() > 1) twice.push_back(m + 1);
  }
  if (!missing.empty()) {
    error(t, Text(missing.size() > 1 ? msg::reader_months_not_covered : msg::reader_month_not_covered, path,
                  joined_list(month_names(missing))));
    ok = false;
  }
  if (!twice.empty()) {
    const auto& first = covered_by[static_cast<std::size_t>(twice.front() - 1)];
    error(t, Text(twice.size() > 1 ? msg::reader_months_covered_twice : msg::reader_month_covered_twice, path,
                  joined_list(month_names(twice)), first[0], first[1]));
    ok = false;
  }
  if (!ok) return std::nullopt;
  return std::pair{group_of, nodes};
}

std::optional<MonthlyDistribution> TomlReader::monthly_distribution(const toml::node& n, std::string_view path,
                                                                    Range range) {
  std::function<std::optional<Distribution>(const toml::node&, std::string_view)> element =
      [&](const toml::node& e, std::string_view p) { return distribution(e, p, range); };
  auto g = monthly<Distribution>(n, path, element);
  if (!g) return std::nullopt;
  MonthlyDistribution out;
  out.groups = std::move(g->groups);
  out.group_of = g->group_of;
  return out;
}

std::optional<std::array<double, kMonths>> TomlReader::monthly_number(const toml::node& n, std::string_view path,
                                                                      Range range) {
  std::function<std::optional<double>(const toml::node&, std::string_view)> element =
      [&](const toml::node& e, std::string_view p) -> std::optional<double> {
    if (e.is_table() && e.as_table()->contains("dist")) {
      error(e, Text(msg::reader_no_distribution_here, p));
      return std::nullopt;
    }
    auto v = number(e, p);
    if (!v) return std::nullopt;
    if (*v < range.lo || *v > range.hi) {
      error(e, Text(msg::reader_outside_range, p, *v, describe_range(range)));
      return std::nullopt;
    }
    return v;
  };
  auto g = monthly<double>(n, path, element);
  if (!g) return std::nullopt;
  std::array<double, kMonths> out{};
  for (int m = 0; m < kMonths; ++m) out[static_cast<std::size_t>(m)] = g->at(m);
  return out;
}

}  // namespace aqplan::detail
