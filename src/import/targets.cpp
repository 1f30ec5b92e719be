#include "aqplan/import/targets.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <optional>

#include <fmt/format.h>

#include "aqplan/base/files.h"
#include "aqplan/base/text.h"
#include "base/messages.h"
#include "import/markdown_table.h"

namespace aqplan {

namespace {

std::optional<int> parse_year_heading(std::string_view s) {
  std::string t = remove_spaces(s);
  if (t.ends_with("年")) t.resize(t.size() - std::string_view("年").size());
  int y = 0;
  auto [p, ec] = std::from_chars(t.data(), t.data() + t.size(), y);
  if (ec != std::errc() || p != t.data() + t.size() || !plausible_year(y)) return std::nullopt;
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

Text period_name(int period) { return period == kAnnual ? Text(msg::targets_the_year) : Text(msg::targets_month, period + 1); }

// The targets table of the document: the first whose first column is 月份.
const md::Table& find_table(const std::vector<md::Table>& tables, const std::string& file) {
  for (const auto& t : tables)
    if (!t.header.cells.empty() && remove_spaces(t.header.cells[0].text) == "月份") return t;
  throw InputError(file, 0, 0, Text(msg::targets_no_table, "月份"));
}

// What the header and pollutant rows say about each column.
struct Columns {
  std::vector<int> year;                      // [column]
  std::vector<std::optional<Metric>> metric;  // [column]
};

std::vector<int> header_years(const md::Table& table, const std::string& file) {
  const std::size_t ncols = table.header.cells.size();
  const std::size_t expected = 1 + 2 * static_cast<std::size_t>(kMetricCount);
  if (ncols != expected)
    throw InputError(file, table.header.line, 0, Text(msg::targets_header_columns, ncols, expected, "月份"));
  Diagnostics diags;
  std::vector<int> year(ncols, 0);
  for (std::size_t c = 1; c < ncols; ++c) {
    const auto& cell = table.header.cells[c];
    if (auto y = parse_year_heading(cell.text)) year[c] = *y;
    else
      diags.error(file, table.header.line, cell.column, Text(msg::targets_heading_not_year, c + 1, cell.text, "2022 年"));
  }
  diags.throw_if_errors();
  return year;
}

// The pollutant of each column, from the row below the header (a name over
// the first of its columns).
std::vector<std::optional<Metric>> column_metrics(const md::Table& table, const std::string& file) {
  const std::size_t ncols = table.header.cells.size();
  if (table.rows.empty() || table.rows.front().cells.empty() || !table.rows.front().cells[0].text.empty())
    throw InputError(file, table.header.line, 0, Text(msg::targets_no_pollutant_row));
  const md::Row& prow = table.rows.front();
  if (prow.cells.size() != ncols)
    throw InputError(file, prow.line, 0, Text(msg::targets_pollutant_row_cells, prow.cells.size(), ncols));
  Diagnostics diags;
  std::vector<std::optional<Metric>> metric_of(ncols);
  std::array<bool, kMetricCount> named{};
  std::optional<Metric> current;
  for (std::size_t c = 1; c < ncols; ++c) {
    const auto& cell = prow.cells[c];
    if (!cell.text.empty()) {
      current = metric_from_heading(cell.text);
      if (!current) {
        diags.error(file, prow.line, cell.column, Text(msg::targets_unknown_pollutant, cell.text));
        continue;
      }
      if (named[static_cast<std::size_t>(*current)]) {
        diags.error(file, prow.line, cell.column, Text(msg::targets_pollutant_twice, cell.text));
        continue;
      }
      named[static_cast<std::size_t>(*current)] = true;
    }
    if (!current) {
      diags.error(file, prow.line, cell.column, Text(msg::targets_column_no_pollutant, c + 1));
      continue;
    }
    metric_of[c] = current;
  }
  diags.throw_if_errors();
  return metric_of;
}

// Each pollutant has two columns, the base year and the year after it, and
// every pollutant the same years; sets out's years.
void check_years(const md::Table& table, const Columns& cols, const std::string& file, Targets& out) {
  Diagnostics diags;
  const int prow_line = table.rows.front().line;
  for (Metric m : kMetrics) {
    std::vector<std::size_t> at;
    for (std::size_t c = 1; c < cols.metric.size(); ++c)
      if (cols.metric[c] == m) at.push_back(c);
    if (at.empty()) {
      diags.error(file, prow_line, 0, Text(msg::targets_pollutant_missing, display_name(m)));
      continue;
    }
    if (at.size() != 2) {
      diags.error(file, prow_line, 0, Text(msg::targets_pollutant_columns, display_name(m), at.size()));
      continue;
    }
    const int y0 = cols.year[at[0]], y1 = cols.year[at[1]];
    const int column = table.header.cells[at[0]].column;
    if (y1 != y0 + 1) {
      diags.error(file, table.header.line, column, Text(msg::targets_years_not_consecutive, display_name(m), y0, y1));
    } else if (out.base_year == 0) {
      out.base_year = y0;
      out.target_year = y1;
    } else if (y0 != out.base_year) {
      diags.error(file, table.header.line, column,
                  Text(msg::targets_years_differ, display_name(m), y0, y1, out.base_year, out.target_year));
    }
  }
  diags.throw_if_errors();
}

// One data row: a period and a value per column.
void read_row(const md::Row& row, const Columns& cols, const std::string& file, std::array<int, kPeriods>& seen_line,
              Targets& out, Diagnostics& diags) {
  const std::size_t ncols = cols.metric.size();
  if (row.cells.size() != ncols) {
    diags.error(file, row.line, 0, Text(msg::targets_row_cells, row.cells.size(), ncols));
    return;
  }
  const auto period = parse_period(row.cells[0].text);
  if (!period) {
    diags.error(file, row.line, row.cells[0].column, Text(msg::targets_not_a_month, row.cells[0].text, "1 月", "12 月", "全年"));
    return;
  }
  const auto p = static_cast<std::size_t>(*period);
  if (seen_line[p] != 0) {
    diags.error(file, row.line, row.cells[0].column, Text(msg::targets_period_twice, period_name(*period), seen_line[p]));
    return;
  }
  seen_line[p] = row.line;
  for (std::size_t c = 1; c < ncols; ++c) {
    const auto& cell = row.cells[c];
    const Metric m = *cols.metric[c];
    const auto mi = static_cast<std::size_t>(m);
    const auto v = parse_number(cell.text);
    if (!v || *v < 0) {
      const MessageDef& what = v ? msg::targets_value_negative : msg::targets_value_not_number;
      diags.error(file, row.line, cell.column, Text(what, display_name(m), cols.year[c], cell.text, period_name(*period)));
      continue;
    }
    auto& dest = cols.year[c] == out.base_year ? out.base : out.target;
    dest[mi][p] = *v;
    out.line[mi][p] = row.line;
    out.decimals[mi] = std::max(out.decimals[mi], written_decimals(cell.text));
  }
}

}  // namespace

int written_decimals(std::string_view number) {
  number = trim(number);
  // The mantissa's decimals, less the exponent's power of ten ("16e-5" has
  // five, "1.5e2" none), within [0, kMaxWrittenDecimals].
  const auto e = number.find_first_of("eE");
  const std::string_view mantissa = number.substr(0, e);
  const auto dot = mantissa.find('.');
  long long d = 0;
  if (dot != std::string_view::npos) {
    const auto end = mantissa.find_first_not_of("0123456789", dot + 1);
    d = static_cast<long long>((end == std::string_view::npos ? mantissa.size() : end) - dot - 1);
  }
  if (e != std::string_view::npos) {
    std::string_view exp = number.substr(e + 1);
    const bool minus = !exp.empty() && exp.front() == '-';
    if (!exp.empty() && (exp.front() == '-' || exp.front() == '+')) exp.remove_prefix(1);
    long long x = 0;
    for (char c : exp) {
      if (c < '0' || c > '9') break;
      x = std::min<long long>(x * 10 + (c - '0'), 1000);
    }
    d += minus ? x : -x;
  }
  return static_cast<int>(std::clamp<long long>(d, 0, kMaxWrittenDecimals));
}

Targets import_targets_document(std::string_view text, const std::string& file) {
  const auto tables = md::extract_tables(text, file);
  const md::Table& table = find_table(tables, file);
  Targets out;
  out.title = table.caption;
  out.source = file;
  Columns cols;
  cols.year = header_years(table, file);
  cols.metric = column_metrics(table, file);
  check_years(table, cols, file, out);

  Diagnostics diags;
  std::array<int, kPeriods> seen_line{};
  for (std::size_t r = 1; r < table.rows.size(); ++r) read_row(table.rows[r], cols, file, seen_line, out, diags);
  for (int p = 0; p < kPeriods; ++p)
    if (seen_line[static_cast<std::size_t>(p)] == 0)
      diags.error(file, table.header.line, 0,
                  Text(msg::targets_period_missing, p == kAnnual ? Text(msg::targets_annual_row, "全年") : period_name(p)));
  diags.throw_if_errors();
  return out;
}

Targets import_targets_file(const std::string& path) { return import_targets_document(read_text_file(path), path); }

std::string targets_to_csv(const Targets& t) {
  std::string out = "metric,unit,month,base_year,base,target_year,target\n";
  for (Metric m : kMetrics) {
    const int d = t.decimals[static_cast<std::size_t>(m)];
    for (int p = 0; p < kPeriods; ++p) {
      out += fmt::format("{},{},{},{},{:.{}f},{},{:.{}f}\n", name(m), unit(m),
                         p == kAnnual ? std::string("year") : std::to_string(p + 1), t.base_year, t.base_value(m, p), d,
                         t.target_year, t.target_value(m, p), d);
    }
  }
  return out;
}

}  // namespace aqplan
