// aqplan/base/limits.h — the resource limits of data/limits.toml: how large
// an input aqplan accepts (file size, TOML nesting, Markdown row and cell
// size, samples, parts, threads, samples kept in memory), so that a hostile or broken input is
// refused with an error that names the limit instead of crashing, hanging
// or exhausting memory (docs/guarantees.md).
//
// Read once, on first use, from limits.toml in the data directory
// (base/paths.h); each limit may be overridden for one process by the
// environment variable limit_variable() names (e.g. AQPLAN_MAX_FILE_BYTES).
// Units: bytes, levels, samples, parts, threads.
//
// Thread safety: limits() may be called from any thread (read once,
// thread-safe); a bad limits file throws InputError from every call.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "aqplan/base/message.h"

namespace aqplan {

// A ceiling on max_toml_nesting, of the code rather than the data: toml++
// parses dotted keys recursively and overflows an 8 MiB stack near 60,000
// levels (30,000 measured clean in a release build); 1,000 leaves room for
// sanitizer builds and smaller thread stacks.
inline constexpr std::uint64_t kTomlNestingCeiling = 1000;

struct Limits {
  std::uint64_t max_file_bytes = 0;
  std::uint64_t max_toml_nesting = 0;
  std::uint64_t max_table_row_bytes = 0;
  std::uint64_t max_table_cell_bytes = 0;
  std::uint64_t max_samples = 0;
  std::uint64_t max_parts = 0;
  std::uint64_t max_threads = 0;
  std::uint64_t max_abs_number = 0;
  std::uint64_t max_measures = 0;
  std::uint64_t max_kept_samples = 0;
};

// The limits in force. Throws InputError (file:line:col) when the limits
// file is missing or malformed, or an override is not a positive integer.
const Limits& limits();

// Reads a limits file (the format of data/limits.toml), applying no
// overrides. InputError for anything but every key once, as a positive
// integer.
Limits read_limits_file(const std::string& path);

// "AQPLAN_MAX_FILE_BYTES" for "max_file_bytes".
std::string limit_variable(std::string_view key);

// The second sentence of an error beyond a limit, how to raise it, as a
// catalogue message (base/message.h): "(max_file_bytes in
// DATA/limits.toml; raise it there, or for one run with AQPLAN_MAX_FILE_BYTES)".
Text raise_hint(std::string_view key);

}  // namespace aqplan
