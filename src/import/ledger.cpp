#include "aqplan/import/ledger.h"

#include <algorithm>
#include <charconv>
#include <map>
#include <optional>

#include <fmt/format.h>
#include <toml++/toml.h>

#include "aqplan/base/text.h"
#include "import/markdown_table.h"
#include "data/toml_reader.h"

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
        if (static_cast<unsigned char>(c) < 0x20) out += fmt::format("\\u{:04X}", static_cast<int>(c));
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

LeadUnits read_lead_units(const std::string& path) {
  Diagnostics diags;
  detail::TomlReader r(path, diags);
  const std::optional<toml::table> parsed = r.parse_file();
  if (!parsed) throw InputError(diags);
  const toml::table& t = *parsed;
  LeadUnits out;
  static const std::vector<std::string> keys = {"units", "aliases"};
  r.check_keys(t, "lead units", keys);
  if (auto* arr = t["units"].as_array()) {
    for (auto&& n : *arr) {
      if (auto s = n.value<std::string>()) out.units.push_back(*s);
      else r.error(n, "units: expected a string");
    }
  } else {
    diags.error(path, 0, 0, "missing 'units' (an array of lead-unit names)");
  }
  if (auto* al = t["aliases"].as_table()) {
    for (auto&& [k, v] : *al) {
      auto s = v.value<std::string>();
      if (!s) {
        r.error(v, fmt::format("aliases.{}: expected a string", k.str()));
        continue;
      }
      if (std::find(out.units.begin(), out.units.end(), *s) == out.units.end())
        r.error(v, fmt::format("aliases.{}: '{}' is not one of the units{}", k.str(), *s, did_you_mean_suffix(*s, out.units)));
      out.aliases.emplace_back(std::string(k.str()), *s);
    }
  }
  diags.throw_if_errors();
  return out;
}

