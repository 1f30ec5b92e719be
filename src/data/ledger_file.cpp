#include "aqplan/data/ledger_file.h"

#include <algorithm>
#include <map>
#include <optional>

#include <fmt/format.h>
#include <toml++/toml.h>

#include "aqplan/base/files.h"
#include "aqplan/base/text.h"
#include "base/messages.h"
#include "data/dataset_parts.h"
#include "data/toml_reader.h"

namespace aqplan {

namespace {

void read_categories(detail::TomlReader& r, const toml::table& t, Ledger& l) {
  const auto* cats = t["category"].as_array();
  if (!cats) return;
  for (auto&& n : *cats) {
    auto* c = n.as_table();
    if (!c) {
      r.error(n, Text(msg::data_expected_table, "category"));
      continue;
    }
    static const std::vector<std::string> keys = {"number", "name", "spellings"};
    r.check_keys(*c, "category", keys);
    Category cat;
    if (const toml::node* num = c->get("number"))
      cat.number = static_cast<int>(r.integer_in(*num, "category.number", 0, 1000, Text(msg::data_what_category_number)).value_or(0));
    cat.name = (*c)["name"].value_or(std::string());
    if (auto* sp = (*c)["spellings"].as_array())
      for (auto&& s : *sp) cat.spellings.push_back(s.value_or(std::string()));
    else cat.spellings.push_back(cat.name);
    l.categories.push_back(std::move(cat));
  }
}

// A deadline as read, in the words of describe() (import/deadline.h).
Text deadline_text(const Deadline& d) {
  const auto two = [](int x) { return fmt::format("{:02}", x); };
  switch (d.kind) {
    case DeadlineKind::by_end_of: return Text(msg::data_deadline_by_end_of, d.year, two(d.month));
    case DeadlineKind::from_date: return Text(msg::data_deadline_from, d.year, two(d.month), two(d.day));
    case DeadlineKind::window: return Text(msg::data_deadline_window, d.year, d.month, d.end_month);
    case DeadlineKind::two_stage:
      return Text(msg::data_deadline_two_stage, d.year, two(d.month), d.year, two(d.end_month));
    case DeadlineKind::ongoing: return Text(msg::data_deadline_ongoing);
  }
  return {};
}

// The deadline as written, and the `parsed` form that must agree with it.
void read_deadline(detail::TomlReader& r, const toml::table& mt, const toml::node& at, const Text& where,
                   Measure& m) {
  auto raw = mt["deadline"].value<std::string>();
  if (!raw) {
    r.error(at, Text(msg::data_missing_deadline, where));
    return;
  }
  try {
    m.deadline = parse_deadline(*raw);
  } catch (const DeadlineError& e) {
    r.error(*mt["deadline"].node(), Text(msg::data_at_path, where, detail::deadline_problem(e)));
    return;
  }
  const auto* p = mt["parsed"].as_table();
  if (!p) return;
  const std::string kind = (*p)["kind"].value_or(std::string());
  if (kind != kind_name(m.deadline.kind) || (*p)["year"].value_or(0) != m.deadline.year ||
      (*p)["month"].value_or(0) != m.deadline.month || (*p)["day"].value_or(0) != m.deadline.day ||
      (*p)["end_month"].value_or(0) != m.deadline.end_month)
    r.error(*p, Text(msg::data_parsed_mismatch, where, *raw, deadline_text(m.deadline)));
}

std::optional<Measure> read_measure(detail::TomlReader& r, const toml::node& n, const Ledger& l,
                                    std::map<int, int>& seen) {
  auto* mt = n.as_table();
  if (!mt) {
    r.error(n, Text(msg::data_expected_table, "measure"));
    return std::nullopt;
  }
  static const std::vector<std::string> keys = {"id",         "category",   "text",
                                                "deadline",   "parsed",     "lead_units",
                                                "lead_units_inherited", "remarks", "source_line"};
  r.check_keys(*mt, "measure", keys);
  Measure m;
  const toml::node* id_node_p = r.require(*mt, "measure", "id");
  const auto id = id_node_p ? r.measure_id(*id_node_p, "measure.id") : std::nullopt;
  if (!id) return std::nullopt;
  m.id = *id;
  const toml::node& id_node = *id_node_p;
  m.at = {r.file(), static_cast<int>(id_node.source().begin.line), static_cast<int>(id_node.source().begin.column)};
  // The measure in messages; the reader's paths name it in English.
  const Text where(msg::data_ledger_measure, m.id);
  const std::string where_path = where.str();
  if (auto it = seen.find(m.id); it != seen.end())
    r.error(n, Text(msg::data_duplicate_ledger_id, m.id, it->second));
  seen[m.id] = static_cast<int>(n.source().begin.line);
  if (const toml::node* c = mt->get("category"))
    m.category = static_cast<int>(r.integer_in(*c, fmt::format("{}.category", where_path), 0, 1000, Text(msg::data_what_category_number)).value_or(0));
  if (!l.find_category(m.category)) r.error(n, Text(msg::data_category_not_defined, where, m.category));
  m.text = (*mt)["text"].value_or(std::string());
  m.remarks = (*mt)["remarks"].value_or(std::string());
  if (const toml::node* l = mt->get("source_line"))
    m.source_line =
        static_cast<int>(r.integer_in(*l, fmt::format("{}.source_line", where_path), 0, 100'000'000, Text(msg::data_what_line_number)).value_or(0));
  m.lead_units_inherited = (*mt)["lead_units_inherited"].value_or(false);
  if (auto* lu = (*mt)["lead_units"].as_array())
    for (auto&& s : *lu) m.lead_units.push_back(s.value_or(std::string()));
  read_deadline(r, *mt, n, where, m);
  return m;
}

}  // namespace

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
  read_categories(r, t, l);
  std::map<int, int> seen;
  const toml::array* ms = t.get("measure") ? r.measure_array(*t.get("measure"), "measure") : nullptr;
  if (ms)
    for (auto&& n : *ms)
      if (auto m = read_measure(r, n, l, seen)) l.measures.push_back(std::move(*m));
  if (!t.get("measure") || (ms && ms->empty())) diags.error(path, 0, 0, Text(msg::data_ledger_no_measures));
  diags.throw_if_errors();
  return l;
}

