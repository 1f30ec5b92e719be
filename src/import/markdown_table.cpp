#include "import/markdown_table.h"

#include "aqplan/base/text.h"

namespace aqplan::md {

namespace {

Row split_row(std::string_view line, int line_no) {
  Row row;
  row.line = line_no;
  // Walk the line in bytes, keeping the code-point column of each cell start.
  std::string_view body = line;
  std::size_t lead = line.find('|');
  std::size_t pos = lead + 1;
  std::string current;
  std::size_t cell_start = pos;
  auto flush = [&](std::size_t start) {
    std::string_view raw(current);
    std::string_view trimmed = trim(raw);
    std::size_t skipped = static_cast<std::size_t>(trimmed.data() - raw.data());
    Cell c;
    c.text = std::string(trimmed);
    c.column = utf8_length(body.substr(0, start)) + utf8_length(raw.substr(0, skipped)) + 1;
    row.cells.push_back(std::move(c));
    current.clear();
  };
  while (pos < body.size()) {
    char ch = body[pos];
    if (ch == '\\' && pos + 1 < body.size() && body[pos + 1] == '|') {
      current += '|';
      pos += 2;
      continue;
    }
    if (ch == '|') {
      flush(cell_start);
      ++pos;
      cell_start = pos;
      continue;
    }
    current += ch;
    ++pos;
  }
  // Text after the last '|' is a cell only when the row does not end in '|'.
  if (!trim(current).empty()) flush(cell_start);
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

std::vector<Table> extract_tables(std::string_view text) {
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
    table.header = split_row(lines[i], static_cast<int>(i) + 1);
    ++i;
    bool first = true;
    while (i < lines.size() && trim(lines[i]).starts_with("|")) {
      Row r = split_row(lines[i], static_cast<int>(i) + 1);
      if (!(first && is_separator(r))) table.rows.push_back(std::move(r));
      first = false;
      ++i;
    }
    tables.push_back(std::move(table));
  }
  return tables;
}

}  // namespace aqplan::md
