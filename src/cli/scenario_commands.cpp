// aqplan validate / compare.
#include <memory>
#include <ostream>

#include <fmt/format.h>

#include "aqplan/model/check.h"
#include "aqplan/results/run.h"
#include "aqplan/views/compare_view.h"
#include "aqplan/views/validate_view.h"
#include "cli/cli.h"

namespace aqplan::cli {

Handler setup_validate(CLI::App& sub) {
  struct Flags {
    std::vector<std::string> files;
    std::string lang = "en";
  };
  auto o = std::make_shared<Flags>();
  sub.add_option("FILE", o->files, "Scenario files, dataset directories or dataset files")->required();
  sub.add_option("--lang", o->lang, "Language of the 'ok' lines: en or zh (problems are reported in English)")
      ->check(CLI::IsMember({"en", "zh"}))
      ->capture_default_str();
  sub.footer("Example:\n  aqplan validate scenarios/*.toml data/zezhou-2023");
  return [o](Output& io) {
    const Language lang = parse_language(o->lang).value_or(Language::en);
    int bad = 0;
    for (const auto& f : o->files) {
      const InputCheck check = check_input(f);
      io.err << io.say(check.diagnostics);
      if (!check.ok()) {
        ++bad;
        continue;
      }
      io.print(format_validated(f, check, lang));
    }
    return bad ? kExitBadInput : kExitOk;
  };
}

Handler setup_compare(CLI::App& sub) {
  struct Flags {
    CompareRequest req;
    std::string metric;
    std::string threshold = fmt::format("{}", kDefaultMovedThreshold);
    EngineFlags engine;
    ViewFlags view;
  };
  auto o = std::make_shared<Flags>();
  sub.add_option("SCENARIO", o->req.scenarios, "Two or more scenario files; the first is the reference")->required()->expected(2, -1);
  sub.add_option("--metric", o->metric, "Show one metric only (so2 no2 pm10 co o3 pm25)")->check(CLI::IsMember(metric_names()));
  add_engine_flags(sub, o->engine,
                   fmt::format("Samples per scenario (default: the first scenario's, else {})", kDefaultSamples),
                   fmt::format("Seed shared by every scenario (default: the first scenario's, else {})", kDefaultSeed));
  sub.add_option("--threshold", o->threshold, "List months whose P(meet) moves by more than this (0 to 1)")
      ->capture_default_str();
  add_view_flags(sub, o->view, "comparison.json and comparison.csv");
  sub.footer("Example:\n  aqplan compare scenarios/plan-2023.toml scenarios/slip-2023.toml scenarios/extra-2023.toml --metric pm25");
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
