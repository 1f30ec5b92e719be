#include "aqplan/import/ledger.h"

#include <algorithm>
#include <charconv>
#include <map>
#include <optional>
#include <set>

#include <fmt/format.h>

#include "aqplan/base/limits.h"
#include "aqplan/base/text.h"
#include "base/messages.h"
#include "import/markdown_table.h"

namespace aqplan {

const Measure* Ledger::find(int id) const {
  auto it = std::find_if(measures.begin(), measures.end(), [id](const Measure& m) { return m.id == id; });
  return it == measures.end() ? nullptr : &*it;
}

const Category* Ledger::find_category(int number) const {
  auto it = std::find_if(categories.begin(), categories.end(), [number](const Category& c) { return c.number == number; });
  return it == categories.end() ? nullptr : &*it;
}

namespace {

constexpr std::string_view kNumerals[] = {"一", "二", "三", "四", "五", "六", "七", "八", "九", "十"};

// "一、深入推进…" → {1, "深入推进…"}; a label without a numeral gets number 0.
std::pair<int, std::string> split_category(std::string_view label) {
  std::string s = remove_spaces(label);
  for (std::size_t i = 0; i < std::size(kNumerals); ++i) {
    const std::string prefix = std::string(kNumerals[i]);
    for (std::string_view sep : {"、", ".", "．", "，"}) {
      if (s.starts_with(prefix + std::string(sep))) return {static_cast<int>(i) + 1, s.substr(prefix.size() + sep.size())};
    }
  }
  return {0, s};
}

std::vector<std::string> split_units(std::string_view cell) {
  std::vector<std::string> out;
  std::string current;
  auto flush = [&] {
    std::string t(trim(current));
    if (!t.empty()) out.push_back(t);
    current.clear();
  };
  std::u32string u = to_u32(cell);
  for (char32_t c : u) {
    if (c == U'、' || c == U'，' || c == U',' || c == U'；' || c == U';') flush();
    else current += to_utf8(std::u32string(1, c));
  }
  flush();
  return out;
}

std::optional<int> parse_int(std::string_view s) {
  s = trim(s);
  int v = 0;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (s.empty() || ec != std::errc() || p != s.data() + s.size()) return std::nullopt;
  return v;
}

int find_column(const md::Row& header, std::string_view name) {
  for (std::size_t i = 0; i < header.cells.size(); ++i)
    if (remove_spaces(header.cells[i].text) == name) return static_cast<int>(i);
  return -1;
}

std::string toml_string(std::string_view s) {
  std::string out = "\"";
  for (char c : s) {
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\t': out += "\\t"; break;
      default:
        // TOML's basic strings must escape U+0000–U+001F and U+007F (DEL).
        if (static_cast<unsigned char>(c) < 0x20 || c == 0x7F) out += fmt::format("\\u{:04X}", static_cast<int>(c));
        else out += c;
    }
  }
  return out + "\"";
}

std::string toml_string_array(const std::vector<std::string>& v) {
  std::string out = "[";
  for (std::size_t i = 0; i < v.size(); ++i) out += (i ? ", " : "") + toml_string(v[i]);
  return out + "]";
}

}  // namespace

namespace {

// The columns of one measure table (−1 when absent).
struct LedgerColumns {
  int id = -1, category = -1, text = -1, deadline = -1, units = -1, remarks = -1;
};

// Reads the measure tables of one document into a Ledger, row by row: the
// category and the lead units carry down from the row above when empty.
class DocumentReader {
 public:
  DocumentReader(const std::string& file, const LeadUnits& known) : file_(file), known_(known) { ledger_.source = file; }

  // False when the table is not a measure table (no 序号 column).
  bool table(const md::Table& table) {
    LedgerColumns c;
    c.id = find_column(table.header, "序号");
    if (c.id < 0) return false;
    if (!found_) ledger_.title = table.caption;
    found_ = true;
    c.category = find_column(table.header, "任务类别");
    c.text = find_column(table.header, "具体措施");
    c.deadline = find_column(table.header, "完成时限");
    c.units = find_column(table.header, "牵头单位");
    c.remarks = find_column(table.header, "备注");
    bool ok = true;
    for (auto [col, label] : {std::pair{c.category, "任务类别"}, {c.text, "具体措施"}, {c.deadline, "完成时限"}, {c.units, "牵头单位"}}) {
      if (col >= 0) continue;
      diags_.error(file_, table.header.line, 0, Text(msg::ledger_no_column, label));
      ok = false;
    }
    if (!ok) return true;
    for (const auto& row : table.rows) {
      if (row.cells.size() == table.header.cells.size()) this->row(row, c);
      else
        diags_.error(file_, row.line, 0,
                     Text(msg::ledger_row_cells, row.cells.size(), table.header.cells.size(), table.header.line));
    }
    return true;
  }

