// csv_fields.h (internal) — one line of the simple CSV files aqplan reads
// (targets.csv, observations files): cells split at every comma (no quoting:
// no cell holds a comma), each with the column it starts at, so that a
// problem is reported at its cell.
#pragma once

#include <string_view>
#include <vector>

#include "aqplan/base/text.h"

namespace aqplan::detail {

struct CsvField {
  std::string_view text;  // as written (not trimmed)
  int column;             // 1-based, in code points
};

inline std::vector<CsvField> split_csv_fields(std::string_view line) {
  std::vector<CsvField> f;
  std::size_t start = 0;
  for (;;) {
    const std::size_t comma = line.find(',', start);
    f.push_back({line.substr(start, comma == std::string_view::npos ? std::string_view::npos : comma - start),
                 utf8_length(line.substr(0, start)) + 1});
    if (comma == std::string_view::npos) break;
    start = comma + 1;
  }
  return f;
}

}  // namespace aqplan::detail
