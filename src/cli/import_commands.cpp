// aqplan import-targets / import-ledger: planning documents → dataset files;
// aqplan import-observations: the archive's station data → monthly values.
#include <algorithm>
#include <memory>
#include <ostream>
#include <string>
#include <vector>

#include "aqplan/base/limits.h"
#include "aqplan/base/paths.h"
#include "aqplan/base/files.h"
#include "aqplan/base/text.h"
#include "aqplan/data/ledger_file.h"
#include "aqplan/data/targets_file.h"
#include "aqplan/import/observations.h"
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

Handler setup_import_observations(CLI::App& sub, Language lang) {
  struct Options {
    std::vector<std::string> inputs;
    std::string stations, out, threads;
    std::string lang;  // read by asked_language
  };
  auto o = std::make_shared<Options>();
  sub.add_option("FILE", o->inputs, words(lang, msg::cli_opt_obs_inputs))->required();
  sub.add_option("--stations", o->stations, words(lang, msg::cli_opt_obs_stations))->required();
  sub.add_option("-o,--output", o->out, words(lang, msg::cli_opt_output_csv))->required();
  sub.add_option("--threads", o->threads, words(lang, msg::cli_opt_threads));
  sub.add_option("--lang", o->lang, words(lang, msg::cli_opt_obs_lang))->check(one_of({"en", "zh"}, lang));
  sub.footer(words(lang, msg::cli_example) +
             "\n  aqplan import-observations --stations 1001A,1002A,1003A archive/2023 -o observed.csv");
  return [o](Output& io) {
    ObservationRequest req;
    req.inputs = o->inputs;
    for (std::size_t at = 0; at <= o->stations.size();) {  // "1001A,1002A": the library trims and drops empty codes
      const std::size_t comma = std::min(o->stations.find(',', at), o->stations.size());
      req.stations.push_back(o->stations.substr(at, comma - at));
      at = comma + 1;
    }
    if (!o->threads.empty())
      req.threads = static_cast<int>(parse_count("--threads", o->threads, 0, limits().max_threads, "max_threads"));
    check_output_target(o->out);
    const ObservedMonths result = import_observations(req);
    result.diagnostics.throw_if_errors();
    io.err << io.say(result.diagnostics);
    write_file_atomic(o->out, observations_to_csv(result.months));
    return kExitOk;
  };
}

}  // namespace aqplan::cli
