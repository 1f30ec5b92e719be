// aqplan rank / gap / explain: which measures matter, what more it takes,
// and why a month is at risk.
#include <memory>
#include <ostream>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "aqplan/results/run.h"
#include "aqplan/views/explain_view.h"
#include "aqplan/views/gap_view.h"
#include "aqplan/views/rank_view.h"
#include "cli/cli.h"
#include "cli/interrupt.h"

namespace aqplan::cli {

namespace {

struct AnalysisFlags {
  std::string scenario;
  std::string metric;
  std::string observed;
  EngineFlags engine;
  ViewFlags view;

  AnalysisRequest request(const Interruptible& guard) const {
    AnalysisRequest r;
    r.feedback = std::make_shared<AnalysisFeedback>();
    r.feedback->cancel = &guard.cancelled();
    r.feedback->progress = [&guard](int run, std::uint64_t done, std::uint64_t total) {
      guard.bar().update(done, total, Text(msg::cli_progress_samples), Text(msg::cli_progress_run, run));
    };
    r.scenario = scenario;
    r.scenario_options.observed_file = observed;
    const EngineFlags::Values v = engine.values();
    r.samples = v.samples;
    r.seed = v.seed;
    r.threads = v.threads;
    return r;
  }
};

void add_analysis_flags(CLI::App& sub, AnalysisFlags& o, Language lang, const MessageDef& metric_help, const char* stem) {
  sub.add_option("SCENARIO", o.scenario, words(lang, msg::cli_opt_scenario))->required()->check(existing_file(lang));
  sub.add_option("--metric", o.metric,
                 words(lang, msg::cli_opt_metric_any_case, Text(metric_help), list_words(lang, metric_names())));
  sub.add_option("--observed", o.observed, words(lang, msg::cli_opt_observed))->check(existing_file(lang));
  add_engine_flags(sub, o.engine, lang, words(lang, msg::cli_opt_analysis_samples, kDefaultAnalysisSamples),
                   words(lang, msg::cli_opt_analysis_seed, kDefaultSeed));
  add_view_flags(sub, o.view, lang, words(lang, msg::cli_files_both, std::string(stem) + ".json", std::string(stem) + ".csv"));
}

}  // namespace

Handler setup_rank(CLI::App& sub, Language lang) {
  auto o = std::make_shared<AnalysisFlags>();
  o->metric = "pm25";
  add_analysis_flags(sub, *o, lang, msg::cli_opt_rank_metric, "rank");
  sub.footer(words(lang, msg::cli_example) + "\n  aqplan rank scenarios/plan-2023.toml --metric pm25 --samples 20000 --out out/rank");
  return [o](Output& io) {
    const Metric metric = parse_metric_flag("--metric", o->metric);
    const Interruptible guard(io);
    return guard.run("rank", [&] {
      const RankResult r = rank_scenario(o->request(guard), metric);
      return guard.cancelled().load() ? kExitInterrupted : emit(render(r, o->view.options()), o->view, io);
    });
  };
}

Handler setup_gap(CLI::App& sub, Language lang) {
  struct Flags {
    AnalysisFlags common;
    GapRequest gap;
    std::string period = "year";
    std::string confidence;  // default: the scenario's [report] risk_below
  };
  auto o = std::make_shared<Flags>();
  add_analysis_flags(sub, o->common, lang, msg::cli_opt_gap_metric, "gap");
  sub.add_option("--confidence", o->confidence, words(lang, msg::cli_opt_confidence, kDefaultRiskBelow));
  sub.add_option("--period", o->period, words(lang, msg::cli_opt_gap_period))->capture_default_str();
  sub.add_option("--sectors", o->gap.sectors, words(lang, msg::cli_opt_sectors))->delimiter(',');
  sub.footer(words(lang, msg::cli_example) + "\n  aqplan gap scenarios/plan-2023.toml --confidence 0.8 --metric pm25\n"
             "  aqplan gap scenarios/plan-2023.toml --metric o3 --period 6 --sectors solvents,coal_chemical");
  return [o](Output& io) {
    GapRequest gap = o->gap;
    if (!o->confidence.empty()) gap.confidence = parse_probability("--confidence", o->confidence, 1e-9, 1.0 - 1e-9);
    const auto period = parse_gap_period(o->period);
    if (!period) throw InputError("--period", 0, 0, Text(msg::cli_not_a_period, o->period));
    gap.period = *period;
    if (!o->common.metric.empty()) gap.metric = parse_metric_flag("--metric", o->common.metric);
    const Interruptible guard(io);
    return guard.run("gap", [&] {
      const GapResult g = gap_scenario(o->common.request(guard), gap);
      return guard.cancelled().load() ? kExitInterrupted : emit(render(g, o->common.view.options()), o->common.view, io);
    });
  };
}

Handler setup_explain(CLI::App& sub, Language lang) {
  struct Flags {
    AnalysisFlags common;
    std::string period, month;
  };
  auto o = std::make_shared<Flags>();
  o->common.metric = "pm25";
  add_analysis_flags(sub, o->common, lang, msg::cli_opt_explain_metric, "explain");
  sub.add_option("--period", o->period, words(lang, msg::cli_opt_explain_period));
  sub.add_option("--month", o->month, words(lang, msg::cli_opt_month));
  sub.footer(words(lang, msg::cli_example) + "\n  aqplan explain scenarios/plan-2023.toml --metric pm25 --month 1\n"
             "  aqplan explain scenarios/plan-2023.toml --metric o3 --period year --out out/explain");
  return [o](Output& io) {
    ExplainRequest req;
    req.metric = parse_metric_flag("--metric", o->common.metric);
    if (!o->month.empty()) {
      const auto m = parse_gap_period(o->month);
      if (!m || *m == 0) throw InputError("--month", 0, 0, Text(msg::cli_not_a_month, o->month));
      if (!o->period.empty() && parse_gap_period(o->period) != m)
        throw InputError("--month", 0, 0, Text(msg::cli_periods_differ, o->month, o->period));
      req.period = *m;
    } else if (!o->period.empty()) {
      const auto p = parse_gap_period(o->period);
      if (!p) throw InputError("--period", 0, 0, Text(msg::cli_not_a_period, o->period));
      req.period = *p;
    }
    const Interruptible guard(io);
    return guard.run("explain", [&] {
      const ExplainResult r = explain_scenario(o->common.request(guard), req);
      return guard.cancelled().load() ? kExitInterrupted : emit(render(r, o->common.view.options()), o->common.view, io);
    });
  };
}

}  // namespace aqplan::cli
