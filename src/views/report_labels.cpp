#include "views/report_labels.h"

#include <string_view>

#include "base/messages.h"

namespace aqplan {

nlohmann::ordered_json report_chart_labels(Language lang) {
  constexpr std::string_view prefix = "report_chart_";
  nlohmann::ordered_json out = nlohmann::ordered_json::object();
  for (const MessageDef* m : msg::all()) {
    const std::string_view key = m->key;
    if (key.substr(0, prefix.size()) != prefix) continue;
    out[std::string(key.substr(prefix.size()))] = lang == Language::zh ? m->zh : m->en;
  }
  return out;
}

}  // namespace aqplan