LeadUnits read_lead_units(const std::string& path) {
  Diagnostics diags;
  detail::TomlReader r(path, diags);
  const std::optional<toml::table> parsed = r.parse_file();
  if (!parsed) throw InputError(diags);
  const toml::table& t = *parsed;
  LeadUnits out;
  static const std::vector<std::string> keys = {"units", "aliases"};
  r.check_keys(t, "", keys);
  if (auto* arr = t["units"].as_array()) {
    for (auto&& n : *arr) {
      if (auto s = n.value<std::string>()) out.units.push_back(*s);
      else r.error(n, Text(msg::data_expected_string, "units"));
    }
  } else {
    diags.error(path, 0, 0, Text(msg::data_missing_units));
  }
  if (auto* al = t["aliases"].as_table()) {
    for (auto&& [k, v] : *al) {
      auto s = v.value<std::string>();
      if (!s) {
        r.error(v, Text(msg::data_expected_string, fmt::format("aliases.{}", k.str())));
        continue;
      }
      if (std::find(out.units.begin(), out.units.end(), *s) == out.units.end())
        r.error(v, Text(msg::data_alias_not_a_unit, fmt::format("aliases.{}", k.str()), *s, did_you_mean_text(*s, out.units)));
      out.aliases.emplace_back(std::string(k.str()), *s);
    }
  }
  diags.throw_if_errors();
  return out;
}

Ledger import_ledger_file(const std::string& document, const std::string& lead_units_file) {
  const LeadUnits known = read_lead_units(lead_units_file);
  return import_ledger_document(read_text_file(document), document, known);
}

}  // namespace aqplan
