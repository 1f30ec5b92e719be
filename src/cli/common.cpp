#include <filesystem>
#include <ostream>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "aqplan/base/files.h"
#include <algorithm>
#include <charconv>
#include <cmath>
#include <limits>

#include "aqplan/base/diagnostic.h"
#include "aqplan/base/limits.h"
#include "aqplan/base/text.h"
#include "cli/cli.h"

namespace aqplan::cli {

namespace fs = std::filesystem;

// A whole number in [lo, hi]: digits, or a power-of-ten form planners type
// ("1e6", "2.5e5") that is whole. InputError naming the flag otherwise;
// `limit` names the limits.toml key of hi, if it is one.
std::uint64_t parse_count(const std::string& flag, const std::string& text, std::uint64_t lo, std::uint64_t hi,
                          const std::string& limit) {
  const Text range = limit.empty() ? Text(msg::cli_whole_number_range, lo, hi)
                                   : Text(msg::cli_whole_number_range_limit, lo, hi, raise_hint(limit));
  const bool digits = !text.empty() && text.find_first_not_of("0123456789") == std::string::npos;
  std::uint64_t v = 0;
  if (digits) {
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
    if (ec != std::errc() || end != text.data() + text.size())
      throw InputError(flag, 0, 0, Text(msg::cli_quoted_value_is_not, text, range));
  } else {
    const auto x = parse_number(text);
    const bool whole = x && text.find_first_of("eE") != std::string::npos && *x >= 0 && *x <= 1e18 && std::floor(*x) == *x;
    if (!whole) throw InputError(flag, 0, 0, Text(msg::cli_quoted_value_is_not, text, range));
    v = static_cast<std::uint64_t>(*x);
  }
  if (v < lo || v > hi) throw InputError(flag, 0, 0, Text(msg::cli_value_is_not, text, range));
  return v;
}


void add_engine_flags(CLI::App& sub, EngineFlags& flags, Language lang, const std::string& samples_help,
                      const std::string& seed_help) {
  sub.add_option("--samples", flags.samples, words(lang, msg::cli_opt_samples_example, samples_help));
  sub.add_option("--seed", flags.seed, words(lang, msg::cli_opt_seed_range, seed_help));
  sub.add_option("--threads", flags.threads, words(lang, msg::cli_opt_threads));
}

EngineFlags::Values EngineFlags::values() const {
  Values v;
  if (!samples.empty()) v.samples = parse_count("--samples", samples, 1, limits().max_samples, "max_samples");
  if (!seed.empty()) v.seed = parse_count("--seed", seed, 0, std::numeric_limits<std::uint64_t>::max(), "");
  if (!threads.empty())
    v.threads = static_cast<int>(parse_count("--threads", threads, 0, limits().max_threads, "max_threads"));
  return v;
}

double parse_probability(const std::string& flag, const std::string& text, double lo, double hi) {
  const auto x = parse_number(text);
  if (!x || *x < lo || *x > hi) throw InputError(flag, 0, 0, Text(msg::cli_not_a_number_in, text, lo, hi));
  return *x;
}

void add_view_flags(CLI::App& sub, ViewFlags& flags, Language lang, const std::string& files) {
  sub.add_option("--format", flags.format, words(lang, msg::cli_opt_format))
      ->check(one_of({"table", "csv", "json"}, lang))
      ->capture_default_str();
  sub.add_option("--lang", flags.lang, words(lang, msg::cli_opt_table_lang))->check(one_of({"en", "zh"}, lang));
  sub.add_flag("--excel", flags.excel, words(lang, msg::cli_opt_excel));
  if (!files.empty()) {
    sub.add_option("--out", flags.out_dir, words(lang, msg::cli_opt_out, files));
    sub.parse_complete_callback([&flags] { check_out_dir(flags.out_dir); });  // bad usage, found before a run
  }
}

ViewOptions ViewFlags::options() const {
  ViewOptions o;
  o.format = parse_format(format).value_or(Format::table);
  o.lang = lang.empty() ? language_from_env() : parse_language(lang);  // neither: the dataset's language
  o.excel = excel;
  return o;
}

Metric parse_metric_flag(const std::string& flag, const std::string& text) {
  if (const auto m = parse_metric(trim(text))) return *m;
  // The metrics are keys, listed as written in either language.
  throw InputError(flag, 0, 0,
                   Text(msg::cli_unknown_metric, text, did_you_mean_text(text, metric_names()),
                        fmt::format("{}", fmt::join(metric_names(), ", "))));
}

std::vector<Metric> parse_metric_list(const std::string& flag, const std::string& text) {
  std::vector<Metric> out;
  std::size_t begin = 0;
  while (begin <= text.size()) {
    const std::size_t comma = std::min(text.find(',', begin), text.size());
    const Metric m = parse_metric_flag(flag, text.substr(begin, comma - begin));
    if (std::find(out.begin(), out.end(), m) == out.end()) out.push_back(m);
    begin = comma + 1;
  }
  return out;
}

void Output::print(std::string_view text) const { write_stdout(text); }

std::optional<Language> asked_language(int argc, char** argv) {
  for (int i = 1; i < argc; ++i) {
    const std::string_view a = argv[i];
    if (a == "--") break;
    // A value that is not a language is a usage error, said in the language of the environment.
    if (a == "--lang" && i + 1 < argc) {
      if (const auto lang = parse_language(argv[i + 1])) return lang;
    } else if (a.starts_with("--lang=")) {
      if (const auto lang = parse_language(a.substr(7))) return lang;
    }
  }
  return language_from_env();
}

Language say_language(const std::optional<Language>& asked, const Diagnostics* about) {
  if (asked) return *asked;
  if (about && about->language) return *about->language;
  return language_from_locale().value_or(Language::en);
}

void check_out_dir(const std::string& dir) {
  std::error_code ec;
  if (!dir.empty() && fs::exists(dir, ec) && !fs::is_directory(dir, ec))
    throw InputError("--out", 0, 0, Text(msg::cli_out_not_a_directory, dir));
}

int emit(const Rendered& r, const ViewFlags& flags, Output& io) {
  if (!flags.out_dir.empty() && !r.files.empty()) {
    check_out_dir(flags.out_dir);
    std::error_code ec;
    fs::create_directories(flags.out_dir, ec);
    if (ec) throw RunError(Text(msg::cli_cannot_create_directory, flags.out_dir, ec.message()));
    std::vector<std::pair<std::string, std::string>> files;
    for (const auto& f : r.files) files.emplace_back((fs::path(flags.out_dir) / f.name).string(), f.content);
    write_files_atomic(files);
  }
  io.print(r.text);
  return kExitOk;
}

}  // namespace aqplan::cli
