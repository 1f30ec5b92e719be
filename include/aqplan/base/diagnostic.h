// aqplan/base/diagnostic.h — problems found in input, as values.
//
// Every loader, importer and validator reports what is wrong with its input as
// a Diagnostic that points at the place (file, 1-based line and column; 0 when
// unknown) and says what is wrong in words a planner can act on: a Text of
// the message catalogue (base/message.h), shown in English or Chinese. Library code
// never prints: it collects diagnostics and either returns them (warnings) or
// throws InputError carrying all of them (errors). The CLI formats them as
// `file:line:col: message` (GNU style, so editors can jump to them), in the
// language the planner chose (`--lang`, AQPLAN_LANG, the dataset's language,
// the locale; docs/language.md).
//
// Thread safety: plain values; a Diagnostics list is not synchronised.
#pragma once

#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "aqplan/base/message.h"

namespace aqplan {

enum class Severity { error, warning };

// Where something was written: a file and a 1-based line and column (0 when
// unknown), kept by the readers for the checks that come later.
struct SourceRef {
  std::string file;
  int line = 0;
  int column = 0;
};

struct Diagnostic {
  Severity severity = Severity::error;
  std::string file;     // as given by the caller (not made absolute)
  int line = 0;         // 1-based; 0 = whole file
  int column = 0;       // 1-based, in characters (code points); 0 = whole line
  Text text;            // what is wrong: no trailing newline, no "error:" prefix

  std::string message(Language lang = Language::en) const { return text.str(lang); }
  // "file:line:col: message", "file:line: message" or "file: message";
  // warnings carry "warning: " ("警告：") before the message.
  std::string to_string(Language lang = Language::en) const;
};

// An ordered list of diagnostics, in the order found.
class Diagnostics {
 public:
  void error(std::string file, int line, int column, Text message);
  void warning(std::string file, int line, int column, Text message);
  void error(const SourceRef& at, Text message) { error(at.file, at.line, at.column, std::move(message)); }
  void add(Diagnostic d) { items_.push_back(std::move(d)); }
  void append(const Diagnostics& other);

  bool has_errors() const;
  std::size_t error_count() const;
  const std::vector<Diagnostic>& items() const { return items_; }
  bool empty() const { return items_.empty(); }

  // Every diagnostic, one per line, each ending in '\n'.
  std::string to_string(Language lang = Language::en) const;

  // The language the input asks its messages in ([dataset] language), once
  // a reader has learnt it; the CLI uses it when no flag or environment
  // variable chooses one.
  std::optional<Language> language;

  // Throws InputError with every diagnostic collected so far when any is an
  // error; does nothing otherwise.
  void throw_if_errors() const;

 private:
  std::vector<Diagnostic> items_;
};

// Bad input: a file that cannot be read, parsed or validated. what() is the
// formatted list of every diagnostic (errors and the warnings found before),
// in English; diagnostics().to_string(lang) in either language.
class InputError : public std::runtime_error {
 public:
  explicit InputError(Diagnostics diagnostics);
  InputError(std::string file, int line, int column, Text message);
  const Diagnostics& diagnostics() const { return diagnostics_; }

 private:
  Diagnostics diagnostics_;
};

// A run that failed for a reason outside its input (exit 1): a file that
// cannot be written, a disk that is full. what() is the message in English;
// text() in either language.
class RunError : public std::runtime_error {
 public:
  explicit RunError(Text text) : std::runtime_error(text.str()), text_(std::move(text)) {}
  const Text& text() const { return text_; }

 private:
  Text text_;
};

}  // namespace aqplan
