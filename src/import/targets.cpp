#include "aqplan/import/targets.h"

#include <charconv>
#include <cmath>
#include <map>
#include <optional>

#include <fmt/format.h>

#include "aqplan/base/text.h"
#include "import/markdown_table.h"

namespace aqplan {

namespace {

std::optional<double> parse_number(std::string_view s) {
  s = trim(s);
  if (s.empty()) return std::nullopt;
  double v = 0;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || p != s.data() + s.size() || !std::isfinite(v)) return std::nullopt;
  return v;
}

std::optional<int> parse_year_heading(std::string_view s) {
  std::string t = remove_spaces(s);
  if (t.ends_with("年")) t.resize(t.size() - std::string_view("年").size());
  int y = 0;
  auto [p, ec] = std::from_chars(t.data(), t.data() + t.size(), y);
  if (ec != std::errc() || p != t.data() + t.size() || y < 1900 || y > 2200) return std::nullopt;
  return y;
}

// "1 月" -> 0, "12月" -> 11, "全年" -> kAnnual.
std::optional<int> parse_period(std::string_view s) {
  std::string t = remove_spaces(s);
  if (t == "全年" || t == "年均" || t == "年度") return kAnnual;
  if (t.ends_with("月")) t.resize(t.size() - std::string_view("月").size());
  int m = 0;
  auto [p, ec] = std::from_chars(t.data(), t.data() + t.size(), m);
  if (ec != std::errc() || p != t.data() + t.size() || m < 1 || m > 12) return std::nullopt;
  return m - 1;
}

std::string period_name(int period) { return period == kAnnual ? "the year" : fmt::format("month {}", period + 1); }

}  // namespace

std::string format_value(Metric m, double v) { return fmt::format("{:.{}f}", v, decimals(m)); }

