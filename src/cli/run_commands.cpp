// aqplan run / merge / schedule: a scenario's projection (whole, or in parts
// joined by merge) and its schedule.
#include <atomic>
#include <chrono>
#include <csignal>
#include <filesystem>
#include <memory>
#include <ostream>

#include <fmt/format.h>
#include <unistd.h>

#include "aqplan/base/files.h"
#include "aqplan/base/text.h"
#include "aqplan/engine/montecarlo.h"
#include "aqplan/results/run.h"
#include "aqplan/views/run_view.h"
#include "aqplan/views/schedule_view.h"
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
  ~ProgressBar() {
    if (shown_) err_ << "\r" << std::string(80, ' ') << "\r" << std::flush;
  }
  ProgressBar(const ProgressBar&) = delete;
  ProgressBar& operator=(const ProgressBar&) = delete;
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

 private:
  using clock = std::chrono::steady_clock;
  std::ostream& err_;
  bool tty_;
  bool shown_ = false;
  clock::time_point start_, last_{};
};

// --metric and --range: what the terminal table shows.
struct TableFlags {
  std::string metrics;
  bool range = false;
  RunTableOptions options() const {
    RunTableOptions t;
    if (!metrics.empty()) t.metrics = parse_metric_list("--metric", metrics);
    t.range = range;
    return t;
  }
};

void add_table_flags(CLI::App& sub, TableFlags& flags) {
  sub.add_option("--metric", flags.metrics,
                 "Only these metrics in the table, comma-separated (e.g. pm25,o3; default: all six). CSV, JSON and "
                 "--out files keep every metric");
  sub.add_flag("--range", flags.range, "Show the 5th and 95th percentiles beside the median in the table");
}

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

struct RunFlags {
  std::string scenario;
  bool deterministic = false;
  EngineFlags engine;
  ViewFlags view;
  TableFlags table;
  std::string part, part_file;
};

void add_run_flags(CLI::App& sub, RunFlags& o) {
  sub.add_option("SCENARIO", o.scenario, "Scenario file (TOML)")->required()->check(CLI::ExistingFile);
  add_engine_flags(sub, o.engine,
                   fmt::format("Monte Carlo samples (default: the scenario's [montecarlo] samples, else {})", kDefaultSamples),
                   fmt::format("Random seed (default: the scenario's [montecarlo] seed, else {})", kDefaultSeed));
  sub.add_flag("--deterministic", o.deterministic, "One run with every uncertain input at its mode and base-year weather");
  add_view_flags(sub, o.view, "results.json, monthly.csv, annual.csv and schedule.csv");
  add_table_flags(sub, o.table);
  auto* part = sub.add_option("--part", o.part,
                              "Run only part K of P of the samples (e.g. 2/4) and save it to --part-file, to split "
                              "one run over processes or machines; 'aqplan merge' joins the parts")
                   ->check(CLI::Validator(part_spec_error, "K/P"));
  auto* part_file = sub.add_option("--part-file", o.part_file, "Where --part saves its samples' results (written atomically)")
                        ->check(CLI::Validator(part_file_error, "FILE"));
  part->needs(part_file);
  part_file->needs(part);
  for (const char* name : {"--deterministic", "--format", "--out", "--excel", "--lang", "--metric", "--range"})
    part->excludes(name);
}

// Runs `body` with Ctrl-C caught and a progress bar; 130 when interrupted.
template <class Body>
int interruptible(Output& io, RunRequest& req, Body body) {
  const InterruptGuard guard;  // from the first moment; nothing is written when interrupted
  ProgressBar bar(io.err);
  req.progress = [&bar](std::uint64_t done, std::uint64_t total) { bar.update(done, total); };
  req.cancel = &g_interrupted;
  int code = kExitInterrupted;
  try {
    code = body();
  } catch (const Cancelled&) {
  }
  if (g_interrupted.load()) {
    io.err << "aqplan run: interrupted; nothing written\n";
    return kExitInterrupted;
  }
  return code;
}

}  // namespace

