#include "aqplan/results/schedule_table.h"

#include <fmt/format.h>

#include "aqplan/data/scenario.h"
#include "aqplan/model/check.h"

namespace aqplan {

ScheduleTable schedule_table(const Model& model) {
  ScheduleTable table;
  table.year = model.target_year();
  const Schedule& sch = model.schedule();
  for (std::size_t j = 0; j < model.measures().size(); ++j) {
    const ModelMeasure& m = model.measures()[j];
    const PlannedTiming& p = sch.planned(j);
    ScheduleRow row;
    row.id = m.id;
    row.text = m.text;
    row.title_en = m.title_en;
    row.lead_units = m.lead_units;
    row.planned = m.timing.raw.empty() ? describe(m.timing) : fmt::format("{} ({})", m.timing.raw, describe(m.timing));
    row.planned_start = p.deadline_start;
    row.start = p.start;
    row.complete = p.complete;
    row.slack = p.slack;
    row.critical = p.critical;
    row.enabling = m.enabling;
    row.depends_on = m.depends_on;
    table.rows.push_back(std::move(row));
  }
  return table;
}

ScheduleTable schedule_of(const std::string& scenario_or_dataset) {
  return schedule_table(Model::build(load_checked_inputs(scenario_or_dataset)));
}

}  // namespace aqplan
