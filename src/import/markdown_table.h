// Internal: pipe tables of a Markdown document, with the line and column of
// every cell, for the importers' error messages.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace aqplan::md {

struct Cell {
  std::string text;  // trimmed; "\|" unescaped
  int column = 0;    // 1-based code-point column of the cell's first character in its line
};

struct Row {
  int line = 0;  // 1-based
  std::vector<Cell> cells;
};

struct Table {
  Row header;
  std::vector<Row> rows;      // after the separator row; the separator itself is dropped
  std::string caption;        // the nearest non-empty, non-table line above the table (trimmed)
  int caption_line = 0;
};

// Every table in `text` (already normalised: LF line endings, no BOM). A table
// is a run of consecutive lines starting with '|'; its first line is the
// header, and a second line made of dashes and colons is the separator.
// Linear in the text's length. InputError (naming `file`) for a row or a
// cell beyond max_table_row_bytes / max_table_cell_bytes (base/limits.h).
std::vector<Table> extract_tables(std::string_view text, const std::string& file);

}  // namespace aqplan::md
