// aqplan/results/schedule_table.h — the planned schedule as planners read it
// (`aqplan schedule`): when each measure takes effect after its
// dependencies, its slack and whether it is on the critical path (the
// definitions are model/schedule.h's), with its ledger text and lead units.
// Shown by views/schedule_view.h.
//
// Units: times in months of the target year (t = 0 on 1 January); slack in
// months, +infinity when nothing depends on the measure.
// Thread safety: plain values and pure functions.
#pragma once

#include <string>
#include <vector>

#include "aqplan/model/model.h"

namespace aqplan {

// One measure on the planned schedule (every delay 0).
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
};

struct ScheduleTable {
  int year = 0;  // the target year
  std::vector<ScheduleRow> rows;  // in ledger order
};

ScheduleTable schedule_table(const Model& model);

// The schedule of a scenario file, or of a dataset directory as planned.
// Throws InputError for bad input.
ScheduleTable schedule_of(const std::string& scenario_or_dataset);

}  // namespace aqplan
