#include "aqplan/engine/run_part.h"

#include <algorithm>
#include <charconv>
#include <stdexcept>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "aqplan/base/diagnostic.h"
#include "aqplan/base/paths.h"
#include "aqplan/base/files.h"
#include "aqplan/base/limits.h"
#include "aqplan/base/text.h"
#include "base/messages.h"

namespace aqplan {

namespace {

constexpr std::string_view kMagic = "aqplan-part 1\n";

// ⌊n·k/p⌋ for k ≤ p without overflow (the product needs 128 bits).
__extension__ typedef unsigned __int128 u128;
std::uint64_t scaled(std::uint64_t n, std::uint64_t k, std::uint64_t p) {
  return static_cast<std::uint64_t>(static_cast<u128>(n) * k / p);
}

std::string hex16(std::uint64_t v) { return fmt::format("{:016x}", v); }

}  // namespace

std::pair<std::uint64_t, std::uint64_t> part_range(std::uint64_t n, std::uint64_t k, std::uint64_t p) {
  if (p == 0 || k == 0 || k > p)
    throw std::invalid_argument(fmt::format("part {} of {}: parts are numbered 1 to their count", k, p));
  return {scaled(n, k - 1, p), scaled(n, k, p)};
}

std::pair<std::uint64_t, std::uint64_t> parse_part_spec(std::string_view spec) {
  const auto bad = [&](Text why) { return PartSpecError(Text(msg::part_spec_bad, spec, std::move(why))); };
  const std::size_t slash = spec.find('/');
  if (slash == std::string_view::npos) throw bad(Text(msg::part_spec_no_slash));
  auto number = [&](std::string_view s) {
    std::uint64_t v = 0;
    const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    if (s.empty() || ec != std::errc() || end != s.data() + s.size()) throw bad(Text(msg::part_spec_not_whole, s));
    return v;
  };
  const std::uint64_t k = number(spec.substr(0, slash)), p = number(spec.substr(slash + 1));
  if (p == 0) throw bad(Text(msg::part_spec_no_parts));
  if (p > limits().max_parts) throw bad(Text(msg::part_spec_too_many, limits().max_parts, raise_hint("max_parts")));
  if (k == 0 || k > p) throw bad(Text(msg::part_spec_out_of_range, p));
  return {k, p};
}

std::optional<Text> part_spec_problem(std::string_view spec) {
  try {
    parse_part_spec(spec);
    return std::nullopt;
  } catch (const PartSpecError& e) {
    return e.text();
  }
}

std::vector<std::string> input_files(const Scenario& scenario) {
  std::vector<std::string> files = scenario.chain;
  const DatasetFiles& f = scenario.inputs.dataset.files;
  for (const std::string* path : {&f.dataset, &f.inventory, &f.measures, &f.response, &f.meteorology, &f.targets, &f.ledger})
    files.push_back(*path);
  files.push_back(standard_file(scenario.inputs.dataset, scenario.standard));
  if (!scenario.observed_file.empty()) files.push_back(scenario.observed_file);
  return files;
}

std::string input_fingerprint(const Scenario& scenario) {
  // Each file as its role (its place in the list) and its length, then its
  // text: contents only, so the same files elsewhere give the same value.
  std::string all;
  const std::vector<std::string> files = input_files(scenario);
  for (std::size_t i = 0; i < files.size(); ++i) {
    const std::string text = read_text_file(files[i]);
    all += fmt::format("{}:{}:", i, text.size());
    all += text;
  }
  return hex16(fnv1a_64(all));
}

std::string serialize_part(const RunPart& part) {
  const nlohmann::ordered_json header = {{"aqplan", part.aqplan_version}, {"scenario", part.scenario},
                                         {"fingerprint", part.fingerprint}, {"seed", part.seed},
                                         {"samples", part.samples},         {"part", part.part},
                                         {"parts", part.parts},             {"begin", part.begin},
                                         {"end", part.end}};
  std::string out(kMagic);
  out += header.dump();  // one line: dump() without indent escapes newlines in strings
  out += '\n';
  out += part.acc.serialize();
  return out;
}

RunPart parse_part(std::string_view bytes, const std::string& file) {
  auto fail = [&](Text what) { return InputError(file, 0, 0, std::move(what)); };
  if (bytes.substr(0, kMagic.size()) != kMagic) throw fail(Text(msg::part_not_a_part_file));
  bytes.remove_prefix(kMagic.size());
  const std::size_t nl = bytes.find('\n');
  if (nl == std::string_view::npos) throw fail(Text(msg::part_header_truncated));
  nlohmann::json h;
  try {
    h = nlohmann::json::parse(bytes.substr(0, nl));
  } catch (const nlohmann::json::exception& e) {
    throw fail(Text(msg::part_header_not_json, e.what()));
  }
  if (!h.is_object()) throw fail(Text(msg::part_header_not_object));
  RunPart part;
  auto text = [&](const char* key, std::string& out) {
    if (!h.contains(key) || !h[key].is_string()) throw fail(Text(msg::part_header_no_text_field, key));
    out = h[key].get<std::string>();
  };
  auto count = [&](const char* key, std::uint64_t& out) {
    if (!h.contains(key) || !h[key].is_number_unsigned())
      throw fail(Text(msg::part_header_no_count_field, key));
    out = h[key].get<std::uint64_t>();
  };
  text("aqplan", part.aqplan_version);
  text("scenario", part.scenario);
  text("fingerprint", part.fingerprint);
  count("seed", part.seed);
  count("samples", part.samples);
  count("part", part.part);
  count("parts", part.parts);
  count("begin", part.begin);
  count("end", part.end);
  if (part.parts == 0 || part.part == 0 || part.part > part.parts)
    throw fail(Text(msg::part_not_a_part, part.part, part.parts));
  if (part.parts > limits().max_parts)
    throw fail(Text(msg::part_too_many_parts, part.parts, limits().max_parts, raise_hint("max_parts")));
  const auto [begin, end] = part_range(part.samples, part.part, part.parts);
  if (part.begin != begin || part.end != end)
    throw fail(Text(msg::part_range_mismatch, fmt::format("[{}, {})", part.begin, part.end), part.part, part.parts,
                    part.samples, fmt::format("[{}, {})", begin, end)));
  try {
    part.acc = RunAccumulator::deserialize(bytes.substr(nl + 1));
  } catch (const AccumulatorError& e) {
    throw fail(Text(msg::part_results_unreadable, e.text()));
  } catch (const std::exception& e) {  // not a corrupt file: out of memory, say
    throw fail(Text(msg::part_results_unreadable, e.what()));
  }
  if (part.acc.count() != part.end - part.begin)
    throw fail(Text(msg::part_count_mismatch, part.acc.count(), part.begin, part.end, part.end - part.begin));
  return part;
}

namespace {

// "2-5, 9": the numbers in `missing` (ascending) as ranges.
std::string ranges(const std::vector<std::uint64_t>& missing) {
  std::string out;
  for (std::size_t i = 0; i < missing.size();) {
    std::size_t j = i;
    while (j + 1 < missing.size() && missing[j + 1] == missing[j] + 1) ++j;
    out += (out.empty() ? "" : ", ") + (i == j ? std::to_string(missing[i]) : fmt::format("{}-{}", missing[i], missing[j]));
    i = j + 1;
  }
  return out;
}

// Parts cut the same way: every part number 1..P once (empty parts too).
void check_part_numbers(std::span<const RunPart> parts, std::span<const std::string> files, Diagnostics& diags) {
  const std::uint64_t count = parts.front().parts;
  std::vector<std::size_t> file_of(static_cast<std::size_t>(count), parts.size());  // part k−1 → its file
  for (std::size_t i = 0; i < parts.size(); ++i) {
    std::size_t& seen = file_of[static_cast<std::size_t>(parts[i].part - 1)];
    if (seen != parts.size())
      diags.error(files[i], 0, 0, Text(msg::part_given_twice, parts[i].part, count, files[seen]));
    else seen = i;
  }
  std::vector<std::uint64_t> missing;
  std::uint64_t samples_missing = 0;
  const std::uint64_t n = parts.front().samples;
  for (std::uint64_t k = 1; k <= count; ++k) {
    if (file_of[static_cast<std::size_t>(k - 1)] != parts.size()) continue;
    missing.push_back(k);
    const auto [b, e] = part_range(n, k, count);
    samples_missing += e - b;
  }
  if (missing.size() == 1) {
    const auto [b, e] = part_range(n, missing.front(), count);
    diags.error("", 0, 0, Text(msg::part_missing_one, missing.front(), count, b, e, n));
  } else if (!missing.empty()) {
    diags.error("", 0, 0, Text(msg::part_missing_many, ranges(missing), count, samples_missing, n));
  }
}

// Parts cut differently: sorted by their first sample, each must start where
// the previous ended.
void check_coverage(std::span<const RunPart> parts, std::span<const std::string> files, Diagnostics& diags) {
  const RunPart& first = parts.front();
  std::vector<std::size_t> order(parts.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    return parts[a].begin != parts[b].begin ? parts[a].begin < parts[b].begin : parts[a].end < parts[b].end;
  });
  auto missing = [&](std::uint64_t from, std::uint64_t to) {
    diags.error("", 0, 0, Text(msg::part_samples_uncovered, from, to, first.samples));
  };
  std::uint64_t covered = 0;  // samples [0, covered) are in a part
  std::size_t previous = order.front();
  for (std::size_t i : order) {
    const RunPart& p = parts[i];
    if (p.begin == p.end) continue;  // an empty part covers nothing
    if (p.begin > covered) missing(covered, p.begin);
    else if (p.begin < covered)
      diags.error(files[i], 0, 0,
                  Text(msg::part_overlap, p.begin, std::min(p.end, covered), files[previous], parts[previous].part,
                       parts[previous].parts));
    if (p.end > covered) {
      covered = p.end;
      previous = i;
    }
  }
  if (covered < first.samples) missing(covered, first.samples);
}

}  // namespace

