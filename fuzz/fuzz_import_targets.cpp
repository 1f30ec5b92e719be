// fuzz/fuzz_import_targets.cpp — the targets importer of a planning document,
// aqplan::import_targets_document (import/targets.h), on arbitrary UTF-8
// Markdown; on success the targets are written as CSV (targets_to_csv) and
// read back with parse_targets_csv (data/targets_file.h), as
// `aqplan import-targets` (which first applies check_targets_domain) and the
// dataset loader do. Expected: InputError
// from the import. Findings: any other exception, a crash, a sanitizer
// report, and any read-back failure or difference (years, every value and
// its NaN-ness, each metric's decimals): what the importer accepted must
// load as the same targets.
#include <cmath>
#include <cstddef>
#include <cstdint>

#include <fmt/format.h>

#include "aqplan/base/files.h"
#include "aqplan/data/targets_file.h"
#include "aqplan/import/targets.h"
#include "fuzz_common.h"

namespace {

using aqplan::Targets;
using aqplan_fuzz::finding;

bool same_value(double a, double b) { return std::isnan(a) ? std::isnan(b) : a == b; }

void compare(const Targets& t, const Targets& back, const std::string& csv) {
  auto fail = [&](const std::string& what) { finding("targets read back differ: " + what + "\n--- CSV ---\n" + csv); };
  if (back.base_year != t.base_year || back.target_year != t.target_year)
    fail(fmt::format("years {}/{} read back as {}/{}", t.base_year, t.target_year, back.base_year, back.target_year));
  for (aqplan::Metric m : aqplan::kMetrics) {
    const auto mi = static_cast<std::size_t>(m);
    if (back.decimals[mi] != t.decimals[mi])
      fail(fmt::format("{}: {} decimals read back as {}", aqplan::name(m), t.decimals[mi], back.decimals[mi]));
    for (int p = 0; p < aqplan::kPeriods; ++p) {
      const double b0 = t.base_value(m, p), b1 = back.base_value(m, p);
      const double t0 = t.target_value(m, p), t1 = back.target_value(m, p);
      if (!same_value(b0, b1) || !same_value(t0, t1))
        fail(fmt::format("{} period {}: base {:.17g} target {:.17g} read back as base {:.17g} target {:.17g}",
                         aqplan::name(m), p + 1, b0, t0, b1, t1));
    }
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace aqplan_fuzz;
  return expect_input_errors([&] {
    const std::string text = aqplan::text_from_bytes(as_string(data, size), "doc.md");
    const Targets t = aqplan::import_targets_document(text, "doc.md");
    // What `aqplan import-targets` refuses before writing (import_targets_checked).
    aqplan::check_targets_domain(t).throw_if_errors();
    const std::string csv = aqplan::targets_to_csv(t);
    Targets back;
    try {
      back = aqplan::parse_targets_csv(csv, "targets.csv");
    } catch (const std::exception& e) {
      finding(std::string("the imported targets' CSV does not read back: ") + e.what() + "\n--- CSV ---\n" + csv);
    }
    compare(t, back, csv);
  });
}