Handler setup_run(CLI::App& sub) {
  auto o = std::make_shared<RunFlags>();
  add_run_flags(sub, *o);
  sub.footer(
      "Examples:\n  aqplan run scenarios/plan-2023.toml\n  aqplan run scenarios/plan-2023.toml --samples 1000000 --threads 2 "
      "--format json --out out/plan\n  aqplan run scenarios/plan-2023.toml --deterministic\n"
      "  aqplan run scenarios/plan-2023.toml --metric pm25,o3 --range\n"
      "  aqplan run scenarios/plan-2023.toml --samples 100000000 --part 1/4 --part-file part1.aqpart   (one of four "
      "processes; then aqplan merge)");
  return [o](Output& io) {
    RunRequest req;
    req.scenario = o->scenario;
    const EngineFlags::Values v = o->engine.values();
    req.samples = v.samples;
    req.seed = v.seed;
    req.threads = v.threads;
    req.deterministic = o->deterministic;
    const RunTableOptions table = o->table.options();
    return interruptible(io, req, [&] {
      if (o->part.empty()) {
        const RunOutput run = run_scenario(req);
        return g_interrupted.load() ? kExitInterrupted : emit(render(run, o->view.options(), table), o->view, io);
      }
      const auto [k, p] = parse_part_spec(o->part);
      const RunPart part = run_scenario_part(req, k, p);
      if (g_interrupted.load()) return kExitInterrupted;
      write_file_atomic(o->part_file, serialize_part(part));
      io.print(fmt::format("{}: part {}/{} of '{}', samples [{}, {}) of {}, seed {}\n", o->part_file, part.part, part.parts,
                            part.scenario, part.begin, part.end, part.samples, part.seed));
      return kExitOk;
    });
  };
}

Handler setup_merge(CLI::App& sub) {
  struct Flags {
    std::string scenario;
    std::vector<std::string> parts;
    ViewFlags view;
    TableFlags table;
  };
  auto o = std::make_shared<Flags>();
  sub.add_option("SCENARIO", o->scenario, "The scenario file the parts were run from (TOML)")
      ->required()
      ->check(CLI::ExistingFile);
  sub.add_option("PART_FILES", o->parts, "Every part file of the run (aqplan run … --part K/P --part-file FILE)")
      ->required()
      ->check(CLI::ExistingFile);
  add_view_flags(sub, o->view, "results.json, monthly.csv, annual.csv and schedule.csv");
  add_table_flags(sub, o->table);
  sub.footer(
      "Joins the parts of one run, made by 'aqplan run … --part K/P --part-file FILE' in separate processes or on "
      "separate machines, into the results of the whole run: bit for bit what one 'aqplan run' with the same samples "
      "and seed gives. The parts must come from this aqplan version and the same input files, and cover every sample "
      "exactly once.\n\nExample:\n  for k in 1 2 3 4; do aqplan run scenarios/plan-2023.toml --samples 4000000 --part "
      "$k/4 --part-file part$k.aqpart & done; wait\n  aqplan merge scenarios/plan-2023.toml part*.aqpart --format json");
  return [o](Output& io) {
    const RunTableOptions table = o->table.options();
    return emit(render(merge_scenario_parts(o->scenario, o->parts), o->view.options(), table), o->view, io);
  };
}

Handler setup_schedule(CLI::App& sub) {
  struct Flags {
    std::string path;
    ViewFlags view;
  };
  auto o = std::make_shared<Flags>();
  sub.add_option("SCENARIO_OR_DATASET", o->path, "Scenario file, or dataset directory")->required()->check(CLI::ExistingPath);
  add_view_flags(sub, o->view);
  sub.footer("Example:\n  aqplan schedule scenarios/plan-2023.toml\n  aqplan schedule data/zezhou-2023 --format json");
  return [o](Output& io) { return emit(render(schedule_of(o->path), o->view.options()), o->view, io); };
}

}  // namespace aqplan::cli
