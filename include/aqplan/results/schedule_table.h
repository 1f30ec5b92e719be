// aqplan/results/schedule_table.h — the schedule as planners read it
// (`aqplan schedule`): when each measure takes effect as planned, after its
// dependencies, its slack and whether it is on the critical path (the
// definitions are model/schedule.h's), with its ledger text and lead units;
// and when it takes effect with the scenario's slips, each measure late by
// its median slip (propagated downstream as in every Monte Carlo draw), with
// the reason when a slip moves nothing in the target year.
// Shown by views/schedule_view.h.
//
// Units: times in months of the target year (t = 0 on 1 January); slack and
// slips in months, slack +infinity when nothing depends on the measure.
// Thread safety: plain values and pure functions.
#pragma once

#include <string>
#include <vector>

#include "aqplan/model/model.h"

namespace aqplan {

// Why a measure's date with slips is what it is, when that needs saying.
enum class SlipNote {
  none,
  planned_after_year,       // takes effect after the target year as planned: a slip changes nothing this year
  slips_out_of_year,        // in effect this year as planned, not with its slips
  absorbed_by_prerequisite, // its own slip ends before a prerequisite completes: the prerequisite sets its start
  moved_by_prerequisite,    // no slip of its own; a prerequisite's slip moves it
  enabling_alone,           // enabling, nothing depends on it: a slip moves no emissions
  excluded,                 // switched off by the scenario: never in effect
};

// One measure: planned (every delay 0) and with the scenario's slips.
struct ScheduleRow {
  int id = 0;
  std::string text;        // the ledger text
  std::string title_en;    // short English title, if the dataset gives one
  std::vector<std::string> lead_units;
  std::string planned;     // the timing as written and as understood, e.g. "2023年6月底前 (by end of 2023-06)"
  double planned_start = 0;  // t from the deadline alone
  double start = 0;          // effective planned start, after prerequisites
  double complete = 0;
  double slack = 0;
  bool critical = false;
  bool enabling = false;
  std::vector<int> depends_on;
  // The scenario's slip: median months late, and the chance of any slip.
  double slip_median = 0;
  double p_late = 0;
  double p_implemented = 1;     // of being implemented at all this year
  double slipped_start = 0;     // effective start with every measure at its median slip (+infinity: never)
  double slipped_complete = 0;
  SlipNote note = SlipNote::none;
  int note_measure = 0;         // the prerequisite a note names (absorbed_by, moved_by, and
                                // slips_out_of_year without a slip of its own); 0: none
};

struct ScheduleTable {
  int year = 0;  // the target year
  std::string scenario;     // the scenario's name; empty for a dataset as planned
  std::string scenario_zh;  // in Chinese tables; empty: scenario
  std::string language = "en";  // the dataset's table language
  std::vector<ScheduleRow> rows;  // in ledger order
};

ScheduleTable schedule_table(const Model& model);

// The schedule of a scenario file, or of a dataset directory as planned.
// Throws InputError for bad input.
ScheduleTable schedule_of(const std::string& scenario_or_dataset);

}  // namespace aqplan