  Ledger finish() {
    if (!found_) throw InputError(file_, 0, 0, Text(msg::ledger_no_measure_table, "序号"));
    if (ledger_.measures.empty() && !diags_.has_errors()) diags_.error(file_, 0, 0, Text(msg::ledger_no_rows));
    diags_.throw_if_errors();
    return std::move(ledger_);
  }

 private:
  void row(const md::Row& row, const LedgerColumns& c) {
    auto cell = [&](int i) -> const md::Cell& { return row.cells[static_cast<std::size_t>(i)]; };
    Measure m;
    m.source_line = row.line;
    m.at = {file_, row.line, cell(c.id).column};
    if (!id(cell(c.id), row.line, m) || !category(cell(c.category), row.line, m)) return;
    m.text = cell(c.text).text;
    if (m.text.empty()) diags_.error(file_, row.line, cell(c.text).column, Text(msg::ledger_measure_no_text, m.id, "具体措施"));
    try {
      m.deadline = parse_deadline(cell(c.deadline).text);
    } catch (const DeadlineError& e) {
      diags_.error(file_, row.line, cell(c.deadline).column, Text(msg::ledger_measure_deadline, m.id, e.text()));
    }
    lead_units(cell(c.units), row.line, m);
    if (c.remarks >= 0) m.remarks = cell(c.remarks).text;
    ledger_.measures.push_back(std::move(m));
  }

  bool id(const md::Cell& cell, int line, Measure& m) {
    if (cell.text.empty()) {
      diags_.error(file_, line, cell.column, Text(msg::ledger_id_missing, "序号"));
      return false;
    }
    const auto id = parse_int(cell.text);
    if (!id || *id <= 0 || *id > kMaxMeasureId) {
      diags_.error(file_, line, cell.column, Text(msg::ledger_id_not_integer, cell.text, kMaxMeasureId));
      return false;
    }
    m.id = *id;
    if (id_line_.size() >= limits().max_measures) {
      if (!too_many_)
        diags_.error(file_, line, cell.column,
                     Text(msg::ledger_too_many_measures, limits().max_measures, raise_hint("max_measures")));
      too_many_ = true;
      return false;
    }
    if (auto it = id_line_.find(m.id); it != id_line_.end()) {
      diags_.error(file_, line, cell.column, Text(msg::ledger_duplicate_id, m.id, it->second));
      return false;
    }
    id_line_[m.id] = line;
    return true;
  }

  // The category, carried forward from the row above when the cell is empty.
  bool category(const md::Cell& cell, int line, Measure& m) {
    if (cell.text.empty()) {
      if (current_category_ < 0) {
        diags_.error(file_, line, cell.column, Text(msg::ledger_no_category, m.id, "任务类别"));
        return false;
      }
    } else {
      const auto split = split_category(cell.text);
      const int number = split.first;
      const std::string& name = split.second;
      auto& cats = ledger_.categories;
      // Indexed by number (or by name when unnumbered) and by spelling, so
      // that a document of many rows is read in linear time.
      const std::string key = number != 0 ? std::to_string(number) : "name:" + name;
      auto [at, fresh] = category_index_.try_emplace(key, cats.size());
      if (fresh) {
        cats.push_back({number, name, {name}});
        spellings_.insert({at->second, name});
      } else if (spellings_.insert({at->second, name}).second) {
        Category& c = cats[at->second];
        c.spellings.push_back(name);
        ledger_.warnings.warning(file_, line, cell.column, Text(msg::ledger_category_spelling, number, name, c.name));
      }
      current_category_ = static_cast<int>(at->second);
    }
    m.category = ledger_.categories[static_cast<std::size_t>(current_category_)].number;
    return true;
  }

