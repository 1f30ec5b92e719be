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
  sub.footer(words(lang, msg::cli_data_dir_is, data_dir_rule_text()) + "\n\n" +
             words(lang, msg::cli_example) + "\n  aqplan import-ledger data/zezhou-2023/plan-document.md -o data/zezhou-2023/ledger.toml");
  return [doc, out, units, units_given](Output& o) {
    const Ledger l = import_ledger_file(*doc, units_given->count() > 0 ? *units : default_data_dir() + "/lead-units.toml");
    o.err << o.say(l.warnings);
    write_file_atomic(*out, ledger_to_toml(l));
    return kExitOk;
  };
}

}  // namespace aqplan::cli
