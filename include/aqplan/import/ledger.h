// aqplan/import/ledger.h — the ledger of control measures (重点工作任务台账) of a plan.
//
// One Measure per ledger row: its id (序号), category (任务类别, numbered
// 一、二、…), text (具体措施), deadline (完成时限, raw and parsed), lead units
// (牵头单位) and remarks (备注). The ledger is the source of a measure's texts,
// deadline and lead units; its emission effects live in the dataset
// (measure_data.h), keyed by the same id.
//
// Sources: a planning document (import_ledger_document, here) or the TOML it
// is saved as (ledger_to_toml, here; read back by aqplan/data/ledger_file.h).
// Both readers validate and throw InputError with every problem found;
// warnings (near-miss lead-unit names, a category spelled two ways) are
// returned in Ledger::warnings.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "aqplan/import/deadline.h"
#include "aqplan/base/diagnostic.h"

namespace aqplan {

// Measure ids run from 1 to 2^24 − 1: the random streams index a measure's
// effects by (id << 8 | ordinal) in 32 bits (engine/random.h).
inline constexpr int kMaxMeasureId = 16'777'215;

struct Category {
  int number = 0;                      // 1 for 一、, 2 for 二、 ...; 0 when the label has no numeral
  std::string name;                    // first spelling, spaces removed, numeral prefix dropped
  std::vector<std::string> spellings;  // every distinct spelling met, first first
};

struct Measure {
  int id = 0;
  int category = 0;  // Category::number
  std::string text;
  Deadline deadline;
  std::vector<std::string> lead_units;  // normalised names (aliases resolved), or as written
  bool lead_units_inherited = false;    // the cell was empty; taken from the row above (a merged cell)
  std::string remarks;
  int source_line = 0;  // line in the document it came from (0 when unknown)
  SourceRef at;         // where its id was read (the document, or the ledger file)
};

struct Ledger {
  std::string title;
  std::string source;  // the document it was imported from
  std::vector<Category> categories;
  std::vector<Measure> measures;  // in document order
  Diagnostics warnings;

  const Measure* find(int id) const;
  const Category* find_category(int number) const;
};

// Known lead units and confirmed aliases (variant → canonical), as
// data/lead-units.toml lists them (read by aqplan/data/ledger_file.h).
struct LeadUnits {
  std::vector<std::string> units;
  std::vector<std::pair<std::string, std::string>> aliases;
};

// Reads the measure tables of a planning document (Markdown pipe tables whose
// header has a 序号 column; repeated headers on each page are fine). Lead
// units are normalised against `known`: aliases are resolved; a name that is
// close to a known one but not equal is kept as written with a warning that
// suggests the known name; an unknown name is kept with a warning.
Ledger import_ledger_document(std::string_view text, const std::string& display_name, const LeadUnits& known);

// The ledger as TOML: every measure with its deadline as written and as
// parsed, its lead units and where it came from.
std::string ledger_to_toml(const Ledger& ledger);

}  // namespace aqplan