Targets import_targets_document(std::string_view text, const std::string& file) {
  Diagnostics diags;
  const auto tables = md::extract_tables(text);
  const md::Table* table = nullptr;
  for (const auto& t : tables)
    if (!t.header.cells.empty() && remove_spaces(t.header.cells[0].text) == "月份") {
      table = &t;
      break;
    }
  if (!table) throw InputError(file, 0, 0, "no targets table found (a Markdown table whose first column is headed '月份')");

  Targets out;
  out.title = table->caption;
  const std::size_t ncols = table->header.cells.size();
  const int hline = table->header.line;
  const std::size_t expected = 1 + 2 * static_cast<std::size_t>(kMetricCount);
  if (ncols != expected) {
    throw InputError(file, hline, 0,
                     fmt::format("targets table header has {} columns, expected {} (月份, then two years for each of "
                                 "the six pollutants)",
                                 ncols, expected));
  }
  // Years from the header.
  std::vector<int> year(ncols, 0);
  for (std::size_t c = 1; c < ncols; ++c) {
    const auto& cell = table->header.cells[c];
    if (auto y = parse_year_heading(cell.text)) year[c] = *y;
    else diags.error(file, hline, cell.column, fmt::format("column {} heading '{}' is not a year (expected e.g. '2022 年')", c + 1, cell.text));
  }
  diags.throw_if_errors();

  // Pollutant row: the first row whose first cell is empty.
  const bool has_pollutant_row = !table->rows.empty() && !table->rows.front().cells.empty() &&
                                 table->rows.front().cells[0].text.empty();
  if (!has_pollutant_row) {
    throw InputError(file, hline, 0, "targets table has no pollutant row (e.g. '| | SO ₂ | | NO ₂ | ...') below its header");
  }
  const md::Row& prow = table->rows.front();
  if (prow.cells.size() != ncols)
    throw InputError(file, prow.line, 0, fmt::format("pollutant row has {} cells, expected {}", prow.cells.size(), ncols));
  std::vector<std::optional<Metric>> metric_of(ncols);
  std::array<int, kMetricCount> first_col{};
  std::array<int, kMetricCount> ncol_of{};
  {
    std::optional<Metric> current;
    std::vector<std::string> known;
    for (Metric m : kMetrics) known.emplace_back(display_name(m));
    for (std::size_t c = 1; c < ncols; ++c) {
      const auto& cell = prow.cells[c];
      if (!cell.text.empty()) {
        current = metric_from_heading(cell.text);
        if (!current) {
          diags.error(file, prow.line, cell.column,
                      fmt::format("unknown pollutant '{}' (expected SO₂, NO₂, PM₁₀, CO, O₃ or PM₂.₅)", cell.text));
          continue;
        }
        if (ncol_of[static_cast<std::size_t>(*current)] > 0) {
          diags.error(file, prow.line, cell.column, fmt::format("pollutant '{}' appears twice", cell.text));
          continue;
        }
        first_col[static_cast<std::size_t>(*current)] = static_cast<int>(c);
      }
      if (!current) {
        diags.error(file, prow.line, cell.column, fmt::format("column {} has no pollutant above it", c + 1));
        continue;
      }
      metric_of[c] = current;
      ++ncol_of[static_cast<std::size_t>(*current)];
    }
    diags.throw_if_errors();
    for (Metric m : kMetrics) {
      const auto k = static_cast<std::size_t>(m);
      if (ncol_of[k] == 0) {
        diags.error(file, prow.line, 0, fmt::format("pollutant {} is missing from the targets table", display_name(m)));
      } else if (ncol_of[k] != 2) {
        diags.error(file, prow.line, 0,
                    fmt::format("pollutant {} has {} columns, expected 2 (base year and target year)", display_name(m), ncol_of[k]));
      } else {
        int y0 = year[static_cast<std::size_t>(first_col[k])], y1 = year[static_cast<std::size_t>(first_col[k]) + 1];
        if (y1 != y0 + 1)
          diags.error(file, hline, table->header.cells[static_cast<std::size_t>(first_col[k])].column,
                      fmt::format("pollutant {}: years {} and {} are not a base year and the year after it", display_name(m), y0, y1));
        else if (out.base_year == 0) {
          out.base_year = y0;
          out.target_year = y1;
        } else if (y0 != out.base_year) {
          diags.error(file, hline, table->header.cells[static_cast<std::size_t>(first_col[k])].column,
                      fmt::format("pollutant {}: years {}/{} differ from {}/{} of the other pollutants", display_name(m), y0, y1,
                                  out.base_year, out.target_year));
        }
      }
    }
    diags.throw_if_errors();
  }

  // Data rows.
  std::array<int, kPeriods> seen_line{};
  for (std::size_t r = 1; r < table->rows.size(); ++r) {
    const md::Row& row = table->rows[r];
    if (row.cells.size() != ncols) {
      diags.error(file, row.line, 0, fmt::format("row has {} cells, expected {}", row.cells.size(), ncols));
      continue;
    }
    auto period = parse_period(row.cells[0].text);
    if (!period) {
      diags.error(file, row.line, row.cells[0].column,
                  fmt::format("'{}' is not a month (expected '1 月' .. '12 月' or '全年')", row.cells[0].text));
      continue;
    }
    const auto p = static_cast<std::size_t>(*period);
    if (seen_line[p] != 0) {
      diags.error(file, row.line, row.cells[0].column,
                  fmt::format("{} appears twice (first on line {})", period_name(*period), seen_line[p]));
      continue;
    }
    seen_line[p] = row.line;
    for (std::size_t c = 1; c < ncols; ++c) {
      const auto& cell = row.cells[c];
      const Metric m = *metric_of[c];
      auto v = parse_number(cell.text);
      if (!v) {
        diags.error(file, row.line, cell.column,
                    fmt::format("{} {} value '{}' for {} is not a number", display_name(m), year[c], cell.text, period_name(*period)));
        continue;
      }
      if (*v < 0) {
        diags.error(file, row.line, cell.column,
                    fmt::format("{} {} value {} for {} is negative", display_name(m), year[c], cell.text, period_name(*period)));
        continue;
      }
      auto& dest = year[c] == out.base_year ? out.base : out.target;
      dest[static_cast<std::size_t>(m)][p] = *v;
    }
  }
  for (int p = 0; p < kPeriods; ++p)
    if (seen_line[static_cast<std::size_t>(p)] == 0)
      diags.error(file, hline, 0, fmt::format("{} is missing from the targets table", p == kAnnual ? "the annual row (全年)" : period_name(p)));
  diags.throw_if_errors();
  return out;
}

std::string targets_to_csv(const Targets& t) {
  std::string out = "metric,unit,month,base_year,base,target_year,target\n";
  for (Metric m : kMetrics) {
    for (int p = 0; p < kPeriods; ++p) {
      out += fmt::format("{},{},{},{},{},{},{}\n", name(m), unit(m), p == kAnnual ? std::string("year") : std::to_string(p + 1),
                         t.base_year, format_value(m, t.base_value(m, p)), t.target_year, format_value(m, t.target_value(m, p)));
    }
  }
  return out;
}

