// aqplan/views/schedule_view.h — the schedule (results/schedule_table.h),
// as planned and with the scenario's slips, as a terminal table, CSV and
// JSON.
//
// JSON: {"year", "scenario" ("" for a dataset), "measures": [{"id","text",
// "lead_units","planned","depends_on","enabling","planned_start",
// "effective_start","complete","slack_months" (null: nothing depends on it),
// "critical","slip_median_months","p_late","p_implemented","slipped_start",
// "slipped_complete","note" (when there is one: planned_after_year,
// slips_out_of_year, absorbed_by_prerequisite, moved_by_prerequisite,
// enabling_alone, excluded),"note_measure" (the prerequisite it names)}]},
// dates as YYYY-MM-DD ("never" for a measure that never starts). CSV: the
// same fields.
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
