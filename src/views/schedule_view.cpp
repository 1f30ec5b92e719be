#include "aqplan/views/schedule_view.h"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "aqplan/base/text.h"

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
std::string in_effect(double t, int year) {
  if (!std::isfinite(t)) return "never";
  if (t <= 0) return "all year";
  return date_of(t, year);
}
}  // namespace

std::string format_schedule_table(const ScheduleTable& table, Language lang) {
  const int year = table.year;
  std::string out;
  if (lang == Language::zh) {
    out += fmt::format("{} 年计划进度（不计延误）。生效日期为措施开始起作用的日期；富余为措施可延误而不推迟后续措施的月数；\n"
                       "* 表示因前置措施完成较晚而晚于完成时限。\n\n", year);
    out += fmt::format("{:>3}  {} {} {:>5} {:>4}  {} {} {}\n", "序号", pad_display("生效日期", 12), pad_display("时限日期", 12),
                       "富余", "关键", pad_display("原文时限", 22), pad_display("牵头单位", 30), "具体措施");
  } else out += fmt::format(
      "Planned schedule for {} (no delays). 'in effect' is the date a measure starts to act (after {} = no effect\n"
      "this year); slack is the months it can slip before a dependant's start moves; * = later than its deadline\n"
      "because a prerequisite completes later.\n\n",
      year, year);
  if (lang == Language::en) out += fmt::format("{:>3}  {} {} {:>5} {:>4}  {} {} {}\n", "id", pad_display("in effect", 12), pad_display("deadline", 12), "slack",
                     "crit", pad_display("as written", 22), pad_display("lead units", 30), "measure");
  for (const auto& r : table.rows) {
    std::string slack = std::isfinite(r.slack) ? fmt::format("{:.1f}", r.slack) : "–";
    std::string moved = r.start > r.planned_start + 1e-9 ? "*" : "";
    out += fmt::format("{:>3}  {} {} {:>5} {:>4}  {} {} {}{}\n", r.id, pad_display(in_effect(r.start, year) + moved, 12),
                       pad_display(in_effect(r.planned_start, year), 12), slack, r.critical ? "yes" : "",
                       pad_display(r.planned.substr(0, r.planned.find(" (")), 22), pad_display(join(r.lead_units, "、"), 30),
                       r.enabling ? "[enabling] " : "",
                       pad_display(lang == Language::en && !r.title_en.empty() ? r.title_en : r.text, 56));
  }
  return out;
}

std::string schedule_to_csv(const ScheduleTable& table, bool bom) {
  const int year = table.year;
  std::string out(byte_order_mark(bom));
  out += "id,text,lead_units,planned,depends_on,enabling,planned_start,effective_start,complete,slack_months,critical\n";
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
    j.push_back(std::move(m));
  }
  nlohmann::ordered_json root;
  root["year"] = year;
  root["measures"] = std::move(j);
  return root.dump(2) + "\n";
}



Rendered render(const ScheduleTable& table, const ViewOptions& o) {
  Rendered out;
  std::string json = schedule_to_json(table);
  out.text = choose(o, format_schedule_table(table, o.lang), schedule_to_csv(table, o.excel), std::move(json));
  return out;
}

}  // namespace aqplan
