// aqplan run / merge / schedule: scenario files → projections (whole, or in
// parts joined by merge) and schedules.
#include <atomic>
#include <chrono>
#include <csignal>
#include <filesystem>
#include <memory>
#include <optional>
#include <ostream>
#include <tuple>

#include <fmt/format.h>
#include <unistd.h>

#include "aqplan/engine/montecarlo.h"
#include "aqplan/base/paths.h"
#include "aqplan/results/report.h"
#include "aqplan/engine/run_part.h"
#include "aqplan/data/scenario.h"
#include "aqplan/base/text.h"
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

namespace {

// How a finished result is shown: --format on stdout, and --out files.
struct ResultOutput {
  std::string format = "table";
  std::string out_dir;
  bool excel = false;
  std::string lang = "en";

  void add_options(CLI::App& sub) {
    sub.add_option("--format", format, "Output on stdout: table, csv or json")
        ->check(CLI::IsMember({"table", "csv", "json"}))
        ->capture_default_str();
    sub.add_option("--out", out_dir,
                   "Directory to write results.json, monthly.csv, annual.csv and schedule.csv into (created if missing)");
    sub.add_flag("--excel", excel, "Start the CSV files with a UTF-8 byte-order mark, for Excel on Windows");
    sub.add_option("--lang", lang, "Language of the terminal table: en or zh")
        ->check(CLI::IsMember({"en", "zh"}))
        ->capture_default_str();
  }

  int emit(const RunResult& result, const Model& model, Output& io) const {
    const std::string json = to_json(result);
    if (!out_dir.empty()) {
      // Everything is formatted before the first file is written.
      const std::vector<std::pair<std::string, std::string>> files = {
          {"results.json", json},
          {"monthly.csv", monthly_csv(result, excel)},
          {"annual.csv", annual_csv(result, excel)},
          {"schedule.csv", schedule_to_csv(schedule_rows(model), model.target_year(), excel)}};
      write_output_files(out_dir, files);
    }
    if (format == "json") io.out << json;
    else if (format == "csv") io.out << to_csv(result);
    else io.out << format_table(result, language(lang));
    return kExitOk;
  }
};

// CLI11 check of --part: empty when `spec` is K/P with 1 ≤ K ≤ P.
std::string part_spec_error(const std::string& spec) {
  try {
    parse_part_spec(spec);
    return {};
  } catch (const std::invalid_argument& e) {
    return e.what();
  }
}

// CLI11 check of --part-file: its directory must exist (checked before a
// long run, not after it).
std::string part_file_error(const std::string& path) {
  const fs::path dir = fs::path(path).parent_path();
  if (!dir.empty() && !fs::is_directory(dir)) return fmt::format("directory '{}' does not exist", dir.string());
  return {};
}

}  // namespace

