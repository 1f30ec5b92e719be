// The help and the usage errors in the planner's language. CLI11 (2.1)
// writes its labels and its error messages in English; the help's labels
// are set from the catalogue, its rows aligned by terminal columns (a
// Chinese character takes two), and each kind of ParseError is said again
// in the catalogue's words, whose English is CLI11's own.
#include <filesystem>
#include <memory>
#include <optional>
#include <regex>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "aqplan/base/text.h"
#include "cli/cli.h"

namespace aqplan::cli {

namespace fs = std::filesystem;

namespace {

// CLI11's labels (FormatterBase::label) and the entry that says each.
struct Label {
  const char* key;
  const MessageDef& words;
};
const Label kLabels[] = {
    {"Usage", msg::cli_label_usage},
    {"OPTIONS", msg::cli_label_options},
    {"SUBCOMMAND", msg::cli_label_subcommand},
    {"SUBCOMMANDS", msg::cli_label_subcommands},
    {"Positionals", msg::cli_label_positionals},
    {"REQUIRED", msg::cli_label_required},
    {"Needs", msg::cli_label_needs},
    {"Excludes", msg::cli_label_excludes},
    {"Env", msg::cli_label_env},
    {"TEXT", msg::cli_label_text},
    {"INT", msg::cli_label_int},
    {"UINT", msg::cli_label_uint},
    {"FLOAT", msg::cli_label_float},
    {"BOOLEAN", msg::cli_label_boolean},
};

const MessageDef* label_words(const std::string& key) {
  for (const Label& l : kLabels)
    if (key == l.key) return &l.words;
  return nullptr;
}

void replace_all(std::string& s, const std::string& from, const std::string& to) {
  for (std::size_t at = s.find(from); at != std::string::npos; at = s.find(from, at + to.size())) s.replace(at, from.size(), to);
}

// CLI11's Formatter with the labels in `lang`. In English its output is
// CLI11's, byte for byte.
class HelpFormatter : public CLI::Formatter {
 public:
  explicit HelpFormatter(Language lang) : lang_(lang) {
    for (const Label& l : kLabels) label(l.key, words(lang, l.words));
  }

  std::string make_option(const CLI::Option* opt, bool is_positional) const override {
    return row(make_option_name(opt, is_positional) + make_option_opts(opt), make_option_desc(opt));
  }

  std::string make_subcommand(const CLI::App* sub) const override {
    return row(sub->get_display_name(true), sub->get_description());
  }

  // CLI11's, with each part of a value's kind ("TEXT:FILE") looked up in
  // the labels and the colons of Chinese labels full-width.
  std::string make_option_opts(const CLI::Option* opt) const override {
    if (!opt->get_option_text().empty()) return " " + opt->get_option_text();
    std::string out;
    if (opt->get_type_size() != 0) {
      if (!opt->get_type_name().empty()) out += " " + kind(opt->get_type_name());
      if (!opt->get_default_str().empty()) out += "=" + opt->get_default_str();
      if (opt->get_expected_max() == CLI::detail::expected_max_vector_size)
        out += " ...";
      else if (opt->get_expected_min() > 1)
        out += " x " + std::to_string(opt->get_expected());
      if (opt->get_required()) out += " " + get_label("REQUIRED");
    }
    if (!opt->get_envname().empty()) out += " (" + get_label("Env") + colon() + opt->get_envname() + ")";
    auto names = [&](const std::string& label, const auto& options) {
      out += " " + get_label(label) + colon();
      bool first = true;
      for (const CLI::Option* o : options) {
        if (!first || lang_ == Language::en) out += " ";
        out += o->get_name();
        first = false;
      }
    };
    if (!opt->get_needs().empty()) names("Needs", opt->get_needs());
    if (!opt->get_excludes().empty()) names("Excludes", opt->get_excludes());
    return out;
  }

  std::string make_help(const CLI::App* app, std::string name, CLI::AppFormatMode mode) const override {
    std::string help = CLI::Formatter::make_help(app, std::move(name), mode);
    if (lang_ == Language::zh)  // "用法: aqplan", "选项:" as Chinese writes them
      for (const MessageDef* d : {&msg::cli_label_usage, &msg::cli_label_positionals, &msg::cli_group_options,
                                  &msg::cli_group_subcommands}) {
        const std::string w = words(lang_, *d);
        replace_all(help, w + ": ", w + colon());
        replace_all(help, w + ":\n", w + colon() + "\n");
      }
    return help;
  }

 private:
  std::string colon() const { return lang_ == Language::zh ? "：" : ":"; }

  // "TEXT:FILE" → "文本:文件": each part that is a label in its words.
  std::string kind(const std::string& type) const {
    std::string out;
    std::size_t begin = 0;
    while (true) {
      const std::size_t end = type.find(':', begin);
      out += get_label(type.substr(begin, end == std::string::npos ? std::string::npos : end - begin));
      if (end == std::string::npos) return out;
      out += ':';
      begin = end + 1;
    }
  }

  // CLI11's detail::format_help, counting terminal columns instead of bytes.
  std::string row(const std::string& name, const std::string& description) const {
    std::string out = "  " + name;
    const int width = static_cast<int>(column_width_);
    const int used = display_width(out);
    if (used < width) out.append(static_cast<std::size_t>(width - used), ' ');
    if (!description.empty()) {
      if (used >= width) out += "\n" + std::string(column_width_, ' ');
      for (const char c : description) {
        out += c;
        if (c == '\n') out.append(column_width_, ' ');
      }
    }
    out += '\n';
    return out;
  }

