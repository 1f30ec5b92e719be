#include "aqplan/base/metric.h"

#include <cctype>
#include <string>
#include <vector>

#include "aqplan/base/text.h"

namespace aqplan {

namespace {
constexpr std::array<std::string_view, kMetricCount> kMetricNames{"so2", "no2", "pm10", "co", "o3", "pm25"};
constexpr std::array<std::string_view, kMetricCount> kMetricDisplay{"SO₂", "NO₂", "PM₁₀", "CO", "O₃", "PM₂.₅"};
constexpr std::array<std::string_view, kSpeciesCount> kSpeciesNames{"so2", "nox", "co", "voc", "nh3", "pm10", "pm25"};
}  // namespace

std::string_view name(Metric m) { return kMetricNames[static_cast<std::size_t>(m)]; }
std::string_view display_name(Metric m) { return kMetricDisplay[static_cast<std::size_t>(m)]; }
std::string_view unit(Metric m) { return m == Metric::co ? "mg/m³" : "µg/m³"; }
std::string_view name(Species s) { return kSpeciesNames[static_cast<std::size_t>(s)]; }

const std::vector<std::string>& metric_names() {
  static const std::vector<std::string> names(kMetricNames.begin(), kMetricNames.end());
  return names;
}

const std::vector<std::string>& species_names() {
  static const std::vector<std::string> names(kSpeciesNames.begin(), kSpeciesNames.end());
  return names;
}

namespace {

// A name as planners write it, folded to aqplan's: ASCII letters to lower
// case and the dot of "2.5" dropped ("PM2.5" → "pm25", "NOx" → "nox"), and
// the plural "VOCs" → "voc". Nothing else (no spaces, no other marks).
std::string fold_name(std::string_view s) {
  std::string out;
  for (char c : s) {
    if (c == '.') continue;
    out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  if (out == "vocs") out = "voc";
  return out;
}

}  // namespace

std::optional<Metric> parse_metric(std::string_view s) {
  const std::string f = fold_name(s);
  for (Metric m : kMetrics)
    if (name(m) == f) return m;
  return std::nullopt;
}

std::optional<Species> parse_species(std::string_view s) {
  const std::string f = fold_name(s);
  for (Species k : kSpecies)
    if (name(k) == f) return k;
  return std::nullopt;
}

std::optional<Metric> metric_from_heading(std::string_view heading) {
  std::u32string key;
  for (char32_t c : to_u32(remove_spaces(heading))) {
    if (c >= U'\u2080' && c <= U'\u2089') c = U'0' + (c - U'\u2080');  // subscript digits
    if (c >= U'\uFF10' && c <= U'\uFF19') c = U'0' + (c - U'\uFF10');  // full-width digits
    if (c >= U'\uFF21' && c <= U'\uFF3A') c = U'a' + (c - U'\uFF21');  // full-width capitals
    if (c >= U'\uFF41' && c <= U'\uFF5A') c = U'a' + (c - U'\uFF41');
    if (c == U'_' || c == U'{' || c == U'}' || c == U'.' || c == U'\u2024' || c == U'\uFF0E') continue;
    if (c < 0x80) c = static_cast<char32_t>(std::tolower(static_cast<int>(c)));
    key += c;
  }
  return parse_metric(to_utf8(key));
}

int days_in_month(int year, int month) {
  static constexpr int kDays[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (month == 2) {
    bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    return leap ? 29 : 28;
  }
  return kDays[month - 1];
}

int days_in_year(int year) {
  int n = 0;
  for (int m = 1; m <= 12; ++m) n += days_in_month(year, m);
  return n;
}

}  // namespace aqplan
