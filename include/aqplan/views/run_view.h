// aqplan/views/run_view.h — a run's results (results/run.h) as a terminal
// table, CSV and JSON.
//
// JSON (field names are a contract):
//   {"scenario", "dataset", "year", "samples", "seed",
//    "monthly": [{"metric","month","unit","base","target","mean","sd",
//                 "p05","p25","p50","p75","p95","p_meet","p_meet_se",
//                 "observed" (a month measured in the target year)} ×72],
//    "annual": [same fields, "month": null, ×6],
//    "composite_index": {"base","target","mean","sd","p05","p50","p95",
//                        "p_meet" (of the rounded index ≤ its target)},
//    "spread": {"samples", "annual": [{"metric","weather_base_year",
//               "weather_target_year","plan"} ×6]}}   (not in a deterministic run)
// spread: shares of each annual value's variance, summing to 1
// (docs/montecarlo.md, "Where the spread comes from").
// CSV: the same fields as the rows, month "year" for the annual rows.
// Table: month × metric with base, target, the projection's median and
// P(meet) (or met yes/NO for a deterministic run), optionally p05 and p95
// (RunTableOptions), values at the
// standard's reporting precision; '!' marks a month at risk; under it, the
// spread's shares per shown metric in whole percent.
//
// Thread safety: pure functions.
#pragma once

#include <string>
#include <vector>

#include "aqplan/results/run.h"
#include "aqplan/views/view.h"

namespace aqplan {

std::string to_json(const RunResult& r);
// The monthly then the annual rows (to_csv), or only one of them; the
// annual rows end with the composite index (`composite_index,year,1,…`,
// without quartiles). Concentrations carry two decimals past the
// standard's reporting precision (base and target: as reported),
// probabilities four.
std::string to_csv(const RunResult& r, bool bom = false);
std::string monthly_csv(const RunResult& r, bool bom = false);
std::string annual_csv(const RunResult& r, bool bom = false);
// What the terminal table shows: only these metrics (empty: all six, in
// the standard's order), and with `range` the 5th and 95th percentiles
// beside the median (ignored for a deterministic run).
struct RunTableOptions {
  std::vector<Metric> metrics;
  bool range = false;
};
std::string format_table(const RunResult& r, Language lang = Language::en, const RunTableOptions& table = {});

// text: the table, CSV or JSON; files: results.json, monthly.csv,
// annual.csv and schedule.csv.
// The table follows `table`; CSV, JSON and the files always hold every
// metric and percentile.
Rendered render(const RunOutput& run, const ViewOptions& options, const RunTableOptions& table = {});

}  // namespace aqplan
