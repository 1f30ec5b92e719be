// Internal to the aqplan executable: the table of subcommands. Each
// subcommand registers its options on a CLI11 sub-app and returns the
// handler that runs it; handlers call library functions and print through
// the Output streams. Exit codes: 0 success, 1 a run that failed, 2 bad input
// or usage.
#pragma once

#include <functional>
#include <iosfwd>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "aqplan/model/model.h"
#include "aqplan/results/report.h"

namespace aqplan::cli {

inline constexpr int kExitOk = 0;
inline constexpr int kExitFailed = 1;
inline constexpr int kExitBadInput = 2;

struct Output {
  std::ostream& out;  // results
  std::ostream& err;  // diagnostics, warnings, progress
};

using Handler = std::function<int(Output&)>;

struct Command {
  const char* name;
  const char* description;
  Handler (*setup)(CLI::App& sub);  // registers options; returns the handler
};

// Every subcommand, in the order `aqplan --help` lists them.
const std::vector<Command>& commands();

// Shared by the commands (src/cli/common.cpp).
// A scenario file, or a dataset directory taken as "the plan as written".
ModelInputs inputs_for(const std::string& path);
Language language(const std::string& code);
// Writes every (name, content) under `dir` (created if missing), each file
// atomically; the caller formats everything first, so that an error leaves
// nothing half-written.
void write_output_files(const std::string& dir, const std::vector<std::pair<std::string, std::string>>& files);

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

}  // namespace aqplan::cli
