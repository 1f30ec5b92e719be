// aqplan/views/compare_view.h — a comparison of scenarios (results/
// comparison.h) as a terminal table, CSV and JSON.
//
// JSON: {"samples", "seed", "scenarios": [names], "annual": [{"metric",
// "unit", "target", "p50": [per scenario], "p_meet": [per scenario]}],
// "composite_index": {"p50": [...]}, "threshold", "moved": [{"scenario",
// "metric", "month", "p_meet_reference", "p_meet"}]}.
// CSV: one row per scenario, metric and month (and "year"): target, p50,
// p_meet, p_meet_se.
//
// Thread safety: pure functions.
#pragma once

#include <string>

#include "aqplan/results/comparison.h"
#include "aqplan/views/view.h"

namespace aqplan {

std::string format_comparison(const Comparison& c, Language lang = Language::en);
std::string comparison_to_json(const Comparison& c);
std::string comparison_to_csv(const Comparison& c, bool bom = false);

// text: the table, CSV or JSON; files: comparison.json and comparison.csv.
Rendered render(const Comparison& c, const ViewOptions& options);

}  // namespace aqplan