  // Lead units, normalised against the known ones; an empty cell continues
  // the merged cell above.
  void lead_units(const md::Cell& cell, int line, Measure& m) {
    const std::vector<std::string> units = split_units(cell.text);
    if (units.empty()) {
      if (!previous_units_)
        diags_.error(file_, line, cell.column, Text(msg::ledger_no_lead_unit, m.id, "牵头单位"));
      else {
        m.lead_units = *previous_units_;
        m.lead_units_inherited = true;
      }
      return;
    }
    for (const auto& u : units) m.lead_units.push_back(known_unit(u, cell.column, line, m.id));
    previous_units_ = m.lead_units;
  }

  std::string known_unit(const std::string& u, int column, int line, int id) {
    if (std::find(known_.units.begin(), known_.units.end(), u) != known_.units.end()) return u;
    auto alias = std::find_if(known_.aliases.begin(), known_.aliases.end(), [&](const auto& a) { return a.first == u; });
    if (alias != known_.aliases.end()) return alias->second;
    if (auto s = did_you_mean(u, known_.units))
      ledger_.warnings.warning(file_, line, column, Text(msg::ledger_lead_unit_near_miss, id, u, *s));
    else
      ledger_.warnings.warning(file_, line, column, Text(msg::ledger_lead_unit_unknown, id, u));
    return u;
  }

  const std::string& file_;
  const LeadUnits& known_;
  Ledger ledger_;
  Diagnostics diags_;
  std::map<int, int> id_line_;
  bool too_many_ = false;  // beyond max_measures (reported once)
  std::map<std::string, std::size_t> category_index_;        // number (or "name:…") → index in categories
  std::set<std::pair<std::size_t, std::string>> spellings_;  // (category index, spelling) seen
  int current_category_ = -1;  // index into ledger_.categories
  std::optional<std::vector<std::string>> previous_units_;
  bool found_ = false;
};

}  // namespace

Ledger import_ledger_document(std::string_view text, const std::string& file, const LeadUnits& known) {
  DocumentReader reader(file, known);
  for (const auto& table : md::extract_tables(text, file)) reader.table(table);
  return reader.finish();
}

std::string ledger_to_toml(const Ledger& l) {
  std::string out;
  out += "# Measure ledger imported by `aqplan import-ledger`; regenerate with scripts/import-seed.sh, do not edit by hand.\n";
  out += "# Each measure's deadline is kept as written; `parsed` is what aqplan understood of it.\n";
  out += fmt::format("title = {}\nsource = {}\n", toml_string(l.title), toml_string(l.source));
  for (const auto& c : l.categories) {
    out += fmt::format("\n[[category]]\nnumber = {}\nname = {}\n", c.number, toml_string(c.name));
    if (c.spellings.size() > 1) out += fmt::format("spellings = {}\n", toml_string_array(c.spellings));
  }
  for (const auto& m : l.measures) {
    out += fmt::format("\n[[measure]]\nid = {}\ncategory = {}\ntext = {}\ndeadline = {}\n", m.id, m.category, toml_string(m.text),
                       toml_string(m.deadline.raw));
    const Deadline& d = m.deadline;
    std::string parsed = fmt::format("{{ kind = \"{}\"", kind_name(d.kind));
    if (d.kind != DeadlineKind::ongoing) parsed += fmt::format(", year = {}, month = {}", d.year, d.month);
    if (d.kind == DeadlineKind::from_date) parsed += fmt::format(", day = {}", d.day);
    if (d.kind == DeadlineKind::window || d.kind == DeadlineKind::two_stage) parsed += fmt::format(", end_month = {}", d.end_month);
    out += "parsed = " + parsed + " }\n";
    out += fmt::format("lead_units = {}\n", toml_string_array(m.lead_units));
    if (m.lead_units_inherited) out += "lead_units_inherited = true  # empty cell under a merged cell: same units as the row above\n";
    if (!m.remarks.empty()) out += fmt::format("remarks = {}\n", toml_string(m.remarks));
    if (m.source_line > 0) out += fmt::format("source_line = {}\n", m.source_line);
  }
  return out;
}

}  // namespace aqplan