  Language lang_;
};

// A value's kind as CLI11 names it ("TEXT"), in the labels' words when it
// is one.
template <class... A>
Text with_kind(const MessageDef& def, const std::string& kind, const A&... before) {
  if (const MessageDef* w = label_words(kind)) return Text(def, before..., Text(*w));
  return Text(def, before..., kind);
}

// By class, not get_name(): CLI11 names some errors after their subcommand.
template <class Error>
bool is_a(const CLI::ParseError& e) {
  return dynamic_cast<const Error*>(&e) != nullptr;
}

// CLI11's message of `e` (Error.hpp) in the catalogue's words; nullopt
// for a message CLI11 words otherwise (then shown as it is).
std::optional<Text> usage_text(const CLI::ParseError& e) {
  const std::string what = e.what();
  std::smatch m;
  auto is = [&](const char* pattern) { return std::regex_match(what, m, std::regex(pattern)); };
  if (is_a<CLI::RequiredError>(e)) {
    if (what == "A subcommand is required") return Text(msg::cli_subcommand_required);
    if (is("(.+) is required")) return Text(msg::cli_is_required, m[1].str());
  } else if (is_a<CLI::ExtrasError>(e)) {
    if (is("The following argument was not expected: (.*)")) return Text(msg::cli_argument_not_expected, m[1].str());
    if (is("The following arguments were not expected: (.*)")) return Text(msg::cli_arguments_not_expected, m[1].str());
  } else if (is_a<CLI::ArgumentMismatch>(e)) {
    if (is("Expected exactly (\\d+) arguments to (.+), got (\\d+)"))
      return Text(msg::cli_expected_exactly, m[1].str(), m[2].str(), m[3].str());
    if (is("Expected at least (\\d+) arguments to (.+), got (\\d+)"))
      return Text(msg::cli_expected_at_least, m[1].str(), m[2].str(), m[3].str());
    if (is("(.+): At least (\\d+) required but received (\\d+)"))
      return Text(msg::cli_at_least_received, m[1].str(), m[2].str(), m[3].str());
    if (is("(.+): At Most (\\d+) required but received (\\d+)"))
      return Text(msg::cli_at_most_received, m[1].str(), m[2].str(), m[3].str());
    if (is("(.+): (\\d+) required (\\S+) missing")) return with_kind(msg::cli_value_missing, m[3].str(), m[1].str(), m[2].str());
    if (is("(.+) was given a disallowed flag override")) return Text(msg::cli_flag_override, m[1].str());
  } else if (is_a<CLI::RequiresError>(e)) {
    if (is("(.+) requires (.+)")) return Text(msg::cli_requires, m[1].str(), m[2].str());
  } else if (is_a<CLI::ExcludesError>(e)) {
    if (is("(.+) excludes (.+)")) return Text(msg::cli_excludes, m[1].str(), m[2].str());
  } else if (is_a<CLI::ConversionError>(e)) {
    if (is("The value (.+) is not an allowed value for (.+)")) return Text(msg::cli_not_allowed_value, m[1].str(), m[2].str());
    if (is("Could not convert: (.+) = (.*)")) return Text(msg::cli_could_not_convert, m[1].str(), m[2].str());
    if (is("(.+): too many inputs for a flag")) return Text(msg::cli_too_many_for_flag, m[1].str());
    if (is("(.+): Should be true/false or a number")) return Text(msg::cli_true_or_false, m[1].str());
  } else if (is_a<CLI::ValidationError>(e)) {
    // "NAME: message", the message from one of our checks, already in the planner's language.
    if (const std::size_t colon = what.find(": "); colon != std::string::npos)
      return Text(msg::cli_invalid_value, what.substr(0, colon), what.substr(colon + 2));
  }
  return std::nullopt;
}

}  // namespace

void set_help_language(CLI::App& app, Language lang) {
  app.formatter(std::make_shared<HelpFormatter>(lang));
  app.option_defaults()->group(words(lang, msg::cli_group_options));
  app.group(words(lang, msg::cli_group_subcommands));
  app.set_help_flag("-h,--help", words(lang, msg::cli_help_help));
}

std::string usage_error(const CLI::ParseError& e, Language lang) {
  if (const auto t = usage_text(e)) return t->str(lang);
  return e.what();  // a kind of error aqplan's command line does not make
}

std::string list_words(Language lang, const std::vector<std::string>& items) {
  std::string out;
  for (std::size_t i = 0; i < items.size(); ++i) out += (i ? words(lang, msg::cli_list_comma) : "") + items[i];
  return out;
}

CLI::Validator existing_file(Language lang) {
  return CLI::Validator(
      [lang](std::string& path) -> std::string {
        std::error_code ec;
        const fs::file_status st = fs::status(path, ec);
        if (!fs::exists(st)) return words(lang, msg::cli_file_missing, path);
        if (fs::is_directory(st)) return words(lang, msg::cli_file_is_directory, path);
        return {};
      },
      words(lang, msg::cli_label_file));
}

CLI::Validator existing_path(Language lang) {
  return CLI::Validator(
      [lang](std::string& path) -> std::string {
        std::error_code ec;
        if (!fs::exists(fs::status(path, ec))) return words(lang, msg::cli_path_missing, path);
        return {};
      },
      words(lang, msg::cli_label_existing_path));
}

CLI::Validator one_of(const std::vector<std::string>& values, Language lang) {
  const std::string set = fmt::format("{{{}}}", fmt::join(values, ","));  // as CLI11's IsMember shows it
  return CLI::Validator(
      [values, set, lang](std::string& value) -> std::string {
        for (const std::string& v : values)
          if (v == value) return {};
        return words(lang, msg::cli_not_one_of, value, set);
      },
      set);
}

}  // namespace aqplan::cli
