#include "aqplan/data/validate.h"

#include <algorithm>
#include <string>
#include <vector>

#include "aqplan/base/text.h"
#include "base/messages.h"

namespace aqplan {

namespace {

SourceRef where_defined(const MeasureParams& p, const Dataset& ds) {
  return {p.file.empty() ? ds.files.measures : p.file, p.line, p.column};
}

SourceRef where_listed(const Measure& row, const Ledger& ledger) {
  if (!row.at.file.empty()) return row.at;
  return {ledger.source, row.source_line, 0};
}

std::vector<std::string> ledger_ids(const Ledger& ledger) {
  std::vector<std::string> ids;
  for (const auto& m : ledger.measures) ids.push_back(std::to_string(m.id));
  return ids;
}

void check_years(const ModelInputs& in, Diagnostics& d) {
  const Dataset& ds = in.dataset;
  if (in.targets.base_year != ds.base_year || in.targets.target_year != ds.target_year)
    d.error({in.targets.source.empty() ? ds.files.targets : in.targets.source, in.targets.line[0][0], 0},
            Text(msg::inputs_years_differ, in.targets.base_year, in.targets.target_year, ds.base_year, ds.target_year));
}

// Ledger rows and measure data, both ways, and the form of each timing.
void check_measures(const ModelInputs& in, Diagnostics& d) {
  const Dataset& ds = in.dataset;
  for (const Measure& row : in.ledger.measures) {
    const MeasureParams* p = ds.measures.find(row.id);
    if (!p) {
      d.error(where_listed(row, in.ledger),
              Text(msg::inputs_ledger_measure_without_data, row.id, ds.files.measures));
      continue;
    }
    if (!effective_timing(*p, row))
      d.error(where_defined(*p, ds),
              Text(msg::inputs_bad_stages, p->id, "2023年5月1日起", "2023年9月1日起", p->stages.size()));
  }
  const std::vector<std::string> ids = ledger_ids(in.ledger);
  for (const MeasureParams& p : ds.measures.measures)
    if (!in.ledger.find(p.id))
      d.error(where_defined(p, ds), Text(msg::inputs_measure_not_in_ledger, p.id, ds.files.ledger,
                                         did_you_mean_text(std::to_string(p.id), ids)));
}

void check_exclusions(const ModelInputs& in, Diagnostics& d) {
  const std::vector<std::string> ids = ledger_ids(in.ledger);
  for (int id : in.excluded) {
    if (in.ledger.find(id)) continue;
    const auto at = in.excluded_at.find(id);
    const SourceRef where = at != in.excluded_at.end() ? at->second : SourceRef{in.scenario_file, 0, 0};
    d.error(where, Text(msg::inputs_excluded_not_in_ledger, "measures", id, did_you_mean_text(std::to_string(id), ids)));
  }
}

void check_fine_share(const ModelInputs& in, Diagnostics& d) {
  const Targets& t = in.targets;
  for (int m = 0; m < kMonths; ++m) {
    const double pm10 = t.base_value(Metric::pm10, m), pm25 = t.base_value(Metric::pm25, m);
    if (pm10 > 0 && pm25 <= pm10) continue;
    const int line = t.line[static_cast<std::size_t>(Metric::pm25)][static_cast<std::size_t>(m)];
    d.error({t.source.empty() ? in.dataset.files.targets : t.source, line, 0},
            Text(msg::inputs_fine_above_coarse, m + 1, pm25, pm10));
  }
}

// "By end of M" or "from the 1st of M+1": the month boundary a stage falls on.
std::optional<std::pair<int, int>> month_boundary(const Deadline& d) {
  if (d.kind == DeadlineKind::by_end_of) return std::pair{d.year, d.month};
  if (d.kind == DeadlineKind::from_date && d.day == 1)
    return d.month == 1 ? std::pair{d.year - 1, 12} : std::pair{d.year, d.month - 1};
  return std::nullopt;
}

}  // namespace

std::optional<Deadline> effective_timing(const MeasureParams& p, const Measure& ledger_row) {
  if (p.stages.empty()) return p.timing ? *p.timing : ledger_row.deadline;
  if (p.stages.size() != 2) return std::nullopt;
  const auto a = month_boundary(p.stages[0]), b = month_boundary(p.stages[1]);
  if (!a || !b || a->first != b->first || a->second >= b->second) return std::nullopt;
  Deadline d;
  d.kind = DeadlineKind::two_stage;
  d.year = a->first;
  d.month = a->second;
  d.end_month = b->second;
  d.raw = p.stages[0].raw + " / " + p.stages[1].raw;
  return d;
}

Diagnostics validate_inputs(const ModelInputs& in) {
  Diagnostics d;
  check_years(in, d);
  check_measures(in, d);
  check_exclusions(in, d);
  check_fine_share(in, d);
  return d;
}

}  // namespace aqplan
