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
#include "base/messages.h"

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

// A catalogue entry in `lang`: the help is built before the command line is
// parsed, in the language say_language() gives for it.
template <class... A>
std::string words(Language lang, const MessageDef& def, const A&... args) {
  return Text(def, args...).str(lang);
}
// "a, b, c" ("a、b、c" in Chinese): names shown as written.
std::string list_words(Language lang, const std::vector<std::string>& items);

struct Command {
  const char* name;
  const MessageDef& description;
  Handler (*setup)(CLI::App& sub, Language lang);  // registers options, their help in `lang`; returns the handler
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
void add_engine_flags(CLI::App& sub, EngineFlags& flags, Language lang, const std::string& samples_help,
                      const std::string& seed_help);

// --format, --lang, --excel and (when `files` is given) --out DIR.
struct ViewFlags {
  std::string format = "table";
  std::string lang;  // empty: the dataset's language
  bool excel = false;
  std::string out_dir;
  ViewOptions options() const;
};
void add_view_flags(CLI::App& sub, ViewFlags& flags, Language lang, const std::string& files = {});

// The one output helper: every file of `r` under --out (created if
// missing), all or none (base/files.h write_files_atomic), then r.text on
// standard output.
int emit(const Rendered& r, const ViewFlags& flags, Output& io);

// A whole number in [lo, hi]: digits, or a power-of-ten form planners type
// ("1e6", "2.5e5") that is whole. InputError naming the flag otherwise;
// `limit` names the limits.toml key of hi, if it is one.
std::uint64_t parse_count(const std::string& flag, const std::string& text, std::uint64_t lo, std::uint64_t hi,
                          const std::string& limit);

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

// The help and usage errors in `lang` (usage.cpp). CLI11 writes its own
// words (labels such as "Usage", "OPTIONS", "REQUIRED", the groups, the
// kinds of value) and its errors in English; these put them in the
// catalogue's words.
//
// Sets the formatter, labels, groups and help flag of `app`; call before
// adding options and subcommands (they inherit them).
void set_help_language(CLI::App& app, Language lang);
// A usage error (not --help or --version) as the planner reads it, without
// a trailing newline: CLI11's message of each kind of error in the
// catalogue's words, naming the same options and values.
std::string usage_error(const CLI::ParseError& e, Language lang);
// Checks whose messages are the catalogue's (CLI11's ExistingFile,
// ExistingPath and IsMember say theirs in English).
CLI::Validator existing_file(Language lang);
CLI::Validator existing_path(Language lang);
CLI::Validator one_of(const std::vector<std::string>& values, Language lang);

// Defined in one file per group of commands.
Handler setup_import_targets(CLI::App& sub, Language lang);
Handler setup_import_ledger(CLI::App& sub, Language lang);
Handler setup_import_observations(CLI::App& sub, Language lang);
Handler setup_run(CLI::App& sub, Language lang);
Handler setup_merge(CLI::App& sub, Language lang);
Handler setup_schedule(CLI::App& sub, Language lang);
Handler setup_validate(CLI::App& sub, Language lang);
Handler setup_compare(CLI::App& sub, Language lang);
Handler setup_rank(CLI::App& sub, Language lang);
Handler setup_gap(CLI::App& sub, Language lang);
Handler setup_explain(CLI::App& sub, Language lang);
Handler setup_report(CLI::App& sub, Language lang);

}  // namespace aqplan::cli
