#include "aqplan/views/view.h"

#include <fmt/format.h>

namespace aqplan {

std::optional<Format> parse_format(std::string_view name) {
  if (name == "table") return Format::table;
  if (name == "csv") return Format::csv;
  if (name == "json") return Format::json;
  return std::nullopt;
}

Language table_language(const ViewOptions& options, const std::string& dataset_language) {
  if (options.lang) return *options.lang;
  return parse_language(dataset_language).value_or(Language::en);
}

std::string_view byte_order_mark(bool bom) { return bom ? "\xEF\xBB\xBF" : ""; }

std::string csv_field(const std::string& s) {
  if (s.find_first_of(",\"\n") == std::string::npos) return s;
  std::string out = "\"";
  for (char c : s) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

std::string metric_label(Metric m, Language lang) {
  if (lang == Language::en) return std::string(display_name(m));
  static constexpr const char* kZh[] = {"二氧化硫", "二氧化氮", "可吸入颗粒物", "一氧化碳", "臭氧", "细颗粒物"};
  return fmt::format("{} {}", kZh[static_cast<std::size_t>(m)], display_name(m));
}

std::string choose(const ViewOptions& options, std::string table, std::string csv, std::string json) {
  switch (options.format) {
    case Format::csv: return csv;
    case Format::json: return json;
    case Format::table: break;
  }
  return table;
}

Rendered render_report(const ViewOptions& options, std::string table, std::string csv, std::string json,
                       const std::string& stem) {
  Rendered out;
  out.text = choose(options, std::move(table), csv, json);
  out.files = {{stem + ".json", std::move(json)}, {stem + ".csv", std::move(csv)}};
  return out;
}

}  // namespace aqplan
