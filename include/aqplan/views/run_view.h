// aqplan/views/run_view.h — a run's results (results/run.h) as a terminal
// table, CSV and JSON.
//
// JSON (field names are a contract):
//   {"scenario", "dataset", "year", "samples", "seed",
//    "monthly": [{"metric","month","unit","base","target","mean","sd",
//                 "p05","p25","p50","p75","p95","p_meet","p_meet_se"} ×72],
//    "annual": [same fields, "month": null, ×6],
//    "composite_index": {"base","target","mean","sd","p05","p50","p95"}}
// CSV: the same fields as the rows, month "year" for the annual rows.
// Table: month × metric with base, target, the projection's median and
// P(meet) (or met yes/NO for a deterministic run), values at the
// standard's reporting precision; '!' marks a month at risk.
//
// Thread safety: pure functions.
#pragma once

#include <string>

#include "aqplan/results/run.h"
#include "aqplan/views/view.h"

namespace aqplan {

std::string to_json(const RunResult& r);
// The monthly then the annual rows (to_csv), or only one of them; the
// annual rows end with the composite index (`composite_index,year,1,…`,
// without quartiles or P(meet)). Concentrations carry two decimals past the
// standard's reporting precision (base and target: as reported),
// probabilities four.
std::string to_csv(const RunResult& r, bool bom = false);
std::string monthly_csv(const RunResult& r, bool bom = false);
std::string annual_csv(const RunResult& r, bool bom = false);
std::string format_table(const RunResult& r, Language lang = Language::en);

// text: the table, CSV or JSON; files: results.json, monthly.csv,
// annual.csv and schedule.csv.
Rendered render(const RunOutput& run, const ViewOptions& options);

}  // namespace aqplan
