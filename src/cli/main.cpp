// aqplan — the command-line front end. Thin: flags into options, one library
// call per subcommand, diagnostics to stderr. See src/cli/.
#include <iostream>

#include "aqplan/base/diagnostic.h"
#include "aqplan/base/paths.h"
#include "aqplan/base/simd.h"
#include "cli/cli.h"

int main(int argc, char** argv) {
  using namespace aqplan::cli;
  CLI::App app{"aqplan — emission-reduction scenario simulator for air-quality planners"};
  app.set_version_flag("--version", std::string("aqplan ") + aqplan::version() + " (per-sample kernels: " +
                                         std::string(aqplan::simd_level_name(aqplan::simd_level())) + ")");
  app.require_subcommand(1);
  app.footer("Exit codes: 0 success, 1 a run that failed, 2 bad input or usage.\nRun 'aqplan COMMAND --help' for a command's options and an example.");
  Handler handler;
  for (const auto& c : commands()) {
    CLI::App* sub = app.add_subcommand(c.name, c.description);
    auto h = c.setup(*sub);
    sub->callback([&handler, h] { handler = h; });
  }
  const std::optional<aqplan::Language> asked = asked_language(argc, argv);
  Output out{std::cerr, asked};
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    int code = app.exit(e);
    return code == 0 ? kExitOk : kExitBadInput;
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
