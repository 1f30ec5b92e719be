// aqplan report: the leadership report, an HTML page and optionally an
// Excel workbook, written together or not at all.
#include <memory>

#include "aqplan/base/files.h"
#include "aqplan/base/limits.h"
#include "aqplan/results/report.h"
#include "aqplan/views/report_view.h"
#include "cli/cli.h"
#include "cli/interrupt.h"

namespace aqplan::cli {

namespace {

struct ReportFlags {
  std::vector<std::string> scenarios;
  std::string output, xlsx, lang, analysis_samples, observed;
  EngineFlags engine;

  // --lang, else AQPLAN_LANG, else Chinese: the report is for the bureau.
  Language language() const {
    if (const auto l = parse_language(lang)) return *l;
    return language_from_env().value_or(Language::zh);
  }

  ReportRequest request(const Interruptible& guard) const {
    ReportRequest r;
    r.scenarios = scenarios;
    r.scenario_options.observed_file = observed;
    const EngineFlags::Values v = engine.values();
    r.samples = v.samples;
    r.seed = v.seed;
    r.threads = v.threads;
    if (!analysis_samples.empty())
      r.analysis_samples =
          parse_count("--analysis-samples", analysis_samples, 1, limits().max_samples, "max_samples");
    r.feedback = std::make_shared<AnalysisFeedback>();
    r.feedback->cancel = &guard.cancelled();
    r.feedback->progress = [&guard](int run, std::uint64_t done, std::uint64_t total) {
      guard.bar().update(done, total, Text(msg::cli_progress_samples), Text(msg::cli_progress_run, run));
    };
    return r;
  }

  // Bad usage found before the run: targets that cannot be written, or one
  // file named for both.
  void check_targets() const {
    check_output_target(output);
    if (xlsx.empty()) return;
    check_output_target(xlsx);
    if (xlsx == output) throw InputError("--xlsx", 0, 0, Text(msg::cli_report_same_file, xlsx));
  }
};

}  // namespace

Handler setup_report(CLI::App& sub, Language lang) {
  auto o = std::make_shared<ReportFlags>();
  sub.add_option("SCENARIO", o->scenarios, words(lang, msg::cli_opt_report_scenarios))
      ->required()
      ->check(existing_file(lang));
  sub.add_option("-o,--output", o->output, words(lang, msg::cli_opt_report_output))->required();
  sub.add_option("--xlsx", o->xlsx, words(lang, msg::cli_opt_report_xlsx));
  sub.add_option("--lang", o->lang, words(lang, msg::cli_opt_report_lang))->check(one_of({"zh", "en"}, lang));
  sub.add_option("--observed", o->observed, words(lang, msg::cli_opt_report_observed))->check(existing_file(lang));
  add_engine_flags(sub, o->engine, lang, words(lang, msg::cli_opt_report_samples, kDefaultSamples),
                   words(lang, msg::cli_opt_run_seed, kDefaultSeed));
  sub.add_option("--analysis-samples", o->analysis_samples,
                 words(lang, msg::cli_opt_report_analysis_samples, kDefaultReportAnalysisSamples));
  sub.footer(words(lang, msg::cli_examples) +
             "\n  aqplan report scenarios/plan-2023.toml -o report.html --xlsx report.xlsx\n"
             "  aqplan report scenarios/plan-2023.toml scenarios/slip-2023.toml scenarios/extra-2023.toml -o compare.html\n"
             "  aqplan report scenarios/ytd-2023.toml --lang en -o ytd-en.html");
  return [o](Output& io) {
    o->check_targets();
    const Language report_lang = o->language();
    const Interruptible guard(io);
    return guard.run("report", [&] {
      const Report r = report_scenarios(o->request(guard));
      if (guard.cancelled().load()) return kExitInterrupted;
      std::vector<std::pair<std::string, std::string>> files{{o->output, report_html(r, report_lang)}};
      if (!o->xlsx.empty()) files.emplace_back(o->xlsx, report_xlsx(r, report_lang));
      write_files_atomic(files);
      for (const auto& [path, bytes] : files) io.err << io.say(Text(msg::cli_report_written, path)) << "\n";
      return kExitOk;
    });
  };
}

}  // namespace aqplan::cli