Handler setup_run(CLI::App& sub) {
  struct Opts {
    std::string scenario;
    bool deterministic = false;
    ResultOutput output;
    std::optional<std::uint64_t> samples, seed;
    int threads = 0;
    std::string part, part_file;
  };
  auto o = std::make_shared<Opts>();
  sub.add_option("SCENARIO", o->scenario, "Scenario file (TOML)")->required()->check(CLI::ExistingFile);
  sub.add_option("--samples", o->samples, "Monte Carlo samples (default: the scenario's [montecarlo] samples, else 100000)")
      ->check(CLI::PositiveNumber);
  sub.add_option("--seed", o->seed, "Random seed (default: the scenario's [montecarlo] seed, else 1)");
  sub.add_option("--threads", o->threads, "Worker threads (default: every core); results do not depend on it")
      ->check(CLI::NonNegativeNumber);
  sub.add_flag("--deterministic", o->deterministic, "One run with every uncertain input at its mode and base-year weather");
  o->output.add_options(sub);
  auto* part = sub.add_option("--part", o->part,
                              "Run only part K of P of the samples (e.g. 2/4) and save it to --part-file, to split "
                              "one run over processes or machines; 'aqplan merge' joins the parts")
                   ->check(CLI::Validator(part_spec_error, "K/P"));
  auto* part_file =
      sub.add_option("--part-file", o->part_file, "Where --part saves its samples' results (written atomically)")
          ->check(CLI::Validator(part_file_error, "FILE"));
  part->needs(part_file);
  part_file->needs(part);
  for (const char* name : {"--deterministic", "--format", "--out", "--excel", "--lang"}) part->excludes(name);
  sub.footer(
      "Examples:\n  aqplan run scenarios/plan-2023.toml\n  aqplan run scenarios/plan-2023.toml --samples 1000000 --threads 2 "
      "--format json --out out/plan\n  aqplan run scenarios/plan-2023.toml --deterministic\n"
      "  aqplan run scenarios/plan-2023.toml --samples 100000000 --part 1/4 --part-file part1.aqpart   (one of four "
      "processes; then aqplan merge)");
  return [o](Output& io) {
    // Ctrl-C from the first moment: loading is quick, and the run checks the
    // flag between blocks; either way nothing is written.
    const InterruptGuard guard;
    const Scenario sc = load_scenario(o->scenario);
    Model model = Model::build(load_model_inputs(sc));
    std::optional<RunPart> part;
    if (!o->part.empty()) {
      part.emplace();
      const auto [k, p] = parse_part_spec(o->part);
      part->part = k;
      part->parts = p;
      part->fingerprint = input_fingerprint(sc);  // the files as loaded, before the run
    }
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
      if (part) {
        part->samples = mc.end;
        std::tie(mc.begin, mc.end) = part_range(part->samples, part->part, part->parts);
      }
      mc.threads = o->threads;
      ProgressBar bar(io.err);
      mc.progress = [&bar](std::uint64_t done, std::uint64_t total) { bar.update(done, total); };
      mc.cancel = &g_interrupted;
      try {
        RunAccumulator acc = run_monte_carlo(model, sampler, mc);
        bar.finish();
        if (part) {
          part->aqplan_version = version();
          part->scenario = sc.name;
          part->seed = mc.seed;
          part->begin = mc.begin;
          part->end = mc.end;
          part->acc = std::move(acc);
        } else {
          result = summarize(model, acc, mc.seed);
        }
      } catch (const Cancelled&) {
        bar.finish();
      }
    }
    if (g_interrupted.load()) {
      io.err << "aqplan run: interrupted; nothing written\n";
      return kExitInterrupted;
    }
    if (part) {
      write_file_atomic(o->part_file, serialize_part(*part));
      io.out << fmt::format("{}: part {}/{} of '{}', samples [{}, {}) of {}, seed {}\n", o->part_file, part->part,
                            part->parts, part->scenario, part->begin, part->end, part->samples, part->seed);
      return kExitOk;
    }
    return o->output.emit(result, model, io);
  };
}

Handler setup_merge(CLI::App& sub) {
  struct Opts {
    std::string scenario;
    std::vector<std::string> parts;
    ResultOutput output;
  };
  auto o = std::make_shared<Opts>();
  sub.add_option("SCENARIO", o->scenario, "The scenario file the parts were run from (TOML)")
      ->required()
      ->check(CLI::ExistingFile);
  sub.add_option("PART_FILES", o->parts, "Every part file of the run (aqplan run … --part K/P --part-file FILE)")
      ->required()
      ->check(CLI::ExistingFile);
  o->output.add_options(sub);
  sub.footer(
      "Joins the parts of one run, made by 'aqplan run … --part K/P --part-file FILE' in separate processes or on "
      "separate machines, into the results of the whole run: bit for bit what one 'aqplan run' with the same samples "
      "and seed gives. The parts must come from this aqplan version and the same input files, and cover every sample "
      "exactly once.\n\nExample:\n  for k in 1 2 3 4; do aqplan run scenarios/plan-2023.toml --samples 4000000 --part "
      "$k/4 --part-file part$k.aqpart & done; wait\n  aqplan merge scenarios/plan-2023.toml part*.aqpart --format json");
  return [o](Output& io) {
    const Scenario sc = load_scenario(o->scenario);
    const Model model = Model::build(load_model_inputs(sc));
    Diagnostics diags;
    std::vector<RunPart> parts;
    for (const std::string& file : o->parts) {
      try {
        parts.push_back(parse_part(read_file_bytes(file), file));
      } catch (const InputError& e) {
        diags.append(e.diagnostics());
      }
    }
    diags.throw_if_errors();
    const MergedRun merged = merge_parts(parts, o->parts, input_fingerprint(sc));
    return o->output.emit(summarize(model, merged.acc, merged.seed), model, io);
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
