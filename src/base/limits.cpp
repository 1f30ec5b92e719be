#include "aqplan/base/limits.h"

#include "base/messages.h"

#include <array>
#include <cctype>
#include <charconv>
#include <cstdlib>
#include <fstream>
#include <mutex>
#include <optional>
#include <sstream>

#include <fmt/format.h>

#include "aqplan/base/diagnostic.h"
#include "aqplan/base/paths.h"

namespace aqplan {

namespace {

struct Key {
  const char* name;
  std::uint64_t Limits::*field;
};
constexpr std::array<Key, 10> kKeys = {{{"max_file_bytes", &Limits::max_file_bytes},
                                        {"max_toml_nesting", &Limits::max_toml_nesting},
                                        {"max_table_row_bytes", &Limits::max_table_row_bytes},
                                        {"max_table_cell_bytes", &Limits::max_table_cell_bytes},
                                        {"max_samples", &Limits::max_samples},
                                        {"max_parts", &Limits::max_parts},
                                        {"max_threads", &Limits::max_threads},
                                        {"max_abs_number", &Limits::max_abs_number},
                                        {"max_measures", &Limits::max_measures},
                                        {"max_kept_samples", &Limits::max_kept_samples}}};

// A positive decimal integer, underscores between digits allowed.
std::optional<std::uint64_t> parse_count(std::string_view s) {
  std::string digits;
  for (std::size_t i = 0; i < s.size(); ++i) {
    const char c = s[i];
    if (c == '_' && i > 0 && i + 1 < s.size() && std::isdigit(static_cast<unsigned char>(s[i - 1])) &&
        std::isdigit(static_cast<unsigned char>(s[i + 1])))
      continue;
    if (!std::isdigit(static_cast<unsigned char>(c))) return std::nullopt;
    digits += c;
  }
  std::uint64_t v = 0;
  const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), v);
  if (digits.empty() || ec != std::errc() || end != digits.data() + digits.size() || v == 0) return std::nullopt;
  return v;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
  return s;
}

// One line `key = value` (comments and blank lines skipped) into `out`.
void read_line(std::string_view line, int ln, const std::string& path, Limits& out, std::array<int, kKeys.size()>& seen,
               Diagnostics& diags) {
  if (const auto hash = line.find('#'); hash != std::string_view::npos) line = line.substr(0, hash);
  line = trim(line);
  if (line.empty()) return;
  const auto eq = line.find('=');
  const std::string_view key = trim(line.substr(0, eq == std::string_view::npos ? line.size() : eq));
  std::size_t k = 0;
  while (k < kKeys.size() && key != kKeys[k].name) ++k;
  if (eq == std::string_view::npos || k == kKeys.size()) {
    diags.error(path, ln, 1, Text(msg::limits_not_a_limit, key));
    return;
  }
  if (seen[k] != 0) diags.error(path, ln, 1, Text(msg::limits_given_twice, key, seen[k]));
  seen[k] = ln;
  const auto v = parse_count(trim(line.substr(eq + 1)));
  if (!v) diags.error(path, ln, static_cast<int>(eq) + 2, Text(msg::limits_not_positive_integer, key));
  else out.*kKeys[k].field = *v;
}

Limits load() {
  const std::string path = default_data_dir() + "/limits.toml";
  Limits l = read_limits_file(path);
  Diagnostics diags;
  for (const Key& k : kKeys) {
    const std::string var = limit_variable(k.name);
    const char* env = std::getenv(var.c_str());
    if (!env || !*env) continue;
    if (const auto v = parse_count(env)) l.*k.field = *v;
    else diags.error(var, 0, 0, Text(msg::limits_variable_not_positive_integer, env));
  }
  if (l.max_toml_nesting > kTomlNestingCeiling)
    diags.error(limit_variable("max_toml_nesting"), 0, 0,
                Text(msg::limits_nesting_above_ceiling, l.max_toml_nesting, kTomlNestingCeiling));
  diags.throw_if_errors();
  return l;
}

}  // namespace

Limits read_limits_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in)
    throw InputError(path, 0, 0, Text(msg::limits_cannot_read, data_dir_rule_text()));
  std::string text(64 * 1024, '\0');  // a limits file is a few hundred bytes
  in.read(text.data(), static_cast<std::streamsize>(text.size()));
  text.resize(static_cast<std::size_t>(in.gcount()));
  Limits out;
  Diagnostics diags;
  std::array<int, kKeys.size()> seen{};
  std::istringstream lines(text);
  int ln = 0;
  for (std::string line; std::getline(lines, line);) read_line(line, ++ln, path, out, seen, diags);
  for (std::size_t k = 0; k < kKeys.size(); ++k)
    if (seen[k] == 0) diags.error(path, 0, 0, Text(msg::limits_missing, kKeys[k].name));
  if (out.max_toml_nesting > kTomlNestingCeiling)
    diags.error(path, seen[1], 1, Text(msg::limits_file_nesting_above_ceiling, out.max_toml_nesting, kTomlNestingCeiling));
  diags.throw_if_errors();
  return out;
}

const Limits& limits() {
  static std::once_flag once;
  static Limits value;
  static std::optional<InputError> error;
  std::call_once(once, [] {
    try {
      value = load();
    } catch (const InputError& e) {
      error.emplace(e);
    }
  });
  if (error) throw *error;
  return value;
}

std::string limit_variable(std::string_view key) {
  std::string out = "AQPLAN_";
  for (char c : key) out += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return out;
}

Text raise_hint(std::string_view key) {
  return Text(msg::raise_limit, key, default_data_dir() + "/limits.toml", limit_variable(key));
}

}  // namespace aqplan
