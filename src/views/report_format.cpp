#include "views/report_format.h"

#include <fmt/format.h>

#include "base/messages.h"

namespace aqplan::report {

std::string percent(double fraction) { return fmt::format("{:.0f}", 100.0 * fraction); }

std::string fixed(double value, int decimals) { return fmt::format("{:.{}f}", value, decimals); }

std::string month_ranges(const std::vector<int>& months, Language lang) {
  const std::string separator = Text(msg::report_month_list_separator).str(lang);
  std::string out;
  for (std::size_t i = 0; i < months.size();) {
    std::size_t j = i;
    while (j + 1 < months.size() && months[j + 1] == months[j] + 1) ++j;
    if (!out.empty()) out += separator;
    out += j == i ? fmt::format("{}", months[i]) : fmt::format("{}–{}", months[i], months[j]);
    i = j + 1;
  }
  return out;
}

std::string html_escape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out += c;
    }
  }
  return out;
}

}  // namespace aqplan::report
