// aqplan run / schedule: scenario files → projections and schedules.
#include <atomic>
#include <chrono>
#include <csignal>
#include <filesystem>
#include <memory>
#include <ostream>

#include <fmt/format.h>
#include <unistd.h>

#include "aqplan/montecarlo.h"
#include "aqplan/report.h"
#include "aqplan/scenario.h"
#include "aqplan/text.h"
#include "cli/cli.h"

namespace aqplan::cli {

namespace fs = std::filesystem;

namespace {


std::atomic<bool> g_interrupted{false};
extern "C" void on_sigint(int) { g_interrupted.store(true); }

// SIGINT sets g_interrupted while the guard lives; the previous handler is
// restored after.
class InterruptGuard {
 public:
  InterruptGuard() : previous_(std::signal(SIGINT, on_sigint)) { g_interrupted.store(false); }
  ~InterruptGuard() { std::signal(SIGINT, previous_); }
  InterruptGuard(const InterruptGuard&) = delete;
  InterruptGuard& operator=(const InterruptGuard&) = delete;

 private:
  void (*previous_)(int);
};

// A progress bar on stderr, only when stderr is a terminal and the run has
// taken over a second.
class ProgressBar {
 public:
  explicit ProgressBar(std::ostream& err) : err_(err), tty_(::isatty(STDERR_FILENO) != 0), start_(clock::now()) {}
  void update(std::uint64_t done, std::uint64_t total) {
    if (!tty_) return;
    const auto now = clock::now();
    if (now - start_ < std::chrono::seconds(1) || now - last_ < std::chrono::milliseconds(100)) return;
    last_ = now;
    const double f = total ? static_cast<double>(done) / static_cast<double>(total) : 1.0;
    const int width = 40;
    const int fill = static_cast<int>(f * width);
    err_ << fmt::format("\r[{}{}] {:5.1f} %  {} / {} samples", std::string(static_cast<std::size_t>(fill), '#'),
                        std::string(static_cast<std::size_t>(width - fill), ' '), 100 * f, done, total)
         << std::flush;
    shown_ = true;
  }
  void finish() {
    if (shown_) err_ << "\r" << std::string(80, ' ') << "\r" << std::flush;
  }

 private:
  using clock = std::chrono::steady_clock;
  std::ostream& err_;
  bool tty_;
  bool shown_ = false;
  clock::time_point start_, last_{};
};

}  // namespace

inline constexpr std::uint64_t kDefaultSamples = 100000;
inline constexpr std::uint64_t kDefaultSeed = 1;
inline constexpr int kExitInterrupted = 130;

Handler setup_run(CLI::App& sub) {
  struct Opts {
    std::string scenario;
    bool deterministic = false;
    std::string format = "table";
    std::string out_dir;
    std::optional<std::uint64_t> samples, seed;
    int threads = 0;
    bool excel = false;
    std::string lang = "en";
  };
  auto o = std::make_shared<Opts>();
  sub.add_option("SCENARIO", o->scenario, "Scenario file (TOML)")->required()->check(CLI::ExistingFile);
  sub.add_option("--samples", o->samples, "Monte Carlo samples (default: the scenario's [montecarlo] samples, else 100000)")
      ->check(CLI::PositiveNumber);
  sub.add_option("--seed", o->seed, "Random seed (default: the scenario's [montecarlo] seed, else 1)");
  sub.add_option("--threads", o->threads, "Worker threads (default: every core); results do not depend on it")
      ->check(CLI::NonNegativeNumber);
  sub.add_flag("--deterministic", o->deterministic, "One run with every uncertain input at its mode and base-year weather");
  sub.add_option("--format", o->format, "Output on stdout: table, csv or json")
      ->check(CLI::IsMember({"table", "csv", "json"}))
      ->capture_default_str();
  sub.add_option("--out", o->out_dir,
                 "Directory to write results.json, monthly.csv, annual.csv and schedule.csv into (created if missing)");
  sub.add_flag("--excel", o->excel, "Start the CSV files with a UTF-8 byte-order mark, for Excel on Windows");
  sub.add_option("--lang", o->lang, "Language of the terminal table: en or zh")
      ->check(CLI::IsMember({"en", "zh"}))
      ->capture_default_str();
  sub.footer(
      "Examples:\n  aqplan run scenarios/plan-2023.toml\n  aqplan run scenarios/plan-2023.toml --samples 1000000 --threads 2 "
      "--format json --out out/plan\n  aqplan run scenarios/plan-2023.toml --deterministic");
  return [o](Output& io) {
    // Ctrl-C from the first moment: loading is quick, and the run checks the
    // flag between blocks; either way nothing is written.
    const InterruptGuard guard;
    const Scenario sc = load_scenario(o->scenario);
    Model model = Model::build(load_model_inputs(sc));
    RunResult result;
    if (o->deterministic) {
      Workspace ws = model.make_workspace();
      Outcome outcome;
      model.evaluate(model.mode_draw(), ws, outcome);
      result = deterministic_result(model, outcome);
    } else {
      const Sampler sampler(model, weather_scaled(sc.weather_scale));
      MonteCarloOptions mc;
      mc.seed = o->seed.value_or(sc.seed.value_or(kDefaultSeed));
      mc.end = o->samples.value_or(sc.samples.value_or(kDefaultSamples));
      mc.threads = o->threads;
      ProgressBar bar(io.err);
      mc.progress = [&bar](std::uint64_t done, std::uint64_t total) { bar.update(done, total); };
      mc.cancel = &g_interrupted;
      try {
        RunAccumulator acc = run_monte_carlo(model, sampler, mc);
        bar.finish();
        result = summarize(model, acc, mc.seed);
      } catch (const Cancelled&) {
        bar.finish();
      }
    }
    if (g_interrupted.load()) {
      io.err << "aqplan run: interrupted; nothing written\n";
      return kExitInterrupted;
    }
    const std::string json = to_json(result);
    if (!o->out_dir.empty()) {
      // Everything is formatted before the first file is written.
      const std::vector<std::pair<std::string, std::string>> files = {
          {"results.json", json},
          {"monthly.csv", monthly_csv(result, o->excel)},
          {"annual.csv", annual_csv(result, o->excel)},
          {"schedule.csv", schedule_to_csv(schedule_rows(model), model.target_year(), o->excel)}};
      write_output_files(o->out_dir, files);
    }
    if (o->format == "json") io.out << json;
    else if (o->format == "csv") io.out << to_csv(result);
    else io.out << format_table(result, language(o->lang));
    return kExitOk;
  };
}

Handler setup_schedule(CLI::App& sub) {
  auto path = std::make_shared<std::string>();
  auto format = std::make_shared<std::string>("table");
  auto lang = std::make_shared<std::string>("en");
  sub.add_option("--lang", *lang, "Language of the table: en or zh")->check(CLI::IsMember({"en", "zh"}))->capture_default_str();
  sub.add_option("SCENARIO_OR_DATASET", *path, "Scenario file, or dataset directory")->required()->check(CLI::ExistingPath);
  sub.add_option("--format", *format, "table or json")->check(CLI::IsMember({"table", "json"}))->capture_default_str();
  sub.footer("Example:\n  aqplan schedule scenarios/plan-2023.toml\n  aqplan schedule data/zezhou-2023 --format json");
  return [path, format, lang](Output& io) {
    Model model = Model::build(inputs_for(*path));
    auto rows = schedule_rows(model);
    io.out << (*format == "json" ? schedule_to_json(rows, model.target_year())
                                 : format_schedule_table(rows, model.target_year(), language(*lang)));
    return kExitOk;
  };
}

}  // namespace aqplan::cli
