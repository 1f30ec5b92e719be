#include "aqplan/data/observed_file.h"

#include <array>
#include <cmath>

#include "aqplan/base/files.h"
#include "aqplan/base/text.h"
#include "aqplan/data/domain.h"
#include "base/messages.h"
#include "data/csv_fields.h"

namespace aqplan {

namespace {

using detail::CsvField;

bool comment_or_blank(std::string_view line) {
  const std::string_view t = trim(line);
  return t.empty() || t.front() == '#';
}

// A cell's text without the spaces around it, and the column it starts at.
CsvField trimmed(const CsvField& f) {
  const std::string_view t = trim(f.text);
  if (t.empty()) return {t, f.column};
  return {t, f.column + utf8_length(f.text.substr(0, static_cast<std::size_t>(t.data() - f.text.data())))};
}

// A whole number in [lo, hi] written alone ("3", "3.0"), else nullopt.
std::optional<int> whole_in(std::string_view s, int lo, int hi) {
  const auto v = parse_number(s);
  if (!v || std::floor(*v) != *v || *v < lo || *v > hi) return std::nullopt;
  return static_cast<int>(*v);
}

struct RowReader {
  const std::string& file;
  Diagnostics diags;
  ObservedFile out;
  std::array<std::array<int, kMonths>, kMetricCount> seen{};  // the line of each (metric, month), 0 if none

  void row(std::string_view line, int ln) {
    const std::vector<CsvField> raw = detail::split_csv_fields(line);
    if (raw.size() != 4) {
      diags.error(file, ln, 1, Text(msg::observed_cell_count, raw.size(), kObservedHeader));
      return;
    }
    std::array<CsvField, 4> f{};
    for (std::size_t i = 0; i < 4; ++i) f[i] = trimmed(raw[i]);
    const auto metric = parse_metric(f[0].text);
    if (!metric)
      diags.error(file, ln, f[0].column,
                  Text(msg::data_unknown_metric, f[0].text, did_you_mean_text(f[0].text, metric_names())));
    const auto month = whole_in(f[1].text, 1, 12);
    if (!month) diags.error(file, ln, f[1].column, Text(msg::observed_not_a_month, f[1].text));
    const auto value = parse_number(f[2].text);
    if (!value) diags.error(file, ln, f[2].column, Text(msg::observed_not_a_number, f[2].text));
    std::optional<int> days;
    if (!f[3].text.empty()) {
      const int most = month ? days_in_month(2024, *month) : 31;  // a leap year: February's 29 days
      days = whole_in(f[3].text, 0, most);
      if (!days) diags.error(file, ln, f[3].column, Text(msg::observed_not_valid_days, f[3].text, most));
    }
    if (metric && value)
      if (auto why = implausible_monthly_text(*metric, *value))
        diags.error(file, ln, f[2].column, Text(msg::observed_month_problem, name(*metric), f[1].text, std::move(*why)));
    if (!metric || !month) return;
    int& first = seen[static_cast<std::size_t>(*metric)][static_cast<std::size_t>(*month - 1)];
    if (first != 0) {
      diags.error(file, ln, f[0].column, Text(msg::observed_row_twice, name(*metric), *month, first));
      return;
    }
    first = ln;
    if (value && (f[3].text.empty() || days)) out.rows.push_back({*metric, *month, *value, days, {file, ln, f[2].column}});
  }
};

}  // namespace

ObservedFile read_observed_csv(const std::string& path) { return parse_observed_csv(read_text_file(path), path); }

ObservedFile parse_observed_csv(std::string_view text, const std::string& file) {
  const std::vector<std::string_view> lines = split_lines(text);
  std::size_t i = 0;
  while (i < lines.size() && comment_or_blank(lines[i])) ++i;
  if (i == lines.size() || trim(lines[i]) != kObservedHeader)
    throw InputError(file, i == lines.size() ? 1 : static_cast<int>(i) + 1, 1,
                     Text(msg::data_expected_header, kObservedHeader));
  RowReader r{file, {}, {}, {}};
  r.out.file = file;
  for (++i; i < lines.size(); ++i)
    if (!comment_or_blank(lines[i])) r.row(lines[i], static_cast<int>(i) + 1);
  r.diags.throw_if_errors();
  return std::move(r.out);
}

}  // namespace aqplan
