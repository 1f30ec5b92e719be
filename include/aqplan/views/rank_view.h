// aqplan/views/rank_view.h — measure importance (results/rank.h) as a
// terminal table, CSV and JSON.
//
// JSON: {"metric", "samples", "seed", "plan": {"mean","p_meet"},
// "measures": [{"id","text","lead_units","enabling","critical","dependants",
// "removed": {metric: {"mean","p_meet"}}, "slip": {…}, "note"?}],
// "lead_units": [{"unit","measures","shared","removed_mean",
// "removed_p_meet","variants": [{"written","confirmed_alias","measures"}]
// (names counted under the unit: aliases and near misses of known names)}], "inputs": [{"input","spearman"}] (only the inputs
// listed: those that can reach the metric and pass the cut),
// "input_selection": {"samples","tested","alpha","z","se","cut",
// "not_significant","unreachable": [input]}}.
// CSV: one row per measure and metric.
//
// Thread safety: pure functions.
#pragma once

#include <string>

#include "aqplan/results/rank.h"
#include "aqplan/views/view.h"

namespace aqplan {

std::string format_rank(const RankResult& r, Language lang = Language::en);
// A removal note, and an uncertain input, in words.
std::string removal_note_text(RemovalNote note, Language lang);
std::string input_label(const InputImportance& input, Language lang);
std::string rank_to_json(const RankResult& r);
std::string rank_to_csv(const RankResult& r, bool bom = false);

// text: the table, CSV or JSON; files: rank.json and rank.csv.
Rendered render(const RankResult& r, const ViewOptions& options);

}  // namespace aqplan
