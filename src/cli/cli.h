// Internal to the aqplan executable: the table of subcommands, the options
// they share, and the one output helper. Each subcommand registers its
// options on a CLI11 sub-app and returns the handler that runs it; a
// handler parses, calls one library function, and hands the result to
// emit(). Exit codes: 0 success, 1 a run that failed, 2 bad input or usage,
// 130 interrupted.
#pragma once

#include <cstdint>
#include <functional>
#include <iosfwd>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <CLI/CLI.hpp>

#include "aqplan/base/diagnostic.h"
#include "aqplan/base/metric.h"
#include "aqplan/views/view.h"

namespace aqplan::cli {

inline constexpr int kExitOk = 0;
inline constexpr int kExitFailed = 1;
inline constexpr int kExitBadInput = 2;
inline constexpr int kExitInterrupted = 130;

// The language of what the program says besides its tables (diagnostics,
// help, usage errors, progress): `--lang` on the command line, else
// AQPLAN_LANG (`asked`); for diagnostics about a dataset, else the language
// its dataset.toml writes; else the locale's; else English.
// docs/language.md.
std::optional<Language> asked_language(int argc, char** argv);
Language say_language(const std::optional<Language>& asked, const Diagnostics* about = nullptr);

struct Output {
  std::ostream& err;  // diagnostics, warnings, progress
  std::optional<Language> asked;  // asked_language()
  // `d` as the planner reads it: every diagnostic, one per line.
  std::string say(const Diagnostics& d) const { return d.to_string(say_language(asked, &d)); }
  // `t` in the language of the program's messages.
  std::string say(const Text& t) const { return t.str(say_language(asked)); }
  // Results, on standard output; a failed write throws (exit 1).
  void print(std::string_view text) const;
};

using Handler = std::function<int(Output&)>;

struct Command {
  const char* name;
  const char* description;
  Handler (*setup)(CLI::App& sub);  // registers options; returns the handler
};

// Every subcommand, in the order `aqplan --help` lists them.
const std::vector<Command>& commands();

// --samples, --seed, --threads, as typed; checked by values().
struct EngineFlags {
  std::string samples, seed, threads;
  struct Values {
    std::optional<std::uint64_t> samples, seed;
    int threads = 0;
  };
  // InputError ("--samples: …") for a value out of range (base/limits.h).
  Values values() const;
};
void add_engine_flags(CLI::App& sub, EngineFlags& flags, const std::string& samples_help, const std::string& seed_help);

// --format, --lang, --excel and (when `files` is given) --out DIR.
struct ViewFlags {
  std::string format = "table";
  std::string lang;  // empty: the dataset's language
  bool excel = false;
  std::string out_dir;
  ViewOptions options() const;
};
void add_view_flags(CLI::App& sub, ViewFlags& flags, const std::string& files = {});

// The one output helper: every file of `r` under --out (created if
// missing), all or none (base/files.h write_files_atomic), then r.text on
// standard output.
int emit(const Rendered& r, const ViewFlags& flags, Output& io);

// A probability flag: a finite number in [lo, hi] (InputError "--flag: …").
double parse_probability(const std::string& flag, const std::string& text, double lo, double hi);

// A metric as a planner types it (any case, "PM2.5"), or a comma-separated
// list of them. InputError ("--metric: unknown metric 'pm2'; did you mean
// 'pm25'? …") otherwise.
Metric parse_metric_flag(const std::string& flag, const std::string& text);
std::vector<Metric> parse_metric_list(const std::string& flag, const std::string& text);

// Bad usage of --out, found before a run: a path that exists and is not a
// directory. InputError ("--out: …").
void check_out_dir(const std::string& dir);

// Defined in one file per group of commands.
Handler setup_import_targets(CLI::App& sub);
Handler setup_import_ledger(CLI::App& sub);
Handler setup_run(CLI::App& sub);
Handler setup_merge(CLI::App& sub);
Handler setup_schedule(CLI::App& sub);
Handler setup_validate(CLI::App& sub);
Handler setup_compare(CLI::App& sub);
Handler setup_rank(CLI::App& sub);
Handler setup_gap(CLI::App& sub);
Handler setup_explain(CLI::App& sub);

}  // namespace aqplan::cli
