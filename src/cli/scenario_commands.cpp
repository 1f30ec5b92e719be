// aqplan validate / compare.
#include <filesystem>
#include <memory>
#include <ostream>

#include "aqplan/engine/montecarlo.h"
#include "aqplan/results/report.h"
#include "aqplan/data/scenario.h"
#include "cli/cli.h"

namespace aqplan::cli {

namespace fs = std::filesystem;

namespace {

// A dataset directory, or the directory of one of its files (dataset.toml,
// inventory.toml, ...), or nullopt for a scenario file.
std::optional<std::string> dataset_dir_of(const std::string& path) {
  if (fs::is_directory(path)) return path;
  const fs::path dir = fs::path(path).parent_path();
  const fs::path manifest = (dir.empty() ? fs::path(".") : dir) / "dataset.toml";
  if (fs::path(path).filename() == "dataset.toml" || (fs::exists(manifest) && fs::path(path).extension() == ".toml") ||
      fs::path(path).extension() == ".csv")
    return (dir.empty() ? fs::path(".") : dir).string();
  return std::nullopt;
}

}  // namespace

Handler setup_validate(CLI::App& sub) {
  auto files = std::make_shared<std::vector<std::string>>();
  sub.add_option("FILE", *files, "Scenario files, dataset directories or dataset files")->required();
  sub.footer("Example:\n  aqplan validate scenarios/*.toml data/zezhou-2023");
  return [files](Output& io) {
    int bad = 0;
    for (const auto& f : *files) {
      try {
        if (!fs::exists(f)) throw InputError(f, 0, 0, "no such file or directory");
        if (auto dir = dataset_dir_of(f)) {
          (void)Model::build(load_dataset_inputs(*dir));
          io.out << "ok: " << f << " (dataset " << *dir << ")\n";
        } else {
          const Scenario sc = load_scenario(f);
          io.out << "ok: " << f << " (scenario \"" << sc.name << "\")\n";
        }
      } catch (const InputError& e) {
        io.err << e.diagnostics().to_string();
        ++bad;
      }
    }
    return bad ? kExitBadInput : kExitOk;
  };
}

Handler setup_compare(CLI::App& sub) {
  struct Opts {
    std::vector<std::string> scenarios;
    std::string metric;
    std::optional<std::uint64_t> samples, seed;
    int threads = 0;
    std::string format = "table";
    std::string lang = "en";
    bool excel = false;
    double threshold = 0.1;
    std::string out_dir;
  };
  auto o = std::make_shared<Opts>();
  sub.add_option("SCENARIO", o->scenarios, "Two or more scenario files; the first is the reference")->required()->expected(2, -1);
  sub.add_option("--metric", o->metric, "Show one metric only (so2 no2 pm10 co o3 pm25)")
      ->check(CLI::IsMember({"so2", "no2", "pm10", "co", "o3", "pm25"}));
  sub.add_option("--samples", o->samples, "Samples per scenario (default: the first scenario's, else 100000)")->check(CLI::PositiveNumber);
  sub.add_option("--seed", o->seed, "Seed shared by every scenario (default: the first scenario's, else 1)");
  sub.add_option("--threads", o->threads, "Worker threads (default: every core)")->check(CLI::NonNegativeNumber);
  sub.add_option("--threshold", o->threshold, "List months whose P(meet) moves by more than this")->capture_default_str()->check(CLI::Range(0.0, 1.0));
  sub.add_option("--format", o->format, "table, csv or json")->check(CLI::IsMember({"table", "csv", "json"}))->capture_default_str();
  sub.add_option("--lang", o->lang, "Language of the table: en or zh")->check(CLI::IsMember({"en", "zh"}))->capture_default_str();
  sub.add_flag("--excel", o->excel, "Start the CSV with a UTF-8 byte-order mark, for Excel on Windows");
  sub.add_option("--out", o->out_dir,
                 "Directory to write comparison.json and comparison.csv into (created if missing)");
  sub.footer("Example:\n  aqplan compare scenarios/plan-2023.toml scenarios/slip-2023.toml scenarios/extra-2023.toml --metric pm25");
  return [o](Output& io) {
    std::vector<Scenario> scenarios;
    Diagnostics all;
    for (const auto& f : o->scenarios) {
      try {
        scenarios.push_back(load_scenario(f));
      } catch (const InputError& e) {
        all.append(e.diagnostics());
      }
    }
    all.throw_if_errors();
    Comparison c;
    c.threshold = o->threshold;
    const std::uint64_t seed = o->seed.value_or(scenarios.front().seed.value_or(1));
    const std::uint64_t samples = o->samples.value_or(scenarios.front().samples.value_or(100000));
    for (const Scenario& sc : scenarios) {
      Model model = Model::build(load_model_inputs(sc));
      const Sampler sampler(model, weather_scaled(sc.weather_scale));
      MonteCarloOptions mc;
      mc.seed = seed;
      mc.end = samples;
      mc.threads = o->threads;
      c.runs.push_back(summarize(model, run_monte_carlo(model, sampler, mc), seed));
    }
    std::optional<Metric> metric;
    if (!o->metric.empty()) metric = parse_metric(o->metric);
    if (!o->out_dir.empty())
      write_output_files(o->out_dir, {{"comparison.json", comparison_to_json(c, metric)},
                                      {"comparison.csv", comparison_to_csv(c, metric, o->excel)}});
    if (o->format == "json") io.out << comparison_to_json(c, metric);
    else if (o->format == "csv") io.out << comparison_to_csv(c, metric, o->excel);
    else io.out << format_comparison(c, metric, language(o->lang));
    return kExitOk;
  };
}

}  // namespace aqplan::cli
