#include "aqplan/base/diagnostic.h"

#include <algorithm>

#include <fmt/format.h>

#include "base/messages.h"

namespace aqplan {

std::string Diagnostic::to_string(Language lang) const {
  std::string where = file;
  if (line > 0) {
    where += fmt::format(":{}", line);
    if (column > 0) where += fmt::format(":{}", column);
  }
  const std::string what = severity == Severity::warning ? Text(msg::warning_prefix, text).str(lang) : text.str(lang);
  if (where.empty()) return what;
  return fmt::format("{}: {}", where, what);
}

void Diagnostics::error(std::string file, int line, int column, Text message) {
  items_.push_back({Severity::error, std::move(file), line, column, std::move(message)});
}

void Diagnostics::warning(std::string file, int line, int column, Text message) {
  items_.push_back({Severity::warning, std::move(file), line, column, std::move(message)});
}

void Diagnostics::append(const Diagnostics& other) {
  items_.insert(items_.end(), other.items_.begin(), other.items_.end());
  if (!language) language = other.language;
}

bool Diagnostics::has_errors() const { return error_count() > 0; }

std::size_t Diagnostics::error_count() const {
  return static_cast<std::size_t>(std::count_if(
      items_.begin(), items_.end(), [](const Diagnostic& d) { return d.severity == Severity::error; }));
}

std::string Diagnostics::to_string(Language lang) const {
  std::string out;
  for (const auto& d : items_) {
    out += d.to_string(lang);
    out += '\n';
  }
  return out;
}

void Diagnostics::throw_if_errors() const {
  if (has_errors()) throw InputError(*this);
}

namespace {
std::string strip_newline(std::string s) {
  while (!s.empty() && s.back() == '\n') s.pop_back();
  return s;
}
Diagnostics single(std::string file, int line, int column, Text message) {
  Diagnostics d;
  d.error(std::move(file), line, column, std::move(message));
  return d;
}
}  // namespace

InputError::InputError(Diagnostics diagnostics)
    : std::runtime_error(strip_newline(diagnostics.to_string())), diagnostics_(std::move(diagnostics)) {}

InputError::InputError(std::string file, int line, int column, Text message)
    : InputError(single(std::move(file), line, column, std::move(message))) {}

}  // namespace aqplan
