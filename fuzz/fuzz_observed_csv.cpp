// fuzz/fuzz_observed_csv.cpp — the observations file reader,
// aqplan::parse_observed_csv (data/observed_file.h), on arbitrary UTF-8 text.
// Expected: InputError. Findings: any other exception, a crash or a
// sanitizer report.
#include <cstddef>
#include <cstdint>

#include "aqplan/base/files.h"
#include "aqplan/data/observed_file.h"
#include "fuzz_common.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace aqplan_fuzz;
  return expect_input_errors([&] {
    const std::string text = aqplan::text_from_bytes(as_string(data, size), "observed.csv");
    (void)aqplan::parse_observed_csv(text, "observed.csv");
  });
}
