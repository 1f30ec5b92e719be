// aqplan import-targets / import-ledger: planning documents → dataset files.
#include <memory>
#include <ostream>
#include <string>

#include "aqplan/base/paths.h"
#include "aqplan/base/files.h"
#include "aqplan/base/text.h"
#include "aqplan/data/ledger_file.h"
#include "aqplan/data/targets_file.h"
#include "cli/cli.h"

namespace aqplan::cli {

namespace {

// Where an installed aqplan keeps its data, from the program's directory
// ("../share/aqplan/data"): the place data_dir_rule() names (base/paths.h),
// which the help says in the planner's language.
std::string installed_data_dir() {
  const std::string_view rule = data_dir_rule();
  const std::string_view before = "else ", after = " from the directory of the program";
  const std::size_t begin = rule.find(before), end = rule.find(after);
  if (begin == std::string_view::npos || end == std::string_view::npos || end < begin + before.size())
    return "../share/aqplan/data";
  return std::string(rule.substr(begin + before.size(), end - begin - before.size()));
}

}  // namespace

Handler setup_import_targets(CLI::App& sub, Language lang) {
  auto doc = std::make_shared<std::string>();
  auto out = std::make_shared<std::string>();
  sub.add_option("DOC", *doc, words(lang, msg::cli_opt_document))->required();
  sub.add_option("-o,--output", *out, words(lang, msg::cli_opt_output_csv))->required();
  sub.footer(words(lang, msg::cli_example) + "\n  aqplan import-targets data/zezhou-2023/plan-document.md -o data/zezhou-2023/targets.csv");
  return [doc, out](Output&) {
    write_file_atomic(*out, targets_to_csv(import_targets_checked(*doc)));
    return kExitOk;
  };
}

Handler setup_import_ledger(CLI::App& sub, Language lang) {
  auto doc = std::make_shared<std::string>();
  auto out = std::make_shared<std::string>();
  auto units = std::make_shared<std::string>();
  sub.add_option("DOC", *doc, words(lang, msg::cli_opt_document))->required();
  sub.add_option("-o,--output", *out, words(lang, msg::cli_opt_output_toml))->required();
  // The default is resolved when the command runs, so that --help shows no path of the build machine.
  const CLI::Option* units_given =
      sub.add_option("--lead-units", *units, words(lang, msg::cli_opt_lead_units))->default_str("DATA/lead-units.toml");
  sub.footer(words(lang, msg::cli_data_dir_is, Text(msg::cli_data_dir_rule, installed_data_dir())) + "\n\n" +
             words(lang, msg::cli_example) + "\n  aqplan import-ledger data/zezhou-2023/plan-document.md -o data/zezhou-2023/ledger.toml");
  return [doc, out, units, units_given](Output& o) {
    const Ledger l = import_ledger_file(*doc, units_given->count() > 0 ? *units : default_data_dir() + "/lead-units.toml");
    o.err << o.say(l.warnings);
    write_file_atomic(*out, ledger_to_toml(l));
    return kExitOk;
  };
}

}  // namespace aqplan::cli
