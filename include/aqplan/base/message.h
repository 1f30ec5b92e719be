// aqplan/base/message.h — words a planner reads, in English and Chinese.
//
// Every sentence aqplan says about input (diagnostics), about its command
// line (help, usage errors, progress) and in its tables comes from one
// message catalogue: entries with a key, an English and a Chinese template
// (src/base/messages/*.def for diagnostics and the command line,
// src/views/words.cpp for the words of tables; docs/language.md). A Text is
// one entry with its arguments, rendered in either language when shown, so
// library code decides what to say and the CLI decides the language.
//
// Templates use fmt's `{}` placeholders, the same arguments in both
// languages; Chinese may reorder them with `{0}`, `{1}`…. Arguments are data
// (numbers, names, keys, paths, months) shown as given in both languages, or
// other Texts rendered in the same language.
//
// Thread safety: plain values; rendering is a pure function.
#pragma once

#include <concepts>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include <fmt/format.h>

namespace aqplan {

enum class Language { en, zh };

// "en"/"zh"; nullopt for anything else.
std::optional<Language> parse_language(std::string_view code);

// AQPLAN_LANG ("en" or "zh"); nullopt when unset or anything else.
std::optional<Language> language_from_env();
// The locale's language: the first of LC_ALL, LC_MESSAGES, LANG that is set
// decides (POSIX order); "zh…" is Chinese, anything else English; nullopt
// when none is set.
std::optional<Language> language_from_locale();

// One catalogue entry.
struct MessageDef {
  const char* key;  // the name tests report
  const char* en;
  const char* zh;
};

class Text {
 public:
  Text() = default;
  // An entry with its arguments: strings and numbers (shown as given) or
  // other Texts (rendered in the same language).
  template <class... A>
  explicit Text(const MessageDef& def, const A&... args) : def_(&def) {
    args_.reserve(sizeof...(A));
    (add(args), ...);
  }

  // The message in `lang`; "" for an empty Text.
  std::string str(Language lang = Language::en) const;
  const MessageDef* def() const { return def_; }
  bool empty() const { return def_ == nullptr; }

 private:
  struct Arg {
    std::string plain;
    std::shared_ptr<const Text> text;  // set: rendered in the caller's language
  };
  void add(const Text& t) { args_.push_back({{}, std::make_shared<const Text>(t)}); }
  void add(std::string_view s) { args_.push_back({std::string(s), nullptr}); }
  void add(const std::string& s) { args_.push_back({s, nullptr}); }
  void add(const char* s) { args_.push_back({std::string(s), nullptr}); }
  template <class T>
    requires std::is_arithmetic_v<T>
  void add(T v) {
    args_.push_back({fmt::format("{}", v), nullptr});
  }

  const MessageDef* def_ = nullptr;
  std::vector<Arg> args_;
};

// " (did you mean 'x'?)" in the chosen language, or an empty Text when no
// candidate is close enough (base/text.h did_you_mean).
Text did_you_mean_text(std::string_view name, std::span<const std::string> candidates);

}  // namespace aqplan
