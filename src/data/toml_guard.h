// Internal to the TOML layer: a lexical check of a TOML document before
// toml++ parses it, so that no input reaches the parser's known defects
// (docs/guarantees.md). toml++ 3.3.0, Debian 12's, recurses once per
// nesting level (a file of 60,000 dotted keys overflows the stack) and hits
// `unreachable` or a failed assertion on a non-ASCII character where a key
// or whitespace is expected (upstream issues #190, #295), on a table header
// that starts with no key ("[`", "[[[1]]]", upstream PR #301), and on a
// closing bracket of the wrong kind ("a = [ }").
//
// The check accepts every valid TOML document aqplan needs and refuses,
// with the position of the first problem:
//   * nesting deeper than max_toml_nesting (base/limits.h): arrays and
//     inline tables inside each other, plus the parts of the dotted key
//     they sit under;
//   * a character other than a bare-key character or a quote where a key
//     is expected (table headers, keys of key/value pairs and inline tables);
//   * a non-ASCII character outside a string or a comment;
//   * a control character (other than tab and newline) anywhere, DEL
//     included — TOML allows them nowhere unescaped;
//   * a closing bracket that does not match the open one, or a string,
//     array or inline table left open at the end of the file.
// Anything else — the grammar of numbers, dates and escapes — is left to
// toml++, which reports it without reaching its defects.
//
// The text must be valid UTF-8 (base/files.h read_text_file checks it).
// Thread safety: pure function.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "aqplan/base/diagnostic.h"

namespace aqplan::detail {

struct TomlProblem {
  int line = 0;    // 1-based
  int column = 0;  // 1-based, in code points
  Text message;    // what is wrong (base/messages/reader.def)
};

// The first problem of `text` (see above), or nullopt when toml++ may parse it.
std::optional<TomlProblem> toml_guard(std::string_view text, std::size_t max_nesting);

}  // namespace aqplan::detail