Targets read_targets_csv(const std::string& path) { return parse_targets_csv(read_text_file(path), path); }

Targets parse_targets_csv(std::string_view text, const std::string& file) {
  Diagnostics diags;
  Targets out;
  const auto lines = split_lines(text);
  const std::string header = "metric,unit,month,base_year,base,target_year,target";
  if (lines.empty() || trim(lines[0]) != header)
    throw InputError(file, 1, 1, fmt::format("expected the header '{}'", header));
  std::array<std::array<int, kPeriods>, kMetricCount> seen{};
  std::vector<std::string> metric_names;
  for (Metric m : kMetrics) metric_names.emplace_back(name(m));
  for (std::size_t i = 1; i < lines.size(); ++i) {
    const int ln = static_cast<int>(i) + 1;
    std::string_view line = trim(lines[i]);
    if (line.empty()) continue;
    std::vector<std::pair<std::string_view, int>> f;  // field, column
    std::size_t start = 0;
    for (;;) {
      std::size_t comma = line.find(',', start);
      f.emplace_back(line.substr(start, comma == std::string_view::npos ? std::string_view::npos : comma - start),
                     utf8_length(line.substr(0, start)) + 1);
      if (comma == std::string_view::npos) break;
      start = comma + 1;
    }
    if (f.size() != 7) {
      diags.error(file, ln, 0, fmt::format("{} fields, expected 7", f.size()));
      continue;
    }
    auto metric = parse_metric(f[0].first);
    if (!metric) {
      diags.error(file, ln, f[0].second,
                  fmt::format("unknown metric '{}'{}", f[0].first, did_you_mean_suffix(f[0].first, metric_names)));
      continue;
    }
    if (f[1].first != unit(*metric)) {
      diags.error(file, ln, f[1].second, fmt::format("unit of {} is '{}', expected '{}'", name(*metric), f[1].first, unit(*metric)));
      continue;
    }
    std::optional<int> period;
    if (f[2].first == "year") period = kAnnual;
    else if (auto v = parse_number(f[2].first); v && *v >= 1 && *v <= 12 && std::floor(*v) == *v) period = static_cast<int>(*v) - 1;
    if (!period) {
      diags.error(file, ln, f[2].second, fmt::format("month '{}' is not 1-12 or 'year'", f[2].first));
      continue;
    }
    auto by = parse_number(f[3].first), b = parse_number(f[4].first), ty = parse_number(f[5].first), tv = parse_number(f[6].first);
    bool ok = true;
    for (int k : {3, 4, 5, 6}) {
      auto v = parse_number(f[static_cast<std::size_t>(k)].first);
      if (!v || *v < 0) {
        diags.error(file, ln, f[static_cast<std::size_t>(k)].second,
                    fmt::format("'{}' is not a non-negative number", f[static_cast<std::size_t>(k)].first));
        ok = false;
      }
    }
    if (!ok) continue;
    if (out.base_year == 0) {
      out.base_year = static_cast<int>(*by);
      out.target_year = static_cast<int>(*ty);
    }
    if (static_cast<int>(*by) != out.base_year || static_cast<int>(*ty) != out.target_year || out.target_year != out.base_year + 1) {
      diags.error(file, ln, f[3].second,
                  fmt::format("years {}/{} differ from {}/{} on the first row, or are not consecutive", *by, *ty, out.base_year, out.target_year));
      continue;
    }
    auto& s = seen[static_cast<std::size_t>(*metric)][static_cast<std::size_t>(*period)];
    if (s != 0) {
      diags.error(file, ln, 1, fmt::format("{} {} appears twice (first on line {})", name(*metric), f[2].first, s));
      continue;
    }
    s = ln;
    out.base[static_cast<std::size_t>(*metric)][static_cast<std::size_t>(*period)] = *b;
    out.target[static_cast<std::size_t>(*metric)][static_cast<std::size_t>(*period)] = *tv;
  }
  for (Metric m : kMetrics)
    for (int p = 0; p < kPeriods; ++p)
      if (seen[static_cast<std::size_t>(m)][static_cast<std::size_t>(p)] == 0)
        diags.error(file, 0, 0, fmt::format("no row for {} {}", name(m), p == kAnnual ? std::string("year") : std::to_string(p + 1)));
  diags.throw_if_errors();
  return out;
}

}  // namespace aqplan
