// fuzz/fuzz_scenario.cpp — the scenario loader, aqplan::load_inputs
// (data/scenario.h), and through it the TOML reader (lexical guard, toml++,
// key checks), the extends chain, the dataset loader and the scenario's
// changes; inputs that load are compiled and evaluated once (fuzz_model.h).
//
// Input: up to three files separated by a line "#---" — scenario.toml,
// base.toml, extra.toml — written to this process's directory (FileMap,
// fuzz_common.h) before loading scenario.toml, so that `extends =
// "base.toml"` chains through fuzzed files; a file the input does not give
// is absent. "@DATA@" in the input becomes the absolute path of the source
// tree's data/ (seeds say dataset = "@DATA@/zezhou-2023").
//
// Expected: InputError. Findings: any other exception, a crash, a sanitizer
// report, a timeout or an out-of-memory.
#include <array>
#include <cstddef>
#include <cstdint>

#include "aqplan/data/scenario.h"
#include "fuzz_common.h"
#include "fuzz_model.h"

namespace {

constexpr std::array<const char*, 3> kNames = {"scenario.toml", "base.toml", "extra.toml"};

aqplan_fuzz::FileMap& files() {
  static aqplan_fuzz::FileMap f;
  return f;
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  (void)files();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace aqplan_fuzz;
  const std::string input = replace_all(as_string(data, size), "@DATA@", data_dir());
  const std::vector<std::string> pieces = split_files(input, kNames.size());
  for (std::size_t i = 0; i < kNames.size(); ++i) {
    if (i < pieces.size()) files().write(kNames[i], pieces[i]);
    else files().remove(kNames[i]);
  }
  return expect_input_errors([&] {
    const aqplan::ModelInputs inputs = aqplan::load_inputs(files().path(kNames[0]));
    build_and_evaluate(inputs);
  });
}
