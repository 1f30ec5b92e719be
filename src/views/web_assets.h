// Internal to the views: the files of the HTML report, embedded in the
// program when it is built (src/CMakeLists.txt), so that a report needs no
// file beside the program and no network: Apache ECharts as npm installs it
// from web/package-lock.json (its minified build and its licence notice),
// and the report's own script and style sheet from web/.
#pragma once

#include <string_view>

namespace aqplan::web {

std::string_view echarts_js();       // web/node_modules/echarts/dist/echarts.min.js
std::string_view echarts_notice();   // web/node_modules/echarts/NOTICE
std::string_view echarts_version();  // from its package.json, e.g. "5.6.0"
std::string_view report_head_js();   // web/report-head.js: records script errors, runs first
std::string_view report_js();        // web/report.js: draws the charts from the page's JSON block
std::string_view report_css();       // web/report.css: screen and A4 print

}  // namespace aqplan::web
