// aqplan/import/deadline.h — the completion-time column (完成时限) of a measure
// ledger, parsed.
//
// Forms understood (spacing, full-width digits and the range dash vary freely):
//   2023年6月底前          by_end_of   done by the end of June 2023 (also 月末前)
//   2023年7月1日起          from_date   in effect from 1 July 2023
//   2023年10月起            from_date   in effect from 1 October 2023 (the month's first day)
//   2023年5-9月            window      in effect May–September, every year
//   2023年3月和7月底前      two_stage   half by end of March, the rest by end of July
//                                      (和, 及, 、 or a comma between the months)
//   长期坚持               ongoing     continuing; in force all year
// Years outside the target year are kept as written; the schedule decides
// what they mean (a deadline after the target year has no effect in it).
// Months are 1..12, days 1..31 and checked against the calendar.
#pragma once

#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>

#include "aqplan/base/message.h"

namespace aqplan {

enum class DeadlineKind { by_end_of, from_date, window, two_stage, ongoing };

struct Deadline {
  DeadlineKind kind = DeadlineKind::ongoing;
  int year = 0;       // calendar year written in the text; 0 for ongoing
  int month = 0;      // by_end_of: the month; from_date: its month; window: first month; two_stage: first stage
  int day = 0;        // from_date: day of the month; 0 otherwise
  int end_month = 0;  // window: last month (inclusive); two_stage: second stage; 0 otherwise
  std::string raw;    // the text as written (trimmed)

  bool operator==(const Deadline&) const = default;
};

// Thrown by parse_deadline; what() quotes the text and says what was
// expected, in English; text() the same in either language (base/message.h).
class DeadlineError : public std::invalid_argument {
 public:
  explicit DeadlineError(Text text) : std::invalid_argument(text.str()), text_(std::move(text)) {}
  const Text& text() const { return text_; }

 private:
  Text text_;
};

Deadline parse_deadline(std::string_view text);

// Stable machine names: "by_end_of", "from_date", "window", "two_stage", "ongoing".
std::string_view kind_name(DeadlineKind k);

// Short English rendering: "by end of 2023-06", "from 2023-07-01",
// "2023 months 5-9", "by end of 2023-03 and 2023-07", "ongoing".
std::string describe(const Deadline& d);
// The same in either language, for messages: "2023年06月底前" in Chinese.
Text describe_text(const Deadline& d);

}  // namespace aqplan
