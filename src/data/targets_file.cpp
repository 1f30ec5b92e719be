#include "aqplan/data/targets_file.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <optional>
#include <vector>

#include "aqplan/base/files.h"
#include "aqplan/base/text.h"
#include "aqplan/data/domain.h"
#include "base/messages.h"
#include "data/csv_fields.h"

namespace aqplan {

namespace {

constexpr std::string_view kHeader = "metric,unit,month,base_year,base,target_year,target";

using detail::split_csv_fields;
using Field = detail::CsvField;

struct Reader {
  const std::string& file;
  Diagnostics diags;
  Targets out;
  std::array<std::array<int, kPeriods>, kMetricCount> seen{};

  // The metric and period of a row, checked; nullopt after recording why not.
  std::optional<std::pair<Metric, int>> key(const std::vector<Field>& f, int ln) {
    const auto metric = parse_metric(f[0].text);
    if (!metric) {
      diags.error(file, ln, f[0].column,
                  Text(msg::data_unknown_metric, f[0].text, did_you_mean_text(f[0].text, metric_names())));
      return std::nullopt;
    }
    if (f[1].text != unit(*metric)) {
      diags.error(file, ln, f[1].column, Text(msg::data_metric_unit_is, name(*metric), f[1].text, unit(*metric)));
      return std::nullopt;
    }
    std::optional<int> period;
    if (f[2].text == "year") period = kAnnual;
    else if (auto v = parse_number(f[2].text); v && *v >= 1 && *v <= 12 && std::floor(*v) == *v)
      period = static_cast<int>(*v) - 1;
    if (!period) {
      diags.error(file, ln, f[2].column, Text(msg::data_month_not_month_or_year, f[2].text));
      return std::nullopt;
    }
    return std::pair{*metric, *period};
  }

  // The years of a row agree with the first row's, and are consecutive.
  bool years(int by, int ty, const Field& at, int ln) {
    if (out.base_year == 0) {
      out.base_year = by;
      out.target_year = ty;
    }
    if (by == out.base_year && ty == out.target_year && out.target_year == out.base_year + 1) return true;
    diags.error(file, ln, at.column, Text(msg::data_years_inconsistent, by, ty, out.base_year, out.target_year));
    return false;
  }

  void row(std::string_view line, int ln) {
    const std::vector<Field> f = split_csv_fields(line);
    if (f.size() != 7) {
      diags.error(file, ln, 0, Text(msg::data_field_count, f.size()));
      return;
    }
    const auto k = key(f, ln);
    if (!k) return;
    std::array<double, 7> v{};
    bool ok = true;
    for (std::size_t i : {3u, 4u, 5u, 6u}) {
      const auto x = parse_number(f[i].text);
      // Years and values: non-negative; years also whole and plausible.
      const bool year = i == 3 || i == 5;
      // (The range is checked on the double, before any conversion.)
      if (!x || *x < 0 || (year && (std::floor(*x) != *x || *x < kFirstPlausibleYear || *x > kLastPlausibleYear))) {
        diags.error(file, ln, f[i].column,
                    year ? Text(msg::data_not_a_year_in, f[i].text, kFirstPlausibleYear, kLastPlausibleYear)
                         : Text(msg::data_not_non_negative_number, f[i].text));
        ok = false;
      } else {
        v[i] = *x;
      }
    }
    if (!ok || !years(static_cast<int>(v[3]), static_cast<int>(v[5]), f[3], ln)) return;
    const auto [metric, period] = *k;
    const auto mi = static_cast<std::size_t>(metric);
    const auto pi = static_cast<std::size_t>(period);
    if (seen[mi][pi] != 0) {
      diags.error(file, ln, 1,
                  period == kAnnual ? Text(msg::data_target_year_row_twice, name(metric), seen[mi][pi])
                                    : Text(msg::data_target_month_row_twice, name(metric), f[2].text, seen[mi][pi]));
      return;
    }
    seen[mi][pi] = ln;
    for (std::size_t i : {4u, 6u})
      if (auto why = implausible_monthly_text(metric, v[i])) diags.error(file, ln, f[i].column, std::move(*why));
    out.base[mi][pi] = v[4];
    out.target[mi][pi] = v[6];
    out.line[mi][pi] = ln;
    out.decimals[mi] = std::max({out.decimals[mi], written_decimals(f[4].text), written_decimals(f[6].text)});
  }
};

}  // namespace

Targets read_targets_csv(const std::string& path) { return parse_targets_csv(read_text_file(path), path); }

Targets parse_targets_csv(std::string_view text, const std::string& file) {
  const auto lines = split_lines(text);
  if (lines.empty() || trim(lines[0]) != kHeader)
    throw InputError(file, 1, 1, Text(msg::data_expected_header, kHeader));
  Reader r{file, {}, {}, {}};
  r.out.source = file;
  for (std::size_t i = 1; i < lines.size(); ++i) {
    const std::string_view line = trim(lines[i]);
    if (!line.empty()) r.row(line, static_cast<int>(i) + 1);
  }
  for (Metric m : kMetrics)
    for (int p = 0; p < kPeriods; ++p)
      if (r.seen[static_cast<std::size_t>(m)][static_cast<std::size_t>(p)] == 0)
        r.diags.error(file, 0, 0, p == kAnnual ? Text(msg::data_no_row_year, name(m)) : Text(msg::data_no_row_month, name(m), p + 1));
  r.diags.throw_if_errors();
  return r.out;
}

Targets import_targets_checked(const std::string& document) {
  Targets t = import_targets_file(document);
  check_targets_domain(t).throw_if_errors();
  return t;
}

Diagnostics check_targets_domain(const Targets& t) {
  Diagnostics d;
  for (Metric m : kMetrics)
    for (int p = 0; p < kPeriods; ++p) {
      const auto mi = static_cast<std::size_t>(m);
      const auto pi = static_cast<std::size_t>(p);
      const Text period = p == kAnnual ? Text(msg::data_period_year) : Text(msg::data_period_month, p + 1);
      for (const auto& [values, what] : {std::pair{&t.base, &msg::data_base_year_value}, std::pair{&t.target, &msg::data_target_value}})
        if (const auto why = implausible_monthly_text(m, (*values)[mi][pi]))
          d.error(t.source, t.line[mi][pi], 0, Text(msg::data_targets_value_problem, name(m), period, Text(*what), *why));
    }
  return d;
}

}  // namespace aqplan
