#include "aqplan/base/message.h"

#include <cstdlib>

#include <fmt/args.h>

#include "aqplan/base/text.h"
#include "base/messages.h"

namespace aqplan {

std::optional<Language> parse_language(std::string_view code) {
  if (code == "en") return Language::en;
  if (code == "zh") return Language::zh;
  return std::nullopt;
}

std::optional<Language> language_from_env() {
  const char* v = std::getenv("AQPLAN_LANG");
  return v ? parse_language(v) : std::nullopt;
}

std::optional<Language> language_from_locale() {
  for (const char* name : {"LC_ALL", "LC_MESSAGES", "LANG"}) {
    const char* v = std::getenv(name);
    if (!v || !*v) continue;
    return std::string_view(v).starts_with("zh") ? Language::zh : Language::en;
  }
  return std::nullopt;
}

std::string Text::str(Language lang) const {
  if (!def_) return {};
  fmt::dynamic_format_arg_store<fmt::format_context> store;
  for (const Arg& a : args_) {
    if (a.text) store.push_back(a.text->str(lang));
    else store.push_back(a.plain);
  }
  const char* tmpl = lang == Language::zh ? def_->zh : def_->en;
  return fmt::vformat(tmpl, store);
}

Text did_you_mean_text(std::string_view name, std::span<const std::string> candidates) {
  if (auto m = did_you_mean(name, candidates)) return Text(msg::did_you_mean, *m);
  return {};
}

}  // namespace aqplan
