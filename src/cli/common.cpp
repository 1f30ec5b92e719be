#include <filesystem>
#include <ostream>

#include <fmt/format.h>

#include "aqplan/base/files.h"
#include "aqplan/base/diagnostic.h"
#include "aqplan/base/text.h"
#include "cli/cli.h"

namespace aqplan::cli {

namespace fs = std::filesystem;

void add_engine_flags(CLI::App& sub, EngineFlags& flags, const std::string& samples_help, const std::string& seed_help) {
  sub.add_option("--samples", flags.samples, samples_help)->check(CLI::PositiveNumber);
  sub.add_option("--seed", flags.seed, seed_help);
  sub.add_option("--threads", flags.threads, "Worker threads (default: every core); results do not depend on it")
      ->check(CLI::NonNegativeNumber);
}

void add_view_flags(CLI::App& sub, ViewFlags& flags, const std::string& files) {
  sub.add_option("--format", flags.format, "Output on stdout: table, csv or json")
      ->check(CLI::IsMember({"table", "csv", "json"}))
      ->capture_default_str();
  sub.add_option("--lang", flags.lang, "Language of the terminal table: en or zh")
      ->check(CLI::IsMember({"en", "zh"}))
      ->capture_default_str();
  sub.add_flag("--excel", flags.excel, "Start the CSV with a UTF-8 byte-order mark, for Excel on Windows");
  if (!files.empty())
    sub.add_option("--out", flags.out_dir, fmt::format("Directory to write {} into (created if missing)", files));
}

ViewOptions ViewFlags::options() const {
  ViewOptions o;
  o.format = parse_format(format).value_or(Format::table);
  o.lang = parse_language(lang).value_or(Language::en);
  o.excel = excel;
  return o;
}

void Output::print(std::string_view text) const { write_stdout(text); }

void check_out_dir(const std::string& dir) {
  std::error_code ec;
  if (!dir.empty() && fs::exists(dir, ec) && !fs::is_directory(dir, ec))
    throw InputError("--out", 0, 0, fmt::format("'{}' exists and is not a directory; give a directory for the result files", dir));
}

int emit(const Rendered& r, const ViewFlags& flags, Output& io) {
  if (!flags.out_dir.empty() && !r.files.empty()) {
    check_out_dir(flags.out_dir);
    std::error_code ec;
    fs::create_directories(flags.out_dir, ec);
    if (ec) throw std::runtime_error(fmt::format("{}: cannot create the directory: {}", flags.out_dir, ec.message()));
    std::vector<std::pair<std::string, std::string>> files;
    for (const auto& f : r.files) files.emplace_back((fs::path(flags.out_dir) / f.name).string(), f.content);
    write_files_atomic(files);
  }
  io.print(r.text);
  return kExitOk;
}

}  // namespace aqplan::cli
