// The house's rules, checked on the source tree (docs/architecture.md):
// the flow runs one way (a stage includes only itself and earlier stages),
// intrinsics live only in src/kernels/, every public header opens by naming
// itself and what it is for, and the product speaks of itself, not of the
// history of its making.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

#include "test_util.h"

namespace aqplan {
namespace {

namespace fs = std::filesystem;

// The stages in flow order; base and kernels are the layer every stage may use.
const std::map<std::string, int>& stage_order() {
  static const std::map<std::string, int> order = {{"base", 0},   {"kernels", 0}, {"import", 1},  {"data", 2}, {"model", 3},
                                                   {"engine", 4}, {"results", 5}, {"views", 6}, {"cli", 7}};
  return order;
}

// "include/aqplan/model/model.h" or "src/model/compile.cpp" → "model".
std::string stage_of(const std::string& relative) {
  for (const std::string prefix : {"include/aqplan/", "src/"}) {
    if (relative.rfind(prefix, 0) != 0) continue;
    const std::string rest = relative.substr(prefix.size());
    const auto slash = rest.find('/');
    return slash == std::string::npos ? std::string() : rest.substr(0, slash);
  }
  return {};
}

struct SourceFile {
  std::string path;  // relative to the repository
  std::string text;
};

std::vector<SourceFile> sources() {
  std::vector<SourceFile> out;
  for (const char* dir : {"include/aqplan", "src"})
    for (const auto& e : fs::recursive_directory_iterator(fs::path(test::source_dir()) / dir)) {
      const std::string ext = e.path().extension().string();
      if (!e.is_regular_file() || (ext != ".h" && ext != ".cpp")) continue;
      out.push_back({fs::relative(e.path(), test::source_dir()).string(), test::read_file(e.path().string())});
    }
  return out;
}

TEST(Layout, EverySourceFileIsInAStage) {
  const auto files = sources();
  ASSERT_GT(files.size(), 60u);
  for (const SourceFile& f : files) EXPECT_EQ(stage_order().count(stage_of(f.path)), 1u) << f.path << " is in no stage";
}

TEST(Layout, AStageIncludesOnlyItselfAndEarlierStages) {
  const std::regex include(R"re(#include\s+"([^"]+)")re");
  int edges = 0;
  for (const SourceFile& f : sources()) {
    const std::string from = stage_of(f.path);
    for (std::sregex_iterator it(f.text.begin(), f.text.end(), include), end; it != end; ++it) {
      const std::string target = (*it)[1];
      const std::string to = stage_of(target.rfind("aqplan/", 0) == 0 ? "include/" + target : "src/" + target);
      ASSERT_EQ(stage_order().count(to), 1u) << f.path << " includes " << target << ", which is in no stage";
      EXPECT_LE(stage_order().at(to), stage_order().at(from)) << f.path << " (" << from << ") includes " << target
                                                              << " (" << to << "): the flow runs back";
      edges += from != to;
    }
  }
  EXPECT_GT(edges, 50);  // the check saw the includes between stages
}

TEST(Layout, IntrinsicsLiveOnlyInTheKernels) {
  const std::regex intrinsic(R"(_mm(256|512)?_|<[a-z]*intrin\.h>)");
  int kernel_files = 0;
  for (const SourceFile& f : sources()) {
    const bool kernel = stage_of(f.path) == "kernels";
    const bool uses = std::regex_search(f.text, intrinsic);
    if (!kernel) {
      EXPECT_FALSE(uses) << f.path << " uses intrinsics outside src/kernels/";
    }
    kernel_files += kernel && uses;
  }
  EXPECT_GE(kernel_files, 1);
}

TEST(Layout, EveryPublicHeaderOpensWithItsNameAndPurpose) {
  for (const SourceFile& f : sources()) {
    if (f.path.rfind("include/aqplan/", 0) != 0) continue;
    const std::string name = f.path.substr(std::string("include/").size());
    EXPECT_EQ(f.text.rfind("// " + name + " — ", 0), 0u) << f.path << " does not open with '// " << name << " — …'";
  }
}

TEST(Layout, TheProductSpeaksOfItselfNotOfItsHistory) {
  std::vector<std::string> files = {"README.md"};
  for (const auto& e : fs::directory_iterator(fs::path(test::source_dir()) / "docs"))
    if (e.path().extension() == ".md") files.push_back(fs::relative(e.path(), test::source_dir()).string());
  for (const SourceFile& f : sources()) files.push_back(f.path);
  const std::regex history(R"(\b[Ss]ession \d|\bsessions? of\b|\bthe old (algorithm|code|version)\b)");
  for (const std::string& file : files) {
    const std::string text = test::read_file(test::source_dir() + "/" + file);
    std::smatch m;
    EXPECT_FALSE(std::regex_search(text, m, history)) << file << " narrates history: '" << m.str() << "'";
  }
}

}  // namespace
}  // namespace aqplan
