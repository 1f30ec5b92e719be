// aqplan/views/schedule_view.h — the planned schedule (results/
// schedule_table.h) as a terminal table, CSV and JSON.
//
// JSON: {"year", "measures": [{"id","text","lead_units","planned",
// "depends_on","enabling","planned_start","effective_start","complete",
// "slack_months" (null: nothing depends on it),"critical"}]}, dates as
// YYYY-MM-DD ("never" for a measure that never starts).
//
// Thread safety: pure functions.
#pragma once

#include <string>

#include "aqplan/results/schedule_table.h"
#include "aqplan/views/view.h"

namespace aqplan {

// "2023-07-01" for the date at t months into `year` (t = 6 → 1 July);
// "never" for +infinity.
std::string date_of(double t, int year);

std::string format_schedule_table(const ScheduleTable& table, Language lang = Language::en);
std::string schedule_to_json(const ScheduleTable& table);
std::string schedule_to_csv(const ScheduleTable& table, bool bom = false);

// text: the table, CSV or JSON; no files.
Rendered render(const ScheduleTable& table, const ViewOptions& options);

}  // namespace aqplan
