#include "aqplan/import/deadline.h"

#include <regex>

#include <fmt/format.h>

#include "aqplan/base/metric.h"
#include "aqplan/base/text.h"
#include "base/messages.h"

namespace aqplan {

namespace {

// Spacing removed; full-width digits and punctuation folded to ASCII; the
// range dashes and "至" become '-'; the stage separators become "和".
std::string fold(std::string_view text) {
  std::u32string out;
  for (char32_t c : to_u32(remove_spaces(text))) {
    if (c >= U'\uFF10' && c <= U'\uFF19') c = U'0' + (c - U'\uFF10');
    switch (c) {
      case U'\uFF0D': case U'\u2010': case U'\u2011': case U'\u2012': case U'\u2013': case U'\u2014':
      case U'\u2015': case U'\u2212': case U'~': case U'\uFF5E': case U'\u301C': case U'\u81F3':  // 至
        c = U'-';
        break;
      case U'\u53CA': case U'\u3001': case U',': case U'\uFF0C':  // 及 、 , ，
        c = U'\u548C';                                              // 和
        break;
      default:
        break;
    }
    out += c;
  }
  std::string s = to_utf8(out);
  // 月末前 is the same as 月底前.
  for (std::size_t p; (p = s.find("月末前")) != std::string::npos;) s.replace(p, std::string("月末前").size(), "月底前");
  return s;
}

int to_int(const std::string& s) { return std::stoi(s); }

void check_month(int m, std::string_view raw) {
  if (m < 1 || m > 12) throw DeadlineError(Text(msg::deadline_month_out_of_range, raw, m));
}

void check_year(int y, std::string_view raw) {
  if (!plausible_year(y)) throw DeadlineError(Text(msg::deadline_year_implausible, raw, y));
}

}  // namespace

Deadline parse_deadline(std::string_view text) {
  const std::string raw(trim(text));
  const std::string s = fold(raw);
  Deadline d;
  d.raw = raw;
  if (s.empty()) throw DeadlineError(Text(msg::deadline_empty, "2023年6月底前", "长期坚持"));
  if (s == "长期坚持" || s == "长期") {
    d.kind = DeadlineKind::ongoing;
    return d;
  }
  static const std::regex by_end(R"(^(\d{4})年(\d{1,2})月底前$)");
  static const std::regex from(R"(^(\d{4})年(\d{1,2})月(\d{1,2})日起$)");
  static const std::regex from_month(R"(^(\d{4})年(\d{1,2})月起$)");  // from the 1st
  static const std::regex window(R"(^(\d{4})年(\d{1,2})(?:月)?-(\d{1,2})月$)");
  static const std::regex stages(R"(^(\d{4})年(\d{1,2})月和(\d{1,2})月底前$)");
  std::smatch m;
  if (std::regex_match(s, m, by_end)) {
    d.kind = DeadlineKind::by_end_of;
    d.year = to_int(m[1]);
    d.month = to_int(m[2]);
  } else if (std::regex_match(s, m, from)) {
    d.kind = DeadlineKind::from_date;
    d.year = to_int(m[1]);
    d.month = to_int(m[2]);
    d.day = to_int(m[3]);
  } else if (std::regex_match(s, m, from_month)) {
    d.kind = DeadlineKind::from_date;
    d.year = to_int(m[1]);
    d.month = to_int(m[2]);
    d.day = 1;
  } else if (std::regex_match(s, m, window)) {
    d.kind = DeadlineKind::window;
    d.year = to_int(m[1]);
    d.month = to_int(m[2]);
    d.end_month = to_int(m[3]);
  } else if (std::regex_match(s, m, stages)) {
    d.kind = DeadlineKind::two_stage;
    d.year = to_int(m[1]);
    d.month = to_int(m[2]);
    d.end_month = to_int(m[3]);
  } else {
    throw DeadlineError(Text(msg::deadline_unrecognised, raw,
                             "'YYYY年M月底前', 'YYYY年M月D日起', 'YYYY年M月起', 'YYYY年M-N月', 'YYYY年M月和N月底前'",
                             "长期坚持"));
  }
  check_year(d.year, raw);
  check_month(d.month, raw);
  if (d.kind == DeadlineKind::window || d.kind == DeadlineKind::two_stage) {
    check_month(d.end_month, raw);
    if (d.end_month <= d.month)
      throw DeadlineError(Text(msg::deadline_month_not_after, raw, d.end_month, d.month));
  }
  if (d.kind == DeadlineKind::from_date && (d.day < 1 || d.day > days_in_month(d.year, d.month)))
    throw DeadlineError(Text(msg::deadline_no_such_day, raw, fmt::format("{}-{:02}", d.year, d.month), d.day));
  return d;
}

std::string_view kind_name(DeadlineKind k) {
  switch (k) {
    case DeadlineKind::by_end_of: return "by_end_of";
    case DeadlineKind::from_date: return "from_date";
    case DeadlineKind::window: return "window";
    case DeadlineKind::two_stage: return "two_stage";
    case DeadlineKind::ongoing: return "ongoing";
  }
  return "?";
}

std::string describe(const Deadline& d) {
  switch (d.kind) {
    case DeadlineKind::by_end_of: return fmt::format("by end of {}-{:02}", d.year, d.month);
    case DeadlineKind::from_date: return fmt::format("from {}-{:02}-{:02}", d.year, d.month, d.day);
    case DeadlineKind::window: return fmt::format("{} months {}-{}", d.year, d.month, d.end_month);
    case DeadlineKind::two_stage:
      return fmt::format("by end of {}-{:02} and {}-{:02}", d.year, d.month, d.year, d.end_month);
    case DeadlineKind::ongoing: return "ongoing";
  }
  return "?";
}

Text describe_text(const Deadline& d) {
  const auto two = [](int v) { return fmt::format("{:02}", v); };
  switch (d.kind) {
    case DeadlineKind::by_end_of: return Text(msg::deadline_by_end_of, d.year, two(d.month));
    case DeadlineKind::from_date: return Text(msg::deadline_from_date, d.year, two(d.month), two(d.day));
    case DeadlineKind::window: return Text(msg::deadline_window, d.year, d.month, d.end_month);
    case DeadlineKind::two_stage: return Text(msg::deadline_two_stage, d.year, two(d.month), d.year, two(d.end_month));
    case DeadlineKind::ongoing: return Text(msg::deadline_ongoing);
  }
  return Text(msg::deadline_ongoing);
}

}  // namespace aqplan
