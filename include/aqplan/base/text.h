// aqplan/base/text.h — text utilities shared by every reader: UTF-8 text as
// saved on any platform, code-point-aware edit distance, and "did you mean"
// help. (Reading and writing files: base/files.h.)
//
// Files are UTF-8. A leading byte-order mark is dropped and CRLF / CR line
// endings become LF, so a document saved on Windows reads exactly like the
// original; line numbers are unchanged by this.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace aqplan {

// FNV-1a 64 of the bytes: a checksum against accidents, not an attacker.
std::uint64_t fnv1a_64(std::string_view bytes);

// Same normalisation for text already in memory.
std::string normalise_text(std::string_view raw);

// Splits on '\n'; the line after a final '\n' is not returned.
std::vector<std::string_view> split_lines(std::string_view text);

// UTF-8 code points of s (invalid bytes become U+FFFD, one per byte).
std::u32string to_u32(std::string_view s);
std::string to_utf8(std::u32string_view s);

// Number of code points (the "column" unit of diagnostics).
int utf8_length(std::string_view s);

// Columns a string takes in a terminal: East Asian wide and full-width
// characters count 2, combining marks 0, everything else 1.
int display_width(std::string_view s);

// `s` padded with spaces to `width` terminal columns (left-aligned), or cut
// with "…" to fit when it is wider.
std::string pad_display(std::string_view s, int width);
// The same, right-aligned (cut like pad_display when wider).
std::string pad_left(std::string_view s, int width);

// A finite decimal number written alone (ASCII whitespace and U+3000 around
// it allowed), e.g. "56", "2.0", "-1.5e3"; nullopt for anything else.
std::optional<double> parse_number(std::string_view s);

// Removes ASCII whitespace and the ideographic space U+3000 at both ends.
std::string_view trim(std::string_view s);

// The strings of `parts` with `separator` between them.
std::string join(const std::vector<std::string>& parts, std::string_view separator);

// Removes every whitespace code point (ASCII, U+00A0, U+3000) anywhere.
std::string remove_spaces(std::string_view s);

// Edit distance counted in code points: insertions, deletions, substitutions
// and transpositions of neighbouring characters (optimal string alignment).
int edit_distance(std::string_view a, std::string_view b);

// The candidate closest to `name` by edit distance, if it is close enough to
// be a plausible misspelling: distance ≤ max(1, longer length / 3), and the
// candidate differs from `name`. Ties go to the first candidate.
std::optional<std::string> did_you_mean(std::string_view name, std::span<const std::string> candidates);

// " (did you mean 'x'?)" or "" — ready to append to a message.
std::string did_you_mean_suffix(std::string_view name, std::span<const std::string> candidates);

}  // namespace aqplan
