// fuzz/fuzz_import_ledger.cpp — the ledger importer of a planning document,
// aqplan::import_ledger_document (import/ledger.h), on arbitrary UTF-8
// Markdown, with the bundled list of known lead units
// (data/lead-units.toml); on success the ledger is written as TOML
// (ledger_to_toml), saved to a file and read back with read_ledger
// (data/ledger_file.h), as `aqplan import-ledger` and the dataset loader do.
// Expected: InputError from the import. Findings: any other exception, a
// crash, a sanitizer report, and any read-back failure or difference (title,
// source, categories, and per measure its id, category, text, deadline,
// lead units, remarks and source line): what the importer accepted must load
// as the same ledger.
#include <cstddef>
#include <cstdint>

#include <fmt/format.h>

#include "aqplan/base/files.h"
#include "aqplan/data/ledger_file.h"
#include "aqplan/import/ledger.h"
#include "fuzz_common.h"

namespace {

using aqplan::Ledger;
using aqplan_fuzz::finding;

aqplan::LeadUnits known_units;

aqplan_fuzz::FileMap& files() {
  static aqplan_fuzz::FileMap f;
  return f;
}

void compare(const Ledger& l, const Ledger& back, const std::string& toml) {
  auto fail = [&](const std::string& what) { finding("ledger read back differs: " + what + "\n--- TOML ---\n" + toml); };
  if (back.title != l.title) fail(fmt::format("title '{}' read back as '{}'", l.title, back.title));
  if (back.source != l.source) fail(fmt::format("source '{}' read back as '{}'", l.source, back.source));
  if (back.categories.size() != l.categories.size())
    fail(fmt::format("{} categories read back as {}", l.categories.size(), back.categories.size()));
  for (std::size_t i = 0; i < l.categories.size(); ++i) {
    const auto &a = l.categories[i], &b = back.categories[i];
    if (a.number != b.number || a.name != b.name || a.spellings != b.spellings)
      fail(fmt::format("category {} '{}' read back as {} '{}'", a.number, a.name, b.number, b.name));
  }
  if (back.measures.size() != l.measures.size())
    fail(fmt::format("{} measures read back as {}", l.measures.size(), back.measures.size()));
  for (std::size_t i = 0; i < l.measures.size(); ++i) {
    const auto &a = l.measures[i], &b = back.measures[i];
    const std::string who = fmt::format("measure #{} (id {})", i + 1, a.id);
    if (b.id != a.id) fail(fmt::format("{}: id read back as {}", who, b.id));
    if (b.category != a.category) fail(fmt::format("{}: category {} read back as {}", who, a.category, b.category));
    if (b.text != a.text) fail(fmt::format("{}: text '{}' read back as '{}'", who, a.text, b.text));
    if (!(b.deadline == a.deadline))
      fail(fmt::format("{}: deadline '{}' ({}) read back as '{}' ({})", who, a.deadline.raw, aqplan::describe(a.deadline),
                       b.deadline.raw, aqplan::describe(b.deadline)));
    if (b.lead_units != a.lead_units || b.lead_units_inherited != a.lead_units_inherited)
      fail(fmt::format("{}: lead units differ", who));
    if (b.remarks != a.remarks) fail(fmt::format("{}: remarks '{}' read back as '{}'", who, a.remarks, b.remarks));
    if (b.source_line != a.source_line) fail(fmt::format("{}: source line {} read back as {}", who, a.source_line, b.source_line));
  }
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  try {
    known_units = aqplan::read_lead_units(aqplan_fuzz::data_dir() + "/lead-units.toml");
  } catch (const std::exception& e) {
    aqplan_fuzz::harness_error(std::string("the bundled lead units do not load: ") + e.what());
  }
  (void)files();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace aqplan_fuzz;
  return expect_input_errors([&] {
    const std::string text = aqplan::text_from_bytes(as_string(data, size), "doc.md");
    const Ledger l = aqplan::import_ledger_document(text, "doc.md", known_units);
    const std::string toml = aqplan::ledger_to_toml(l);
    files().write("ledger.toml", toml);
    Ledger back;
    try {
      back = aqplan::read_ledger(files().path("ledger.toml"));
    } catch (const std::exception& e) {
      finding(std::string("the imported ledger's TOML does not read back: ") + e.what() + "\n--- TOML ---\n" + toml);
    }
    compare(l, back, toml);
  });
}
