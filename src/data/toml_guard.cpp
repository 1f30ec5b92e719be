#include "data/toml_guard.h"

#include <fmt/format.h>

#include "aqplan/base/limits.h"
#include "aqplan/base/text.h"
#include "base/messages.h"

namespace aqplan::detail {

namespace {

bool bare_key_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
}
bool scalar_char(char c) { return bare_key_char(c) || c == '+' || c == '.' || c == ':'; }

struct Stop {
  TomlProblem problem;
};

class Guard {
 public:
  Guard(std::string_view text, std::size_t max_nesting) : s_(text), max_(max_nesting) {}

  void document() {
    while (i_ < s_.size()) line();
  }

 private:
  // --- position ---------------------------------------------------------
  char peek(std::size_t ahead = 0) const { return i_ + ahead < s_.size() ? s_[i_ + ahead] : '\0'; }
  bool at_end() const { return i_ >= s_.size(); }
  void advance() {
    if (s_[i_] == '\n') {
      ++line_;
      column_ = 1;
    } else if ((static_cast<unsigned char>(s_[i_]) & 0xC0) != 0x80) {
      ++column_;
    }
    ++i_;
  }
  // The code point starting here, for messages ("'µ' (U+00B5)").
  std::string here() const {
    const std::u32string cp = to_u32(s_.substr(i_, 4));
    const char32_t c = cp.empty() ? 0 : cp[0];
    if (c < 0x20 || c == 0x7F) return fmt::format("U+{:04X}", static_cast<unsigned>(c));
    return fmt::format("'{}' (U+{:04X})", to_utf8(std::u32string(1, c)), static_cast<unsigned>(c));
  }
  [[noreturn]] void fail(Text message) const { throw Stop{{line_, column_, std::move(message)}}; }
  [[noreturn]] void fail_at(int line, int column, Text message) const {
    throw Stop{{line, column, std::move(message)}};
  }

  // Control characters are allowed nowhere (but tab and newline); DEL neither.
  void check_char() const {
    const auto c = static_cast<unsigned char>(peek());
    if ((c < 0x20 && c != '\t' && c != '\n') || c == 0x7F)
      fail(Text(msg::guard_control_character, here(), fmt::format("\\u{:04X}", static_cast<unsigned>(c))));
  }
  // `where`: a guard_where_* message ("after a value").
  void ascii_only(const MessageDef& where) const {
    if (static_cast<unsigned char>(peek()) >= 0x80) fail(Text(msg::guard_not_ascii, here(), Text(where)));
    check_char();
  }

  // --- whitespace, comments, lines ----------------------------------------
  void spaces() {
    while (peek() == ' ' || peek() == '\t') advance();
  }
  void comment() {
    if (peek() != '#') return;
    while (!at_end() && peek() != '\n') {
      check_char();
      advance();
    }
  }
  // Spaces, comments and newlines (inside an array).
  void blank() {
    for (;;) {
      spaces();
      if (peek() == '#') comment();
      else if (peek() == '\n') advance();
      else return;
    }
  }
  void end_of_line() {
    spaces();
    comment();
    if (at_end()) return;
    if (peek() != '\n') {
      ascii_only(msg::guard_where_after_value);
      fail(Text(msg::guard_expected_end_of_line, here()));
    }
    advance();
  }

  void line() {
    spaces();
    if (peek() == '#' || peek() == '\n' || at_end()) return end_of_line();
    if (peek() == '[') header();
    else key_value(0);
    end_of_line();
  }

  // --- keys -----------------------------------------------------------------
  // A dotted key; its number of parts.
  std::size_t key() {
    std::size_t parts = 0;
    for (;;) {
      spaces();
      if (peek() == '"' || peek() == '\'') {
        string_literal();
      } else if (bare_key_char(peek())) {
        while (bare_key_char(peek())) advance();
      } else {
        if (at_end() || peek() == '\n') fail(Text(msg::guard_key_at_end_of_line));
        ascii_only(msg::guard_where_key_expected);
        fail(Text(msg::guard_expected_key, here()));
      }
      ++parts;
      if (parts > max_) nesting();
      spaces();
      if (peek() != '.') return parts;
      advance();
    }
  }

