// toml_reader.h (internal) — reading validated values out of toml++ nodes.
//
// A TomlReader belongs to one file. Each getter either returns the value or
// records an error (file:line:col, key path, what is wrong) in the shared
// Diagnostics and returns nullopt, so a loader can go on and report every
// problem of every file. toml++ types stay inside src/.
//
// Thread safety: a TomlReader writes to its Diagnostics unsynchronised; use
// one per thread.
#pragma once

#include <array>
#include <functional>
#include <limits>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <toml++/toml.h>

#include "aqplan/base/diagnostic.h"
#include "aqplan/base/distribution.h"
#include "aqplan/base/metric.h"
#include "base/messages.h"

namespace aqplan::detail {

// Allowed support of a distribution (inclusive bounds).
struct Range {
  double lo = -std::numeric_limits<double>::infinity();
  double hi = std::numeric_limits<double>::infinity();
};
inline constexpr Range kFractionRange{0.0, 1.0};
inline constexpr Range kNonNegative{0.0, std::numeric_limits<double>::infinity()};

// "[0, 1]", "[0, inf)".
std::string describe_range(Range r);

// Names joined as a list: "a, b, c" (“a、b、c” in Chinese); the names are
// shown as written.
Text joined_list(std::span<const std::string> items);

// "11-3" → {11, 3}; "5" → {5, 5}; nullopt if not months 1..12.
std::optional<std::pair<int, int>> parse_month_range(std::string_view key);

// Months of a month-dependent value: the groups of the data file and the
// group of each month (see MonthlyDistribution).
template <class T>
struct MonthlyGroups {
  std::vector<T> groups;
  std::array<int, kMonths> group_of{};
  const T& at(int month_index) const { return groups[static_cast<std::size_t>(group_of[static_cast<std::size_t>(month_index)])]; }
};

// What a node holds, for "expected X, got Y" messages: "a string", "an
// integer", "a number" (floating point), "a boolean", "a date", "a table", ...
// The same as a catalogue message ("a string" / "字符串"), for diagnostics.
Text type_text(const toml::node& n);

std::string key_path(std::string_view parent, std::string_view key);
std::string index_path(std::string_view parent, std::size_t index);

// A unit as written, trimmed and in one spelling: "µg/m³" with a Greek mu,
// or as ug/m3, is the micro sign's "µg/m³"; "mg/m3" is "mg/m³".
std::string canonical_unit(std::string_view u);

class TomlReader {
 public:
  TomlReader(std::string file, Diagnostics& diagnostics) : file_(std::move(file)), diags_(&diagnostics) {}

  const std::string& file() const { return file_; }
  Diagnostics& diagnostics() { return *diags_; }

  // Reads and parses the file; a read or syntax error is recorded and
  // nullopt returned.
  std::optional<toml::table> parse_file();
  // The same for a document already in memory (named by file()): the
  // lexical guard of toml_guard.h, then toml++.
  std::optional<toml::table> parse_text(std::string_view text);

  void error(const toml::source_region& where, Text message);
  void error(const toml::node& at, Text message) { error(at.source(), std::move(message)); }

  // Records "{path}: unknown key 'k' (did you mean 'x'?)" for every key of t
  // that is not in `allowed`.
  void check_keys(const toml::table& t, std::string_view path, std::span<const std::string> allowed);
  // The node at t[key]; if absent, records "{path}: missing key 'key'" at t.
  const toml::node* require(const toml::table& t, std::string_view path, std::string_view key);

  // Typed values; on a type mismatch record "{path}: expected X, got Y".
  std::optional<double> number(const toml::node& n, std::string_view path);
  std::optional<long long> integer(const toml::node& n, std::string_view path);
  // An integer in [lo, hi]; else "{path}: x is not {what} (an integer from lo to hi)";
  // `what` is a catalogue message ("a measure id").
  std::optional<long long> integer_in(const toml::node& n, std::string_view path, long long lo, long long hi,
                                      const Text& what);
  // A measure id: 1 to kMaxMeasureId (import/ledger.h).
  std::optional<int> measure_id(const toml::node& n, std::string_view path);
  std::optional<std::string> string(const toml::node& n, std::string_view path);
  std::optional<bool> boolean(const toml::node& n, std::string_view path);
  const toml::table* table(const toml::node& n, std::string_view path);
  const toml::array* array(const toml::node& n, std::string_view path);
  // array(), refused (nullptr, after an error naming the limit) when it has
  // more than limits().max_measures elements: a list of measures.
  const toml::array* measure_array(const toml::node& n, std::string_view path);
  // A local date (effective = 2016-01-01); otherwise records
  // "{path}: expected a date (YYYY-MM-DD), got Y".
  std::optional<toml::date> date(const toml::node& n, std::string_view path);
  // The index in `choices` (not empty) of the string n names; otherwise
  // records "{path}: expected 'a' or 'b', got Y" (not a string) or
  // "{path}: 'x' is not 'a' or 'b' (did you mean 'a'?)".
  std::optional<std::size_t> choice(const toml::node& n, std::string_view path, std::span<const std::string> choices);

