// Targets on day counts: the merge, and the reader of [targets.days] and
// [base.days] (data/day_targets_read.h).
#include "aqplan/data/day_targets.h"

#include <fmt/format.h>

#include "data/day_targets_read.h"

namespace aqplan {

bool DayTargets::any() const {
  if (year.any()) return true;
  for (const DayTarget& m : months)
    if (m.any()) return true;
  return false;
}

namespace {

void take_one(DayTarget& into, const DayTarget& later) {
  if (later.good_ratio) {
    into.good_ratio = later.good_ratio;
    into.good_ratio_at = later.good_ratio_at;
  }
  if (later.heavy_days) {
    into.heavy_days = later.heavy_days;
    into.heavy_days_at = later.heavy_days_at;
  }
}

}  // namespace

void DayTargets::take(const DayTargets& later) {
  take_one(year, later.year);
  for (std::size_t m = 0; m < kMonths; ++m) take_one(months[m], later.months[m]);
}

namespace detail {

namespace {

// A good-day ratio: a fraction in [0, 1]; a number that reads as a
// percentage (1 < x ≤ 100) gets the fraction it probably means.
std::optional<double> good_ratio(TomlReader& r, const toml::node& n, std::string_view path) {
  const auto x = r.number(n, path);
  if (!x) return std::nullopt;
  if (*x >= 0.0 && *x <= 1.0) return x;
  if (*x > 1.0 && *x <= 100.0)
    r.error(n, Text(msg::data_good_ratio_percent, path, fmt::format("{:g}", *x), fmt::format("{:g}", *x / 100.0)));
  else
    r.error(n, Text(msg::data_good_ratio_range, path, fmt::format("{:g}", *x)));
  return std::nullopt;
}

// Heavy-pollution days: an integer from 0 to the period's days.
std::optional<int> heavy_days(TomlReader& r, const toml::node& n, std::string_view path, int days) {
  const auto x = r.integer_in(n, path, 0, days, Text(msg::data_heavy_days_what));
  return x ? std::optional<int>(static_cast<int>(*x)) : std::nullopt;
}

// One key (good_ratio or heavy_days): a value for the year, or a table of
// `year` and months ("1".."12", or a range such as "6-8").
template <class Read, class Store>
void read_key(TomlReader& r, const toml::node& n, std::string_view path, int year, Read read, Store store) {
  const toml::table* t = n.as_table();
  if (t == nullptr) {
    store(-1, read(n, path, days_in_year(year)), ref(r, n));
    return;
  }
  for (const auto& [key, value] : *t) {
    const std::string k(key.str());
    const std::string sub = key_path(path, k);
    if (k == "year") {
      store(-1, read(value, sub, days_in_year(year)), ref(r, value));
      continue;
    }
    const auto months = parse_month_range(k);
    if (!months) {
      r.error(value, Text(msg::data_day_target_key, sub, k));
      continue;
    }
    for (int m = months->first;; m = m % kMonths + 1) {
      store(m - 1, read(value, sub, days_in_month(year, m)), ref(r, value));
      if (m == months->second) break;
    }
  }
}

}  // namespace

void read_day_targets(TomlReader& r, const toml::table& t, std::string_view path, int year, DayTargets& out) {
  static const std::vector<std::string> keys{"good_ratio", "heavy_days"};
  r.check_keys(t, path, keys);
  auto slot = [&](int m) -> DayTarget& { return m < 0 ? out.year : out.months[static_cast<std::size_t>(m)]; };
  if (const toml::node* n = t.get("good_ratio"))
    read_key(
        r, *n, key_path(path, "good_ratio"), year,
        [&](const toml::node& v, std::string_view p, int) { return good_ratio(r, v, p); },
        [&](int m, std::optional<double> x, SourceRef at) {
          if (!x) return;
          slot(m).good_ratio = x;
          slot(m).good_ratio_at = std::move(at);
        });
  if (const toml::node* n = t.get("heavy_days"))
    read_key(
        r, *n, key_path(path, "heavy_days"), year,
        [&](const toml::node& v, std::string_view p, int days) { return heavy_days(r, v, p, days); },
        [&](int m, std::optional<int> x, SourceRef at) {
          if (!x) return;
          slot(m).heavy_days = x;
          slot(m).heavy_days_at = std::move(at);
        });
}

void read_base_days(TomlReader& r, const toml::table& t, std::string_view path, BaseDays& out) {
  static const std::vector<std::string> keys{"good_ratio"};
  r.check_keys(t, path, keys);
  if (const toml::node* n = t.get("good_ratio"))
    if (auto x = good_ratio(r, *n, key_path(path, "good_ratio"))) {
      out.good_ratio = x;
      out.good_ratio_at = ref(r, *n);
    }
}

}  // namespace detail

}  // namespace aqplan
