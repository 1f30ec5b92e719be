// fuzz/fuzz_deadline.cpp — aqplan::parse_deadline (import/deadline.h), the
// completion-time column of a ledger, on arbitrary UTF-8 text; then describe()
// of what it parsed. Expected: InputError (invalid UTF-8, from
// text_from_bytes) and DeadlineError (a std::invalid_argument, documented).
// Findings: any other exception, a crash or sanitizer report, and a parse
// that is not stable (parsing the deadline's own `raw` text must give the
// same deadline, as reading a saved ledger back does).
#include <cstddef>
#include <cstdint>

#include "aqplan/base/files.h"
#include "aqplan/import/deadline.h"
#include "fuzz_common.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace aqplan_fuzz;
  return expect_input_errors(
      [&] {
        const std::string text = aqplan::text_from_bytes(as_string(data, size), "deadline");
        const aqplan::Deadline d = aqplan::parse_deadline(text);
        const std::string described = aqplan::describe(d);
        if (described.empty() || aqplan::kind_name(d.kind) == "?") finding("describe/kind_name of a parsed deadline is empty");
        aqplan::Deadline again;
        try {
          again = aqplan::parse_deadline(d.raw);
        } catch (const std::exception& e) {
          finding("the deadline's raw text '" + d.raw + "' does not parse again: " + e.what());
        }
        if (!(again == d)) finding("the deadline's raw text '" + d.raw + "' parses to " + aqplan::describe(again) + ", not " + described);
      },
      Allow::invalid_argument_too);
}
