// fuzz/fuzz_targets_csv.cpp — the targets CSV reader of a dataset,
// aqplan::parse_targets_csv (data/targets_file.h), on arbitrary UTF-8 text.
// Expected: InputError. Findings: any other exception, a crash or a
// sanitizer report.
#include <cstddef>
#include <cstdint>

#include "aqplan/base/files.h"
#include "aqplan/data/targets_file.h"
#include "fuzz_common.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace aqplan_fuzz;
  return expect_input_errors([&] {
    const std::string text = aqplan::text_from_bytes(as_string(data, size), "targets.csv");
    (void)aqplan::parse_targets_csv(text, "targets.csv");
  });
}
