#include "views/report_labels.h"

namespace aqplan {

nlohmann::ordered_json report_chart_labels(Language) { return nlohmann::ordered_json::object(); }

}  // namespace aqplan
