#include "import/markdown_table.h"

#include <fmt/format.h>

#include "aqplan/base/diagnostic.h"
#include "aqplan/base/limits.h"
#include "aqplan/base/text.h"
#include "base/messages.h"

namespace aqplan::md {

namespace {

// Does `s` start with a character trim() removes (ASCII whitespace, U+3000)?
bool is_space(std::string_view s) {
  const char c = s.front();
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f' || s.starts_with("\xE3\x80\x80");
}

// One row: its cells, trimmed, with the code-point column of each (counted
// as the line is walked once: linear in the line's length).
Row split_row(std::string_view line, int line_no, const std::string& file) {
  const Limits& lim = limits();
  if (line.size() > lim.max_table_row_bytes)
    throw InputError(file, line_no, 1,
                     Text(msg::import_row_over_limit, line.size(), lim.max_table_row_bytes, raise_hint("max_table_row_bytes")));
  Row row;
  row.line = line_no;
  std::size_t pos = line.find('|') + 1;
  int column = utf8_length(line.substr(0, pos)) + 1;  // of line[pos]
  std::string current;
  int text_column = 0;  // of the cell's first non-space character; 0 before it
  auto flush = [&]() {
    const std::string_view trimmed = trim(current);
    if (trimmed.size() > lim.max_table_cell_bytes)
      throw InputError(file, line_no, text_column,
                       Text(msg::import_cell_over_limit, trimmed.size(), lim.max_table_cell_bytes,
                            raise_hint("max_table_cell_bytes")));
    row.cells.push_back({std::string(trimmed), text_column != 0 ? text_column : column});
    current.clear();
    text_column = 0;
  };
  while (pos < line.size()) {
    const char ch = line[pos];
    const bool escaped_bar = ch == '\\' && pos + 1 < line.size() && line[pos + 1] == '|';
    if (ch == '|') {
      flush();
    } else {
      const bool starts_code_point = (static_cast<unsigned char>(ch) & 0xC0) != 0x80;
      if (text_column == 0 && starts_code_point && !is_space(line.substr(pos))) text_column = column;
      current += escaped_bar ? '|' : ch;
    }
    const std::size_t step = escaped_bar ? 2 : 1;
    for (std::size_t k = 0; k < step; ++k, ++pos)
      if ((static_cast<unsigned char>(line[pos]) & 0xC0) != 0x80) ++column;
  }
  // Text after the last '|' is a cell only when the row does not end in '|'.
  if (!trim(current).empty()) flush();
  return row;
}

bool is_separator(const Row& row) {
  if (row.cells.empty()) return false;
  for (const auto& c : row.cells) {
    if (c.text.empty()) return false;
    for (char ch : c.text)
      if (ch != '-' && ch != ':' && ch != ' ') return false;
  }
  return true;
}

}  // namespace

std::vector<Table> extract_tables(std::string_view text, const std::string& file) {
  std::vector<Table> tables;
  const auto lines = split_lines(text);
  std::string last_text;
  int last_text_line = 0;
  std::size_t i = 0;
  while (i < lines.size()) {
    std::string_view t = trim(lines[i]);
    if (!t.starts_with("|")) {
      if (!t.empty()) {
        last_text = std::string(t);
        last_text_line = static_cast<int>(i) + 1;
      }
      ++i;
      continue;
    }
    Table table;
    table.caption = last_text;
    table.caption_line = last_text_line;
    table.header = split_row(lines[i], static_cast<int>(i) + 1, file);
    ++i;
    bool first = true;
    while (i < lines.size() && trim(lines[i]).starts_with("|")) {
      Row r = split_row(lines[i], static_cast<int>(i) + 1, file);
      if (!(first && is_separator(r))) table.rows.push_back(std::move(r));
      first = false;
      ++i;
    }
    tables.push_back(std::move(table));
  }
  return tables;
}

}  // namespace aqplan::md
