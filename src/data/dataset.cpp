#include "aqplan/data/dataset.h"

#include <filesystem>

#include "base/messages.h"
#include "data/dataset_parts.h"
#include "data/day_targets_read.h"
#include "data/toml_reader.h"

namespace aqplan {

namespace {

std::string join(const std::string& dir, const std::string& name) {
  return (std::filesystem::path(dir) / std::filesystem::path(name)).lexically_normal().string();
}

// [targets.days] and [base.days] (data/day_targets.h): the only tables
// [targets] and [base] hold.
void read_days(detail::TomlReader& top, const toml::table& doc, Dataset& ds) {
  static const std::vector<std::string> days{"days"};
  if (const toml::node* n = doc.get("targets"))
    if (const toml::table* t = top.table(*n, "targets")) {
      top.check_keys(*t, "targets", days);
      if (const toml::node* d = t->get("days"))
        if (const toml::table* dt = top.table(*d, "targets.days"))
          detail::read_day_targets(top, *dt, "targets.days", ds.target_year > 0 ? ds.target_year : detail::kAnyYear, ds.day_targets);
    }
  if (const toml::node* n = doc.get("base"))
    if (const toml::table* t = top.table(*n, "base")) {
      top.check_keys(*t, "base", days);
      if (const toml::node* d = t->get("days"))
        if (const toml::table* dt = top.table(*d, "base.days")) detail::read_base_days(top, *dt, "base.days", ds.base_days);
    }
}

// The top-level keys of dataset.toml but [files]: names, language, years, standard.
void read_header(detail::TomlReader& top, const toml::table& doc, Dataset& ds) {
  static const std::vector<std::string> allowed{"name",        "name_zh",  "language", "region", "description",
                                                "base_year",   "target_year", "standard", "source", "files",
                                                "targets",     "base"};
  top.check_keys(doc, "", allowed);
  auto get_string = [&](const char* key) -> std::string {
    const toml::node* n = top.require(doc, "", key);
    return n ? top.string(*n, key).value_or("") : "";
  };
  ds.name = get_string("name");
  if (const toml::node* n = doc.get("name_zh")) ds.name_zh = top.string(*n, "name_zh").value_or("");
  ds.language = "en";
  if (const toml::node* n = doc.get("language"))
    if (auto lang = top.string(*n, "language")) {
      if (*lang == "en" || *lang == "zh") {
        ds.language = *lang;
        ds.language_given = true;
        top.diagnostics().language = parse_language(*lang);  // the language of what follows, for the CLI
      } else top.error(*n, Text(msg::data_language_not_en_zh, "language", *lang));
    }
  ds.region = get_string("region");
  ds.standard = get_string("standard");
  if (const toml::node* n = doc.get("standard"))
    ds.standard_at = detail::ref(top, *n);
  if (const toml::node* n = top.require(doc, "", "base_year")) {
    auto y = top.integer(*n, "base_year");
    if (y && !plausible_year(*y)) top.error(*n, Text(msg::data_year_implausible, "base_year", *y));
    ds.base_year = static_cast<int>(y.value_or(0));
  }
  if (const toml::node* n = top.require(doc, "", "target_year")) {
    auto y = top.integer(*n, "target_year");
    ds.target_year = static_cast<int>(y.value_or(0));
    if (y && ds.base_year && *y != ds.base_year + 1)
      top.error(*n, Text(msg::data_target_year_not_next, "target_year", *y, ds.base_year));
  }
  read_days(top, doc, ds);
}

}  // namespace

Dataset load_dataset(const std::string& dir) {
  Dataset ds;
  ds.dir = dir;
  ds.files.dataset = join(dir, "dataset.toml");
  Diagnostics diags;

  detail::TomlReader top(ds.files.dataset, diags);
  auto doc = top.parse_file();
  if (!doc) throw InputError(diags);

  read_header(top, *doc, ds);

  std::string* slots[] = {&ds.files.inventory, &ds.files.measures, &ds.files.response, &ds.files.meteorology,
                          &ds.files.targets,   &ds.files.ledger,   &ds.files.standards};
  static const std::vector<std::string> file_keys{"inventory", "measures", "response", "meteorology",
                                                  "targets",   "ledger",   "standards"};
  bool files_ok = true;
  if (const toml::node* n = top.require(*doc, "", "files")) {
    if (const toml::table* t = top.table(*n, "files")) {
      std::vector<std::string> keys = file_keys;
      keys.emplace_back("source");
      top.check_keys(*t, "files", keys);
      for (std::size_t i = 0; i < file_keys.size(); ++i) {
        const toml::node* v = top.require(*t, "files", file_keys[i]);
        auto s = v ? top.string(*v, detail::key_path("files", file_keys[i])) : std::nullopt;
        if (s && s->empty()) top.error(*v, Text(msg::data_empty_file_name, detail::key_path("files", file_keys[i])));
        if (s && !s->empty())
          *slots[i] = join(dir, *s);
        else if (i < 4)
          files_ok = false;
      }
    } else {
      files_ok = false;
    }
  } else {
    files_ok = false;
  }
  if (!files_ok) throw InputError(diags);

  // Each part is read even when another has errors, so every problem is reported.
  detail::TomlReader inv_reader(ds.files.inventory, diags);
  detail::TomlReader mea_reader(ds.files.measures, diags);
  detail::TomlReader res_reader(ds.files.response, diags);
  detail::TomlReader met_reader(ds.files.meteorology, diags);
  auto inv_doc = inv_reader.parse_file();
  auto res_doc = res_reader.parse_file();
  auto met_doc = met_reader.parse_file();
  auto mea_doc = mea_reader.parse_file();

  if (inv_doc) ds.inventory = detail::read_inventory(inv_reader, *inv_doc);
  if (res_doc) ds.response = detail::read_response(res_reader, *res_doc);
  if (met_doc) ds.meteorology = detail::read_meteorology(met_reader, *met_doc);
  if (mea_doc) ds.measures = detail::read_measures(mea_reader, *mea_doc, inv_doc ? &ds.inventory : nullptr);

  for (Sector& s : ds.inventory.sectors) s.impact = ds.response.impact_of(s.height);

  diags.throw_if_errors();
  return ds;
}

}  // namespace aqplan
