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

void add_table_flags(CLI::App& sub, TableFlags& flags, Language lang) {
  sub.add_option("--metric", flags.metrics, words(lang, msg::cli_opt_table_metrics));
  sub.add_flag("--range", flags.range, words(lang, msg::cli_opt_range));
}

// CLI11 check of --part: empty when `spec` is K/P with 1 ≤ K ≤ P.
CLI::Validator part_spec_check(Language lang) {
  return CLI::Validator(
      [lang](const std::string& spec) -> std::string {
        const std::optional<Text> problem = part_spec_problem(spec);
        return problem ? problem->str(lang) : std::string();
      },
      "K/P");
}

// CLI11 check of --part-file: its directory must exist (checked before a
// long run, not after it).
CLI::Validator part_file_check(Language lang) {
  return CLI::Validator(
      [lang](const std::string& path) -> std::string {
        const fs::path dir = fs::path(path).parent_path();
        if (!dir.empty() && !fs::is_directory(dir)) return words(lang, msg::cli_part_directory_missing, dir.string());
        return {};
      },
      words(lang, msg::cli_label_file));
}

struct RunFlags {
  std::string scenario;
  bool deterministic = false;
  EngineFlags engine;
  ViewFlags view;
  TableFlags table;
  std::string part, part_file;
  std::string observed;
};

void add_run_flags(CLI::App& sub, RunFlags& o, Language lang) {
  sub.add_option("SCENARIO", o.scenario, words(lang, msg::cli_opt_scenario))->required()->check(existing_file(lang));
  add_engine_flags(sub, o.engine, lang, words(lang, msg::cli_opt_run_samples, kDefaultSamples),
                   words(lang, msg::cli_opt_run_seed, kDefaultSeed));
  sub.add_flag("--deterministic", o.deterministic, words(lang, msg::cli_opt_deterministic));
  sub.add_option("--observed", o.observed, words(lang, msg::cli_opt_observed))->check(existing_file(lang));
  add_view_flags(sub, o.view, lang, words(lang, msg::cli_files_run));
  add_table_flags(sub, o.table, lang);
  auto* part = sub.add_option("--part", o.part, words(lang, msg::cli_opt_part))->check(part_spec_check(lang));
  auto* part_file =
      sub.add_option("--part-file", o.part_file, words(lang, msg::cli_opt_part_file))->check(part_file_check(lang));
  part->needs(part_file);
  part_file->needs(part);
  for (const char* name : {"--deterministic", "--format", "--out", "--excel", "--lang", "--metric", "--range"})
    part->excludes(name);
}

}  // namespace

Handler setup_run(CLI::App& sub, Language lang) {
  auto o = std::make_shared<RunFlags>();
  add_run_flags(sub, *o, lang);
  sub.footer(words(lang, msg::cli_examples) +
             "\n  aqplan run scenarios/plan-2023.toml\n  aqplan run scenarios/plan-2023.toml --samples 1000000 --threads 2 "
             "--format json --out out/plan\n  aqplan run scenarios/plan-2023.toml --deterministic\n"
             "  aqplan run scenarios/plan-2023.toml --metric pm25,o3 --range\n"
             "  aqplan run scenarios/plan-2023.toml --observed observed-2023.csv\n"
             "  aqplan run scenarios/plan-2023.toml --samples 100000000 --part 1/4 --part-file part1.aqpart   " +
             words(lang, msg::cli_run_example_part_note));
  return [o](Output& io) {
    RunRequest req;
    req.scenario = o->scenario;
    req.scenario_options.observed_file = o->observed;
    const EngineFlags::Values v = o->engine.values();
    req.samples = v.samples;
    req.seed = v.seed;
    req.threads = v.threads;
    req.deterministic = o->deterministic;
    const RunTableOptions table = o->table.options();
    const Interruptible guard(io);
    req.progress = [&guard](std::uint64_t done, std::uint64_t total) {
      guard.bar().update(done, total, Text(msg::cli_progress_samples));
    };
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
      io.print(io.say(Text(msg::cli_part_written, o->part_file, part.part, part.parts, part.scenario,
                           Text(msg::cli_part_samples, part.begin, part.end, part.samples, part.seed))) +
               "\n");
      return kExitOk;
    });
  };
}

Handler setup_merge(CLI::App& sub, Language lang) {
  struct Flags {
    std::string scenario;
    std::vector<std::string> parts;
    std::string observed;
    ViewFlags view;
    TableFlags table;
  };
  auto o = std::make_shared<Flags>();
  sub.add_option("SCENARIO", o->scenario, words(lang, msg::cli_opt_merge_scenario))->required()->check(existing_file(lang));
  sub.add_option("PART_FILES", o->parts, words(lang, msg::cli_opt_merge_parts))->required()->check(existing_file(lang));
  sub.add_option("--observed", o->observed, words(lang, msg::cli_opt_merge_observed))->check(existing_file(lang));
  add_view_flags(sub, o->view, lang, words(lang, msg::cli_files_run));
  add_table_flags(sub, o->table, lang);
  sub.footer(words(lang, msg::cli_merge_about) + "\n\n" + words(lang, msg::cli_example) +
             "\n  for k in 1 2 3 4; do aqplan run scenarios/plan-2023.toml --samples 4000000 --part "
             "$k/4 --part-file part$k.aqpart & done; wait\n  aqplan merge scenarios/plan-2023.toml part*.aqpart --format json");
  return [o](Output& io) {
    const RunTableOptions table = o->table.options();
    const RunOutput run = merge_scenario_parts(o->scenario, o->parts, ScenarioOptions{o->observed});
    return emit(render(run, o->view.options(), table), o->view, io);
  };
}

Handler setup_schedule(CLI::App& sub, Language lang) {
  struct Flags {
    std::string path;
    ViewFlags view;
  };
  auto o = std::make_shared<Flags>();
  sub.add_option("SCENARIO_OR_DATASET", o->path, words(lang, msg::cli_opt_scenario_or_dataset))
      ->required()
      ->check(existing_path(lang));
  add_view_flags(sub, o->view, lang);
  sub.footer(words(lang, msg::cli_example) +
             "\n  aqplan schedule scenarios/plan-2023.toml\n  aqplan schedule data/zezhou-2023 --format json");
  return [o](Output& io) { return emit(render(schedule_of(o->path), o->view.options()), o->view, io); };
}

}  // namespace aqplan::cli
