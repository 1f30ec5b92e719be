#include "aqplan/base/diagnostic.h"

#include <algorithm>

#include <fmt/format.h>

namespace aqplan {

std::string Diagnostic::to_string() const {
  std::string where = file;
  if (line > 0) {
    where += fmt::format(":{}", line);
    if (column > 0) where += fmt::format(":{}", column);
  }
  const char* kind = severity == Severity::warning ? "warning: " : "";
  if (where.empty()) return fmt::format("{}{}", kind, message);
  return fmt::format("{}: {}{}", where, kind, message);
}

void Diagnostics::error(std::string file, int line, int column, std::string message) {
  items_.push_back({Severity::error, std::move(file), line, column, std::move(message)});
}

void Diagnostics::warning(std::string file, int line, int column, std::string message) {
  items_.push_back({Severity::warning, std::move(file), line, column, std::move(message)});
}

void Diagnostics::append(const Diagnostics& other) {
  items_.insert(items_.end(), other.items_.begin(), other.items_.end());
}

bool Diagnostics::has_errors() const { return error_count() > 0; }

std::size_t Diagnostics::error_count() const {
  return static_cast<std::size_t>(std::count_if(
      items_.begin(), items_.end(), [](const Diagnostic& d) { return d.severity == Severity::error; }));
}

std::string Diagnostics::to_string() const {
  std::string out;
  for (const auto& d : items_) {
    out += d.to_string();
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
Diagnostics single(std::string file, int line, int column, std::string message) {
  Diagnostics d;
  d.error(std::move(file), line, column, std::move(message));
  return d;
}
}  // namespace

InputError::InputError(Diagnostics diagnostics)
    : std::runtime_error(strip_newline(diagnostics.to_string())), diagnostics_(std::move(diagnostics)) {}

InputError::InputError(std::string file, int line, int column, std::string message)
    : InputError(single(std::move(file), line, column, std::move(message))) {}

}  // namespace aqplan
