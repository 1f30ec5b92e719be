// aqplan/views/report_view.h — the leadership report (results/report.h) as
// one self-contained HTML page and as an Excel workbook (docs/report.md).
//
// The page: Chinese or English; in order a verdict (one paragraph per
// pollutant and one for the composite index, generated from the numbers),
// fan charts, a P(meet) heat map, a Gantt chart of the measures, measure
// importance, the gap to target, the comparison (two or more scenarios),
// and a footer with the inputs and their SHA-256. Text and tables are HTML
// written here; the charts are drawn in the browser by Apache ECharts
// (embedded inline, with its licence notice) and web/report.js, from one
// JSON block (report_data_json). Nothing is fetched from the network.
//
// The workbook (libxlsxwriter): sheets 概要/Summary, 月度/Monthly,
// 措施/Measures, 差距/Gap, with native charts (a line chart with bands per
// pollutant, a bar chart of measure importance), a Chinese font and frozen
// header rows.
//
// Units: as results/report.h. Thread safety: pure functions.
#pragma once

#include <string>
#include <vector>

#include "aqplan/base/message.h"
#include "aqplan/results/report.h"

namespace aqplan {

// The verdict, one paragraph per pollutant (the standard's order) and last
// one for the composite index: P(meet) of the year, the months at risk, and
// for a year at risk the extra local cut that reaches the report's
// confidence.
std::vector<std::string> report_verdict(const Report& r, Language lang);

// The JSON block the page's charts read: {"lang", "labels", "risk_below",
// "confidence", "metrics": [{"key","label","unit","decimals"}], "at_risk":
// [metric], "runs": [run JSON (views/run_view.h) + "label"], "schedule"
// (views/schedule_view.h), "rank" (views/rank_view.h), "gap"
// (views/gap_view.h) + "by_sector", "comparison"? (views/compare_view.h)}.
std::string report_data_json(const Report& r, Language lang);

// The whole page.
std::string report_html(const Report& r, Language lang);

// The workbook's bytes (.xlsx).
std::string report_xlsx(const Report& r, Language lang);

}  // namespace aqplan
