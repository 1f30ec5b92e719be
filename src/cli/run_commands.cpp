// aqplan run / merge / schedule: a scenario's projection (whole, or in parts
// joined by merge) and its schedule.
#include <filesystem>
#include <memory>
#include <ostream>

#include <fmt/format.h>

#include "aqplan/base/files.h"
#include "aqplan/base/text.h"
#include "aqplan/engine/montecarlo.h"
#include "aqplan/results/run.h"
#include "aqplan/views/run_view.h"
#include "aqplan/views/schedule_view.h"
#include "cli/cli.h"
#include "cli/interrupt.h"

namespace aqplan::cli {

namespace fs = std::filesystem;

namespace {

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
    const Interruptible guard(io);
    req.progress = [&guard](std::uint64_t done, std::uint64_t total) { guard.bar().update(done, total, "samples"); };
    req.cancel = &guard.cancelled();
    return guard.run("run", [&] {
      if (o->part.empty()) {
        const RunOutput run = run_scenario(req);
        return guard.cancelled().load() ? kExitInterrupted : emit(render(run, o->view.options(), table), o->view, io);
      }
      const auto [k, p] = parse_part_spec(o->part);
      const RunPart part = run_scenario_part(req, k, p);
      if (guard.cancelled().load()) return kExitInterrupted;
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