  // A number (fixed) or a distribution table; its support must lie within `range`.
  std::optional<Distribution> distribution(const toml::node& n, std::string_view path, Range range = {});
  // A number or distribution (always drawn from it), or { p_on_time, late }.
  std::optional<DelayDistribution> delay(const toml::node& n, std::string_view path);

  // Month-dependent values (scalar, 12-element array, or month-range table).
  // A table with a `dist` key is one distribution, not a month-range table.
  std::optional<MonthlyDistribution> monthly_distribution(const toml::node& n, std::string_view path,
                                                          Range range = {});
  std::optional<std::array<double, kMonths>> monthly_number(const toml::node& n, std::string_view path,
                                                            Range range = {});
  // The generic form: `element` reads one entry (a scalar or array element,
  // or a month-range table's value).
  template <class T>
  std::optional<MonthlyGroups<T>> monthly(
      const toml::node& n, std::string_view path,
      const std::function<std::optional<T>(const toml::node&, std::string_view)>& element);

  // A month-range table's months: group_of per month and the group keys in
  // file order. Records uncovered and doubly covered months.
  std::optional<std::pair<std::array<int, kMonths>, std::vector<const toml::node*>>> month_ranges(
      const toml::table& t, std::string_view path, std::vector<std::string>* keys = nullptr);

 private:
  bool check_range(const Distribution& d, const toml::node& n, std::string_view path, Range range);

  std::string file_;
  Diagnostics* diags_;
};

// root[key]. A missing top-level key is reported at the root table (1:1),
// so that every problem of a data file of numbers with sources (a standard,
// an AQI table) has a line and column (TomlReader::require reports it for
// the whole file).
const toml::node* require_top(TomlReader& r, const toml::table& root, std::string_view key);

// Throws InputError with every diagnostic when any is an error, sorted by
// line and column: loaders find problems key by key (toml++ keeps keys
// sorted by name), and report them in the order of the file.
void throw_in_file_order(const Diagnostics& diagnostics);

// Where `n` was written in r's file.
inline SourceRef ref(const TomlReader& r, const toml::node& n) {
  const auto& b = n.source().begin;
  return {r.file(), static_cast<int>(b.line), static_cast<int>(b.column)};
}

// The header of a data file of numbers with sources (a standard, an AQI
// table): `name` (required, not empty), `effective` (required, a date) and
// `notes` (optional), into the given fields.
struct FileHeader {
  std::string* name;
  int* effective_year;
  int* effective_month;
  int* effective_day;
  std::string* notes;
};
void read_file_header(TomlReader& r, const toml::table& root, const FileHeader& out);

// A [metrics] table of one table per metric (the standard's, the AQI
// table's): unknown metric names refused, every metric required; `read`
// gets each metric's table with its key path ("metrics.so2").
void read_metric_tables(TomlReader& r, const toml::node& n,
                        const std::function<void(Metric, const toml::table&, const std::string&)>& read);

// Keys of a table in file order (toml++ keeps tables sorted by key).
std::vector<std::pair<const toml::key*, const toml::node*>> entries_in_file_order(const toml::table& t);

template <class T>
std::optional<MonthlyGroups<T>> TomlReader::monthly(
    const toml::node& n, std::string_view path,
    const std::function<std::optional<T>(const toml::node&, std::string_view)>& element) {
  MonthlyGroups<T> out;
  if (const toml::array* arr = n.as_array()) {
    if (arr->size() != static_cast<std::size_t>(kMonths)) {
      error(n, Text(msg::reader_not_twelve_values, path, arr->size()));
      return std::nullopt;
    }
    bool ok = true;
    for (std::size_t i = 0; i < arr->size(); ++i) {
      auto v = element((*arr)[i], index_path(path, i));
      if (!v) {
        ok = false;
        continue;
      }
      out.group_of[i] = static_cast<int>(out.groups.size());
      out.groups.push_back(std::move(*v));
    }
    if (!ok) return std::nullopt;
    return out;
  }
  if (const toml::table* t = n.as_table(); t && !t->contains("dist")) {
    std::vector<std::string> keys;
    auto ranges = month_ranges(*t, path, &keys);
    if (!ranges) return std::nullopt;
    bool ok = true;
    for (std::size_t g = 0; g < ranges->second.size(); ++g) {
      auto v = element(*ranges->second[g], key_path(path, keys[g]));
      if (!v) {
        ok = false;
        continue;
      }
      out.groups.push_back(std::move(*v));
    }
    if (!ok) return std::nullopt;
    out.group_of = ranges->first;
    return out;
  }
  auto v = element(n, path);
  if (!v) return std::nullopt;
  out.groups.push_back(std::move(*v));
  out.group_of.fill(0);
  return out;
}

}  // namespace aqplan::detail
