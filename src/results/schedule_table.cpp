#include "aqplan/results/schedule_table.h"

#include <cmath>
#include <limits>

#include <fmt/format.h>

#include "aqplan/data/scenario.h"
#include "aqplan/model/check.h"

namespace aqplan {

namespace {

constexpr double kEps = 1e-9;  // months: starts closer than this are the same

ScheduleRow planned_row(const Model& model, std::size_t j) {
  const ModelMeasure& m = model.measures()[j];
  const PlannedTiming& p = model.schedule().planned(j);
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
  row.slip_median = m.delay.quantile(0.5);
  row.p_late = 1.0 - m.delay.p_on_time;
  row.p_implemented = m.excluded ? 0.0 : m.probability;
  return row;
}

// The prerequisite whose completion (plus lag) sets row j's start with
// slips, or 0.
int binding_prerequisite(const Model& model, std::size_t j, const std::vector<double>& complete, double start) {
  const Schedule& sch = model.schedule();
  const double lag = model.measures()[j].lag_months;
  for (int id : model.measures()[j].depends_on)
    if (const auto i = sch.index_of(id); i && std::abs(complete[*i] + lag - start) < kEps) return id;
  return 0;
}

SlipNote note_of(const ScheduleRow& row, int year_months, bool has_dependants) {
  if (row.p_implemented == 0) return SlipNote::excluded;
  const bool own_slip = row.slip_median > kEps;
  const bool moved = row.slipped_start > row.start + kEps;
  if (row.start >= year_months && (own_slip || moved)) return SlipNote::planned_after_year;
  if (moved && row.slipped_start >= year_months) return SlipNote::slips_out_of_year;
  if (row.enabling && !has_dependants && own_slip) return SlipNote::enabling_alone;
  if (own_slip && !moved) return SlipNote::absorbed_by_prerequisite;
  if (!own_slip && moved) return SlipNote::moved_by_prerequisite;
  return SlipNote::none;
}

}  // namespace

ScheduleTable schedule_table(const Model& model) {
  ScheduleTable table;
  table.year = model.target_year();
  table.scenario = model.scenario_name();
  table.scenario_zh = model.scenario_name_zh();
  table.language = model.language();
  const Schedule& sch = model.schedule();
  const std::size_t n = model.measures().size();
  std::vector<double> delay(n), start(n), complete(n);
  std::vector<std::uint8_t> implemented(n);
  for (std::size_t j = 0; j < n; ++j) {
    table.rows.push_back(planned_row(model, j));
    delay[j] = table.rows[j].slip_median;
    implemented[j] = model.measures()[j].excluded ? 0 : 1;
  }
  ActivityMatrix activity(static_cast<Eigen::Index>(n), kMonths);
  sch.evaluate(delay, implemented, activity, start, complete);
  std::vector<bool> has_dependants(n, false);
  for (const ModelMeasure& m : model.measures())
    for (int id : m.depends_on)
      if (const auto i = sch.index_of(id)) has_dependants[*i] = true;
  for (std::size_t j = 0; j < n; ++j) {
    ScheduleRow& row = table.rows[j];
    row.slipped_start = start[j];
    row.slipped_complete = complete[j];
    row.note = note_of(row, kMonths, has_dependants[j]);
    const bool pushed = row.note == SlipNote::slips_out_of_year && row.slip_median <= kEps;
    if (row.note == SlipNote::absorbed_by_prerequisite || row.note == SlipNote::moved_by_prerequisite || pushed)
      row.note_measure = binding_prerequisite(model, j, complete, start[j]);
  }
  return table;
}

ScheduleTable schedule_of(const std::string& scenario_or_dataset) {
  return schedule_table(Model::build(load_checked_inputs(scenario_or_dataset)));
}

}  // namespace aqplan
