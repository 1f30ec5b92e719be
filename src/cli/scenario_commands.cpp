// aqplan validate / compare.
#include <memory>
#include <ostream>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "aqplan/model/check.h"
#include "aqplan/results/run.h"
#include "aqplan/views/compare_view.h"
#include "aqplan/views/validate_view.h"
#include "cli/cli.h"

namespace aqplan::cli {

Handler setup_validate(CLI::App& sub, Language lang) {
  struct Flags {
    std::vector<std::string> files;
    std::string lang;  // read by asked_language: the 'ok' lines are in the problems' language
  };
  auto o = std::make_shared<Flags>();
  sub.add_option("FILE", o->files, words(lang, msg::cli_opt_validate_files))->required();
  sub.add_option("--lang", o->lang, words(lang, msg::cli_opt_validate_lang))->check(one_of({"en", "zh"}, lang));
  sub.footer(words(lang, msg::cli_example) + "\n  aqplan validate scenarios/*.toml data/zezhou-2023");
  return [o](Output& io) {
    int bad = 0;
    for (const auto& f : o->files) {
      const InputCheck check = check_input(f);
      io.err << io.say(check.diagnostics);
      if (!check.ok()) {
        ++bad;
        continue;
      }
      io.print(format_validated(f, check, say_language(io.asked, &check.diagnostics)));
    }
    return bad ? kExitBadInput : kExitOk;
  };
}

Handler setup_compare(CLI::App& sub, Language lang) {
  struct Flags {
    CompareRequest req;
    std::string metric;
    std::string threshold = fmt::format("{}", kDefaultMovedThreshold);
    EngineFlags engine;
    ViewFlags view;
  };
  auto o = std::make_shared<Flags>();
  sub.add_option("SCENARIO", o->req.scenarios, words(lang, msg::cli_opt_compare_scenarios))->required()->expected(2, -1);
  sub.add_option("--metric", o->metric, words(lang, msg::cli_opt_compare_metric, fmt::format("{}", fmt::join(metric_names(), " "))))
      ->check(one_of(metric_names(), lang));
  sub.add_option("--observed", o->req.scenario_options.observed_file, words(lang, msg::cli_opt_compare_observed))
      ->check(existing_file(lang));
  add_engine_flags(sub, o->engine, lang, words(lang, msg::cli_opt_compare_samples, kDefaultSamples),
                   words(lang, msg::cli_opt_compare_seed, kDefaultSeed));
  sub.add_option("--threshold", o->threshold, words(lang, msg::cli_opt_threshold))->capture_default_str();
  add_view_flags(sub, o->view, lang, words(lang, msg::cli_files_both, "comparison.json", "comparison.csv"));
  sub.footer(words(lang, msg::cli_example) +
             "\n  aqplan compare scenarios/plan-2023.toml scenarios/slip-2023.toml scenarios/extra-2023.toml --metric pm25");
  return [o](Output& io) {
    CompareRequest req = o->req;
    req.threshold = parse_probability("--threshold", o->threshold, 0.0, 1.0);
    const EngineFlags::Values v = o->engine.values();
    req.samples = v.samples;
    req.seed = v.seed;
    req.threads = v.threads;
    if (!o->metric.empty()) req.metric = parse_metric(o->metric);
    return emit(render(compare_scenarios(req), o->view.options()), o->view, io);
  };
}

}  // namespace aqplan::cli
