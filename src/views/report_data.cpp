// The JSON block of the report page (views/report_view.h report_data_json):
// the results as the other commands' JSON gives them, so that the charts
// read the same numbers as `aqplan run`, `schedule`, `rank` and `gap`.
#include <string>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "aqplan/views/compare_view.h"
#include "aqplan/views/gap_view.h"
#include "aqplan/views/rank_view.h"
#include "aqplan/views/report_view.h"
#include "aqplan/views/run_view.h"
#include "aqplan/views/schedule_view.h"
#include "views/report_labels.h"

namespace aqplan {

namespace {

using json = nlohmann::ordered_json;

json metrics_json(const RunResult& r, Language lang) {
  json out = json::array();
  for (Metric p : kMetrics)
    out.push_back({{"key", std::string(name(p))},
                   {"label", metric_label(p, lang)},
                   {"unit", std::string(unit(p))},
                   {"decimals", r.decimals_of(p)}});
  return out;
}

// "[A] name", "[B] name", … as the comparison labels the scenarios.
std::string run_label(const RunResult& r, std::size_t i, Language lang) {
  const std::string& n = lang == Language::zh && !r.scenario_zh.empty() ? r.scenario_zh : r.scenario;
  return fmt::format("[{}] {}", static_cast<char>('A' + i % 26), n);
}

// Every reachable row's tonnes by sector: {"metric","direction" (as the gap JSON
// writes it),"sector","tonnes":{species: t}}.
json gap_by_sector(const GapResult& g) {
  json out = json::array();
  for (const GapRow& row : g.rows) {
    if (!row.reachable || row.met_already) continue;
    for (std::size_t s = 0; s < g.sectors.size(); ++s) {
      const auto t = sector_tonnes(g, row, s);
      json tonnes = json::object();
      double total = 0;
      for (std::size_t k = 0; k < kSpeciesCount; ++k) {
        tonnes[std::string(name(kSpecies[k]))] = t[k];
        total += t[k];
      }
      if (total <= 0) continue;
      out.push_back({{"metric", std::string(name(row.metric))},
                     {"direction", direction_text(row.direction, Language::en)},
                     {"sector", g.sectors[s]},
                     {"tonnes", tonnes}});
    }
  }
  return out;
}

}  // namespace

std::string report_data_json(const Report& r, Language lang) {
  json j;
  j["lang"] = lang == Language::zh ? "zh" : "en";
  j["labels"] = report_chart_labels(lang);
  j["risk_below"] = r.result().risk_below;
  j["confidence"] = r.confidence;
  j["metrics"] = metrics_json(r.result(), lang);
  j["at_risk"] = json::array();
  for (Metric p : r.at_risk()) j["at_risk"].push_back(std::string(name(p)));
  j["runs"] = json::array();
  for (std::size_t i = 0; i < r.scenarios.size(); ++i) {
    json run = json::parse(to_json(r.scenarios[i].run.result));
    run["label"] = run_label(r.scenarios[i].run.result, i, lang);
    j["runs"].push_back(std::move(run));
  }
  j["schedule"] = json::parse(schedule_to_json(r.scenarios.front().run.schedule));
  j["rank"] = json::parse(rank_to_json(r.rank));
  j["gap"] = json::parse(gap_to_json(r.gap));
  j["gap"]["by_sector"] = gap_by_sector(r.gap);
  if (r.comparison) j["comparison"] = json::parse(comparison_to_json(*r.comparison));
  // Inside <script>, "</" would end the block: JSON allows "<\/" for it.
  const std::string text = j.dump();
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    out += text[i];
    if (text[i] == '<' && i + 1 < text.size() && text[i + 1] == '/') out += '\\';
  }
  return out;
}

}  // namespace aqplan
