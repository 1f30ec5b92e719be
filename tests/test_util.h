// Helpers shared by the tests: the repository's paths, a scratch directory,
// running the aqplan executable as a planner would, and comparing the
// baseline and AVX2 kernels bit for bit.
#pragma once

#include <gtest/gtest.h>

#include <cstring>
#include <filesystem>
#include <set>
#include <string>
#include <vector>

#include "aqplan/base/simd.h"
#include "kernels/dispatch.h"

#include "aqplan/data/model_inputs.h"

namespace aqplan {
class Model;
}

namespace aqplan::test {

// The bundled Zezhou dataset as planned, compiled once per test binary.
const Model& bundled_model();

// The bundled dataset cut down to one sector (steel) emitting everything,
// with no growth and two ongoing measures of certain size: 40 % of its NOx
// (id 1) and 50 % of its NH3 (id 2). Closed forms follow by hand.
ModelInputs one_sector_inputs();

inline std::string source_dir() { return AQPLAN_SOURCE_DIR; }
inline std::string seed_document() { return source_dir() + "/data/zezhou-2023/plan-document.md"; }
inline std::string bundled_dataset() { return source_dir() + "/data/zezhou-2023"; }
// The sectors of the bundled inventory, in its order, as errors list them.
inline constexpr const char* kBundledSectors =
    "power, steel, coal_chemical, building_materials, industrial_boilers, industrial_kilns, residential_coal, "
    "heavy_vehicles, light_vehicles, nonroad, construction_dust, road_dust, solvents, agriculture";

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
// The same with standard output sent to `stdout_to` (out stays empty) and
// `env` ("NAME=value") added to the environment.
CliResult run_cli_to(const std::vector<std::string>& args, const std::string& stdout_to,
                     const std::vector<std::string>& env = {});

// Latin words (two letters or more) left in `text` that are not in
// `allowed`, once what is shown as written in any language is taken out:
// quoted names and values, --flags, [tables], dotted keys and paths,
// identifiers with an underscore, environment variables, `{}`. A Chinese
// message with a word left is untranslated.
std::set<std::string> english_left(std::string text, const std::set<std::string>& allowed);
// Every line of `err` (at least one), each of `files` taken out with the
// rest of the file's name after it, has no English left but symbols() and
// `allowed`: a Chinese diagnostic with nothing untranslated.
void expect_chinese(const std::string& err, const std::vector<std::string>& files,
                    const std::set<std::string>& allowed = {});
// The symbols Chinese writes in Latin letters too: SO₂, PM₂.₅, NOx, VOC,
// mg/m³, TOML, CSV, JSON, HJ 663….
const std::set<std::string>& symbols();

// The same bytes: for doubles, the same bits (NaN payloads and ±0 told apart).
template <class T>
bool same_bits(const T& a, const T& b) {
  return std::memcmp(&a, &b, sizeof(T)) == 0;
}
template <class T>
bool same_bits(const std::vector<T>& a, const std::vector<T>& b) {
  return a.size() == b.size() && (a.empty() || std::memcmp(a.data(), b.data(), a.size() * sizeof(T)) == 0);
}

// For tests that run a kernel at every level the CPU runs
// (detail::force_simd_level): skips when the CPU has only the baseline
// (nothing to compare) and restores the detected level when the test ends.
class EverySimdLevel : public ::testing::Test {
 protected:
  void SetUp() override {
    original_ = simd_level();
    for (SimdLevel level : {SimdLevel::baseline, SimdLevel::avx2, SimdLevel::avx512})
      if (detail::force_simd_level(level)) levels_.push_back(level);
    detail::force_simd_level(original_);
    if (levels_.size() < 2) GTEST_SKIP() << "this CPU has no AVX2: nothing to compare";
  }
  void TearDown() override { detail::force_simd_level(original_); }
  // The levels this CPU runs, baseline first.
  const std::vector<SimdLevel>& levels() const { return levels_; }
  SimdLevel original_ = SimdLevel::baseline;
  std::vector<SimdLevel> levels_;
};

}  // namespace aqplan::test
