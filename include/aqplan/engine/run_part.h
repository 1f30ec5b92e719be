// aqplan/engine/run_part.h — one Monte Carlo run split over several processes or
// machines: each runs a part (a range of sample numbers) and saves it to a
// part file; merging the parts gives, bit for bit, the accumulator — and so
// the results — of the whole run in one process.
//
// Why it is exact: sample i's draws depend only on (seed, i) (sampler.h),
// and the accumulator's state is a sum of integers, the same in any grouping
// and order (accumulator.h). Part k of p covers samples
// [⌊n·(k−1)/p⌋, ⌊n·k/p⌋) of a run of n samples, so the p parts cover [0, n)
// exactly once, whatever n and p.
//
// Part file (binary; written atomically by the CLI):
//   line 1   "aqplan-part 1\n"
//   line 2   one line of JSON: {"aqplan": version, "scenario": name,
//            "fingerprint": 16 hex digits, "seed": s, "samples": n,
//            "part": k, "parts": p, "begin": b, "end": e}
//   the rest RunAccumulator::serialize() of samples [b, e) (its own checksum)
// Parts merge only when they come from the same aqplan version, the same
// input files (fingerprint), seed and sample count, and together cover
// every sample exactly once; anything else is an InputError naming the
// part file and what differs, missing or overlaps.
//
// The fingerprint is FNV-1a 64 of the contents (not the paths) of every
// file the scenario was built from: its chain of scenario files, the
// dataset's dataset.toml, inventory, measures, response, meteorology,
// targets and ledger files, the standard, and the observations file whose
// months the scenario takes (its own or `--observed`'s). Line endings and a UTF-8
// byte-order mark do not count (files are read as text), so checkouts on
// different systems agree.
//
// Units: sample numbers and counts are samples.
// Thread safety: plain values and pure functions.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "aqplan/engine/accumulator.h"
#include "aqplan/data/scenario.h"

namespace aqplan {

struct RunPart {
  std::string aqplan_version;
  std::string scenario;     // the scenario's name, for messages
  std::string fingerprint;  // input_fingerprint() of the scenario
  std::uint64_t seed = 0;
  std::uint64_t samples = 0;        // n, of the whole run
  std::uint64_t part = 0, parts = 0;  // k of p
  std::uint64_t begin = 0, end = 0;   // its samples
  RunAccumulator acc{{}};
};

// Samples [begin, end) of part k (1-based) of p, of a run of n samples.
// std::invalid_argument unless 1 ≤ k ≤ p.
std::pair<std::uint64_t, std::uint64_t> part_range(std::uint64_t n, std::uint64_t k, std::uint64_t p);

// What is wrong with a --part value: what() in English, text() in either
// language (base/message.h).
class PartSpecError : public std::invalid_argument {
 public:
  explicit PartSpecError(Text text) : std::invalid_argument(text.str()), text_(std::move(text)) {}
  const Text& text() const { return text_; }

 private:
  Text text_;
};

// "k/p" (1 ≤ k ≤ p, decimal) as {k, p}; PartSpecError (a
// std::invalid_argument) saying what is wrong otherwise.
std::pair<std::uint64_t, std::uint64_t> parse_part_spec(std::string_view spec);
// What is wrong with `spec` as parse_part_spec reads it, or nullopt when it
// is a part: for the CLI's check of --part, in the planner's language.
std::optional<Text> part_spec_problem(std::string_view spec);

// The files `scenario` was built from, in the order they are hashed: its
// chain, the dataset's files, the standard, and its observations file.
std::vector<std::string> input_files(const Scenario& scenario);
// 16 lowercase hex digits; see above. InputError when a file cannot be read.
std::string input_fingerprint(const Scenario& scenario);

// The part file's bytes.
std::string serialize_part(const RunPart& part);
// Reads them back; `file` names the part in errors. InputError
// ("file: what is wrong") for anything that is not a whole, consistent part
// file (wrong header, bad JSON, missing or mistyped fields, a range that is
// not part k of p, an accumulator that is corrupt or does not hold
// end − begin samples).
RunPart parse_part(std::string_view bytes, const std::string& file);

// The accumulator of the whole run from its parts (files[i] names parts[i]
// in errors), and its seed. Throws InputError listing every problem: a part
// made by another aqplan version than this one, or from input files whose
// fingerprint is not `fingerprint`; parts that disagree on the seed or the
// sample count (the first part's count); a part given twice or overlapping
// another; samples no part covers; statistics that differ from the first
// part's. No parts at all is an InputError too.
struct MergedRun {
  RunAccumulator acc{{}};
  std::uint64_t seed = 0;
};
MergedRun merge_parts(std::span<const RunPart> parts, std::span<const std::string> files,
                      const std::string& fingerprint);

}  // namespace aqplan
