#include "aqplan/views/schedule_view.h"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "aqplan/base/text.h"
#include "views/words.h"

namespace aqplan {

std::string date_of(double t, int year) {
  if (!std::isfinite(t)) return "never";
  // Whole days, to the nearest minute of a month's fraction.
  int month_index = static_cast<int>(std::floor(t + 1e-9));
  double frac = std::max(0.0, t - month_index);
  int y = year + static_cast<int>(std::floor(month_index / 12.0));
  int m = ((month_index % 12) + 12) % 12 + 1;
  int day = 1 + static_cast<int>(std::lround(frac * days_in_month(y, m)));
  if (day > days_in_month(y, m)) {
    day = 1;
    if (++m > 12) {
      m = 1;
      ++y;
    }
  }
  return fmt::format("{}-{:02}-{:02}", y, m, day);
}

namespace {

using views::Msg;

std::string in_effect(const views::Words& t, double t_start, int year) {
  if (!std::isfinite(t_start)) return t(Msg::never);
  if (t_start <= 0) return t(Msg::all_year);
  return date_of(t_start, year);
}

std::string note_text(const views::Words& t, const ScheduleRow& r, int year) {
  switch (r.note) {
    case SlipNote::none: return {};
    case SlipNote::planned_after_year: return t(Msg::note_planned_after_year, year);
    case SlipNote::slips_out_of_year:
      return r.note_measure ? t(Msg::note_moved_out_by, r.note_measure, year) : t(Msg::note_slips_out_of_year, year);
    case SlipNote::absorbed_by_prerequisite: return t(Msg::note_absorbed, r.note_measure);
    case SlipNote::moved_by_prerequisite: return t(Msg::note_moved_by, r.note_measure);
    case SlipNote::enabling_alone: return t(Msg::note_enabling_alone);
    case SlipNote::excluded: return t(Msg::note_excluded);
  }
  return {};
}

std::string schedule_header(const views::Words& t, const ScheduleTable& table, Language lang) {
  std::string out = table.scenario.empty()
                        ? t(Msg::schedule_title_dataset, table.year)
                        : t(Msg::schedule_title, table.year, views::pick(lang, table.scenario, table.scenario_zh));
  out += '\n';
  out += t(Msg::schedule_legend, table.year);
  out += "\n\n";
  out += fmt::format("{}  {} {} {} {} {} {}  {} {} {}\n", pad_display(t(Msg::id), 4), pad_display(t(Msg::in_effect), 12),
                     pad_display(t(Msg::with_slips), 12), pad_display(t(Msg::slip), 5), pad_display(t(Msg::p_late), 8),
                     pad_display(t(Msg::slack), 5), pad_display(t(Msg::critical), 4), pad_display(t(Msg::as_written), 22),
                     pad_display(t(Msg::lead_units), 30), t(Msg::measure));
  return out;
}

}  // namespace

std::string format_schedule_table(const ScheduleTable& table, Language lang) {
  const views::Words t{lang};
  const int year = table.year;
  std::string out = schedule_header(t, table, lang);
  for (const auto& r : table.rows) {
    const std::string slack = std::isfinite(r.slack) ? fmt::format("{:.1f}", r.slack) : "–";
    const std::string moved = r.start > r.planned_start + 1e-9 ? "*" : "";
    const std::string slipped = in_effect(t, r.slipped_start, year) + (r.slipped_start > r.start + 1e-9 ? " ▸" : "");
    out += fmt::format("{:>4}  {} {} {:>5.1f} {:>7.0f}% {:>5} {}  {} {} {}{}\n", r.id,
                       pad_display(in_effect(t, r.start, year) + moved, 12), pad_display(slipped, 12), r.slip_median,
                       100 * r.p_late, slack, pad_display(r.critical ? t(Msg::yes) : "", 4),
                       pad_display(r.planned.substr(0, r.planned.find(" (")), 22), pad_display(join(r.lead_units, "、"), 30),
                       r.enabling ? t(Msg::enabling_tag) : "",
                       pad_display(lang == Language::en && !r.title_en.empty() ? r.title_en : r.text, 56));
    if (const std::string note = note_text(t, r, year); !note.empty()) out += fmt::format("{:>6}→ {}\n", "", note);
  }
  return out;
}

namespace {
const char* note_key(SlipNote n) {
  switch (n) {
    case SlipNote::none: return "";
    case SlipNote::planned_after_year: return "planned_after_year";
    case SlipNote::slips_out_of_year: return "slips_out_of_year";
    case SlipNote::absorbed_by_prerequisite: return "absorbed_by_prerequisite";
    case SlipNote::moved_by_prerequisite: return "moved_by_prerequisite";
    case SlipNote::enabling_alone: return "enabling_alone";
    case SlipNote::excluded: return "excluded";
  }
  return "";
}
}  // namespace

std::string schedule_to_csv(const ScheduleTable& table, bool bom) {
  const int year = table.year;
  std::string out(byte_order_mark(bom));
  out += "id,text,lead_units,planned,depends_on,enabling,planned_start,effective_start,complete,slack_months,critical,"
         "slip_median_months,p_late,p_implemented,slipped_start,slipped_complete,note,note_measure\n";
  for (const auto& r : table.rows) {
    std::string deps;
    for (std::size_t i = 0; i < r.depends_on.size(); ++i) {
      if (i) deps += ';';
      deps += std::to_string(r.depends_on[i]);
    }
    out += fmt::format("{},{},{},{},{},{},{},{},{},{},{}\n", r.id, csv_field(r.text), csv_field(join(r.lead_units, "、")),
                       csv_field(r.planned), deps, r.enabling ? "true" : "false", date_of(r.planned_start, year),
                       date_of(r.start, year), date_of(r.complete, year),
                       std::isfinite(r.slack) ? fmt::format("{}", r.slack) : std::string(), r.critical ? "true" : "false");
    out.pop_back();
    out += fmt::format(",{:.2f},{:.4f},{:.4f},{},{},{},{}\n", r.slip_median, r.p_late, r.p_implemented,
                       date_of(r.slipped_start, year), date_of(r.slipped_complete, year), note_key(r.note),
                       r.note_measure ? std::to_string(r.note_measure) : std::string());
  }
  return out;
}

std::string schedule_to_json(const ScheduleTable& table) {
  const int year = table.year;
  nlohmann::ordered_json j = nlohmann::ordered_json::array();
  for (const auto& r : table.rows) {
    nlohmann::ordered_json m;
    m["id"] = r.id;
    m["text"] = r.text;
    m["lead_units"] = r.lead_units;
    m["planned"] = r.planned;
    m["depends_on"] = r.depends_on;
    m["enabling"] = r.enabling;
    m["planned_start"] = date_of(r.planned_start, year);
    m["effective_start"] = date_of(r.start, year);
    m["complete"] = date_of(r.complete, year);
    if (std::isfinite(r.slack)) m["slack_months"] = r.slack;
    else m["slack_months"] = nullptr;
    m["critical"] = r.critical;
    m["slip_median_months"] = r.slip_median;
    m["p_late"] = r.p_late;
    m["p_implemented"] = r.p_implemented;
    m["slipped_start"] = date_of(r.slipped_start, year);
    m["slipped_complete"] = date_of(r.slipped_complete, year);
    if (r.note != SlipNote::none) m["note"] = note_key(r.note);
    if (r.note_measure) m["note_measure"] = r.note_measure;
    j.push_back(std::move(m));
  }
  nlohmann::ordered_json root;
  root["year"] = year;
  root["scenario"] = table.scenario;
  root["measures"] = std::move(j);
  return root.dump(2) + "\n";
}



Rendered render(const ScheduleTable& table, const ViewOptions& o) {
  Rendered out;
  std::string json = schedule_to_json(table);
  out.text = choose(o, format_schedule_table(table, table_language(o, table.language)), schedule_to_csv(table, o.excel), std::move(json));
  return out;
}

}  // namespace aqplan
