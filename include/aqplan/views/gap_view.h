// aqplan/views/gap_view.h — the gap to target (results/gap.h) as a
// terminal table, CSV and JSON.
//
// JSON: {"confidence", "period" ("year" or a month), "sectors",
// "tonnes_basis", "tonnes_samples", "cost_ranking", "achieved_cut_max",
// "rows": [{"metric","direction","p_meet","met_already","reachable", and
// when a cut is needed and reachable "cut","p_meet_at_cut","tonnes"
// {species: t in the period}, for the year also "tonnes_per_year" (the
// same numbers), "cheapest","beyond_achieved"; "p_meet_at_full_cut" unless
// met already; "note"?}]}. CSV: one row per metric and direction; the
// species' tonnes are of the row's period.
//
// Thread safety: pure functions.
#pragma once

#include <string>

#include "aqplan/results/gap.h"
#include "aqplan/views/view.h"

namespace aqplan {

std::string format_gap(const GapResult& g, Language lang = Language::en);
// A row's direction ("all species", "NOx only", "VOC only", "–"; the JSON's
// and CSV's `direction`), and its note in words ("" when none).
std::string direction_text(GapDirection direction, Language lang);
std::string gap_note(const GapResult& g, const GapRow& row, Language lang);
std::string gap_to_json(const GapResult& g);
std::string gap_to_csv(const GapResult& g, bool bom = false);

// text: the table, CSV or JSON; files: gap.json and gap.csv.
Rendered render(const GapResult& g, const ViewOptions& options);

}  // namespace aqplan
