// Internal to the report's views (report_verdict.cpp, report_html.cpp,
// report_xlsx.cpp): how the report writes its numbers and lists, and HTML
// text.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "aqplan/base/message.h"

namespace aqplan::report {

// A probability or fraction in whole percent, "53" for 0.53 (rounded to
// nearest, ties to even, as fmt's fixed notation does).
std::string percent(double fraction);

// `value` with `decimals` decimals.
std::string fixed(double value, int decimals);

// Months as ranges: "1, 3–6" ("1、3–6" in Chinese).
std::string month_ranges(const std::vector<int>& months, Language lang);

// `text` safe inside HTML text and attribute values.
std::string html_escape(std::string_view text);

}  // namespace aqplan::report
