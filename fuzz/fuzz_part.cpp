// fuzz/fuzz_part.cpp — the run-part reader, aqplan::parse_part
// (engine/run_part.h), and with it RunAccumulator::deserialize
// (engine/accumulator.h); a part that parses is merged (merge_parts, alone,
// then twice), summarised statistic by statistic, and saved and parsed again.
//
// Input: the first byte chooses the mode. Even: the rest is a part file,
// passed unchanged. Odd: the rest is a part file without the accumulator's
// trailing checksum; the harness sets the accumulator's length field (bytes
// 16..24 after the header line) and appends its FNV-1a 64 checksum, so that
// mutations reach the structure behind the checksum instead of stopping at
// it. (Seeds: fuzz/corpus/fuzz_part, both modes.)
//
// Expected: InputError (parse_part and merge_parts document nothing else).
// Findings: any other exception, a crash, a sanitizer report, an
// out-of-memory; a part that merges with itself (a part given twice must be
// refused); a parsed part whose serialize_part does not parse again to the
// same accumulator.
#include <array>
#include <cstddef>
#include <cstdint>
#include <string>

#include "aqplan/base/text.h"
#include "aqplan/engine/run_part.h"
#include "fuzz_common.h"

namespace {

using aqplan_fuzz::finding;

constexpr std::size_t kLengthOffset = 16;  // magic 8, version 4, fraction bits 4

void put_u64(std::string& s, std::size_t at, std::uint64_t v) {
  for (int k = 0; k < 8; ++k) s[at + static_cast<std::size_t>(k)] = static_cast<char>((v >> (8 * k)) & 0xFFu);
}

// The part file of `body` with the accumulator's length and checksum made right.
std::string with_checksum(std::string body) {
  const std::size_t first = body.find('\n');
  const std::size_t second = first == std::string::npos ? std::string::npos : body.find('\n', first + 1);
  const std::size_t acc = second == std::string::npos ? body.size() : second + 1;
  const std::size_t acc_bytes = body.size() - acc + 8;
  if (body.size() >= acc + kLengthOffset + 8) put_u64(body, acc + kLengthOffset, acc_bytes);
  const std::uint64_t sum = aqplan::fnv1a_64(std::string_view(body).substr(acc));
  body.append(8, '\0');
  put_u64(body, body.size() - 8, sum);
  return body;
}

void exercise(const aqplan::RunPart& part) {
  const std::array<std::string, 2> names = {"p.aqpart", "q.aqpart"};
  const std::array<aqplan::RunPart, 1> one = {part};
  try {
    const aqplan::MergedRun merged = aqplan::merge_parts(one, std::span(names).first(1), part.fingerprint);
    for (std::size_t i = 0; i < merged.acc.size(); ++i) (void)merged.acc.summary(i);
  } catch (const aqplan::InputError&) {
    // another version, or not the whole run: expected
  }
  const std::array<aqplan::RunPart, 2> twice = {part, part};
  bool refused = false;
  try {
    (void)aqplan::merge_parts(twice, names, part.fingerprint);
  } catch (const aqplan::InputError&) {
    refused = true;
  }
  if (!refused) finding("a part merged with itself was not refused");

  const std::string again = aqplan::serialize_part(part);
  aqplan::RunPart back;
  try {
    back = aqplan::parse_part(again, "again.aqpart");
  } catch (const std::exception& e) {
    finding(std::string("serialize_part of a parsed part does not parse again: ") + e.what());
  }
  if (back.acc.serialize() != part.acc.serialize() || back.begin != part.begin || back.end != part.end ||
      back.fingerprint != part.fingerprint || back.scenario != part.scenario)
    finding("serialize_part of a parsed part parses to a different part");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace aqplan_fuzz;
  if (size == 0) return 0;
  std::string bytes = as_string(data + 1, size - 1);
  if (data[0] % 2 == 1) bytes = with_checksum(std::move(bytes));
  return expect_input_errors([&] { exercise(aqplan::parse_part(bytes, "p.aqpart")); });
}
