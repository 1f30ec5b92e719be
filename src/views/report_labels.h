// Internal to the report's views: the words of the report's charts (web/report.js),
// for the JSON block's "labels" (views/report_view.h report_data_json).
//
// One entry per AQPLAN_MSG(report_chart_xxx, …) of
// src/base/messages/report_charts.def, keyed by its id without the
// "report_chart_" prefix, in file order. The values are the templates as
// written: report.js fills each `{}` in order with data (a metric's name, a
// unit, a number), so that no word is written in the JavaScript.
//
// Thread safety: pure function.
#pragma once

#include <nlohmann/json.hpp>

#include "aqplan/base/message.h"

namespace aqplan {

nlohmann::ordered_json report_chart_labels(Language lang);

}  // namespace aqplan
