// aqplan rank / gap: which measures matter, and what more it takes.
#include <memory>
#include <ostream>

#include <fmt/format.h>

#include "aqplan/results/analysis.h"
#include "aqplan/data/scenario.h"
#include "cli/cli.h"

namespace aqplan::cli {

namespace {

// Analyses run many Monte Carlo runs; their default sample count is smaller
// than a single run's, and common random numbers keep the differences sharp.
inline constexpr std::uint64_t kAnalysisSamples = 20000;

struct AnalysisOpts {
  std::string scenario;
  std::string metric = "pm25";
  std::optional<std::uint64_t> samples, seed;
  int threads = 0;
  std::string format = "table";
  std::string lang = "en";
  bool excel = false;
  std::string out_dir;
};

void add_common(CLI::App& sub, AnalysisOpts& o, const char* metric_help) {
  sub.add_option("SCENARIO", o.scenario, "Scenario file (TOML)")->required()->check(CLI::ExistingFile);
  sub.add_option("--metric", o.metric, metric_help)->check(CLI::IsMember({"so2", "no2", "pm10", "co", "o3", "pm25"}));
  sub.add_option("--samples", o.samples, "Samples per run (default 20000)")->check(CLI::PositiveNumber);
  sub.add_option("--seed", o.seed, "Seed shared by every run (default: the scenario's, else 1)");
  sub.add_option("--threads", o.threads, "Worker threads (default: every core)")->check(CLI::NonNegativeNumber);
  sub.add_option("--format", o.format, "table, csv or json")->check(CLI::IsMember({"table", "csv", "json"}))->capture_default_str();
  sub.add_option("--lang", o.lang, "Language of the table: en or zh")->check(CLI::IsMember({"en", "zh"}))->capture_default_str();
  sub.add_flag("--excel", o.excel, "Start the CSV with a UTF-8 byte-order mark, for Excel on Windows");
}

// --out DIR: both formats of the result, named `stem`.json and `stem`.csv,
// each written atomically after both are formatted.
void add_out(CLI::App& sub, std::string& out_dir, const char* stem) {
  sub.add_option("--out", out_dir,
                 fmt::format("Directory to write {0}.json and {0}.csv into (created if missing)", stem));
}

AnalysisRun analysis_run(const AnalysisOpts& o, const Scenario& sc) {
  AnalysisRun run;
  run.samples = o.samples.value_or(kAnalysisSamples);
  run.seed = o.seed.value_or(sc.seed.value_or(1));
  run.threads = o.threads;
  run.weather_scale = sc.weather_scale;
  return run;
}

}  // namespace

Handler setup_rank(CLI::App& sub) {
  auto o = std::make_shared<AnalysisOpts>();
  add_common(sub, *o, "Metric to sort by and to explain (default pm25)");
  add_out(sub, o->out_dir, "rank");
  sub.footer("Example:\n  aqplan rank scenarios/plan-2023.toml --metric pm25 --samples 20000 --out out/rank");
  return [o](Output& io) {
    const Scenario sc = load_scenario(o->scenario);
    const RankResult r = rank_measures(load_model_inputs(sc), *parse_metric(o->metric), analysis_run(*o, sc));
    if (!o->out_dir.empty())
      write_output_files(o->out_dir, {{"rank.json", rank_to_json(r)}, {"rank.csv", rank_to_csv(r, o->excel)}});
    if (o->format == "json") io.out << rank_to_json(r);
    else if (o->format == "csv") io.out << rank_to_csv(r, o->excel);
    else io.out << format_rank(r, language(o->lang));
    return kExitOk;
  };
}

Handler setup_gap(CLI::App& sub) {
  auto o = std::make_shared<AnalysisOpts>();
  auto confidence = std::make_shared<double>(0.8);
  auto period = std::make_shared<std::string>("year");
  auto sectors = std::make_shared<std::vector<std::string>>();
  add_common(sub, *o, "Only this metric (default: every metric)");
  add_out(sub, o->out_dir, "gap");
  o->metric.clear();
  sub.add_option("--confidence", *confidence, "Required probability of meeting the target")
      ->check(CLI::Range(0.0, 1.0))
      ->capture_default_str();
  sub.add_option("--period", *period, "year, or a month 1..12")->capture_default_str();
  sub.add_option("--sectors", *sectors, "Cut only these sectors (comma-separated; default: all)")->delimiter(',');
  sub.footer("Example:\n  aqplan gap scenarios/plan-2023.toml --confidence 0.8 --metric pm25\n"
             "  aqplan gap scenarios/plan-2023.toml --metric o3 --period 6 --sectors solvents,coal_chemical");
  return [o, confidence, period, sectors](Output& io) {
    GapRequest req;
    req.confidence = *confidence;
    if (!o->metric.empty()) req.metric = parse_metric(o->metric);
    if (*period != "year") {
      int m = 0;
      try {
        std::size_t used = 0;
        m = std::stoi(*period, &used);
        if (used != period->size()) m = 0;
      } catch (const std::exception&) {
        m = 0;
      }
      if (m < 1 || m > 12) throw InputError("--period", 0, 0, "'" + *period + "' is not 'year' or a month 1-12");
      req.period = m;
    }
    req.sectors = *sectors;
    const Scenario sc = load_scenario(o->scenario);
    const GapResult g = gap_to_target(load_model_inputs(sc), req, analysis_run(*o, sc));
    if (!o->out_dir.empty())
      write_output_files(o->out_dir, {{"gap.json", gap_to_json(g)}, {"gap.csv", gap_to_csv(g, o->excel)}});
    if (o->format == "json") io.out << gap_to_json(g);
    else if (o->format == "csv") io.out << gap_to_csv(g, o->excel);
    else io.out << format_gap(g, language(o->lang));
    return kExitOk;
  };
}

}  // namespace aqplan::cli
