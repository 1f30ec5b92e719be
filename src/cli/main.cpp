// aqplan — the command-line front end. Thin: flags into options, one library
// call per subcommand, diagnostics to stderr. See src/cli/.
#include <iostream>

#include "aqplan/base/diagnostic.h"
#include "aqplan/base/paths.h"
#include "aqplan/base/simd.h"
#include "cli/cli.h"

int main(int argc, char** argv) {
  using namespace aqplan::cli;
  namespace msg = aqplan::msg;
  // The help is built before the command line is parsed: its language comes
  // from the command line (--lang), the environment and the locale.
  const std::optional<aqplan::Language> asked = asked_language(argc, argv);
  const aqplan::Language lang = say_language(asked);
  CLI::App app{words(lang, msg::cli_app_description)};
  set_help_language(app, lang);
  app.set_version_flag("--version",
                       words(lang, msg::cli_version_line, aqplan::version(), aqplan::simd_level_name(aqplan::simd_level())),
                       words(lang, msg::cli_version_help));
  app.require_subcommand(1);
  app.footer(words(lang, msg::cli_main_footer));
  Handler handler;
  for (const auto& c : commands()) {
    CLI::App* sub = app.add_subcommand(c.name, words(lang, c.description));
    set_help_language(*sub, lang);  // its help flag, made before it inherited the group of options
    auto h = c.setup(*sub, lang);
    sub->callback([&handler, h] { handler = h; });
  }
  Output out{std::cerr, asked};
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    if (e.get_exit_code() == static_cast<int>(CLI::ExitCodes::Success)) {  // --help, --version
      app.exit(e);
      return kExitOk;
    }
    std::cerr << usage_error(e, lang) << '\n' << words(lang, msg::cli_run_with_help, app.get_help_ptr()->get_name()) << '\n';
    return kExitBadInput;
  } catch (const aqplan::InputError& e) {  // a flag's value checked once the command line is read (--out)
    std::cerr << out.say(e.diagnostics());
    return kExitBadInput;
  }
  try {
    return handler(out);
  } catch (const aqplan::InputError& e) {
    std::cerr << out.say(e.diagnostics());
    return kExitBadInput;
  } catch (const aqplan::RunError& e) {
    std::cerr << "aqplan: " << out.say(e.text()) << '\n';
    return kExitFailed;
  } catch (const std::exception& e) {
    std::cerr << "aqplan: " << e.what() << '\n';
    return kExitFailed;
  }
}