  void header() {
    advance();  // '['
    const bool array = peek() == '[';
    if (array) advance();
    (void)key();
    if (peek() != ']') {
      ascii_only(msg::guard_where_table_header);
      fail(Text(msg::guard_unclosed_header, here()));
    }
    advance();
    if (array) {
      if (peek() != ']') fail(Text(msg::guard_unclosed_array_header));
      advance();
    }
  }

  void key_value(std::size_t depth) {
    const std::size_t parts = key();
    if (peek() != '=') {
      if (at_end() || peek() == '\n') fail(Text(msg::guard_equals_at_end_of_line));
      ascii_only(msg::guard_where_after_key);
      fail(Text(msg::guard_expected_equals, here()));
    }
    advance();
    spaces();
    value(depth + parts - 1);
  }

  [[noreturn]] void nesting() const {
    fail(Text(msg::guard_too_deep, max_, raise_hint("max_toml_nesting")));
  }

  // --- values ----------------------------------------------------------------
  void value(std::size_t depth) {
    const char c = peek();
    if (c == '"' || c == '\'') return string_literal();
    if (c == '[' || c == '{') {
      if (depth + 1 > max_) nesting();
      return c == '[' ? array(depth + 1) : inline_table(depth + 1);
    }
    if (!scalar_char(c)) {
      if (at_end() || c == '\n') fail(Text(msg::guard_value_at_end_of_line));
      ascii_only(msg::guard_where_value_expected);
      fail(Text(msg::guard_expected_value, here()));
    }
    std::size_t length = 0;
    while (scalar_char(peek())) {
      advance();
      ++length;
    }
    // A date and time may be separated by a space: "1979-05-27 07:32:00".
    if (length == 10 && peek() == ' ' && peek(1) >= '0' && peek(1) <= '9') {
      advance();
      while (scalar_char(peek())) advance();
    }
  }

  void close(char want, int line, int column) {
    const std::string open(1, want == ']' ? '[' : '{');
    if (at_end()) fail_at(line, column, Text(msg::guard_never_closed, open));
    if (peek() != want) {
      if (peek() == ']' || peek() == '}')
        fail(Text(msg::guard_wrong_close, std::string(1, peek()), open, line, column));
      ascii_only(msg::guard_where_array_or_inline_table);
      fail(Text(msg::guard_expected_comma_or_close, std::string(1, want), here()));
    }
    advance();
  }

  void array(std::size_t depth) {
    const int line = line_, column = column_;
    advance();  // '['
    for (;;) {
      blank();
      if (peek() == ']' || at_end()) break;
      value(depth);
      blank();
      if (peek() != ',') break;
      advance();
    }
    close(']', line, column);
  }

  void inline_table(std::size_t depth) {
    const int line = line_, column = column_;
    advance();  // '{'
    for (;;) {
      spaces();
      if (peek() == '}' || at_end() || peek() == '\n') break;
      key_value(depth);
      spaces();
      if (peek() != ',') break;
      advance();
    }
    close('}', line, column);
  }

  // A basic or literal string, single- or multi-line.
  void string_literal() {
    const char quote = peek();
    const int line = line_, column = column_;
    const bool multi = peek(1) == quote && peek(2) == quote;
    for (int k = 0; k < (multi ? 3 : 1); ++k) advance();
    for (;;) {
      if (at_end()) fail_at(line, column, Text(msg::guard_string_never_closed));
      if (peek() == '\n' && !multi) fail_at(line, column, Text(msg::guard_string_not_ended));
      if (peek() == '\\' && quote == '"') {
        advance();
        if (at_end()) continue;
        check_char();
        advance();
        continue;
      }
      if (peek() == quote && (!multi || (peek(1) == quote && peek(2) == quote))) break;
      check_char();
      advance();
    }
    for (int k = 0; k < (multi ? 3 : 1); ++k) advance();
    // A multi-line string may end in up to two more quotes (""""").
    for (int k = 0; multi && k < 2 && peek() == quote; ++k) advance();
  }

  std::string_view s_;
  std::size_t max_;
  std::size_t i_ = 0;
  int line_ = 1;
  int column_ = 1;
};

}  // namespace

std::optional<TomlProblem> toml_guard(std::string_view text, std::size_t max_nesting) {
  try {
    Guard(text, max_nesting).document();
  } catch (const Stop& stop) {
    return stop.problem;
  }
  return std::nullopt;
}

}  // namespace aqplan::detail
