// Internal to the report's views: every word the page's charts show
// (web/report.js), from the catalogue (src/base/messages/report_charts.def),
// as the JSON block's "labels": {"key": "text"}.
#pragma once

#include <nlohmann/json.hpp>

#include "aqplan/base/message.h"

namespace aqplan {

nlohmann::ordered_json report_chart_labels(Language lang);

}  // namespace aqplan
