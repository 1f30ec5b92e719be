// aqplan/views/view.h — what every view shares: the language of terminal
// tables, the output formats, and a rendered result as a command prints it
// (`text`, in the chosen format) and writes it (`files`, every format, for
// --out). One render function per report (run_view.h, compare_view.h,
// rank_view.h, gap_view.h, schedule_view.h) fills a Rendered; the CLI
// prints and writes it through one output helper.
//
// Formats: `table` a terminal table (UTF-8, widths counted in display
// columns: text.h display_width), `csv` RFC 4180 with the JSON's field
// names as header (a UTF-8 byte-order mark first when `excel`, so that Excel
// on Windows reads Chinese correctly), `json` (field names are a contract;
// nothing in it depends on timing or thread count, so identical runs give
// identical bytes).
//
// Thread safety: plain values and pure functions.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "aqplan/base/message.h"
#include "aqplan/base/metric.h"

namespace aqplan {

enum class Format { table, csv, json };

struct ViewOptions {
  Format format = Format::table;
  std::optional<Language> lang;  // of terminal tables; unset: the dataset's (table_language)
  bool excel = false;  // CSV (on stdout and in files) starts with a byte-order mark
};

struct OutputFile {
  std::string name;  // file name, no directory
  std::string content;
};

struct Rendered {
  std::string text;               // what the command prints on stdout
  std::vector<OutputFile> files;  // what --out DIR receives
};

// The language of a terminal table: the one asked for, else the dataset's
// `language` ("zh" or "en"), else English.
Language table_language(const ViewOptions& options, const std::string& dataset_language);

// "table"/"csv"/"json"; nullopt for anything else (languages: base/message.h).
std::optional<Format> parse_format(std::string_view name);

// The UTF-8 byte-order mark, or "" when !bom.
std::string_view byte_order_mark(bool bom);

// A CSV field, quoted when it needs to be (RFC 4180).
std::string csv_field(const std::string& s);

// The name of a metric in a terminal view: "PM₂.₅" or "细颗粒物 PM₂.₅".
std::string metric_label(Metric m, Language lang);

// `text` in the chosen format: the table, the CSV or the JSON.
std::string choose(const ViewOptions& options, std::string table, std::string csv, std::string json);

// A report of one result: text in the chosen format, and `stem`.json and
// `stem`.csv as its files.
Rendered render_report(const ViewOptions& options, std::string table, std::string csv, std::string json,
                       const std::string& stem);

}  // namespace aqplan
