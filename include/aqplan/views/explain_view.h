// aqplan/views/explain_view.h — why a month is at risk (results/explain.h)
// as a terminal table (en, zh), CSV and JSON.
//
// JSON: {"scenario", "dataset", "year", "metric", "unit", "period" ("year"
// or a month), "samples", "seed", "runs", "base", "target", "risk_below",
// "median", "p_meet", "median_rule", "decided",
// "waterfall": [{"step" (base, base_months, observed, growth, regional,
// weather, measure, interaction, projected), "measure"?, "text"?, "change",
// "level"}], "check": {"run", "evaluation", "equal"},
// "split": {"basis", "samples", "additive", "ammonium_split",
// "parts": {species: part (primary, sulfate, nitrate, ammonium,
// secondary_organic, coarse, emitted, first_order_change)},
// "sectors": [{"sector", "parts": {species: value}, "tonnes": {species: t in
// the period}, "total"?}], "local", "nonlocal", "observed", "unattributed",
// "total"}, "levers": {"cut", "slip_months", "tonnes_basis", "rows":
// [{"kind" (cut, removed, slip), "sector"?, "species"?, "measure"?,
// "text"?, "d_median", "d_p_meet", "tonnes"?, "note"? (nitrate, ozone)}]}}.
// CSV: one table of rows `section,item,measure,sector,species,value,level,
// d_p_meet,tonnes,note`: the waterfall's steps (value = the bar, level the
// running value), the split's cells (item = the part; value in the
// metric's unit, tonnes in the period) and totals, and every lever (value
// = Δmedian).
//
// Thread safety: pure functions.
#pragma once

#include <string>

#include "aqplan/results/explain.h"
#include "aqplan/views/view.h"

namespace aqplan {

std::string format_explain(const ExplainResult& r, Language lang = Language::en);
std::string explain_to_json(const ExplainResult& r);
std::string explain_to_csv(const ExplainResult& r, bool bom = false);

// text: the table, CSV or JSON; files: explain.json and explain.csv.
Rendered render(const ExplainResult& r, const ViewOptions& options);

}  // namespace aqplan
