// fuzz/fuzz_markdown.cpp — the Markdown pipe-table reader of the importers,
// aqplan::md::extract_tables (src/import/markdown_table.h), on arbitrary
// UTF-8 text. Expected: InputError (invalid UTF-8; a row or cell over its
// limit). Findings: any other exception, a crash, a sanitizer report, a
// timeout (the reader is documented as linear in the text's length), and a
// table whose lines or columns point outside the text.
#include <cstddef>
#include <cstdint>

#include "aqplan/base/files.h"
#include "aqplan/base/text.h"
#include "fuzz_common.h"
#include "import/markdown_table.h"

namespace {

void check_row(const aqplan::md::Row& row, int lines) {
  using aqplan_fuzz::finding;
  if (row.line < 1 || row.line > lines) finding("a row on line " + std::to_string(row.line) + " of " + std::to_string(lines));
  for (const auto& c : row.cells)
    if (c.column < 1) finding("a cell at column " + std::to_string(c.column) + " on line " + std::to_string(row.line));
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace aqplan_fuzz;
  return expect_input_errors([&] {
    const std::string text = aqplan::text_from_bytes(as_string(data, size), "doc.md");
    const auto tables = aqplan::md::extract_tables(text, "doc.md");
    const int lines = static_cast<int>(aqplan::split_lines(text).size());
    for (const auto& t : tables) {
      check_row(t.header, lines);
      for (const auto& r : t.rows) check_row(r, lines);
    }
  });
}
