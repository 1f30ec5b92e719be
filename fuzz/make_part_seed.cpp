// fuzz/make_part_seed.cpp — writes the seed part files of fuzz_part
// (scripts/make-fuzz-corpus.sh runs it). A real part of the bundled plan is
// about 2.2 MB (fixed-size histograms of every statistic), too large for a
// seed corpus, so the seeds are parts made by the library itself with a few
// small statistics: one with the header of a real part (its scenario,
// fingerprint, seed and range; statistic names from its first statistics),
// and synthetic ones (a whole run, a middle part, an empty part).
//
// Usage: make_part_seed OUT_DIR [REAL.aqpart]
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <stdexcept>
#include <string>
#include <tuple>
#include <vector>

#include "aqplan/base/paths.h"
#include "aqplan/engine/run_part.h"

namespace {

using aqplan::RunAccumulator;
using aqplan::RunPart;
using aqplan::StatSpec;

// `count` samples of statistics named `names`, each over [lower, lower + 8·width).
RunAccumulator small_accumulator(const std::vector<std::string>& names, std::uint64_t count) {
  std::vector<StatSpec> specs;
  for (std::size_t i = 0; i < names.size(); ++i)
    specs.push_back({names[i], 0.5 * static_cast<double>(i + 1), 4.0 * static_cast<double>(i + 1) + 10.0, 10.0});
  RunAccumulator acc(specs);
  std::vector<double> values(names.size());
  std::vector<std::uint8_t> met(names.size());
  for (std::uint64_t s = 0; s < count; ++s) {
    for (std::size_t i = 0; i < names.size(); ++i) {
      // Inside the range, below it and above it, in turn.
      values[i] = 9.0 + static_cast<double>((s * 7 + i * 3) % 13) * 0.4 * static_cast<double>(i + 1);
      met[i] = static_cast<std::uint8_t>((s + i) % 3 == 0);
    }
    acc.add(values, met);
  }
  return acc;
}

RunPart make_part(std::string scenario, std::string fingerprint, std::uint64_t seed, std::uint64_t samples,
                  std::uint64_t k, std::uint64_t p, const std::vector<std::string>& names) {
  RunPart part;
  part.aqplan_version = aqplan::version();
  part.scenario = std::move(scenario);
  part.fingerprint = std::move(fingerprint);
  part.seed = seed;
  part.samples = samples;
  part.part = k;
  part.parts = p;
  std::tie(part.begin, part.end) = aqplan::part_range(samples, k, p);
  part.acc = small_accumulator(names, part.end - part.begin);
  return part;
}

void save(const std::filesystem::path& file, const RunPart& part) {
  std::ofstream out(file, std::ios::binary | std::ios::trunc);
  const std::string bytes = aqplan::serialize_part(part);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  if (!out) throw std::runtime_error("cannot write " + file.string());
  // Parsing it back is the check that the seed is a valid part.
  (void)aqplan::parse_part(bytes, file.string());
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2 || argc > 3) {
    std::fprintf(stderr, "usage: %s OUT_DIR [REAL.aqpart]\n", argv[0]);
    return 2;
  }
  try {
    const std::filesystem::path out = argv[1];
    std::filesystem::create_directories(out);
    if (argc == 3) {
      std::ifstream in(argv[2], std::ios::binary);
      const std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
      const RunPart real = aqplan::parse_part(bytes, argv[2]);
      std::vector<std::string> names;
      for (std::size_t i = 0; i < real.acc.size() && names.size() < 4; ++i) names.push_back(real.acc.specs()[i].name);
      save(out / "real-shrunk.aqpart",
           make_part(real.scenario, real.fingerprint, real.seed, real.samples, real.part, real.parts, names));
    }
    save(out / "whole.aqpart", make_part("Plan 2023", "0123456789abcdef", 1, 9, 1, 1, {"pm25.annual", "o3.annual"}));
    save(out / "middle.aqpart", make_part("Plan 2023", "0123456789abcdef", 7, 20, 2, 3, {"so2.m01", "co.annual", "composite"}));
    save(out / "empty.aqpart", make_part("Plan 2023", "0123456789abcdef", 7, 2, 2, 4, {"pm10.annual"}));
  } catch (const std::exception& e) {
    std::fprintf(stderr, "make_part_seed: %s\n", e.what());
    return 1;
  }
  return 0;
}