Ledger import_ledger_document(std::string_view text, const std::string& file, const LeadUnits& known) {
  Diagnostics diags;
  Ledger ledger;
  ledger.source = file;
  const auto tables = md::extract_tables(text);
  std::map<int, int> id_line;
  int current_category = -1;  // index into ledger.categories
  const std::vector<std::string>* previous_units = nullptr;
  std::vector<std::string> previous_units_store;
  bool found = false;

  for (const auto& table : tables) {
    const int c_id = find_column(table.header, "序号");
    if (c_id < 0) continue;
    if (!found) ledger.title = table.caption;
    found = true;
    const int c_cat = find_column(table.header, "任务类别");
    const int c_text = find_column(table.header, "具体措施");
    const int c_deadline = find_column(table.header, "完成时限");
    const int c_units = find_column(table.header, "牵头单位");
    const int c_remarks = find_column(table.header, "备注");
    bool header_ok = true;
    for (auto [col, label] : {std::pair{c_cat, "任务类别"}, {c_text, "具体措施"}, {c_deadline, "完成时限"}, {c_units, "牵头单位"}}) {
      if (col < 0) {
        diags.error(file, table.header.line, 0, fmt::format("measure table has no '{}' column", label));
        header_ok = false;
      }
    }
    if (!header_ok) continue;
    const std::size_t ncols = table.header.cells.size();
    for (const auto& row : table.rows) {
      if (row.cells.size() != ncols) {
        diags.error(file, row.line, 0, fmt::format("row has {} cells, expected {} as in the header on line {}", row.cells.size(),
                                                   ncols, table.header.line));
        continue;
      }
      auto cell = [&](int c) -> const md::Cell& { return row.cells[static_cast<std::size_t>(c)]; };
      Measure m;
      m.source_line = row.line;
      // Id.
      if (cell(c_id).text.empty()) {
        diags.error(file, row.line, cell(c_id).column, "measure id (序号) is missing");
        continue;
      }
      auto id = parse_int(cell(c_id).text);
      if (!id || *id <= 0) {
        diags.error(file, row.line, cell(c_id).column, fmt::format("measure id '{}' is not a positive integer", cell(c_id).text));
        continue;
      }
      m.id = *id;
      if (auto it = id_line.find(m.id); it != id_line.end()) {
        diags.error(file, row.line, cell(c_id).column, fmt::format("duplicate measure id {} (first on line {})", m.id, it->second));
        continue;
      }
      id_line[m.id] = row.line;
      // Category, carried forward from the row above when empty.
      if (!cell(c_cat).text.empty()) {
        auto [number, name] = split_category(cell(c_cat).text);
        auto it = std::find_if(ledger.categories.begin(), ledger.categories.end(), [&](const Category& c) {
          return number != 0 ? c.number == number : c.name == name;
        });
        if (it == ledger.categories.end()) {
          ledger.categories.push_back({number, name, {name}});
          current_category = static_cast<int>(ledger.categories.size()) - 1;
        } else {
          current_category = static_cast<int>(it - ledger.categories.begin());
          if (std::find(it->spellings.begin(), it->spellings.end(), name) == it->spellings.end()) {
            it->spellings.push_back(name);
            ledger.warnings.warning(file, row.line, cell(c_cat).column,
                                    fmt::format("category {} is spelled '{}' here and '{}' above; treated as one category",
                                                number, name, it->name));
          }
        }
      } else if (current_category < 0) {
        diags.error(file, row.line, cell(c_cat).column, fmt::format("measure {} has no category (任务类别) and none above it", m.id));
        continue;
      }
      m.category = ledger.categories[static_cast<std::size_t>(current_category)].number;
      // Text.
      m.text = cell(c_text).text;
      if (m.text.empty()) diags.error(file, row.line, cell(c_text).column, fmt::format("measure {} has no text (具体措施)", m.id));
      // Deadline.
      try {
        m.deadline = parse_deadline(cell(c_deadline).text);
      } catch (const DeadlineError& e) {
        diags.error(file, row.line, cell(c_deadline).column, fmt::format("measure {}: {}", m.id, e.what()));
      }
      // Lead units: an empty cell continues the merged cell above.
      std::vector<std::string> units = split_units(cell(c_units).text);
      if (units.empty()) {
        if (!previous_units) {
          diags.error(file, row.line, cell(c_units).column, fmt::format("measure {} has no lead unit (牵头单位) and none above it", m.id));
        } else {
          m.lead_units = *previous_units;
          m.lead_units_inherited = true;
        }
      } else {
        for (auto& u : units) {
          if (std::find(known.units.begin(), known.units.end(), u) != known.units.end()) {
            m.lead_units.push_back(u);
            continue;
          }
          auto alias = std::find_if(known.aliases.begin(), known.aliases.end(), [&](const auto& a) { return a.first == u; });
          if (alias != known.aliases.end()) {
            m.lead_units.push_back(alias->second);
            continue;
          }
          m.lead_units.push_back(u);
          if (auto s = did_you_mean(u, known.units)) {
            ledger.warnings.warning(file, row.line, cell(c_units).column,
                                    fmt::format("measure {}: lead unit '{}' is not a known name; did you mean '{}'? (kept as written)",
                                                m.id, u, *s));
          } else {
            ledger.warnings.warning(file, row.line, cell(c_units).column,
                                    fmt::format("measure {}: lead unit '{}' is not in the list of known lead units (kept as written)",
                                                m.id, u));
          }
        }
        previous_units_store = m.lead_units;
        previous_units = &previous_units_store;
      }
      if (c_remarks >= 0) m.remarks = cell(c_remarks).text;
      ledger.measures.push_back(std::move(m));
    }
  }
  if (!found) throw InputError(file, 0, 0, "no measure table found (a Markdown table with a '序号' column)");
  if (ledger.measures.empty() && !diags.has_errors()) diags.error(file, 0, 0, "the measure tables have no rows");
  diags.throw_if_errors();
  return ledger;
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


Ledger read_ledger(const std::string& path) {
  Diagnostics diags;
  detail::TomlReader r(path, diags);
  const std::optional<toml::table> parsed = r.parse_file();
  if (!parsed) throw InputError(diags);
  const toml::table& t = *parsed;
  static const std::vector<std::string> top = {"title", "source", "category", "measure"};
  r.check_keys(t, "ledger", top);
  Ledger l;
  l.title = t["title"].value_or(std::string());
  l.source = t["source"].value_or(std::string());
  if (auto* cats = t["category"].as_array()) {
    for (auto&& n : *cats) {
      auto* c = n.as_table();
      if (!c) {
        r.error(n, "category: expected a table");
        continue;
      }
      static const std::vector<std::string> keys = {"number", "name", "spellings"};
      r.check_keys(*c, "category", keys);
      Category cat;
      cat.number = (*c)["number"].value_or(0);
      cat.name = (*c)["name"].value_or(std::string());
      if (auto* sp = (*c)["spellings"].as_array())
        for (auto&& s : *sp) cat.spellings.push_back(s.value_or(std::string()));
      else cat.spellings.push_back(cat.name);
      l.categories.push_back(std::move(cat));
    }
  }
  std::map<int, int> seen;
  if (auto* ms = t["measure"].as_array()) {
    for (auto&& n : *ms) {
      auto* mt = n.as_table();
      if (!mt) {
        r.error(n, "measure: expected a table");
        continue;
      }
      static const std::vector<std::string> keys = {"id",         "category",   "text",
                                                    "deadline",   "parsed",     "lead_units",
                                                    "lead_units_inherited", "remarks", "source_line"};
      r.check_keys(*mt, "measure", keys);
      Measure m;
      auto id = (*mt)["id"].value<int64_t>();
      if (!id || *id <= 0) {
        r.error(n, "measure: 'id' must be a positive integer");
        continue;
      }
      m.id = static_cast<int>(*id);
      const std::string where = fmt::format("measure {}", m.id);
      if (auto it = seen.find(m.id); it != seen.end()) r.error(n, fmt::format("duplicate measure id {} (first on line {})", m.id, it->second));
      seen[m.id] = static_cast<int>(n.source().begin.line);
      m.category = static_cast<int>((*mt)["category"].value_or(int64_t{0}));
      if (!l.find_category(m.category)) r.error(n, fmt::format("{}: category {} is not defined", where, m.category));
      m.text = (*mt)["text"].value_or(std::string());
      m.remarks = (*mt)["remarks"].value_or(std::string());
      m.source_line = static_cast<int>((*mt)["source_line"].value_or(int64_t{0}));
      m.lead_units_inherited = (*mt)["lead_units_inherited"].value_or(false);
      if (auto* lu = (*mt)["lead_units"].as_array())
        for (auto&& s : *lu) m.lead_units.push_back(s.value_or(std::string()));
      auto raw = (*mt)["deadline"].value<std::string>();
      if (!raw) {
        r.error(n, fmt::format("{}: missing 'deadline'", where));
      } else {
        try {
          m.deadline = parse_deadline(*raw);
          // `parsed` is informative, but it must agree with the text.
          if (auto* p = (*mt)["parsed"].as_table()) {
            std::string kind = (*p)["kind"].value_or(std::string());
            if (kind != kind_name(m.deadline.kind) || (*p)["year"].value_or(0) != m.deadline.year ||
                (*p)["month"].value_or(0) != m.deadline.month || (*p)["day"].value_or(0) != m.deadline.day ||
                (*p)["end_month"].value_or(0) != m.deadline.end_month)
              r.error(*p, fmt::format("{}: 'parsed' does not match the deadline text '{}' ({})", where, *raw, describe(m.deadline)));
          }
        } catch (const DeadlineError& e) {
          r.error(*(*mt)["deadline"].node(), fmt::format("{}: {}", where, e.what()));
        }
      }
      l.measures.push_back(std::move(m));
    }
  }
  if (l.measures.empty()) diags.error(path, 0, 0, "the ledger has no [[measure]] entries");
  diags.throw_if_errors();
  return l;
}

}  // namespace aqplan