MergedRun merge_parts(std::span<const RunPart> parts, std::span<const std::string> files, const std::string& fingerprint) {
  if (files.size() != parts.size()) throw std::invalid_argument("merge_parts: one file name per part");
  Diagnostics diags;
  if (parts.empty()) {
    diags.error("", 0, 0, Text(msg::part_none));
    diags.throw_if_errors();
  }
  const RunPart& first = parts.front();
  for (std::size_t i = 0; i < parts.size(); ++i) {
    const RunPart& p = parts[i];
    if (p.aqplan_version != version())
      diags.error(files[i], 0, 0, Text(msg::part_other_version, p.aqplan_version, version()));
    if (p.fingerprint != fingerprint)
      diags.error(files[i], 0, 0, Text(msg::part_other_inputs, p.fingerprint, fingerprint));
    if (i > 0 && p.seed != first.seed) diags.error(files[i], 0, 0, Text(msg::part_other_seed, p.seed, files[0], first.seed));
    if (i > 0 && p.samples != first.samples)
      diags.error(files[i], 0, 0, Text(msg::part_other_samples, p.samples, files[0], first.samples));
  }
  diags.throw_if_errors();

  const bool same_cut = std::all_of(parts.begin(), parts.end(), [&](const RunPart& p) { return p.parts == first.parts; });
  if (same_cut) check_part_numbers(parts, files, diags);
  else check_coverage(parts, files, diags);
  diags.throw_if_errors();

  MergedRun merged{first.acc, first.seed};
  for (std::size_t i = 1; i < parts.size(); ++i) {
    try {
      merged.acc.merge(parts[i].acc);
    } catch (const AccumulatorError& e) {
      diags.error(files[i], 0, 0, Text(msg::part_statistics_differ, files[0], e.text()));
    }
  }
  diags.throw_if_errors();
  return merged;
}

}  // namespace aqplan
