// fuzz/fuzz_dataset.cpp — the dataset loader, aqplan::load_dataset_inputs
// (data/model_inputs.h): dataset.toml, inventory, measures, response,
// meteorology, ledger, targets CSV and the standard, each read and checked;
// inputs that load are compiled and evaluated once (fuzz_model.h), which
// reaches the checks of the joins (data/validate.h) and the schedule.
//
// Input: the first byte chooses a file of the bundled dataset (its value
// modulo 8: 0 dataset.toml, 1 inventory.toml, 2 ledger.toml, 3 measures.toml,
// 4 meteorology.toml, 5 response.toml, 6 targets.csv, 7 the standard
// gb3095-2012.toml); the rest replaces that file, and, when it holds lines
// "#---", the files after it in that order (so related files can change
// together). Every other file is the bundled one: at start-up
// data/zezhou-2023 and data/standards are copied into this process's
// directory (FileMap, fuzz_common.h), and a file replaced by one input is
// restored before the next.
//
// Expected: InputError. Findings: any other exception, a crash, a sanitizer
// report, a timeout or an out-of-memory.
#include <array>
#include <cstddef>
#include <cstdint>

#include "aqplan/data/model_inputs.h"
#include "fuzz_common.h"
#include "fuzz_model.h"

namespace {

constexpr std::size_t kSlots = 8;
constexpr std::array<const char*, kSlots> kSlotFiles = {
    "zezhou-2023/dataset.toml",     "zezhou-2023/inventory.toml", "zezhou-2023/ledger.toml",
    "zezhou-2023/measures.toml",    "zezhou-2023/meteorology.toml", "zezhou-2023/response.toml",
    "zezhou-2023/targets.csv",      "standards/gb3095-2012.toml"};

aqplan_fuzz::FileMap& files() {
  static aqplan_fuzz::FileMap f;
  return f;
}

std::array<std::string, kSlots> bundled;  // each slot's bundled content
std::array<bool, kSlots> replaced{};      // changed by the previous input

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  using namespace aqplan_fuzz;
  for (std::size_t i = 0; i < kSlots; ++i) {
    bundled[i] = slurp(data_dir() + "/" + kSlotFiles[i]);
    files().write(kSlotFiles[i], bundled[i]);
  }
  files().write("standards/gb3095-2026.toml", slurp(data_dir() + "/standards/gb3095-2026.toml"));
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace aqplan_fuzz;
  std::array<bool, kSlots> now{};
  if (size > 0) {
    const std::size_t first = data[0] % kSlots;
    const std::vector<std::string> pieces = split_files(as_string(data + 1, size - 1), kSlots);
    for (std::size_t k = 0; k < pieces.size(); ++k) {
      const std::size_t slot = (first + k) % kSlots;
      files().write(kSlotFiles[slot], pieces[k]);
      now[slot] = true;
    }
  }
  for (std::size_t i = 0; i < kSlots; ++i)
    if (replaced[i] && !now[i]) files().write(kSlotFiles[i], bundled[i]);
  replaced = now;
  return expect_input_errors([&] {
    const aqplan::ModelInputs inputs = aqplan::load_dataset_inputs(files().path("zezhou-2023"));
    build_and_evaluate(inputs);
  });
}
