// Helpers shared by the tests: the repository's paths, a scratch directory,
// and running the aqplan executable as a planner would.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace aqplan {
class Model;
}

namespace aqplan::test {

// The bundled Zezhou dataset as planned, compiled once per test binary.
const Model& bundled_model();

inline std::string source_dir() { return AQPLAN_SOURCE_DIR; }
inline std::string seed_document() { return source_dir() + "/data/zezhou-2023/plan-document.md"; }
inline std::string bundled_dataset() { return source_dir() + "/data/zezhou-2023"; }

std::string read_file(const std::string& path);
void write_file(const std::string& path, const std::string& content);

// A fresh empty directory under the system temp dir, removed on destruction.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::filesystem::path& path() const { return path_; }
  std::string file(const std::string& name) const { return (path_ / name).string(); }
  // Names of the entries in the directory (not recursive), sorted.
  std::vector<std::string> entries() const;

 private:
  std::filesystem::path path_;
};

struct CliResult {
  int exit_code = -1;
  std::string out;
  std::string err;
};

// Runs the aqplan executable with `args` (each passed as one argument).
CliResult run_cli(const std::vector<std::string>& args);

}  // namespace aqplan::test
