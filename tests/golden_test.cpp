// Golden results: every command of tests/golden/manifest.txt gives, byte for
// byte, the reviewed output in tests/golden/ — with one worker thread and
// with two for the commands that run the engine. These guard every refactor:
// a change that moves a result, however little, fails here.
// Regenerate with scripts/update-golden.sh (and review the diff).
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "test_util.h"

namespace aqplan::test {
namespace {

struct GoldenCase {
  std::string file;
  std::vector<std::string> args;
};

std::vector<GoldenCase> manifest() {
  std::ifstream in(source_dir() + "/tests/golden/manifest.txt");
  std::vector<GoldenCase> cases;
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    const auto colon = line.find(": ");
    if (colon == std::string::npos) continue;
    GoldenCase c;
    c.file = line.substr(0, colon);
    std::istringstream words(line.substr(colon + 2));
    for (std::string w; words >> w;) {
      // Repository paths, wherever the test runs from.
      if (w.rfind("scenarios/", 0) == 0 || w.rfind("data/", 0) == 0 || w.rfind("tests/", 0) == 0) w = source_dir() + "/" + w;
      c.args.push_back(w);
    }
    cases.push_back(std::move(c));
  }
  return cases;
}

bool runs_engine(const GoldenCase& c) {
  const std::string& cmd = c.args.front();
  return cmd == "run" || cmd == "merge" || cmd == "compare" || cmd == "rank" || cmd == "gap" || cmd == "explain";
}

TEST(Golden, ManifestListsEveryBundledScenarioAndCommand) {
  const auto cases = manifest();
  ASSERT_GE(cases.size(), 10u);
  for (const char* scenario : {"plan-2023", "no-action-2023", "slip-2023", "extra-2023", "ytd-2023"}) {
    bool found = false;
    for (const auto& c : cases) found = found || (c.args[0] == "run" && c.args[1].find(scenario) != std::string::npos);
    EXPECT_TRUE(found) << "no golden run of " << scenario;
  }
  for (const char* command : {"schedule", "compare", "rank", "gap", "explain"}) {
    bool found = false;
    for (const auto& c : cases) found = found || c.args[0] == command;
    EXPECT_TRUE(found) << "no golden " << command;
  }
}

TEST(Golden, EveryResultIsByteForByteTheReviewedOne) {
  for (const GoldenCase& c : manifest()) {
    const std::string expected = read_file(source_dir() + "/tests/golden/" + c.file);
    std::vector<std::vector<std::string>> variants;
    if (runs_engine(c)) {
      for (const char* threads : {"1", "2"}) {
        auto args = c.args;
        args.insert(args.end(), {"--threads", threads});
        variants.push_back(std::move(args));
      }
    } else {
      variants.push_back(c.args);
    }
    for (const auto& args : variants) {
      const CliResult r = run_cli(args);
      std::string shown;
      for (const auto& a : args) shown += " " + a;
      ASSERT_EQ(r.exit_code, 0) << "aqplan" << shown << "\n" << r.err;
      EXPECT_TRUE(r.out == expected) << c.file << " differs from the output of aqplan" << shown
                                     << " (scripts/update-golden.sh regenerates it; review the diff)";
    }
  }
}

}  // namespace
}  // namespace aqplan::test
